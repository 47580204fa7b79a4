package store_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/petridish-go/petridish/petri/store"
)

func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "store-example")
	defer os.RemoveAll(dir)
	s, err := store.Open(filepath.Join(dir, "results.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	// Ground truth: one row per finished run, aggregated per motif.
	err = s.PutRuns([]store.Run{
		{Family: "sigmoid", Config: "demo", Motif: "0.23", Seed: 1, Loss: 0.10, Accuracy: 0.97},
		{Family: "sigmoid", Config: "demo", Motif: "0.23", Seed: 2, Loss: 0.12, Accuracy: 0.96},
		{Family: "sigmoid", Config: "demo", Motif: "1.5", Seed: 1, Loss: 0.20, Accuracy: 0.94},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	table, _ := s.Table("sigmoid", "demo")
	store.WriteCSV(os.Stdout, table)

	// Checkpoints: versioned bytes under a family and name.
	s.SaveCheckpoint("sigmoid", "dish", []byte(`{"step":40}`))
	v, _ := s.SaveCheckpoint("sigmoid", "dish", []byte(`{"step":80}`))
	c, _ := s.LoadCheckpoint("sigmoid", "dish", 0)
	fmt.Println(v, c.Version, string(c.Data))
	// Output:
	// motif,loss,std,runs,accuracy,accuracy_std
	// 0.23,0.11,0.009999999999999995,2,0.965,0.0050000000000000044
	// 1.5,0.2,0,1,0.94,0
	// 2 2 {"step":80}
}
