// Package kernelspec installs a Jupyter kernelspec: a directory
// <kernels dir>/<name> holding kernel.json (how Jupyter starts the kernel)
// and the logos front-ends show. Jupyter finds kernelspecs under the
// "kernels" folder of each of its data directories; UserDir, PrefixDir and
// SysPrefixDir name the usual ones.
//
// The logos are drawn by genlogo.go:
//
//go:generate go run genlogo.go
package kernelspec
