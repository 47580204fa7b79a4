package store

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/petridish-go/petridish/internal/atomicfile"
	"github.com/petridish-go/petridish/internal/bom"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// Row is one motif's line of a ground-truth table.
type Row struct {
	// Motif is the motif's encoding, e.g. "0.23" for a sigmoid slope.
	Motif string
	// Loss is the mean ground-truth loss over runs; lower is better.
	Loss float64
	// Std is the standard error of Loss over runs (0 if unknown or one run).
	Std float64
	// Runs is the number of runs averaged into Loss (0 if unknown).
	Runs int
	// Accuracy is the mean validation accuracy in [0,1]; 0 if not recorded.
	Accuracy float64
	// AccuracyStd is the standard error of Accuracy (0 if unknown).
	AccuracyStd float64
}

// Column names of the CSV format. The header must start with ColMotif,
// ColLoss; the other columns are optional and may come in any order.
const (
	ColMotif       = "motif"
	ColLoss        = "loss"
	ColStd         = "std"
	ColRuns        = "runs"
	ColAccuracy    = "accuracy"
	ColAccuracyStd = "accuracy_std"
)

var optionalCols = []string{ColStd, ColRuns, ColAccuracy, ColAccuracyStd}

// CSVError is the error ReadCSV returns for bad input. Line is the 1-based
// line of the input where the problem is (0 if the input is empty).
type CSVError struct {
	// File names the input when it came from a file (ReadCSVFile), else "".
	File string
	// Line is the 1-based input line of the problem.
	Line int
	// Msg says what is wrong and what to do about it.
	Msg string
}

// Error formats the error as "file line N: msg".
func (e *CSVError) Error() string {
	where := "ground-truth CSV"
	if e.File != "" {
		where = e.File
	}
	return fmt.Sprintf("%s line %d: %s", where, e.Line, e.Msg)
}

// ReadCSV reads a ground-truth table and returns its rows in input order.
//
// The first record must be a header starting with "motif,loss", optionally
// followed by any of "std", "runs", "accuracy", "accuracy_std". Blank lines
// and lines starting with '#' are ignored. ReadCSV rejects, with a
// *CSVError naming the line: malformed CSV, a wrong or missing header, an
// empty motif, an empty, non-numeric, NaN or infinite number, negative std
// or runs, a non-integer runs, an accuracy outside [0,1], and duplicate
// motifs (motifs that parse as the same number, such as "0.23" and
// "0.230", are duplicates too). An input with a header and no rows is an
// error as well. A leading UTF-8 byte order mark is skipped.
func ReadCSV(r io.Reader) ([]Row, error) {
	cr := csv.NewReader(bom.Skip(r))
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err == io.EOF {
		return nil, &CSVError{Line: 1, Msg: "input is empty; the first line must be the header motif,loss (optionally followed by ,std,runs)"}
	}
	if err != nil {
		return nil, parseErr(err)
	}
	line, _ := cr.FieldPos(0)
	cols, err := parseHeader(header, line)
	if err != nil {
		return nil, err
	}
	cr.FieldsPerRecord = len(cols)

	var rows []Row
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, parseErr(err)
		}
		line, _ := cr.FieldPos(0)
		row, err := parseRow(rec, cols, line)
		if err != nil {
			return nil, err
		}
		key := motifKey(row.Motif)
		if first, dup := seen[key]; dup {
			return nil, &CSVError{Line: line, Msg: fmt.Sprintf("motif %q repeats the motif on line %d; give each motif one row (average repeated runs into loss, std and runs)", row.Motif, first)}
		}
		seen[key] = line
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, &CSVError{Line: line, Msg: "the table has a header but no rows; add one motif,loss line per motif"}
	}
	return rows, nil
}

// ReadCSVFile reads the ground-truth table in the named file (see ReadCSV).
func ReadCSVFile(path string) ([]Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read ground-truth CSV: %w", err)
	}
	defer f.Close()
	rows, err := ReadCSV(f)
	var ce *CSVError
	if errors.As(err, &ce) {
		ce.File = path
	}
	return rows, err
}

// WriteCSV writes rows as a ground-truth table with the header
// motif,loss,std,runs; the columns accuracy,accuracy_std are added when any
// row has a non-zero Accuracy. Numbers are written in the shortest form
// that reads back to the same float64. WriteCSV checks the rows as ReadCSV
// would and writes nothing if one is invalid.
func WriteCSV(w io.Writer, rows []Row) error {
	withAcc := false
	seen := map[string]int{}
	for i, r := range rows {
		if err := checkRow(r); err != nil {
			return fmt.Errorf("write ground-truth CSV: row %d (motif %q): %w", i, r.Motif, err)
		}
		key := motifKey(r.Motif)
		if j, dup := seen[key]; dup {
			return fmt.Errorf("write ground-truth CSV: row %d repeats motif %q of row %d; give each motif one row", i, r.Motif, j)
		}
		seen[key] = i
		if r.Accuracy != 0 {
			withAcc = true
		}
	}
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	header := []string{ColMotif, ColLoss, ColStd, ColRuns}
	if withAcc {
		header = append(header, ColAccuracy, ColAccuracyStd)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		rec := []string{r.Motif, ftoa(r.Loss), ftoa(r.Std), strconv.Itoa(r.Runs)}
		if withAcc {
			rec = append(rec, ftoa(r.Accuracy), ftoa(r.AccuracyStd))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write ground-truth CSV: %w", err)
	}
	return bw.Flush()
}

// WriteCSVFile writes rows to the named file (see WriteCSV) through a
// temporary file renamed into place, so readers never see a half-written
// table (internal/atomicfile: a symbolic link, FIFO or /dev/stdout stays
// what it is, and a new file gets mode 0644 less the umask).
func WriteCSVFile(path string, rows []Row) error {
	err := atomicfile.Write(path, func(w io.Writer) error { return WriteCSV(w, rows) })
	if err != nil {
		return fmt.Errorf("write ground-truth CSV: %w", err)
	}
	return nil
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// motifKey identifies duplicates: numeric motifs compare by value.
func motifKey(m string) string {
	if x, err := strconv.ParseFloat(m, 64); err == nil {
		return "#" + ftoa(x)
	}
	return m
}

func parseErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return &CSVError{Line: pe.StartLine, Msg: "wrong number of fields: every line needs as many comma-separated fields as the header"}
		}
		return &CSVError{Line: pe.StartLine, Msg: fmt.Sprintf("malformed CSV (column %d: %v); check the quotes and commas on this line", pe.Column, pe.Err)}
	}
	return fmt.Errorf("read ground-truth CSV: %w", err)
}

func parseHeader(h []string, line int) ([]string, error) {
	cols := make([]string, len(h))
	for i, c := range h {
		cols[i] = strings.ToLower(strings.TrimSpace(c))
	}
	if len(cols) < 2 || cols[0] != ColMotif || cols[1] != ColLoss {
		return nil, &CSVError{Line: line, Msg: fmt.Sprintf("header is %q; it must start with motif,loss (optionally followed by std,runs,accuracy,accuracy_std)", strings.Join(h, ","))}
	}
	seen := map[string]bool{ColMotif: true, ColLoss: true}
	for _, c := range cols[2:] {
		known := false
		for _, o := range optionalCols {
			known = known || c == o
		}
		if !known {
			return nil, &CSVError{Line: line, Msg: fmt.Sprintf("unknown column %q in header; allowed after motif,loss: %s", c, strings.Join(optionalCols, ","))}
		}
		if seen[c] {
			return nil, &CSVError{Line: line, Msg: fmt.Sprintf("column %q appears twice in the header; keep one", c)}
		}
		seen[c] = true
	}
	return cols, nil
}

func parseRow(rec, cols []string, line int) (Row, error) {
	var r Row
	bad := func(format string, a ...any) (Row, error) {
		return Row{}, &CSVError{Line: line, Msg: fmt.Sprintf(format, a...)}
	}
	for i, c := range cols {
		v := strings.TrimSpace(rec[i])
		if c == ColMotif {
			if v == "" {
				return bad("motif is empty; write the motif's encoding, e.g. a slope such as 0.23")
			}
			r.Motif = v
			continue
		}
		if v == "" {
			return bad("%s is empty; write a number", c)
		}
		if c == ColRuns {
			n, err := strconv.Atoi(v)
			if err != nil {
				// Accept integral floats such as "5.0" that spreadsheets write.
				x, ferr := strconv.ParseFloat(v, 64)
				if ferr != nil || x != math.Trunc(x) || math.Abs(x) > 1e9 {
					return bad("runs %q is not a whole number; write how many runs were averaged, e.g. 5", v)
				}
				n = int(x)
			}
			if n < 0 {
				return bad("runs is %d; it cannot be negative", n)
			}
			r.Runs = n
			continue
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return bad("%s %q is not a number; write a decimal number such as 0.123", c, v)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return bad("%s is %s; every value must be a finite number (drop or rerun the motif)", c, v)
		}
		switch c {
		case ColLoss:
			r.Loss = x
		case ColStd:
			r.Std = x
		case ColAccuracy:
			r.Accuracy = x
		case ColAccuracyStd:
			r.AccuracyStd = x
		}
	}
	if err := checkRow(r); err != nil {
		return bad("%v", err)
	}
	return r, nil
}

// checkRow validates the value ranges shared by reader and writer.
func checkRow(r Row) error {
	switch {
	case strings.TrimSpace(r.Motif) == "":
		return errors.New("motif is empty; give the motif's encoding")
	case strings.ContainsAny(r.Motif, "\n\r"):
		return errors.New("motif contains a line break; encodings must fit on one line")
	}
	for _, f := range []struct {
		name string
		x    float64
	}{{ColLoss, r.Loss}, {ColStd, r.Std}, {ColAccuracy, r.Accuracy}, {ColAccuracyStd, r.AccuracyStd}} {
		if math.IsNaN(f.x) || math.IsInf(f.x, 0) {
			return fmt.Errorf("%s is %v; every value must be a finite number", f.name, f.x)
		}
	}
	switch {
	case r.Std < 0:
		return fmt.Errorf("std is %v; a standard error cannot be negative", r.Std)
	case r.AccuracyStd < 0:
		return fmt.Errorf("accuracy_std is %v; a standard error cannot be negative", r.AccuracyStd)
	case r.Runs < 0:
		return fmt.Errorf("runs is %d; it cannot be negative", r.Runs)
	case r.Accuracy < 0 || r.Accuracy > 1:
		return fmt.Errorf("accuracy is %v; it must be a fraction in [0,1]", r.Accuracy)
	}
	return nil
}
