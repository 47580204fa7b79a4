package data

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The tiny corpus: train has a repeated word, an empty line and a tab;
// valid's last line has no newline; test has CRLF line ends.
const (
	tinyTrain = "a b a\n\nc  b\td\n"
	tinyValid = "d a\nb"
	tinyTest  = "\r\n\r\nc\r\n"
)

// writePTB writes the three PTB files with the given contents into dir,
// creating it if needed, and returns dir.
func writePTB(t *testing.T, dir, train, valid, test string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{train, valid, test} {
		if err := os.WriteFile(filepath.Join(dir, ptbFiles[i]), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReadPTBTokenises(t *testing.T) {
	dir := writePTB(t, t.TempDir(), tinyTrain, tinyValid, tinyTest)
	c, err := ReadPTB(dir)
	if err != nil {
		t.Fatal(err)
	}
	// First appearance in train, EOS where the first line ends.
	if want := []string{"a", "b", EOS, "c", "d"}; !reflect.DeepEqual(c.Words, want) {
		t.Fatalf("Words = %q, want %q", c.Words, want)
	}
	// a b a <eos> | <eos> (the empty line) | c b d <eos>
	if want := []int{0, 1, 0, 2, 2, 3, 1, 4, 2}; !reflect.DeepEqual(c.Train, want) {
		t.Errorf("Train = %v, want %v", c.Train, want)
	}
	// d a <eos> | b <eos> (no final newline)
	if want := []int{4, 0, 2, 1, 2}; !reflect.DeepEqual(c.Valid, want) {
		t.Errorf("Valid = %v, want %v", c.Valid, want)
	}
	// <eos> | <eos> | c <eos> (CR stripped)
	if want := []int{2, 2, 3, 2}; !reflect.DeepEqual(c.Test, want) {
		t.Errorf("Test = %v, want %v", c.Test, want)
	}
	for w, want := range map[string]int{"a": 0, "b": 1, EOS: 2, "c": 3, "d": 4} {
		if id, ok := c.ID(w); !ok || id != want {
			t.Errorf("ID(%q) = %d, %v; want %d", w, id, ok, want)
		}
	}
	if _, ok := c.ID("zz"); ok {
		t.Error(`ID("zz") found a word that is not there`)
	}
	for name, want := range map[string][]int{PTBTrain: c.Train, PTBValid: c.Valid, PTBTest: c.Test} {
		got, err := c.Split(name)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Split(%q) = %v, %v", name, got, err)
		}
	}
	if _, err := c.Split("validation"); err == nil || !strings.Contains(err.Error(), `"valid"`) {
		t.Errorf("Split of an unknown name: %v", err)
	}
	// A Corpus built as a literal has no index; ID searches Words.
	lit := &Corpus{Words: []string{"x", "y"}}
	if id, ok := lit.ID("y"); !ok || id != 1 {
		t.Errorf("literal ID(y) = %d, %v", id, ok)
	}
	if _, ok := lit.ID("z"); ok {
		t.Error("literal ID(z) found")
	}
}

func TestReadPTBSplitsLikePython(t *testing.T) {
	// Python's "...".split() gives ['x', 'y', 'z', 'w', 'é', 'q\u200br']:
	// \x1c-\x1f, \v, \f and Unicode spaces separate words, U+200B does not.
	dir := writePTB(t, t.TempDir(), "x\x1cy\u00a0z\u2003w\vé\f\x1dq\u200br  \n", "é\n", "")
	c, err := ReadPTB(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"x", "y", "z", "w", "é", "q\u200br", EOS}; !reflect.DeepEqual(c.Words, want) {
		t.Fatalf("Words = %q, want %q", c.Words, want)
	}
	if want := []int{4, 6}; !reflect.DeepEqual(c.Valid, want) {
		t.Errorf("Valid = %v, want %v", c.Valid, want)
	}
}

func TestReadPTBUnknownWord(t *testing.T) {
	for i, split := range []string{"valid", "test"} {
		texts := []string{tinyTrain, tinyValid, tinyTest}
		texts[i+1] = "a b\n\nc zz d\n"
		dir := writePTB(t, t.TempDir(), texts[0], texts[1], texts[2])
		_, err := ReadPTB(dir)
		if err == nil {
			t.Fatalf("%s: an unknown word was accepted", split)
		}
		for _, want := range []string{filepath.Join(dir, "ptb."+split+".txt") + ":3", `"zz"`, "training"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error does not mention %q: %v", split, want, err)
			}
		}
	}
}

func TestReadPTBMissingOrEmpty(t *testing.T) {
	for _, f := range ptbFiles {
		dir := writePTB(t, t.TempDir(), tinyTrain, tinyValid, tinyTest)
		os.Remove(filepath.Join(dir, f))
		_, err := ReadPTB(dir)
		if err == nil || !strings.Contains(err.Error(), "missing "+filepath.Join(dir, f)) || !strings.Contains(err.Error(), DataEnv) {
			t.Errorf("without %s: %v", f, err)
		}
	}
	dir := writePTB(t, t.TempDir(), "", "", "")
	if _, err := ReadPTB(dir); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty training file: %v", err)
	}
	// Empty validation and test files are allowed (no tokens).
	dir = writePTB(t, t.TempDir(), tinyTrain, "", "")
	if c, err := ReadPTB(dir); err != nil || len(c.Valid) != 0 || len(c.Test) != 0 {
		t.Errorf("empty valid and test: %v", err)
	}
}

func TestPTBFromPetriData(t *testing.T) {
	for _, sub := range []bool{false, true} {
		root := t.TempDir()
		dir := root
		if sub {
			dir = filepath.Join(root, "ptb") // the ptb/ subfolder is found too
		}
		writePTB(t, dir, tinyTrain, tinyValid, tinyTest)
		t.Setenv(DataEnv, root)
		got, err := PTBDir()
		if err != nil || got != dir {
			t.Fatalf("PTBDir = %q, %v; want %q", got, err, dir)
		}
		c, err := PTB()
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Words) != 5 || len(c.Train) != 9 || len(c.Valid) != 5 || len(c.Test) != 4 {
			t.Fatalf("sizes: %d words, %d/%d/%d tokens", len(c.Words), len(c.Train), len(c.Valid), len(c.Test))
		}
		// The caller owns its copy: changing it does not change later calls.
		c.Words[0], c.Train[0], c.Valid[0], c.Test[0] = "changed", 99, 99, 99
		again, err := PTB()
		if err != nil {
			t.Fatal(err)
		}
		if again.Words[0] != "a" || again.Train[0] != 0 || again.Valid[0] != 4 || again.Test[0] != 2 {
			t.Fatal("a returned slice aliases the cache")
		}
		if id, ok := again.ID("d"); !ok || id != 4 {
			t.Errorf("ID(d) on the copy = %d, %v", id, ok)
		}
	}
}

func TestPTBDirSharedInAParent(t *testing.T) {
	root := t.TempDir()
	shared := writePTB(t, filepath.Join(root, "shared", "data", "ptb"), tinyTrain, tinyValid, tinyTest)
	work := filepath.Join(root, "checkout", "petri", "data")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	// PETRI_DATA unset, or set to a folder without PTB: both fall through.
	for _, env := range []string{"", t.TempDir()} {
		t.Setenv(DataEnv, env)
		got, err := PTBDir()
		if err != nil {
			t.Fatal(err)
		}
		if gi, _ := os.Stat(got); !os.SameFile(gi, mustStat(t, shared)) {
			t.Fatalf("PETRI_DATA=%q: PTBDir = %q, want %q", env, got, shared)
		}
	}
	c, err := PTB()
	if err != nil || len(c.Words) != 5 {
		t.Fatalf("PTB from a parent's shared folder: %v", err)
	}
}

func mustStat(t *testing.T, path string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

func TestPTBDirMissingNamesEveryPlace(t *testing.T) {
	empty := t.TempDir()
	// A folder with only some of the files is reported as such.
	partial := filepath.Join(empty, "ptb")
	writePTB(t, partial, tinyTrain, tinyValid, tinyTest)
	os.Remove(filepath.Join(partial, "ptb.test.txt"))
	t.Setenv(DataEnv, empty)
	t.Chdir(t.TempDir())
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	_, err = PTBDir()
	if err == nil {
		t.Skip("a shared/data/ptb folder exists above the temporary folder; cannot test the error")
	}
	for _, want := range []string{
		empty + " (no ptb.train.txt, ptb.valid.txt, ptb.test.txt)",
		partial + " (no ptb.test.txt)",
		filepath.Join(wd, "shared", "data", "ptb") + " (no such folder)",
		filepath.Join(filepath.Dir(wd), "shared", "data", "ptb"),
		"Set " + DataEnv, "ptb.train.txt, ptb.valid.txt, ptb.test.txt",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q: %v", want, err)
		}
	}
	if _, err := PTB(); err == nil {
		t.Fatal("PTB loaded from nowhere")
	}
	t.Setenv(DataEnv, "")
	if _, err := PTBDir(); err == nil || !strings.Contains(err.Error(), "$"+DataEnv+" (not set)") {
		t.Errorf("unset %s not reported: %v", DataEnv, err)
	}
}

func TestBatchify(t *testing.T) {
	ids := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10} // 11 tokens, trimmed to 9
	data, n, err := Batchify(ids, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Streams 0..2, 3..5, 6..8, time-major.
	if want := []int{0, 3, 6, 1, 4, 7, 2, 5, 8}; n != 3 || !reflect.DeepEqual(data, want) {
		t.Fatalf("Batchify = %v, %d; want %v, 3", data, n, want)
	}
	data[0] = 99
	if ids[0] != 0 {
		t.Fatal("Batchify's result aliases its input")
	}
	if data, n, err := Batchify(ids, 1); err != nil || n != 11 || !reflect.DeepEqual(data, ids) {
		t.Errorf("batch 1: %v, %d, %v", data, n, err)
	}
	for _, c := range []struct {
		ids     []int
		batch   int
		mention string
	}{
		{ids, 0, "at least 1"},
		{ids, -2, "at least 1"},
		{ids, 6, "at least 12 tokens"}, // one step only
		{nil, 1, "at least 2 tokens"},
	} {
		if _, _, err := Batchify(c.ids, c.batch); err == nil || !strings.Contains(err.Error(), c.mention) {
			t.Errorf("Batchify(%d tokens, %d): error %v does not mention %q", len(c.ids), c.batch, err, c.mention)
		}
	}
}

func TestBPTTWindow(t *testing.T) {
	ids := make([]int, 20)
	for i := range ids {
		ids[i] = i
	}
	data, n, err := Batchify(ids, 2) // streams 0..9 and 10..19
	if err != nil || n != 10 {
		t.Fatal(n, err)
	}
	type window struct {
		input, target []int
		seqLen        int
	}
	want := []window{
		{[]int{0, 10, 1, 11, 2, 12, 3, 13}, []int{1, 11, 2, 12, 3, 13, 4, 14}, 4},
		{[]int{4, 14, 5, 15, 6, 16, 7, 17}, []int{5, 15, 6, 16, 7, 17, 8, 18}, 4},
		{[]int{8, 18}, []int{9, 19}, 1}, // cut short at the end: min(4, 10-1-8)
	}
	var got []window
	for i := 0; i < n-1; i += 4 {
		in, tg, l, err := BPTTWindow(data, 2, i, 4)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, window{in, tg, l})
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("windows = %v, want %v", got, want)
	}
	// A window longer than the data is cut to what is left.
	if in, tg, l, err := BPTTWindow(data, 2, 0, 100); err != nil || l != 9 || len(in) != 18 || tg[17] != 19 {
		t.Errorf("bptt 100: seqLen %d, %v", l, err)
	}
	// Varying lengths (as AWD-LSTM draws them) cover every row once.
	covered := 0
	for i, k := 0, 0; i < n-1; k++ {
		_, _, l, err := BPTTWindow(data, 2, i, 1+k%3)
		if err != nil {
			t.Fatal(err)
		}
		covered += l
		i += l
	}
	if covered != n-1 {
		t.Errorf("varying windows covered %d rows, want %d", covered, n-1)
	}
	// Appending to a window does not overwrite data.
	in, _, _, _ := BPTTWindow(data, 2, 0, 1)
	_ = append(in, -1, -1)
	if data[2] != 1 {
		t.Fatal("appending to a window overwrote data")
	}
	for _, c := range []struct {
		data           []int
		batch, i, bptt int
		mention        string
	}{
		{data, 0, 0, 4, "batch is 0"},
		{data, 3, 0, 4, "not a multiple"},
		{data, 2, 0, 0, "bptt is 0"},
		{data, 2, -1, 4, "outside [0, 9)"},
		{data, 2, 9, 4, "outside [0, 9)"},
		{data[:2], 2, 0, 4, "outside [0, 0)"},
	} {
		if _, _, _, err := BPTTWindow(c.data, c.batch, c.i, c.bptt); err == nil || !strings.Contains(err.Error(), c.mention) {
			t.Errorf("BPTTWindow(%d tokens, batch %d, i %d, bptt %d): error %v does not mention %q",
				len(c.data), c.batch, c.i, c.bptt, err, c.mention)
		}
	}
}

// TestRealPTB checks the real files where PTBDir finds them (on our
// machines, ../shared/data/ptb beside the checkout) against the sizes and
// ids that PyTorch's data.py gives.
func TestRealPTB(t *testing.T) {
	dir, err := PTBDir()
	if err != nil {
		t.Skipf("the real PTB files are not here, skipping: %v", err)
	}
	start := time.Now()
	c, err := ReadPTB(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("ReadPTB(%s) took %v", dir, time.Since(start))
	if len(c.Words) != 10000 || len(c.Train) != 929589 || len(c.Valid) != 73760 || len(c.Test) != 82430 {
		t.Fatalf("%d words, %d/%d/%d tokens; want 10000 words, 929589/73760/82430 tokens",
			len(c.Words), len(c.Train), len(c.Valid), len(c.Test))
	}
	if id, ok := c.ID(EOS); !ok || id != 24 || c.Words[0] != "aer" || c.Words[9999] != "unilab" {
		t.Errorf("ids: <eos> %d, first word %q, last %q; want 24, aer, unilab", id, c.Words[0], c.Words[9999])
	}
	// Sums of the ids, as data.py gives them: a checksum of order and ids.
	sum := func(ids []int) (s int) {
		for _, id := range ids {
			s += id
		}
		return s
	}
	if got := [3]int{sum(c.Train), sum(c.Valid), sum(c.Test)}; got != [3]int{1156603095, 90505708, 96492489} {
		t.Errorf("id sums %v differ from data.py's", got)
	}
	if !reflect.DeepEqual(c.Valid[:5], []int{2211, 396, 1129, 64, 831}) || !reflect.DeepEqual(c.Test[:5], []int{142, 78, 54, 251, 2360}) {
		t.Errorf("first ids: valid %v, test %v", c.Valid[:5], c.Test[:5])
	}
	cached, err := PTB()
	if err != nil || !reflect.DeepEqual(cached.Words, c.Words) || !reflect.DeepEqual(cached.Test, c.Test) {
		t.Fatalf("PTB() differs from ReadPTB: %v", err)
	}
	// The usual NAO/AWD-LSTM shapes: train batch 64, eval batch 10.
	data, n, err := Batchify(c.Train, 64)
	if err != nil || n != 929589/64 || len(data) != n*64 || data[1] != c.Train[n] {
		t.Errorf("Batchify(train, 64): n %d, %v", n, err)
	}
}

func BenchmarkReadPTB(b *testing.B) {
	dir, err := PTBDir()
	if err != nil {
		b.Skipf("the real PTB files are not here: %v", err)
	}
	for b.Loop() {
		if _, err := ReadPTB(dir); err != nil {
			b.Fatal(err)
		}
	}
}
