package cuda

import (
	"math"
	"testing"
)

// TestDeviceFloat64AndInt32 round-trips doubles and ints through device
// memory and checks the double kernel argument's encoding.
func TestDeviceFloat64AndInt32(t *testing.T) {
	d, _ := openFake(t, Config{NoCache: true})
	in := []float64{1, -2.5, math.Pi, 1e-300, math.Inf(-1)}
	p, err := d.Alloc(8 * uint64(len(in)))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Free(p)
	if err := d.UploadFloat64(p, in); err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(in))
	if err := d.DownloadFloat64(out, p); err != nil {
		t.Fatal(err)
	}
	for i := range in {
		if math.Float64bits(in[i]) != math.Float64bits(out[i]) {
			t.Fatalf("float64 round trip: got %v, want %v", out, in)
		}
	}
	ints := []int32{3, -7, 1 << 30, 0}
	if err := d.UploadInt32(p, ints); err != nil {
		t.Fatal(err)
	}
	raw := make([]float32, len(ints))
	if err := d.Download(raw, p); err != nil {
		t.Fatal(err)
	}
	for i, v := range raw {
		if int32(math.Float32bits(v)) != ints[i] {
			t.Fatalf("int32 %d: device holds %#x, want %d", i, math.Float32bits(v), ints[i])
		}
	}
	if err := d.UploadFloat64(p, nil); err != nil || d.DownloadFloat64(nil, p) != nil || d.UploadInt32(p, nil) != nil {
		t.Fatal("empty copies must be no-ops")
	}
	if a := Float64(-0.1); a.bits != math.Float64bits(-0.1) || a.size != 8 {
		t.Fatalf("Float64(-0.1) = %+v", a)
	}
}
