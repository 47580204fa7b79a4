package store

import (
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"
)

// Run is one finished ground-truth training run of one motif.
type Run struct {
	// Family is the motif family, e.g. "sigmoid".
	Family string
	// Config identifies the training configuration (a hash of its settings).
	Config string
	// Motif is the motif's encoding, e.g. "0.23" for a sigmoid slope.
	Motif string
	// Seed is the run's random seed.
	Seed uint64
	// Loss is the run's final validation loss.
	Loss float64
	// Accuracy is the run's final validation accuracy in [0,1].
	Accuracy float64
	// Seconds is the run's wall time.
	Seconds float64
	// Finished is when the run finished; the store sets it if zero.
	Finished time.Time
}

// Config describes a training configuration stored under its hash.
type Config struct {
	// Family is the motif family the configuration trains.
	Family string
	// Hash is the short identifier runs refer to.
	Hash string
	// Description is a human-readable (usually JSON) form of the settings.
	Description string
	// Created is when the configuration was first stored.
	Created time.Time
}

// PutConfig records a training configuration under its hash, so a human can
// see which settings a Run's Config refers to. Storing the same hash again
// keeps the first description.
func (s *Store) PutConfig(c Config) error {
	if c.Family == "" || c.Hash == "" {
		return errors.New("store config: family and hash must not be empty")
	}
	if c.Created.IsZero() {
		c.Created = time.Now()
	}
	err := s.tx(func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO configs(family, hash, description, created) VALUES(?,?,?,?)
			ON CONFLICT(family, hash) DO NOTHING`, c.Family, c.Hash, c.Description, c.Created.UnixNano())
		return err
	})
	if err != nil {
		return fmt.Errorf("store config %s/%s in %s: %w", c.Family, c.Hash, s.path, err)
	}
	return nil
}

// Configs lists the stored configurations of a family ("" for all), oldest
// first.
func (s *Store) Configs(family string) ([]Config, error) {
	rows, err := s.db.Query(`SELECT family, hash, description, created FROM configs
		WHERE ? = '' OR family = ? ORDER BY created, family, hash`, family, family)
	if err != nil {
		return nil, fmt.Errorf("list configs in %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []Config
	for rows.Next() {
		var c Config
		var created int64
		if err := rows.Scan(&c.Family, &c.Hash, &c.Description, &created); err != nil {
			return nil, fmt.Errorf("list configs in %s: %w", s.path, err)
		}
		c.Created = time.Unix(0, created)
		out = append(out, c)
	}
	return out, rows.Err()
}

// PutRun stores one finished run (see PutRuns).
func (s *Store) PutRun(r Run) error { return s.PutRuns([]Run{r}) }

// PutRuns stores finished runs in one transaction: after a crash either all
// of them are in the store or none is. A run with the same family, config,
// motif and seed as a stored one replaces it.
func (s *Store) PutRuns(runs []Run) error {
	for i, r := range runs {
		if err := checkRun(r); err != nil {
			return fmt.Errorf("store run %d (%s %s motif %q seed %d): %w", i, r.Family, r.Config, r.Motif, r.Seed, err)
		}
	}
	now := time.Now()
	err := s.tx(func(tx *sql.Tx) error {
		st, err := tx.Prepare(`INSERT INTO runs(family, config, motif, seed, loss, accuracy, seconds, finished)
			VALUES(?,?,?,?,?,?,?,?)
			ON CONFLICT(family, config, motif, seed) DO UPDATE SET
			loss = excluded.loss, accuracy = excluded.accuracy, seconds = excluded.seconds, finished = excluded.finished`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, r := range runs {
			fin := r.Finished
			if fin.IsZero() {
				fin = now
			}
			if _, err := st.Exec(r.Family, r.Config, r.Motif, int64(r.Seed), r.Loss, r.Accuracy, r.Seconds, fin.UnixNano()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store %d runs in %s: %w", len(runs), s.path, err)
	}
	return nil
}

func checkRun(r Run) error {
	switch {
	case r.Family == "" || r.Config == "" || r.Motif == "":
		return errors.New("family, config and motif must not be empty")
	case math.IsNaN(r.Loss) || math.IsInf(r.Loss, 0):
		return fmt.Errorf("loss is %v; only finite losses can be stored (a diverged run should be reported, not stored)", r.Loss)
	case !(r.Accuracy >= 0 && r.Accuracy <= 1):
		return fmt.Errorf("accuracy is %v; it must be a fraction in [0,1]", r.Accuracy)
	case !(r.Seconds >= 0) || math.IsInf(r.Seconds, 0):
		return fmt.Errorf("seconds is %v; it must be a finite non-negative time", r.Seconds)
	}
	return nil
}

// GetRun returns the stored run of a motif with the given family, config and
// seed; ok is false if there is none.
func (s *Store) GetRun(family, config, motif string, seed uint64) (r Run, ok bool, err error) {
	rs, err := s.query(`WHERE family = ? AND config = ? AND motif = ? AND seed = ?`, family, config, motif, int64(seed))
	if err != nil || len(rs) == 0 {
		return Run{}, false, err
	}
	return rs[0], true, nil
}

// Runs returns the stored runs of a family and config in the order they
// were first stored. An empty config selects every config of the family.
func (s *Store) Runs(family, config string) ([]Run, error) {
	return s.query(`WHERE family = ? AND (? = '' OR config = ?)`, family, config, config)
}

func (s *Store) query(where string, args ...any) ([]Run, error) {
	rows, err := s.db.Query(`SELECT family, config, motif, seed, loss, accuracy, seconds, finished FROM runs `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read runs from %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var seed, fin int64
		if err := rows.Scan(&r.Family, &r.Config, &r.Motif, &seed, &r.Loss, &r.Accuracy, &r.Seconds, &fin); err != nil {
			return nil, fmt.Errorf("read runs from %s: %w", s.path, err)
		}
		r.Seed, r.Finished = uint64(seed), time.Unix(0, fin)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read runs from %s: %w", s.path, err)
	}
	return out, nil
}

// Table returns the ground-truth table of a family and config: one Row per
// motif with mean loss and accuracy and their standard errors over the
// stored runs (see Aggregate).
func (s *Store) Table(family, config string) ([]Row, error) {
	runs, err := s.Runs(family, config)
	if err != nil {
		return nil, err
	}
	return Aggregate(runs), nil
}

// Aggregate groups runs by motif and returns one Row per motif: Loss and
// Accuracy are means over its runs, Std and AccuracyStd their standard
// errors (sample standard deviation / sqrt(runs); 0 for a single run), Runs
// the count. Rows are sorted by motif, numerically where motifs are numbers.
func Aggregate(runs []Run) []Row {
	byMotif := map[string][]Run{}
	var order []string
	for _, r := range runs {
		if _, ok := byMotif[r.Motif]; !ok {
			order = append(order, r.Motif)
		}
		byMotif[r.Motif] = append(byMotif[r.Motif], r)
	}
	sortMotifs(order)
	out := make([]Row, 0, len(order))
	for _, m := range order {
		rs := byMotif[m]
		loss := make([]float64, len(rs))
		acc := make([]float64, len(rs))
		for i, r := range rs {
			loss[i], acc[i] = r.Loss, r.Accuracy
		}
		row := Row{Motif: m, Runs: len(rs)}
		row.Loss, row.Std = MeanStdErr(loss)
		row.Accuracy, row.AccuracyStd = MeanStdErr(acc)
		out = append(out, row)
	}
	return out
}

// MeanStdErr returns the mean of xs and its standard error, the sample
// standard deviation (n-1 denominator) divided by sqrt(n). The standard
// error of fewer than two values is 0; the mean of none is 0.
func MeanStdErr(xs []float64) (mean, stderr float64) {
	n := float64(len(xs))
	if len(xs) == 0 {
		return 0, 0
	}
	for _, x := range xs {
		mean += x
	}
	mean /= n
	if len(xs) < 2 {
		return mean, 0
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss/(n-1)) / math.Sqrt(n)
}

// sortMotifs orders numeric motifs by value, before other motifs in
// lexicographic order.
func sortMotifs(ms []string) {
	sort.SliceStable(ms, func(i, j int) bool {
		a, ea := strconv.ParseFloat(ms[i], 64)
		b, eb := strconv.ParseFloat(ms[j], 64)
		switch {
		case ea == nil && eb == nil:
			return a < b
		case ea == nil:
			return true
		case eb == nil:
			return false
		}
		return ms[i] < ms[j]
	})
}
