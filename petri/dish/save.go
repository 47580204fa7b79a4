package dish

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/petridish-go/petridish/petri/internal/jsonfile"
	"github.com/petridish-go/petridish/petri/motif"
)

// FileFormat and FileVersion identify dish files written by Save.
const (
	FileFormat  = "petridish-dish"
	FileVersion = 1
)

// fileKind describes dish files for package jsonfile.
var fileKind = jsonfile.Kind{
	What: "dish", Format: FileFormat, Version: FileVersion,
	FormatHint:  "is this a dish saved by petridish (dish fit --model petri)?",
	VersionHint: "refit the dish or use a matching petridish",
}

// file is the JSON layout of a saved dish. Floats are written in the
// shortest form that reads back to the same float64, so Load(Save(d))
// reproduces d bit for bit.
type file struct {
	Format      string       `json:"format"`
	Version     int          `json:"version"`
	Family      string       `json:"family"`
	Config      Config       `json:"config"`
	ThetaInit   []float64    `json:"theta_init"`
	Labels      []float64    `json:"labels"`
	XTrain      []float64    `json:"x_train"`
	XValid      []float64    `json:"x_valid"`
	Calibration *Calibration `json:"calibration,omitempty"`
	TrainMotifs []string     `json:"train_motifs,omitempty"`
	TrainLosses []float64    `json:"train_losses,omitempty"`
}

// Save writes the dish as versioned JSON (format FileFormat, version
// FileVersion): its config, theta_init, labels, synthetic inputs,
// calibration and training set.
func (d *Dish) Save(w io.Writer) error {
	f := file{
		Format: FileFormat, Version: FileVersion, Family: d.cfg.Family, Config: d.cfg,
		ThetaInit: d.theta0, Labels: d.labels, XTrain: d.xTrain, XValid: d.xValid,
		Calibration: d.cal, TrainMotifs: d.trainMs, TrainLosses: d.trainGT,
	}
	return fileKind.Encode(w, f)
}

// SaveFile writes the dish to path through a temporary file renamed into
// place, so a failed save leaves no partial file.
func (d *Dish) SaveFile(path string) error {
	return fileKind.WriteFile(path, d.Save)
}

// Load reads a dish written by Save. It rejects files of another format
// or version, an unregistered family, an invalid config, arrays whose
// sizes do not fit the config, and non-finite numbers. A dish saved with
// PathDevice loads without a GPU; it then runs only once a capable
// backend is selected, or after SetPath(PathAuto).
func Load(r io.Reader) (*Dish, error) {
	var f file
	if err := fileKind.Decode(r, &f); err != nil {
		return nil, err
	}
	if f.Family != f.Config.Family {
		return nil, fmt.Errorf("load dish: file says family %q but its config says %q; the file is corrupt", f.Family, f.Config.Family)
	}
	if err := f.Config.validate(false); err != nil {
		return nil, fmt.Errorf("load dish: %w", err)
	}
	fam, _ := motif.Lookup(f.Family)
	d := &Dish{cfg: f.Config, fam: fam, theta0: f.ThetaInit, labels: f.Labels,
		xTrain: f.XTrain, xValid: f.XValid, cal: f.Calibration, trainMs: f.TrainMotifs, trainGT: f.TrainLosses}
	if err := d.checkLoaded(); err != nil {
		return nil, fmt.Errorf("load dish: %w", err)
	}
	return d, nil
}

// LoadFile reads the dish saved in the named file.
func LoadFile(path string) (*Dish, error) {
	return jsonfile.ReadFile(fileKind, path, Load)
}

// checkLoaded verifies sizes and finiteness of a loaded dish.
func (d *Dish) checkLoaded() error {
	if err := d.problem().Validate(d.fam); err != nil {
		return err
	}
	n := d.cfg.Net.XLen()
	if len(d.xTrain) != n || len(d.xValid) != n {
		return fmt.Errorf("synthetic inputs have %d and %d values; the config needs %d each", len(d.xTrain), len(d.xValid), n)
	}
	for name, xs := range map[string][]float64{"theta_init": d.theta0, "labels": d.labels, "x_train": d.xTrain, "x_valid": d.xValid, "train_losses": d.trainGT} {
		for i, v := range xs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%s[%d] is %v; every value must be finite", name, i, v)
			}
		}
	}
	if c := d.cal; c != nil {
		for _, v := range []float64{c.GTMean, c.GTStd, c.ScoreMean, c.ScoreStd} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return errors.New("calibration holds a non-finite number")
			}
		}
		if !(c.GTStd > 0 && c.ScoreStd > 0) {
			return fmt.Errorf("calibration standard deviations (%v, %v) must be positive", c.GTStd, c.ScoreStd)
		}
	}
	if len(d.trainMs) != len(d.trainGT) {
		return fmt.Errorf("train_motifs has %d entries but train_losses %d", len(d.trainMs), len(d.trainGT))
	}
	return nil
}
