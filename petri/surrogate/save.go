package surrogate

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/petridish-go/petridish/petri/internal/jsonfile"
	"github.com/petridish-go/petridish/petri/motif"
)

// FileFormat and FileVersion identify surrogate files written by Save.
const (
	FileFormat  = "petridish-nn-surrogate"
	FileVersion = 1
)

// fileKind describes surrogate files for package jsonfile.
var fileKind = jsonfile.Kind{
	What: "surrogate", Format: FileFormat, Version: FileVersion,
	FormatHint:  "is this a surrogate saved by petridish (dish fit --model nn)?",
	VersionHint: "refit the surrogate",
}

// file is the JSON layout of a saved surrogate.
type file struct {
	Format  string    `json:"format"`
	Version int       `json:"version"`
	Family  string    `json:"family"`
	Config  Config    `json:"config"`
	Inputs  int       `json:"inputs"`
	Theta   []float64 `json:"theta"`
	GTMean  float64   `json:"gt_mean"`
	GTStd   float64   `json:"gt_std"`
}

// Save writes a fitted surrogate as versioned JSON that Load reads back
// bit for bit.
func (s *Surrogate) Save(w io.Writer) error {
	if s.theta == nil {
		return errors.New("save surrogate: it is not fitted; call Fit first")
	}
	f := file{Format: FileFormat, Version: FileVersion, Family: s.family, Config: s.cfg,
		Inputs: s.net.dims[0], Theta: s.theta, GTMean: s.gtMean, GTStd: s.gtStd}
	return fileKind.Encode(w, f)
}

// SaveFile writes the surrogate to path through a temporary file renamed
// into place, so a failed save leaves no partial file.
func (s *Surrogate) SaveFile(path string) error {
	return fileKind.WriteFile(path, s.Save)
}

// Load reads a surrogate written by Save, rejecting other formats and
// versions, unknown families and inconsistent sizes.
func Load(r io.Reader) (*Surrogate, error) {
	var f file
	if err := fileKind.Decode(r, &f); err != nil {
		return nil, err
	}
	if err := f.Config.Validate(); err != nil {
		return nil, fmt.Errorf("load surrogate: %w", err)
	}
	if _, err := motif.Lookup(f.Family); err != nil {
		return nil, fmt.Errorf("load surrogate: %w", err)
	}
	if f.Inputs < 1 {
		return nil, fmt.Errorf("load surrogate: inputs is %d; it must be at least 1", f.Inputs)
	}
	net := newMLP(f.Inputs, f.Config.Hidden, f.Config.Activation)
	if len(f.Theta) != net.nParam {
		return nil, fmt.Errorf("load surrogate: theta has %d values; the config's network has %d", len(f.Theta), net.nParam)
	}
	for _, v := range append([]float64{f.GTMean, f.GTStd}, f.Theta...) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, errors.New("load surrogate: the file holds a non-finite number")
		}
	}
	if !(f.GTStd > 0) {
		return nil, fmt.Errorf("load surrogate: gt_std is %v; it must be positive", f.GTStd)
	}
	return &Surrogate{cfg: f.Config, family: f.Family, net: net, theta: f.Theta, gtMean: f.GTMean, gtStd: f.GTStd}, nil
}

// LoadFile reads the surrogate saved in the named file.
func LoadFile(path string) (*Surrogate, error) {
	return jsonfile.ReadFile(fileKind, path, Load)
}
