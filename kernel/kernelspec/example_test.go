package kernelspec_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/petridish-go/petridish/kernel/kernelspec"
)

func Example() {
	dir, _ := os.MkdirTemp("", "kernels") // petridish install uses kernelspec.UserDir()
	defer os.RemoveAll(dir)

	where, err := kernelspec.Install(dir, "petridish", kernelspec.Spec{
		Argv:          []string{"/usr/local/bin/petridish", "kernel", "--connection-file", "{connection_file}"},
		DisplayName:   "Go (petridish)",
		Language:      "go",
		InterruptMode: "message",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	entries, _ := os.ReadDir(where)
	fmt.Println(filepath.Base(where))
	for _, e := range entries {
		fmt.Println(" ", e.Name())
	}
	// Output:
	// petridish
	//   kernel.json
	//   logo-32x32.png
	//   logo-64x64.png
}
