package dsl

import "testing"

// A loop over a method of a generic type whose instance only the
// interpreter knows (the receiver comes from a generic constructor)
// ranges as any other: the Session rewrote loops over functions from
// their source, and this one kept an error.
func TestRangeOverGenericMethodOfInferredInstance(t *testing.T) {
	s := newSession(t)
	prog := `package main

import (
	"fmt"
	"iter"
)

type Stack[T any] struct{ items []T }

func NewStack[T any](xs ...T) *Stack[T] { return &Stack[T]{xs} }

func (s *Stack[T]) All() iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, v := range s.items {
			if !yield(v) {
				return
			}
		}
	}
}

func main() {
	s := NewStack(1, 2)
	for v := range s.All() {
		fmt.Println(v)
	}
}
`
	r := &recorder{}
	if _, err := s.ExecuteFile(t.Context(), "prog.go", prog, r); err != nil {
		t.Fatal(err)
	}
	if got := r.out(); got != "1\n2\n" {
		t.Errorf("the loop printed %q, want 1 and 2", got)
	}
}

// A variable of an earlier cell whose type is an instance of a generic
// cell type: a loop over its method's sequence gets the instance's types.
func TestRangeOverGenericMethodOfEarlierCell(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type Bag[T any] struct{ xs []T }

func (b *Bag[T]) Each() iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		for i, x := range b.xs {
			if !yield(i, x) {
				return
			}
		}
	}
}`)
	mustRun(t, s, "var b *Bag[string] = &Bag[string]{xs: []string{\"p\", \"q\"}}")
	_, r := mustRun(t, s, "for i, x := range b.Each() {\n\tfmt.Println(i, x)\n}")
	if want := "0 p\n1 q\n"; r.out() != want {
		t.Errorf("stdout %q, want %q", r.out(), want)
	}
}
