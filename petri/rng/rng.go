// Package rng gives petri its deterministic random numbers. Every petri
// computation that needs randomness takes an explicit seed (usually a Seed
// field in its Config); the default for those fields comes from Seed, which
// the scripting language's `%seed N` magic sets. One seed reproduces a run
// bit for bit.
package rng

import (
	"math/rand/v2"
	"sync/atomic"
)

var defaultSeed atomic.Uint64

func init() { defaultSeed.Store(1) }

// Seed returns the default seed that petri's DefaultConfig functions use.
// It is 1 until SetSeed changes it.
func Seed() uint64 { return defaultSeed.Load() }

// SetSeed sets the default seed returned by Seed.
func SetSeed(seed uint64) { defaultSeed.Store(seed) }

// New returns a generator whose stream is fully determined by seed.
func New(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}
