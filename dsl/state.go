package dsl

import (
	"reflect"
	"slices"
	"sort"
	"sync"

	"github.com/petridish-go/petridish/dsl/symbols"
	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// decl records a name a cell declared at top level.
type decl struct {
	kind    string // "var", "const", "type" or "func"
	src     string // the declaration's source, for types
	generic bool   // a generic function or type
	typ     string // for variables: the cell type they were made from, if known
	inst    string // for variables of a generic cell type: its instance, List[int]
}

// state is what the Session knows about the names cells created; the
// interpreter holds the values.
type state struct {
	imports map[string]string // package name in cells -> import path
	decls   map[string]decl
	sources map[string]string // cell file name ("In[3]") -> its source
	filesMu sync.Mutex        // guards files and ids, read by goroutines
	files   []string          // cell names by position-encoding id - 1
	ids     map[string]int
	reused  int                 // ids given again since the session ran out (fileID)
	methods map[string][]string // cell type name -> its methods
	// methodSigs holds the signatures of the methods of cell types, for
	// method values and expressions (methods.go).
	methodSigs map[string]map[string]methodSig
	// funcs holds the source of the functions and methods cells declared,
	// for recompiling callers of a redefined function (redefine.go).
	funcs map[string]funcSource
	// changed lists the types a later cell declared again with another
	// definition, whose old values errors explain.
	changed []string
	// oldValues holds, while a cell that changed types runs, the
	// variables that hold values of their old definitions, by type; a
	// variable the cell defines again leaves it (redefine.go).
	oldValues map[string][]string
	// pastTypes holds the reflect types of the old definitions of the
	// types cells declared again, for noteOldValues (redefine.go).
	pastTypes map[string][]reflect.Type
	// completed lists the packages whose Session source (generic.go) the
	// interpreter has compiled.
	completed map[string]bool
	// srcDocs documents the packages cells imported from source (a
	// module's, %go get's), by import path and name (localmod.go).
	srcDocs map[string]map[string]symbols.DocEntry
	// reloaded holds the import paths of the packages imported again
	// after they changed on disk, for oldTypeUseHint.
	reloaded map[string]bool
	// progs holds the programs compiled from each cell (by position id),
	// progCell the reverse, and cellOfPath the cell whose code the
	// debugger names by a path; all three are guarded by filesMu.
	progs      map[int][]*interp.Program
	progCell   map[*interp.Program]int
	cellOfPath map[string]string
}

func newState() *state {
	return &state{imports: map[string]string{}, decls: map[string]decl{}, sources: map[string]string{}, ids: map[string]int{}, methods: map[string][]string{}, methodSigs: map[string]map[string]methodSig{}, funcs: map[string]funcSource{}, completed: map[string]bool{}, srcDocs: map[string]map[string]symbols.DocEntry{}, reloaded: map[string]bool{}, progs: map[int][]*interp.Program{}, progCell: map[*interp.Program]int{}, cellOfPath: map[string]string{}}
}

func (st *state) declare(name, kind, src string) {
	if name == "_" || name == "" {
		return
	}
	for t, vars := range st.oldValues {
		st.oldValues[t] = slices.DeleteFunc(vars, func(v string) bool { return v == name })
	}
	st.decls[name] = decl{kind: kind, src: src}
}

// names returns the declared names of the given kind ("" for all), sorted,
// without the Session's internal ones.
func (st *state) names(kind string) []string {
	var out []string
	for n, d := range st.decls {
		if (kind == "" || d.kind == kind) && !internalIdent(n) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// internalIdent reports whether name belongs to the Session's machinery.
func internalIdent(name string) bool {
	return len(name) >= 4 && name[:4] == "__pd"
}
