//go:build !cgo

package fakecuda

// CgoEnabled reports whether this build has cgo, without which the CUDA
// layer cannot dlopen anything, fake or real.
const CgoEnabled = false
