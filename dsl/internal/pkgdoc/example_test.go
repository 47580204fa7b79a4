package pkgdoc_test

import (
	"fmt"

	"github.com/petridish-go/petridish/dsl/internal/pkgdoc"
)

// Dir documents a package from its folder: the package itself under "",
// and each exported name.
func ExampleDir() {
	docs, err := pkgdoc.Dir("example.com/greet", "testdata/greet")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(docs[""].Decl)
	hello := docs["Hello"]
	fmt.Printf("%s: %s (%s)\n%s", hello.Kind, hello.Decl, hello.Pos, hello.Doc)
	_, found := docs["unexported"]
	fmt.Println(found)
	// Output:
	// package greet // import "example.com/greet"
	// func: func Hello(name string) string (example.com/greet/greet.go:5)
	// Hello greets name.
	// false
}
