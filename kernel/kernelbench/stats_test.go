package kernelbench

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(xs ...int) []time.Duration {
		var out []time.Duration
		for _, x := range xs {
			out = append(out, time.Duration(x)*time.Millisecond)
		}
		return out
	}
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(100-i) * time.Millisecond // reversed: Percentile sorts
	}
	cases := []struct {
		ds   []time.Duration
		p    float64
		want time.Duration
	}{
		{nil, 50, 0},
		{ms(7), 50, 7 * time.Millisecond},
		{ms(7), 99, 7 * time.Millisecond},
		{ms(3, 1, 2), 50, 2 * time.Millisecond},
		{ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{hundred, 50, 50 * time.Millisecond},
		{hundred, 99, 99 * time.Millisecond},
		{hundred, 100, 100 * time.Millisecond},
		{hundred, 0, 1 * time.Millisecond},
	}
	for _, c := range cases {
		if got := Percentile(c.ds, c.p); got != c.want {
			t.Errorf("Percentile(%v, %v) = %v, want %v", c.ds, c.p, got, c.want)
		}
	}
	if hundred[0] != 100*time.Millisecond {
		t.Error("Percentile sorted its argument in place")
	}
}

func TestDriverOutputResult(t *testing.T) {
	d := driverOutput{StartupS: 0.25, RoundTripsS: []float64{0.003, 0.001, 0.002}, RSSKB: 2048, RSSStartKB: 1024}
	r := d.result("k")
	if r.Startup != 250*time.Millisecond || r.P50 != 2*time.Millisecond || r.P99 != 3*time.Millisecond || r.IdleRSS != 2<<20 || r.StartRSS != 1<<20 {
		t.Errorf("result = %+v", r)
	}
	var b bytes.Buffer
	Report(&b, []Result{r, {Kernel: "base", P50: 4 * time.Millisecond}})
	if !strings.Contains(b.String(), "k p50 is 0.50x base's") || !strings.Contains(b.String(), "2.0 MB") {
		t.Errorf("report:\n%s", b.String())
	}
}

func TestRunNeedsBinary(t *testing.T) {
	if _, err := Run(t.Context(), Options{}); err == nil || !strings.Contains(err.Error(), "Binary") {
		t.Errorf("err = %v", err)
	}
}
