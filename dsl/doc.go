// Package dsl is petridish's scripting language: notebook-friendly Go
// interpreted by yaegi (github.com/traefik/yaegi), with the heavy lifting
// done by compiled packages (petri/*, gonum, gonum/plot, dsl/display)
// reached through the symbol tables in dsl/symbols.
//
// A Session holds the interpreter state of one notebook or script. Its
// Execute method runs a cell: imports, declarations and statements mix
// freely, state persists across cells, and the value of the last
// expression is the cell's result, rendered as a MIME bundle by type (see
// display.Render). Cells may also hold magics (%help lists them), shell
// lines (!cmd) and help queries (name?). Output of interpreted code,
// compiled code and goroutines streams to the Output given to Execute as
// it happens. Errors are *Error values whose positions name cells, such
// as In[3]:2:5.
//
// The Jupyter kernel (package kernel), `petridish run` and `petridish
// exec` all drive a Session.
package dsl
