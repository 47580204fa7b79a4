package interp

// petridish: this file is not yaegi's.

import (
	"reflect"
	"strings"
	"sync"
)

// Templates (text/template, html/template) print a value with fmt, so a
// cell value with a String, Error or Format method is given to them in
// its interface wrapper, as to fmt. But they also read a struct's fields
// ({{.Name}}), which the wrapper has not: "can't evaluate field Name in
// type interface {}". For a template, a struct value with such methods is
// given as a struct built with reflect whose first field, embedded, is
// the wrapper, whose methods the struct thus has (reflect promotes the
// methods of a first embedded field), followed by the struct's fields,
// converted as genMappedStruct converts them. Other methods of cell types
// ({{.Label}}) cannot be given to compiled code: reflect cannot make types
// with methods.

// executesTemplate reports whether c0, the callee of a call, is the
// Execute or ExecuteTemplate method of a text/template or html/template
// Template.
func executesTemplate(c0 *node) bool {
	if c0.recv == nil || c0.recv.node == nil || c0.recv.node.typ == nil || len(c0.child) < 2 {
		return false
	}
	switch c0.child[1].ident {
	case "Execute", "ExecuteTemplate":
	default:
		return false
	}
	rt := c0.recv.node.typ.TypeOf()
	if rt == nil || rt.Kind() != reflect.Ptr {
		return false
	}
	p := rt.Elem().PkgPath()
	return rt.Elem().Name() == "Template" && (p == "text/template" || p == "html/template")
}

// wrapperOf returns the conversion of a value of n's type into its
// wrapper for interface rt; for a template, that of a struct (or pointer
// to one) keeps its fields too (wrappedStruct).
func (m *argMapper) wrapperOf(n *node, rt reflect.Type) func(*frame, reflect.Value) reflect.Value {
	wrap := genInterfaceWrapperOf(n, rt)
	if m == nil || !m.fields || wrap == nil {
		return wrap
	}
	if conv := basicStringer(n, rt); conv != nil {
		return conv
	}
	t, ptr := n.typ, false
	if t.cat == ptrT {
		t, ptr = t.val, true
	}
	for t.cat == linkedT && t.val != nil {
		t = t.val
	}
	if t.cat != structT {
		return wrap
	}
	body := genMappedStruct(n, t, m, 1, true)
	var types sync.Map // [2]reflect.Type{wrapper, body}: the struct's type, or nil
	return func(f *frame, v reflect.Value) reflect.Value {
		w := wrap(f, v)
		if !w.IsValid() || w.Kind() != reflect.Struct {
			return w
		}
		b := v
		if ptr {
			if v.Kind() != reflect.Ptr || v.IsNil() {
				return w
			}
			b = v.Elem()
		}
		if b.Kind() != reflect.Struct {
			return w
		}
		if body != nil {
			b = body(f, b)
		}
		b = addressable(b)
		key := [2]reflect.Type{w.Type(), b.Type()}
		ct, ok := types.Load(key)
		if !ok {
			ct = withMethodsOf(w.Type(), b.Type())
			types.Store(key, ct)
		}
		st, _ := ct.(reflect.Type)
		if st == nil {
			return w
		}
		out := reflect.New(st).Elem()
		out.Field(0).Set(w)
		for i := 0; i < b.NumField(); i++ {
			settableField(out, i+1).Set(settableField(b, i))
		}
		if ptr {
			return out.Addr()
		}
		return out
	}
}

// withMethodsOf returns a struct type whose first field, embedded, is of
// wrapper type wt, followed by the fields of struct type bt; nil when
// reflect cannot make it.
func withMethodsOf(wt, bt reflect.Type) (st reflect.Type) {
	defer func() {
		if recover() != nil {
			st = nil
		}
	}()
	sfs := []reflect.StructField{{Name: "CellMethods", Type: wt, Anonymous: true}}
	for i := 0; i < bt.NumField(); i++ {
		sf := bt.Field(i)
		if sf.Name == "CellMethods" {
			return nil
		}
		sf.Offset, sf.Index = 0, nil
		if sf.Anonymous && sf.Type.NumMethod() > 0 {
			// reflect embeds a type with methods first only.
			sf.Anonymous = false
		}
		sfs = append(sfs, sf)
	}
	return reflect.StructOf(sfs)
}

// omittedEmpty reports whether json leaves out field sf of value v: it is
// tagged omitempty and v is empty as json judges it. A field converted for
// json is an interface{} holding a wrapper, which json judged not empty,
// so a zero Temp with a MarshalJSON method tagged omitempty was written,
// and a nil map with MarshalText keys was written null (petridish).
func omittedEmpty(sf reflect.StructField, v reflect.Value) bool {
	tag := sf.Tag.Get("json")
	if !strings.Contains(tag, ",omitempty") {
		return false
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return v.IsZero()
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

// genTemplateMap is genMapped for a map whose keys have map types' methods
// given to a template, which ranges over it and indexes it: a map, of keys
// converted by key when they are comparable (basicStringer's), else
// genMappedKeys' printedMap.
func genTemplateMap(key, elem func(*frame, reflect.Value) reflect.Value) func(*frame, reflect.Value) reflect.Value {
	printed := genMappedKeys(key, elem)
	return func(f *frame, v reflect.Value) reflect.Value {
		if v.Kind() != reflect.Map || v.IsNil() || v.Len() == 0 {
			return v
		}
		var out reflect.Value
		for it := v.MapRange(); it.Next(); {
			k := key(f, it.Key())
			if !k.IsValid() || !k.Type().Comparable() || k.Kind() == reflect.Interface || k.Kind() == reflect.Struct {
				return printed(f, v)
			}
			val := it.Value()
			if elem != nil {
				val = elem(f, val)
			}
			if !out.IsValid() {
				et := v.Type().Elem()
				if elem != nil {
					et = emptyInterfaceRType
				}
				out = reflect.MakeMapWithSize(reflect.MapOf(k.Type(), et), v.Len())
			}
			out.SetMapIndex(k, val)
		}
		return out
	}
}
