package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/accel"
	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/store"
)

func TestGroundtruthCommand(t *testing.T) {
	if _, err := data.MNISTDir(); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	csv, db := filepath.Join(dir, "gt.csv"), filepath.Join(dir, "gt.db")
	args := []string{"sigmoid", "--slopes", "0.5:1.5:3", "--runs", "2", "--epochs", "1", "--train", "200", "--valid", "100",
		"--threads", "2", "--device", "cpu", "--store", db, "--csv", csv, "--quiet"}
	if err := runGroundtruth(args); err != nil {
		t.Fatal(err)
	}
	rows, err := store.ReadCSVFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Motif != "0.5" || rows[2].Motif != "1.5" || rows[1].Runs != 2 {
		t.Fatalf("rows %+v", rows)
	}
	for _, r := range rows {
		if r.Accuracy <= 0.1 || r.Loss != 1-r.Accuracy {
			t.Fatalf("row %+v: loss should be 1 - accuracy of a network that learned something", r)
		}
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	runs, _ := st.Runs("sigmoid", "")
	st.Close()
	if len(runs) != 6 {
		t.Fatalf("%d runs stored, want 6", len(runs))
	}
	// Again, with cross-entropy as the target: all runs come from the store.
	args = append(args, "--target", "xent")
	if err := runGroundtruth(args); err != nil {
		t.Fatal(err)
	}
	again, _ := store.ReadCSVFile(csv)
	if again[1].Accuracy != rows[1].Accuracy || again[1].Loss == rows[1].Loss {
		t.Fatalf("xent table %+v", again[1])
	}
	// Another initialisation (PyTorch's) is another configuration: trained afresh.
	args = append(args, "--init-scale", "0")
	if err := runGroundtruth(args); err != nil {
		t.Fatal(err)
	}
	st, _ = store.Open(db)
	runs, _ = st.Runs("sigmoid", "")
	st.Close()
	if len(runs) != 12 {
		t.Fatalf("%d runs stored after --init-scale 0, want 12", len(runs))
	}
}

func TestGroundtruthCommandUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"relu"},
		{"sigmoid", "--slopes", "1:2"},
		{"sigmoid", "--target", "accuracy"},
		{"sigmoid", "--runs", "x"},
		{"sigmoid", "extra"},
		{"sigmoid", "--init-scale", "-1"},
		{"sigmoid", "--device", "tpu"},
		{"sigmoid", "--device", ""},
		{"sigmoid", "--runs-in-flight", "-1"},
		{"sigmoid", "--runs-in-flight", "x"},
	} {
		if err := runGroundtruth(args); !errors.Is(err, errUsage) {
			t.Errorf("%q: got %v, want a usage error", args, err)
		}
	}
}

func TestGroundtruthCommandUsageErrorNamesDevices(t *testing.T) {
	err := runGroundtruth([]string{"sigmoid", "--device", "tpu"})
	for _, want := range []string{"tpu", "auto", "cpu", "cuda"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--device tpu: error %v should mention %q", err, want)
		}
	}
}

func TestGroundtruthCommandNoGPU(t *testing.T) {
	if _, err := accel.Select("cuda"); err == nil {
		t.Skip("this machine has a GPU")
	}
	db := filepath.Join(t.TempDir(), "gt.db")
	err := runGroundtruth([]string{"sigmoid", "--device", "cuda", "--slopes", "0.5,1", "--runs", "1", "--epochs", "1",
		"--train", "100", "--valid", "50", "--store", db, "--quiet"})
	if err == nil || errors.Is(err, errUsage) || !strings.Contains(err.Error(), "cuda") {
		t.Fatalf("--device cuda without a GPU: got %v, want an error about cuda that is not a usage error", err)
	}
	if _, serr := os.Stat(db); serr == nil {
		t.Errorf("--device cuda without a GPU created the store %s", db)
	}
}
