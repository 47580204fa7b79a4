package data_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/petridish-go/petridish/petri/data"
)

func ExampleMNIST() {
	test, err := data.MNIST(data.MNISTTest, 0, 3)
	if err != nil {
		fmt.Println(err) // names where it looked and how to fix it
		return
	}
	fmt.Println(test.Count, test.Rows, test.Cols, test.Labels)
	// Output:
	// 3 28 28 [7 2 1]
}

func ExampleReadPTB() {
	// A tiny corpus in a temporary folder; on our machines
	// data.PTB() reads the real one (found by data.PTBDir) the same way.
	dir, err := os.MkdirTemp("", "ptb")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	files := map[string]string{
		"ptb.train.txt": "the cat sat\n\nthe dog sat down\n",
		"ptb.valid.txt": "the cat sat down\n",
		"ptb.test.txt":  "the dog sat\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			fmt.Println(err)
			return
		}
	}
	c, err := data.ReadPTB(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	eos, _ := c.ID(data.EOS)
	fmt.Println(c.Words, "eos id", eos)
	fmt.Println("train", c.Train)

	// Two parallel streams, then windows of at most 2 steps.
	batched, n, err := data.Batchify(c.Train, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("batched", batched, "steps", n)
	for i := 0; i < n-1; i += 2 {
		input, target, seqLen, _ := data.BPTTWindow(batched, 2, i, 2)
		fmt.Println("window", i, "input", input, "target", target, "seqLen", seqLen)
	}
	// Output:
	// [the cat sat <eos> dog down] eos id 3
	// train [0 1 2 3 3 0 4 2 5 3]
	// batched [0 0 1 4 2 2 3 5 3 3] steps 5
	// window 0 input [0 0 1 4] target [1 4 2 2] seqLen 2
	// window 2 input [2 2 3 5] target [3 5 3 3] seqLen 2
}
