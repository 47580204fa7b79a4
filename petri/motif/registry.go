package motif

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

var (
	regMu    sync.RWMutex
	registry = map[string]Family{}
)

// Register makes a family available by name to Lookup, Parse and the
// dish. Families built into the program call it from an init function. It
// panics if the name is empty or already taken, which is a programming
// error. Notebooks and scripts use Define, which can be run again.
func Register(f Family) {
	regMu.Lock()
	defer regMu.Unlock()
	name := f.Name()
	if name == "" {
		panic("motif: Register of a family with an empty name")
	}
	if _, dup := registry[name]; dup {
		panic("motif: family registered twice: " + name)
	}
	registry[name] = f
}

// Families returns the registered family names in sorted order.
func Families() []string {
	regMu.RLock()
	defer regMu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Lookup returns the named family, or an error listing the known ones.
func Lookup(name string) (Family, error) {
	regMu.RLock()
	f, ok := registry[name]
	regMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("unknown motif family %q; known families: %s (a family made with motif.Define exists in the program that defined it, until it ends: define it again after a restart)", name, strings.Join(Families(), ", "))
	}
	return f, nil
}

// Parse decodes text as a motif of the named family.
func Parse(family, text string) (Motif, error) {
	f, err := Lookup(family)
	if err != nil {
		return nil, err
	}
	return f.Parse(text)
}

// ParseAll decodes texts as motifs of the named family, in order. The
// error names the index and text of the first bad encoding.
func ParseAll(family string, texts []string) ([]Motif, error) {
	f, err := Lookup(family)
	if err != nil {
		return nil, err
	}
	out := make([]Motif, len(texts))
	for i, t := range texts {
		m, err := f.Parse(t)
		if err != nil {
			return nil, fmt.Errorf("motif %d (%q): %w", i, t, err)
		}
		out[i] = m
	}
	return out, nil
}

// Check verifies that every motif belongs to family, is valid (its
// family parses its String back) and appears once. The error names the
// index of the first offending motif.
func Check(family Family, ms []Motif) error {
	seen := make(map[string]int, len(ms))
	for i, m := range ms {
		p, err := checkOne(family, i, m)
		if err != nil {
			return err
		}
		key := p.String()
		if j, dup := seen[key]; dup {
			return fmt.Errorf("motif %d (%q) repeats motif %d; give each motif once (average repeated ground-truth runs)", i, m.String(), j)
		}
		seen[key] = i
	}
	return nil
}

// CheckFamily verifies, as Check does, that every motif belongs to family
// and is valid, but allows repeats: for scoring or predicting motifs,
// where a repeated motif gets the same value. The error names the index
// of the first offending motif.
func CheckFamily(family Family, ms []Motif) error {
	for i, m := range ms {
		if _, err := checkOne(family, i, m); err != nil {
			return err
		}
	}
	return nil
}

// checkOne checks motif i of a list for Check and CheckFamily and returns
// it as its family parses it back.
func checkOne(family Family, i int, m Motif) (Motif, error) {
	if m == nil {
		return nil, fmt.Errorf("motif %d is nil", i)
	}
	if m.Family() != family.Name() {
		return nil, fmt.Errorf("motif %d (%q) is of family %q, but this dish is for family %q; use motifs of one family", i, m.String(), m.Family(), family.Name())
	}
	p, err := family.Parse(m.String())
	if err != nil {
		return nil, fmt.Errorf("motif %d (%q) is not valid: %w", i, m.String(), err)
	}
	return p, nil
}
