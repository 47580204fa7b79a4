package dsl

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestGenericSlices runs every function of the Session's slices source in
// a cell and compares what it prints with the same calls to Go's slices
// package, compiled here: results, the slices they change, and the zeroed
// tails that Delete, DeleteFunc, Compact and Replace leave.
func TestGenericSlices(t *testing.T) {
	var b strings.Builder
	p := func(a ...any) { fmt.Fprintln(&b, a...) }
	nan := math.NaN()
	byLen := func(a, b string) int { return cmp.Compare(len(a), len(b)) }
	{
		xs := []int{3, 1, 2, 3, 3, 5}
		p(slices.Equal(xs, []int{3, 1, 2, 3, 3, 5}), slices.Equal(xs, xs[:2]), slices.EqualFunc(xs, []string{"3"}, func(a int, b string) bool { return fmt.Sprint(a) == b }))
		p(slices.CompareFunc([]int{1}, []int{1, 0}, func(a, b int) int { return a - b }), slices.CompareFunc([]int{2}, []int{1, 0}, func(a, b int) int { return a - b }))
		p(slices.Index(xs, 3), slices.Index(xs, 9), slices.IndexFunc(xs, func(v int) bool { return v > 2 && v%2 == 1 && v != 3 }), slices.Contains(xs, 5), slices.ContainsFunc(xs, func(v int) bool { return v < 0 }))
		p(slices.Insert(xs, 2, 7, 8), xs)
		ys := slices.Clone(xs)
		p(slices.Delete(ys, 1, 3), ys, slices.DeleteFunc(slices.Clone(xs), func(v int) bool { return v == 3 }))
		zs := slices.Clone(xs)
		p(slices.Replace(zs, 1, 4, 9), zs, slices.Replace([]int{1, 2}, 0, 1, 7, 8, 9))
		p(slices.Clone([]int(nil)) == nil, slices.Clone([]int{}) == nil)
		cs := []int{1, 1, 2, 2, 2, 1}
		p(slices.Compact(cs), cs, slices.CompactFunc([]string{"a", "A", "b"}, strings.EqualFold))
		g := slices.Grow([]int{1}, 10)
		p(len(g), cap(g) >= 11, cap(slices.Clip(g)))
		rs := slices.Clone(xs)
		slices.Reverse(rs)
		p(rs, slices.Concat([]int{1}, nil, []int{2, 3}), slices.Concat[[]int]() == nil, slices.Repeat([]string{"a", "b"}, 2))
		ss := []string{"pear", "fig", "apple", "kiwi"}
		slices.SortFunc(ss, byLen)
		st := []string{"pear", "fig", "apple", "kiwi"}
		slices.SortStableFunc(st, byLen)
		p(st, slices.IsSortedFunc(st, byLen), slices.IsSortedFunc(ss, byLen))
		fs := []float64{2, nan, -1, 0.5}
		slices.Sort(fs)
		is := slices.Clone(xs)
		slices.Sort(is)
		type meters float64
		ms := []meters{3, 1, 2}
		slices.Sort(ms)
		words := []string{"b", "c", "a"}
		slices.Sort(words)
		p(fs, is, ms, words, slices.IsSorted(is), slices.IsSorted(xs))
		p(slices.Min(xs), slices.Max(xs), slices.Min([]float64{1, nan}), slices.Max([]float64{nan, 1}), slices.MinFunc(ss, byLen), slices.MaxFunc(ss, byLen))
		i, ok := slices.BinarySearch(is, 3)
		j, ok2 := slices.BinarySearch(is, 4)
		k, ok3 := slices.BinarySearch([]float64{nan, 1}, nan)
		l, ok4 := slices.BinarySearchFunc(st, 5, func(s string, n int) int { return cmp.Compare(len(s), n) })
		p(i, ok, j, ok2, k, ok3, l, ok4)
	}
	want := b.String()

	// The same calls as a cell (st and ss differ only in how SortFunc
	// orders ties, which Go does not fix; only st is compared). Concat
	// takes its type argument: the interpreter cannot infer it from a
	// variadic list of slices.
	cell := `nan := math.NaN()
byLen := func(a, b string) int { return cmp.Compare(len(a), len(b)) }
xs := []int{3, 1, 2, 3, 3, 5}
fmt.Println(slices.Equal(xs, []int{3, 1, 2, 3, 3, 5}), slices.Equal(xs, xs[:2]), slices.EqualFunc(xs, []string{"3"}, func(a int, b string) bool { return fmt.Sprint(a) == b }))
fmt.Println(slices.CompareFunc([]int{1}, []int{1, 0}, func(a, b int) int { return a - b }), slices.CompareFunc([]int{2}, []int{1, 0}, func(a, b int) int { return a - b }))
fmt.Println(slices.Index(xs, 3), slices.Index(xs, 9), slices.IndexFunc(xs, func(v int) bool { return v > 2 && v%2 == 1 && v != 3 }), slices.Contains(xs, 5), slices.ContainsFunc(xs, func(v int) bool { return v < 0 }))
fmt.Println(slices.Insert(xs, 2, 7, 8), xs)
ys := slices.Clone(xs)
fmt.Println(slices.Delete(ys, 1, 3), ys, slices.DeleteFunc(slices.Clone(xs), func(v int) bool { return v == 3 }))
zs := slices.Clone(xs)
fmt.Println(slices.Replace(zs, 1, 4, 9), zs, slices.Replace([]int{1, 2}, 0, 1, 7, 8, 9))
fmt.Println(slices.Clone([]int(nil)) == nil, slices.Clone([]int{}) == nil)
cs := []int{1, 1, 2, 2, 2, 1}
fmt.Println(slices.Compact(cs), cs, slices.CompactFunc([]string{"a", "A", "b"}, strings.EqualFold))
g := slices.Grow([]int{1}, 10)
fmt.Println(len(g), cap(g) >= 11, cap(slices.Clip(g)))
rs := slices.Clone(xs)
slices.Reverse(rs)
fmt.Println(rs, slices.Concat[int]([]int{1}, nil, []int{2, 3}), slices.Concat[int]() == nil, slices.Repeat([]string{"a", "b"}, 2))
ss := []string{"pear", "fig", "apple", "kiwi"}
slices.SortFunc(ss, byLen)
st := []string{"pear", "fig", "apple", "kiwi"}
slices.SortStableFunc(st, byLen)
fmt.Println(st, slices.IsSortedFunc(st, byLen), slices.IsSortedFunc(ss, byLen))
fs := []float64{2, nan, -1, 0.5}
slices.Sort(fs)
is := slices.Clone(xs)
slices.Sort(is)
type meters float64
ms := []meters{3, 1, 2}
slices.Sort(ms)
words := []string{"b", "c", "a"}
slices.Sort(words)
fmt.Println(fs, is, ms, words, slices.IsSorted(is), slices.IsSorted(xs))
fmt.Println(slices.Min(xs), slices.Max(xs), slices.Min([]float64{1, nan}), slices.Max([]float64{nan, 1}), slices.MinFunc(ss, byLen), slices.MaxFunc(ss, byLen))
i, ok := slices.BinarySearch(is, 3)
j, ok2 := slices.BinarySearch(is, 4)
k, ok3 := slices.BinarySearch([]float64{nan, 1}, nan)
l, ok4 := slices.BinarySearchFunc(st, 5, func(s string, n int) int { return cmp.Compare(len(s), n) })
fmt.Println(i, ok, j, ok2, k, ok3, l, ok4)`
	s := newSession(t)
	_, r := mustRun(t, s, cell)
	// After %reset the new interpreter gets the Session's source again.
	mustRun(t, s, "%reset")
	if res, _ := mustRun(t, s, "fs := []float64{2, 1}\nslices.Sort(fs)\nfs"); text(res) != "[1 2]" {
		t.Errorf("slices.Sort after %%reset: %q", text(res))
	}
	if got := r.out(); got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for n := range max(len(gl), len(wl)) {
			var g, w string
			if n < len(gl) {
				g = gl[n]
			}
			if n < len(wl) {
				w = wl[n]
			}
			if g != w {
				t.Errorf("line %d: the cell printed %q, Go's slices %q", n+1, g, w)
			}
		}
	}
}
