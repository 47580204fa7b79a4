package interp

// petridish: this file is not yaegi's.

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
)

// json names the struct of a field in its type errors by the reflect
// type's name, which a cell struct's type has not: "cannot unmarshal
// number into Go struct field .Name of type string", where Go writes
// "Cfg.Name". After a decoding call into a pointer to a cell type, the
// error gets the name, found by following its field path through the
// cell types.

// renameStructErrors gives a *json.UnmarshalTypeError among out that has
// no struct name the name of the cell struct in which its field was
// decoded, the path being from a value of type top.
func renameStructErrors(top *itype, out []reflect.Value) {
	for _, v := range out {
		if !v.IsValid() || v.Kind() != reflect.Interface || v.IsNil() {
			continue
		}
		err, ok := v.Interface().(error)
		if !ok {
			continue
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Struct == "" && te.Field != "" {
			te.Struct = structNameAt(top, strings.Split(te.Field, "."))
		}
	}
}

// structNameAt returns the name of the struct type in which json finds
// the last field of path, starting from a value of type t; "" when it is
// not found or has no name.
func structNameAt(t *itype, path []string) string {
	name, promoted := "", false
	for _, comp := range path {
		st, sname := structUnder(t, 0)
		if st == nil {
			return ""
		}
		ft, embedded := jsonField(st, comp, 0)
		if ft == nil {
			return ""
		}
		if !promoted {
			// The path names the embedded fields through which a field
			// is promoted (Shape.Meta.owner): json decodes it as a field
			// of the outer struct, whose name the error has.
			name = sname
		}
		promoted, t = embedded, ft
	}
	return name
}

// structUnder returns the struct type that json decodes fields into for
// a value of type t (through pointers, and the elements of slices, arrays
// and maps), and its name.
func structUnder(t *itype, depth int) (*itype, string) {
	for ; t != nil && depth < maxDecodeDepth; depth++ {
		switch t.cat {
		case structT:
			return t, t.name
		case linkedT:
			if u := t.resolveAlias(); u != nil && u.cat == structT {
				return u, t.name
			}
			t = t.val
		case ptrT, sliceT, arrayT, mapT:
			t = t.val
		default:
			return nil, ""
		}
	}
	return nil, ""
}

// jsonField returns the type of the field of struct type st that json
// decodes key into: its tag's name or its own, exactly or folded, or one
// promoted from an embedded struct; nil when there is none. embedded: key
// names an embedded struct field, through which json promotes fields.
func jsonField(st *itype, key string, depth int) (ft *itype, embedded bool) {
	if depth > maxDecodeDepth {
		return nil, false
	}
	var folded *itype
	for _, f := range st.field {
		if f.embed && f.name == key && reflect.StructTag(f.tag).Get("json") == "" {
			if et, _ := structUnder(f.typ, 0); et != nil {
				return f.typ, true
			}
		}
	}
	for _, f := range st.field {
		tagName, _, _ := strings.Cut(reflect.StructTag(f.tag).Get("json"), ",")
		if tagName == "-" {
			continue
		}
		if f.embed && tagName == "" {
			continue
		}
		name := tagName
		if name == "" {
			name = f.name
		}
		if !isExportedName(f.name) {
			continue
		}
		if name == key {
			return f.typ, false
		}
		if folded == nil && strings.EqualFold(name, key) {
			folded = f.typ
		}
	}
	if folded != nil {
		return folded, false
	}
	for _, f := range st.field {
		if !f.embed {
			continue
		}
		if et, _ := structUnder(f.typ, 0); et != nil && f.typ.cat != sliceT && f.typ.cat != mapT && f.typ.cat != arrayT {
			if ft, _ := jsonField(et, key, depth+1); ft != nil {
				return ft, false
			}
		}
	}
	return nil, false
}

// decodesWithMethods reports whether t is a named cell struct type with
// fields (nested, in elements, map keys or values) of cell types with an
// UnmarshalJSON or UnmarshalText method. A pointer to such a struct put in
// an `any` keeps its type (keepsMethods), so that json.Unmarshal(b, v) of
// a `v any` holding one decodes with the methods: it had a bare pointer,
// whose fields json decoded by their underlying types.
func decodesWithMethods(t *itype) bool {
	if t == nil || t.cat != structT || !isNamedCellType(t) {
		return false
	}
	return hasDecodeMethods(t, 0, map[*itype]bool{})
}

// hasDecodeMethods reports whether a value of type t has, in itself or
// its parts, a cell type with an UnmarshalJSON or UnmarshalText method.
func hasDecodeMethods(t *itype, depth int, seen map[*itype]bool) bool {
	if t == nil || depth > maxDecodeDepth || seen[t] || isBin(t) || isInterfaceSrc(t) {
		return false
	}
	seen[t] = true
	if t.cat != ptrT && t.cat != nilT {
		pt := ptrOf(t)
		for _, rt := range []reflect.Type{jsonUnmarshalerType, textUnmarshalerType} {
			if pt.implements(&itype{cat: valueT, rtype: rt}) && methodsInSet(pt, rt) {
				return true
			}
		}
	}
	switch t.cat {
	case linkedT, ptrT, sliceT, arrayT:
		return hasDecodeMethods(t.val, depth+1, seen)
	case mapT:
		return hasDecodeMethods(t.key, depth+1, seen) || hasDecodeMethods(t.val, depth+1, seen)
	case structT:
		for _, f := range t.field {
			if hasDecodeMethods(f.typ, depth+1, seen) {
				return true
			}
		}
	}
	return false
}
