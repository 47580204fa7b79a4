//go:build cgo

package cuda

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>

static void* pd_dlopen(const char* name) { return dlopen(name, RTLD_NOW | RTLD_LOCAL); }
static void* pd_dlsym(void* h, const char* name) { return dlsym(h, name); }
static const char* pd_dlerror(void) { return dlerror(); }
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"
)

// library is a dlopened shared library.
type library struct {
	h    unsafe.Pointer
	name string // the name or path it was opened by
}

// dlopenFirst opens the first of names that loads. The error lists every
// name tried with the loader's reason.
func dlopenFirst(names []string) (library, error) {
	var reasons []string
	for _, name := range names {
		cname := C.CString(name)
		h := C.pd_dlopen(cname)
		C.free(unsafe.Pointer(cname))
		if h != nil {
			return library{h: h, name: name}, nil
		}
		reasons = append(reasons, dlerror())
	}
	return library{}, fmt.Errorf("%s", strings.Join(reasons, "; "))
}

// dlerror returns and clears the loader's last error.
func dlerror() string {
	if e := C.pd_dlerror(); e != nil {
		return C.GoString(e)
	}
	return "unknown dynamic-loader error"
}

// sym resolves a function; a missing one is an error naming it and the
// library.
func (l library) sym(name string) (unsafe.Pointer, error) {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	C.pd_dlerror()
	p := C.pd_dlsym(l.h, cname)
	if p == nil {
		return nil, fmt.Errorf("%s has no symbol %s (%s)", l.name, name, dlerror())
	}
	return p, nil
}

// optSym resolves a function that may be absent; nil if it is.
func (l library) optSym(name string) unsafe.Pointer {
	p, _ := l.sym(name)
	return p
}

// resolve fills each *unsafe.Pointer in syms with the symbol of its name.
func (l library) resolve(syms map[string]*unsafe.Pointer) error {
	for name, dst := range syms {
		p, err := l.sym(name)
		if err != nil {
			return err
		}
		*dst = p
	}
	return nil
}
