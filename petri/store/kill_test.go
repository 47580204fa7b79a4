package store

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The killed-writer test re-executes the test binary as a child process that
// writes batches of runs and checkpoints in a loop, and SIGKILLs it mid-way.

const (
	killChildEnv   = "PETRI_STORE_KILL_CHILD"
	killStartEnv   = "PETRI_STORE_KILL_START"
	killBatchRuns  = 100
	killBlobLength = 64 << 10
)

func killBlob(batch int) []byte {
	b := make([]byte, killBlobLength)
	binary.LittleEndian.PutUint64(b, uint64(batch))
	for i := 8; i < len(b); i++ {
		b[i] = byte(batch*31 + i)
	}
	return b
}

// killChild is the child's body: it never returns normally.
func killChild(path string, start int) {
	s, err := Open(path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	for batch := start; batch < start+100000; batch++ {
		runs := make([]Run, killBatchRuns)
		for i := range runs {
			runs[i] = Run{Family: "kill", Config: fmt.Sprintf("batch-%06d", batch), Motif: strconv.Itoa(i),
				Seed: uint64(batch), Loss: float64(batch*1000 + i), Accuracy: 0.5}
		}
		if err := s.PutRuns(runs); err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		if _, err := s.SaveCheckpoint("kill", "blob", killBlob(batch)); err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		fmt.Printf("committed %d\n", batch)
	}
	os.Exit(0)
}

func TestKilledWriterLeavesStoreIntact(t *testing.T) {
	if path := os.Getenv(killChildEnv); path != "" {
		start, _ := strconv.Atoi(os.Getenv(killStartEnv))
		killChild(path, start)
	}
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	path := filepath.Join(t.TempDir(), "killed.db")
	next := 0
	committed := map[int]bool{}
	for round, killAfter := range []int{5, 17, 9} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriterLeavesStoreIntact$")
		cmd.Env = append(os.Environ(), killChildEnv+"="+path, killStartEnv+"="+strconv.Itoa(next))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		seen := 0
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "error") {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("round %d: child failed: %s", round, line)
			}
			if n, ok := strings.CutPrefix(line, "committed "); ok {
				b, _ := strconv.Atoi(n)
				committed[b] = true
				if seen++; seen == killAfter {
					// Let it get into the next transaction, then kill it.
					time.Sleep(time.Duration(1+round) * time.Millisecond)
					if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
						t.Fatal(err)
					}
					break
				}
			}
		}
		cmd.Wait()
		if seen < killAfter {
			t.Fatalf("round %d: child stopped after %d batches before being killed", round, seen)
		}
		next = verifyKilledStore(t, path, committed)
	}
}

// verifyKilledStore checks integrity and that every batch in the store is
// complete and every reported commit is present; it returns the next batch.
func verifyKilledStore(t *testing.T, path string, committed map[int]bool) int {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	runs, err := s.Runs("kill", "")
	if err != nil {
		t.Fatal(err)
	}
	perBatch := map[int]int{}
	for _, r := range runs {
		b, err := strconv.Atoi(strings.TrimPrefix(r.Config, "batch-"))
		if err != nil || int(r.Seed) != b {
			t.Fatalf("foreign run %+v", r)
		}
		i, _ := strconv.Atoi(r.Motif)
		if r.Loss != float64(b*1000+i) {
			t.Fatalf("run %+v has a wrong loss", r)
		}
		perBatch[b]++
	}
	maxBatch := -1
	for b, n := range perBatch {
		if n != killBatchRuns {
			t.Fatalf("batch %d has %d of %d runs: a transaction was torn", b, n, killBatchRuns)
		}
		maxBatch = max(maxBatch, b)
	}
	for b := range committed {
		if perBatch[b] == 0 {
			t.Fatalf("batch %d was reported committed but is missing", b)
		}
	}
	cps, err := s.Checkpoints("kill")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cps {
		full, err := s.LoadCheckpoint("kill", "blob", c.Version)
		if err != nil {
			t.Fatal(err)
		}
		if len(full.Data) != killBlobLength {
			t.Fatalf("checkpoint version %d has %d bytes", c.Version, len(full.Data))
		}
		b := int(binary.LittleEndian.Uint64(full.Data))
		want := killBlob(b)
		if string(full.Data) != string(want) {
			t.Fatalf("checkpoint version %d (batch %d) is corrupt", c.Version, b)
		}
	}
	return maxBatch + 1
}
