package data

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// PTB split names.
const (
	// PTBTrain is the training split, ptb.train.txt (929,589 tokens).
	PTBTrain = "train"
	// PTBValid is the validation split, ptb.valid.txt (73,760 tokens).
	PTBValid = "valid"
	// PTBTest is the test split, ptb.test.txt (82,430 tokens).
	PTBTest = "test"
)

// EOS is the token ReadPTB appends after the words of every line.
const EOS = "<eos>"

// ptbShared is where our machines keep the PTB files, relative to a folder
// that is the working directory or one of its parents (the data lies beside
// the checkout, at ../shared/data/ptb from the repository root).
var ptbShared = filepath.Join("shared", "data", "ptb")

// ptbFiles are the three PTB file names, in the order train, valid, test.
var ptbFiles = []string{"ptb.train.txt", "ptb.valid.txt", "ptb.test.txt"}

// ptbMaxLine bounds the length of one line of a PTB file (16 MiB); the
// longest line of the real files is under 1 KiB.
const ptbMaxLine = 16 << 20

// PTBDir returns the folder holding ptb.train.txt, ptb.valid.txt and
// ptb.test.txt (Mikolov's preprocessed Penn Treebank). It looks in
// $PETRI_DATA, then $PETRI_DATA/ptb, then in shared/data/ptb under the
// working directory and under each of its parents in turn, nearest first.
// The error names every place it looked and how to fix it.
func PTBDir() (string, error) {
	var looked []string
	try := func(dir string) bool {
		if missing := missingPTB(dir); missing != "" {
			looked = append(looked, fmt.Sprintf("%s (%s)", dir, missing))
			return false
		}
		return true
	}
	if env := os.Getenv(DataEnv); env != "" {
		for _, dir := range []string{env, filepath.Join(env, "ptb")} {
			if try(dir) {
				return dir, nil
			}
		}
	} else {
		looked = append(looked, "$"+DataEnv+" (not set)")
	}
	if wd, err := os.Getwd(); err != nil {
		looked = append(looked, fmt.Sprintf("%s under the working directory and its parents (cannot get the working directory: %v)", ptbShared, err))
	} else {
		for dir := wd; ; {
			if cand := filepath.Join(dir, ptbShared); try(cand) {
				return cand, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", fmt.Errorf("PTB files not found; looked in: %s. Set %s to a folder holding %s (Mikolov's preprocessed Penn Treebank, as in the AWD-LSTM and NAO data folders), or put them in %s beside the checkout",
		strings.Join(looked, "; "), DataEnv, strings.Join(ptbFiles, ", "), ptbShared)
}

// missingPTB returns "" if dir holds all three PTB files, else what is missing.
func missingPTB(dir string) string {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "no such folder"
	}
	var missing []string
	for _, f := range ptbFiles {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || !fi.Mode().IsRegular() {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return "no " + strings.Join(missing, ", ")
	}
	return ""
}

// Corpus is a word-level corpus split into training, validation and test
// token streams. Token ids index Words; every line of a file contributes its
// words followed by one EOS token.
type Corpus struct {
	// Words is the vocabulary: Words[id] is the word with that id, in order
	// of first appearance in the training split (EOS included). Real PTB has
	// 10,000 words.
	Words []string
	// Train, Valid and Test are the token ids of the three splits, in file
	// order.
	Train, Valid, Test []int

	// index maps a word to its id; built by ReadPTB. Nil in a Corpus built
	// as a literal, whose ID then searches Words.
	index map[string]int
}

// ID returns the id of word and whether it is in the vocabulary. It uses the
// index ReadPTB builds, so Words should not be changed after reading; in a
// Corpus built as a literal (without ReadPTB) it searches Words in order.
func (c *Corpus) ID(word string) (int, bool) {
	if c.index != nil {
		id, ok := c.index[word]
		return id, ok
	}
	for id, w := range c.Words {
		if w == word {
			return id, true
		}
	}
	return 0, false
}

// Split returns the token ids of the split named name (PTBTrain, PTBValid or
// PTBTest). The slice is the Corpus's own, not a copy.
func (c *Corpus) Split(name string) ([]int, error) {
	switch name {
	case PTBTrain:
		return c.Train, nil
	case PTBValid:
		return c.Valid, nil
	case PTBTest:
		return c.Test, nil
	}
	return nil, fmt.Errorf("Corpus.Split: unknown split %q; use %q, %q or %q", name, PTBTrain, PTBValid, PTBTest)
}

// clone returns a deep copy of c (the strings themselves are immutable and
// shared).
func (c *Corpus) clone() *Corpus {
	return &Corpus{
		Words: append([]string(nil), c.Words...),
		Train: append([]int(nil), c.Train...),
		Valid: append([]int(nil), c.Valid...),
		Test:  append([]int(nil), c.Test...),
		index: maps.Clone(c.index),
	}
}

// ReadPTB reads ptb.train.txt, ptb.valid.txt and ptb.test.txt from dir.
// Tokenisation follows data.py of PyTorch's word_language_model (used by
// AWD-LSTM, ENAS and NAO): each line (ended by \n or \r\n) is split on
// white space as Python's str.split does and followed by EOS, so an empty
// line gives just EOS. The vocabulary is built from the training split in
// order of first appearance; a word of the validation or test split that
// is not in it is an error naming file:line and the word. (data.py instead
// adds such words to the vocabulary; the real PTB has none, so both give
// the same 10,000 words and ids.) Each call reads the files anew and
// returns a Corpus the caller owns; PTB caches the result.
func ReadPTB(dir string) (*Corpus, error) {
	c := &Corpus{index: make(map[string]int, 10000)}
	var err error
	if c.Train, err = readPTBFile(c, filepath.Join(dir, ptbFiles[0]), true); err != nil {
		return nil, err
	}
	if len(c.Train) == 0 {
		return nil, fmt.Errorf("PTB: %s is empty; the training split must hold at least one line, as it defines the vocabulary", filepath.Join(dir, ptbFiles[0]))
	}
	if c.Valid, err = readPTBFile(c, filepath.Join(dir, ptbFiles[1]), false); err != nil {
		return nil, err
	}
	if c.Test, err = readPTBFile(c, filepath.Join(dir, ptbFiles[2]), false); err != nil {
		return nil, err
	}
	return c, nil
}

// readPTBFile tokenises the file at path into ids of c's vocabulary, adding
// new words to it if grow is set, else failing on them.
func readPTBFile(c *Corpus, path string, grow bool) ([]int, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("PTB: missing %s; the folder must hold %s (Mikolov's preprocessed Penn Treebank); set %s to a folder that does",
			path, strings.Join(ptbFiles, ", "), DataEnv)
	}
	if err != nil {
		return nil, fmt.Errorf("PTB: %w", err)
	}
	defer f.Close()
	var ids []int
	if fi, err := f.Stat(); err == nil {
		ids = make([]int, 0, fi.Size()/5+16) // PTB averages about 5.5 bytes a token
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), ptbMaxLine)
	eos := []byte(EOS)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		for i := 0; ; {
			// The line's words, then EOS; fields are found in place, so a
			// token costs no allocation unless it is a new word.
			start, end := ptbField(b, i)
			w := b[start:end]
			if start == end {
				w = eos
			}
			id, ok := c.index[string(w)] // no allocation for the lookup
			if !ok {
				if !grow {
					return nil, fmt.Errorf("PTB: %s:%d: word %q is not in the vocabulary of the training split; PTB's validation and test splits use only training words (rare ones are already <unk>), so replace the file with the original", path, line, w)
				}
				id = len(c.Words)
				c.Words = append(c.Words, string(w))
				c.index[c.Words[id]] = id
			}
			ids = append(ids, id)
			if start == end {
				break
			}
			i = end
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("PTB: %s:%d: line longer than %d bytes; PTB files hold one sentence a line, so this is not a PTB file", path, line+1, ptbMaxLine)
		}
		return nil, fmt.Errorf("PTB: reading %s: %w", path, err)
	}
	return ids, nil
}

// ptbField returns the bounds of the first word of line at or after byte
// i, or start == end == len(line) if no word is left.
func ptbField(line []byte, i int) (start, end int) {
	for i < len(line) {
		space, size := ptbSpace(line[i:])
		if !space {
			break
		}
		i += size
	}
	start = i
	for i < len(line) {
		space, size := ptbSpace(line[i:])
		if space {
			break
		}
		i += size
	}
	return start, i
}

// ptbSpace reports whether b starts with white space, as Python's
// str.split sees it (ASCII \t-\r, space and \x1c-\x1f, else Unicode
// white space), and the size of that first character in bytes.
func ptbSpace(b []byte) (bool, int) {
	if c := b[0]; c < utf8.RuneSelf {
		return c == ' ' || '\t' <= c && c <= '\r' || 0x1c <= c && c <= 0x1f, 1
	}
	r, size := utf8.DecodeRune(b)
	return unicode.IsSpace(r), size
}

var (
	ptbMu    sync.Mutex
	ptbCache = map[string]*Corpus{}
)

// PTB returns the Penn Treebank corpus from the folder PTBDir finds. The
// files are read once per process (per folder); each call returns a fresh
// copy the caller owns and may change (copying takes about a millisecond).
// Errors are not cached, so a call after fixing $PETRI_DATA tries again.
func PTB() (*Corpus, error) {
	dir, err := PTBDir()
	if err != nil {
		return nil, err
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	ptbMu.Lock()
	defer ptbMu.Unlock()
	c, ok := ptbCache[dir]
	if !ok {
		if c, err = ReadPTB(dir); err != nil {
			return nil, err
		}
		ptbCache[dir] = c
	}
	return c.clone(), nil
}

// Batchify arranges a token stream into batch parallel streams, as
// batchify in data.py: the stream is trimmed to n = len(ids)/batch tokens
// per stream, stream b holds ids[b*n : (b+1)*n], and the result is
// time-major, row-major [n][batch]: data[t*batch+b] = ids[b*n+t]. It
// returns a new slice and n. It needs n >= 2 (at least one input row and
// the target row after it), so len(ids) >= 2*batch.
func Batchify(ids []int, batch int) ([]int, int, error) {
	if batch < 1 {
		return nil, 0, fmt.Errorf("Batchify: batch is %d; it must be at least 1", batch)
	}
	n := len(ids) / batch
	if n < 2 {
		return nil, 0, fmt.Errorf("Batchify: %d tokens make %d steps of batch %d; at least 2 steps (an input and its target) are needed, so pass at least %d tokens or a smaller batch",
			len(ids), n, batch, 2*batch)
	}
	data := make([]int, n*batch)
	for b := 0; b < batch; b++ {
		stream := ids[b*n : (b+1)*n]
		for t, id := range stream {
			data[t*batch+b] = id
		}
	}
	return data, n, nil
}

// BPTTWindow returns the window of truncated backpropagation through time
// that starts at row i of data, a time-major [n][batch] slice from
// Batchify, as get_batch in data.py: seqLen = min(bptt, n-1-i), input is
// rows [i, i+seqLen) and target rows [i+1, i+1+seqLen), each row-major
// [seqLen][batch], so target[k] is the token after input[k] in its stream.
// Both are sub-slices of data (not copies; capped, so appending to them
// cannot overwrite data). Valid starts are 0 <= i < n-1; the usual loop is
//
//	for i := 0; i < n-1; i += bptt {
//		input, target, seqLen, err := data.BPTTWindow(batched, batch, i, bptt)
//		...
//	}
//
// AWD-LSTM's random window lengths work too, as bptt may differ from call
// to call (advance i by the seqLen returned).
func BPTTWindow(data []int, batch, i, bptt int) (input, target []int, seqLen int, err error) {
	if batch < 1 {
		return nil, nil, 0, fmt.Errorf("BPTTWindow: batch is %d; it must be at least 1", batch)
	}
	if len(data)%batch != 0 {
		return nil, nil, 0, fmt.Errorf("BPTTWindow: data has %d tokens, not a multiple of batch %d; pass the slice Batchify returned and the same batch", len(data), batch)
	}
	if bptt < 1 {
		return nil, nil, 0, fmt.Errorf("BPTTWindow: bptt is %d; it must be at least 1", bptt)
	}
	n := len(data) / batch
	if i < 0 || i >= n-1 {
		return nil, nil, 0, fmt.Errorf("BPTTWindow: start row %d is outside [0, %d); the data has %d rows and the last one is only a target", i, n-1, n)
	}
	seqLen = min(bptt, n-1-i)
	a, b := i*batch, (i+seqLen)*batch
	return data[a:b:b], data[a+batch : b+batch : b+batch], seqLen, nil
}
