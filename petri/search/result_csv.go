package search

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/petridish-go/petridish/petri/motif"
)

// resultHeader is the header of a Result's CSV.
var resultHeader = []string{"evaluation", "iteration", "motif", "loss", "predicted"}

// WriteCSV writes every evaluated cell, in order, as CSV with the columns
// evaluation (1, 2, ...), iteration (0 for the warm start), motif (the
// NAO encoding), loss (ground truth) and predicted (the predictor's loss
// when the cell was chosen; empty when there was none). ReadResultCSV
// reads it back, ReadResultCSVFor for a search over another family.
func (r Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(resultHeader); err != nil {
		return err
	}
	for i, m := range r.Motifs {
		pred := ""
		if !math.IsNaN(r.Predicted[i]) {
			pred = strconv.FormatFloat(r.Predicted[i], 'g', -1, 64)
		}
		rec := []string{strconv.Itoa(i + 1), strconv.Itoa(r.Iteration[i]), m.String(), strconv.FormatFloat(r.Losses[i], 'g', -1, 64), pred}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadResultCSV reads a Result of a search over recurrent cells written
// by WriteCSV, rebuilding its best cell and its progress curve
// (Evaluations, BestSoFar: one point per iteration). ReadResultCSVFor
// reads the result of a search over another family.
func ReadResultCSV(rd io.Reader) (Result, error) {
	return ReadResultCSVFor(rd, motif.CellFamily)
}

// ReadResultCSVFor is ReadResultCSV for a search over motifs of family,
// such as one with a Proposer of your own over sigmoid slopes or a
// motif.Define family: the motif column is read with the family's Parse.
func ReadResultCSVFor(rd io.Reader, family string) (Result, error) {
	res := newResult()
	fam, err := motif.Lookup(family)
	if err != nil {
		return res, fmt.Errorf("search result CSV: %w", err)
	}
	parse := fam.Parse
	if family == motif.CellFamily {
		parse = func(text string) (motif.Motif, error) { return motif.ParseCell(text) }
	}
	cr := csv.NewReader(rd)
	cr.FieldsPerRecord = len(resultHeader)
	head, err := cr.Read()
	if err != nil {
		return res, fmt.Errorf("search result CSV: %w", err)
	}
	for i, h := range resultHeader {
		if head[i] != h {
			return res, fmt.Errorf("search result CSV: column %d is %q, want %q (the header is %v, as Result.WriteCSV writes it)", i+1, head[i], h, resultHeader)
		}
	}
	iter := 0
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return res, fmt.Errorf("search result CSV: %w", err)
		}
		bad := func(col int, why string) (Result, error) {
			return res, fmt.Errorf("search result CSV line %d: %s %q %s", line, resultHeader[col], rec[col], why)
		}
		if n, err := strconv.Atoi(rec[0]); err != nil || n != len(res.Motifs)+1 {
			return bad(0, fmt.Sprintf("is not the next evaluation, %d", len(res.Motifs)+1))
		}
		it, err := strconv.Atoi(rec[1])
		if err != nil || it < iter {
			return bad(1, fmt.Sprintf("is not an iteration >= %d", iter))
		}
		c, err := parse(rec[2])
		if err != nil {
			what := "a " + family + " motif"
			if family == motif.CellFamily {
				what = "a cell"
			}
			return bad(2, "is not "+what+": "+err.Error())
		}
		loss, err := strconv.ParseFloat(rec[3], 64)
		if err != nil || math.IsNaN(loss) {
			return bad(3, "is not a number")
		}
		pred := math.NaN()
		if rec[4] != "" {
			if pred, err = strconv.ParseFloat(rec[4], 64); err != nil {
				return bad(4, "is not a number")
			}
		}
		if it != iter {
			res.mark()
			iter = it
		}
		res.add([]motif.Motif{c}, []float64{loss}, []float64{pred}, it)
	}
	res.mark()
	return res, nil
}
