package data

import (
	"fmt"
	"os"
	"sync"
)

// MNIST split names.
const (
	// MNISTTrain is the 60,000-image training split.
	MNISTTrain = "train"
	// MNISTTest is the 10,000-image test split.
	MNISTTest = "test"
)

// Set is a labelled image data set held in plain slices.
type Set struct {
	// Images holds Count images of Rows*Cols pixels, row-major, in [0,1].
	Images []float64
	// Labels holds Count class labels (0-9 for MNIST).
	Labels []int
	// Count is the number of images.
	Count int
	// Rows and Cols are the image height and width (28 for MNIST).
	Rows, Cols int
}

// Pixels returns the number of values per image, Rows*Cols.
func (s Set) Pixels() int { return s.Rows * s.Cols }

// Image returns image i's pixels (a sub-slice of Images, not a copy).
func (s Set) Image(i int) []float64 {
	p := s.Pixels()
	return s.Images[i*p : (i+1)*p]
}

// rawSplit is a decoded split, cached as bytes (8x smaller than float64).
type rawSplit struct {
	pixels, labels []byte
	n, rows, cols  int
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*rawSplit{}
)

// MNIST returns count images of the split ("train" or "test") starting at
// index offset; count <= 0 means all images from offset on. Pixels are
// scaled from 0-255 to [0,1]. The files are located with MNISTDir and
// decoded once per process; each call returns fresh slices the caller owns.
// The original files hold 60,000 training and 10,000 test images; a folder
// under PETRI_DATA may hold fewer, as long as images are 28x28 and labels
// match them in number.
func MNIST(split string, offset, count int) (Set, error) {
	var prefix string
	switch split {
	case MNISTTrain:
		prefix = "train"
	case MNISTTest:
		prefix = "t10k"
	default:
		return Set{}, fmt.Errorf("MNIST: unknown split %q; use %q or %q", split, MNISTTrain, MNISTTest)
	}
	dir, err := MNISTDir()
	if err != nil {
		return Set{}, err
	}
	raw, err := loadRaw(dir, prefix)
	if err != nil {
		return Set{}, err
	}
	if offset < 0 || offset > raw.n {
		return Set{}, fmt.Errorf("MNIST %s: offset %d is outside [0, %d]", split, offset, raw.n)
	}
	if count <= 0 {
		count = raw.n - offset
	}
	if offset+count > raw.n {
		return Set{}, fmt.Errorf("MNIST %s: asked for images %d..%d but the split has %d; ask for fewer", split, offset, offset+count-1, raw.n)
	}
	p := raw.rows * raw.cols
	s := Set{Images: make([]float64, count*p), Labels: make([]int, count), Count: count, Rows: raw.rows, Cols: raw.cols}
	src := raw.pixels[offset*p : (offset+count)*p]
	for i, v := range src {
		s.Images[i] = float64(v) / 255
	}
	for i := range s.Labels {
		s.Labels[i] = int(raw.labels[offset+i])
	}
	return s, nil
}

func loadRaw(dir, prefix string) (*rawSplit, error) {
	key := dir + "\x00" + prefix
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if r, ok := cache[key]; ok {
		return r, nil
	}
	img, err := readIDXFile(dir, prefix+"-images-idx3-ubyte")
	if err != nil {
		return nil, err
	}
	lab, err := readIDXFile(dir, prefix+"-labels-idx1-ubyte")
	if err != nil {
		return nil, err
	}
	if len(img.Dims) != 3 || img.Dims[0] == 0 || img.Dims[1] != 28 || img.Dims[2] != 28 {
		return nil, fmt.Errorf("MNIST %s images in %s have shape %v, want [N 28 28] with N > 0 (60000 train, 10000 test); replace the file with the original MNIST one", prefix, dir, img.Dims)
	}
	want := img.Dims[0]
	if len(lab.Dims) != 1 || lab.Dims[0] != want {
		return nil, fmt.Errorf("MNIST %s labels in %s have shape %v, want [%d] to match the images; replace the file with the original MNIST one", prefix, dir, lab.Dims, want)
	}
	for i, l := range lab.Data {
		if l > 9 {
			return nil, fmt.Errorf("MNIST %s labels in %s: label %d of image %d is not a digit 0-9; the file is corrupt", prefix, dir, l, i)
		}
	}
	r := &rawSplit{pixels: img.Data, labels: lab.Data, n: want, rows: 28, cols: 28}
	cache[key] = r
	return r, nil
}

func readIDXFile(dir, name string) (IDX, error) {
	path, err := findFile(dir, name)
	if err != nil {
		return IDX{}, fmt.Errorf("MNIST: %w", err)
	}
	f, err := os.Open(path)
	if err != nil {
		return IDX{}, fmt.Errorf("MNIST: %w", err)
	}
	defer f.Close()
	x, err := ReadIDX(f)
	if err != nil {
		return IDX{}, fmt.Errorf("MNIST %s: %w", path, err)
	}
	return x, nil
}
