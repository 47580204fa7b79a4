package dish

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func trainedDish(t *testing.T) *Dish {
	t.Helper()
	d := mustNew(t, smallConfig(40, 4, 3))
	s := linspace(0.3, 1.5, 6)
	if _, err := d.Train(context.Background(), slopes(s...), uCurve(s), nil); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSaveLoadRoundTripsBitForBit(t *testing.T) {
	for _, d := range []*Dish{mustNew(t, smallConfig(10, 1)), trainedDish(t)} {
		var a bytes.Buffer
		if err := d.Save(&a); err != nil {
			t.Fatal(err)
		}
		d2, err := Load(bytes.NewReader(a.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := d2.Save(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatal("Save(Load(Save(d))) differs from Save(d)")
		}
		x1, v1, y1 := d.SyntheticData()
		x2, v2, y2 := d2.SyntheticData()
		for _, pair := range [][2][]float64{{x1, x2}, {v1, v2}, {y1, y2}, {d.theta0, d2.theta0}} {
			for i := range pair[0] {
				if pair[0][i] != pair[1][i] {
					t.Fatalf("value %d changed from %v to %v", i, pair[0][i], pair[1][i])
				}
			}
		}
		if !d.Trained() {
			continue
		}
		ms := slopes(0.05, 0.23, 0.9, 3)
		p1, err1 := d.Predict(context.Background(), ms)
		p2, err2 := d2.Predict(context.Background(), ms)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		for i := range p1 {
			if p1[i] != p2[i] {
				t.Errorf("prediction %d changed from %v to %v after Save/Load", i, p1[i], p2[i])
			}
		}
	}
}

func TestSaveFileAndLoadFile(t *testing.T) {
	d := trainedDish(t)
	path := filepath.Join(t.TempDir(), "dish.json")
	if err := d.SaveFile(path); err != nil {
		t.Fatal(err)
	}
	d2, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if ms, _ := d2.TrainingSet(); len(ms) != 6 {
		t.Errorf("training set has %d motifs after LoadFile, want 6", len(ms))
	}
	if err := d.SaveFile(filepath.Join(t.TempDir(), "missing", "dish.json")); err == nil {
		t.Error("SaveFile into a missing directory should fail")
	}
}

func TestLoadRejects(t *testing.T) {
	var buf bytes.Buffer
	if err := trainedDish(t).Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	cases := map[string]struct{ text, want string }{
		"version":     {strings.Replace(good, `"version": 1`, `"version": 2`, 1), "version"},
		"format":      {strings.Replace(good, `"format": "petridish-dish"`, `"format": "petridish-nn-surrogate"`, 1), "format"},
		"family":      {strings.Replace(good, `"family": "sigmoid"`, `"family": "cell"`, 2), "unknown motif family"},
		"family pair": {strings.Replace(good, `"family": "sigmoid"`, `"family": "cell"`, 1), "family"},
		"not json":    {"motif,loss\n0.1,2\n", "JSON"},
		"truncated":   {good[:len(good)/2], ""},
		"sizes":       {strings.Replace(good, `"samples": 10`, `"samples": 9`, 1), ""},
		"unknown":     {strings.Replace(good, `"format"`, `"colour": 1, "format"`, 1), "colour"},
	}
	for name, c := range cases {
		_, err := Load(strings.NewReader(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Load error %v, want one mentioning %q", name, err, c.want)
		}
	}
	if _, err := LoadFile(filepath.Join(t.TempDir(), "none.json")); !os.IsNotExist(errorsUnwrapAll(err)) {
		t.Errorf("missing file: %v", err)
	}
}

func errorsUnwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok || u.Unwrap() == nil {
			return err
		}
		err = u.Unwrap()
	}
}

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig([]byte(`{"inner": {"steps": 100}, "seed": 9}`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Inner.Steps != 100 || c.Inner.LR != 0.01 || c.Seed != 9 || c.Outer.LR != 0.05 || c.Net.Inputs != 10 {
		t.Errorf("ParseConfig did not overlay the defaults: %+v", c)
	}
	// A config naming the recurrent-cell family starts from Experiment 2's
	// dish, not Experiment 1's; so does one that leaves the family to
	// ParseConfigFor.
	for _, c := range []struct {
		family, json string
	}{{"", `{"family": "rnncell", "seed": 4}`}, {"rnncell", `{"seed": 4}`}, {"sigmoid", `{"family": "rnncell", "seed": 4}`}} {
		got, err := ParseConfigFor(c.family, []byte(c.json))
		if err != nil {
			t.Fatalf("ParseConfigFor(%q, %s): %v", c.family, c.json, err)
		}
		want := CellConfig()
		want.Seed = 4
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ParseConfigFor(%q, %s) = %+v, want CellConfig with seed 4", c.family, c.json, got)
		}
	}
	if got := ConfigFor("swish"); got.Family != "swish" || got.Net.Inputs != 10 || got.Inner.Steps != 250 {
		t.Errorf("ConfigFor(swish) = %+v, want DefaultConfig's sizes for family swish", got)
	}
	for _, bad := range []string{`{"inner": {"stepz": 3}}`, `{"family": "lstm"}`, `{"outer": {"schedule": []}}`, `{"path": "gpu"}`, `not json`, `{"net": {"hidden": []}}`, `{"outer": {"batch": 1}}`} {
		if _, err := ParseConfig([]byte(bad)); err == nil {
			t.Errorf("ParseConfig(%s) accepted it", bad)
		}
	}
}
