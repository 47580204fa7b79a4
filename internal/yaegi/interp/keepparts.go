package interp

// petridish: this file is not yaegi's.

// A value of a cell type with methods put in an `any` is kept with its
// type (a valueInterface, keepsMethods), so that compiled code given the
// `any` (fmt, json) gets it converted with its methods. A value of a type
// without methods of its own whose parts have some (a struct with a Temp
// field, a []Temp, a *Reading) was stored bare: `func show(v any) {
// fmt.Println(v) }` printed `{lab 2}` for a Reading{"lab", 2} with a
// Temp's String method, where Go prints `{lab 2.0°C}`, and %T printed the
// reflect structure. Such values are kept with their types too.

// hasMethodParts reports whether a value of type t, a cell type without
// methods or a composite of cell types, has parts (fields, elements, map
// keys and values, a pointee) of cell types with methods, or of cell
// interface types.
func hasMethodParts(t *itype) bool {
	return methodParts(t, 0, map[*itype]bool{})
}

func methodParts(t *itype, depth int, seen map[*itype]bool) bool {
	if t == nil || depth > maxMappedDepth || seen[t] || isBin(t) || isInterfaceSrc(t) {
		return false
	}
	seen[t] = true
	switch t.cat {
	case linkedT:
		return methodParts(t.val, depth+1, seen)
	case ptrT, sliceT, arrayT:
		return withMethods(t.val, depth+1, seen)
	case mapT:
		return withMethods(t.key, depth+1, seen) || withMethods(t.val, depth+1, seen)
	case structT:
		for _, f := range t.field {
			if withMethods(f.typ, depth+1, seen) {
				return true
			}
		}
	}
	return false
}

// withMethods reports whether t is a cell type with methods, a cell
// interface type with methods, or has parts of those.
func withMethods(t *itype, depth int, seen map[*itype]bool) bool {
	if t == nil || t.cat == nilT || isBin(t) {
		return false
	}
	if isInterfaceSrc(t) {
		return !isEmptyInterface(t)
	}
	return len(t.methods()) > 0 || methodParts(t, depth, seen)
}
