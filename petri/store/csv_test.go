package store

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadCSVOrderAndOptionalColumns(t *testing.T) {
	in := "motif,loss,std,runs\n0.5,0.3,0.01,5\n0.1,0.9,0,3\n\n# a comment\n 0.3 , 0.2 ,0.02,5\n"
	rows, err := ReadCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Motif: "0.5", Loss: 0.3, Std: 0.01, Runs: 5},
		{Motif: "0.1", Loss: 0.9, Std: 0, Runs: 3},
		{Motif: "0.3", Loss: 0.2, Std: 0.02, Runs: 5},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("got %+v\nwant %+v", rows, want)
	}

	rows, err = ReadCSV(strings.NewReader("Motif,Loss\n0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2,4.1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Loss != 4.1 || rows[0].Runs != 0 || rows[0].Motif != "0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2" {
		t.Fatalf("minimal header: got %+v", rows)
	}

	rows, err = ReadCSV(strings.NewReader("motif,loss,accuracy,runs\n1,0.5,0.97,5.0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Accuracy != 0.97 || rows[0].Runs != 5 {
		t.Fatalf("reordered optional columns: got %+v", rows[0])
	}
}

func TestReadCSVRejects(t *testing.T) {
	cases := []struct {
		name, in string
		line     int
		mention  string
	}{
		{"empty", "", 1, "empty"},
		{"only comments", "# nothing\n", 1, "empty"},
		{"header only", "motif,loss\n", 1, "no rows"},
		{"wrong header", "slope,loss\n0.1,1\n", 1, "must start with motif,loss"},
		{"missing header", "0.1,1\n0.2,2\n", 1, "must start with motif,loss"},
		{"swapped header", "loss,motif\n1,0.1\n", 1, "must start with motif,loss"},
		{"unknown column", "motif,loss,stdev\n0.1,1,0\n", 1, "unknown column"},
		{"repeated column", "motif,loss,std,std\n0.1,1,0,0\n", 1, "twice"},
		{"field count", "motif,loss\n0.1,1\n0.2\n", 3, "number of fields"},
		{"malformed quotes", "motif,loss\n0.1,1\n\"0.2,2\n", 3, "malformed CSV"},
		{"empty loss", "motif,loss\n0.1,1\n0.2,\n", 3, "loss is empty"},
		{"empty motif", "motif,loss\n,1\n", 2, "motif is empty"},
		{"non-numeric loss", "motif,loss\n0.1,abc\n", 2, "not a number"},
		{"nan loss", "motif,loss\n0.1,NaN\n", 2, "finite"},
		{"inf loss", "motif,loss\n0.1,+Inf\n", 2, "finite"},
		{"nan std", "motif,loss,std\n0.1,1,nan\n", 2, "finite"},
		{"negative std", "motif,loss,std\n0.1,1,-0.5\n", 2, "negative"},
		{"negative runs", "motif,loss,runs\n0.1,1,-2\n", 2, "negative"},
		{"fractional runs", "motif,loss,runs\n0.1,1,2.5\n", 2, "whole number"},
		{"accuracy range", "motif,loss,accuracy\n0.1,1,97\n", 2, "[0,1]"},
		{"duplicate motif", "motif,loss\n0.1,1\n0.2,2\n0.1,3\n", 4, "line 2"},
		{"duplicate numeric motif", "motif,loss\n0.23,1\n0.230,2\n", 3, "line 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, err := ReadCSV(strings.NewReader(c.in))
			if err == nil {
				t.Fatalf("accepted %q as %+v", c.in, rows)
			}
			var ce *CSVError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is %T, want *CSVError", err, err)
			}
			if ce.Line != c.line {
				t.Errorf("line %d, want %d (%v)", ce.Line, c.line, err)
			}
			if !strings.Contains(err.Error(), c.mention) {
				t.Errorf("error %q does not mention %q", err, c.mention)
			}
		})
	}
}

func TestCSVRoundTrip(t *testing.T) {
	rows := []Row{
		{Motif: "0.01", Loss: 2.302585092994046, Std: 1e-17, Runs: 20, Accuracy: 0.1135, AccuracyStd: 0.001},
		{Motif: "0.23", Loss: 0.1, Std: 0.0031, Runs: 20, Accuracy: 0.97},
		{Motif: "a,b \"quoted\"", Loss: -3, Runs: 1},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "motif,loss,std,runs,accuracy,accuracy_std\n") {
		t.Fatalf("header: %q", buf.String())
	}
	got, err := ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, rows) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, rows)
	}

	buf.Reset()
	if err := WriteCSV(&buf, []Row{{Motif: "1", Loss: 0.5}}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "motif,loss,std,runs\n1,0.5,0,0\n" {
		t.Fatalf("no-accuracy table: %q", buf.String())
	}
}

func TestWriteCSVRejectsBadRows(t *testing.T) {
	for _, rows := range [][]Row{
		{{Motif: "1", Loss: math.NaN()}},
		{{Motif: "", Loss: 1}},
		{{Motif: "1", Loss: 1, Std: -1}},
		{{Motif: "1", Loss: 1}, {Motif: "1.0", Loss: 2}},
	} {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, rows); err == nil {
			t.Errorf("WriteCSV accepted %+v", rows)
		}
		if buf.Len() != 0 {
			t.Errorf("WriteCSV wrote %q for invalid rows", buf.String())
		}
	}
}

func TestCSVFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gt.csv")
	rows := []Row{{Motif: "0.5", Loss: 0.25, Std: 0.01, Runs: 3}}
	if err := WriteCSVFile(path, rows); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCSVFile(path)
	if err != nil || !reflect.DeepEqual(got, rows) {
		t.Fatalf("got %+v, %v", got, err)
	}
	if err := os.WriteFile(path, []byte("motif,loss\n0.5,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ReadCSVFile(path)
	if err == nil || !strings.Contains(err.Error(), path+" line 2") {
		t.Fatalf("error should name file and line: %v", err)
	}
	if _, err := ReadCSVFile(filepath.Join(t.TempDir(), "missing.csv")); err == nil {
		t.Fatal("missing file accepted")
	}
}
