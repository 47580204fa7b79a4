//go:build !cgo

package cuda

// newDriver reports that this binary cannot reach CUDA: the driver layer is
// cgo.
func newDriver() (driver, error) {
	return nil, &UnavailableError{
		Missing: "cgo",
		Reason:  "CUDA support needs cgo; rebuild with CGO_ENABLED=1 (and a C compiler), or use the cpu device",
	}
}
