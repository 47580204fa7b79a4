package interp_test

// petridish: this file is not yaegi's.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// loopPrograms are the loops that notebook cells write over numbers,
// slices and maps, each a function run(n int) T that the benchmarks call
// through the interpreter and TestLoopPrograms checks against the same
// source compiled (loopCompiled).
var loopPrograms = []struct {
	name, src string
	n         int
}{
	{"DivConst", `
func run(n int) int64 {
	var s int64
	var u uint32
	for i := 0; i < n; i++ {
		x := int64(i)*7919 - 1000003
		s += x/7 + x%7 + x/-3 + x%16
		u = uint32(x)
		s += int64(u/7 + u%7 + u>>3)
	}
	return s
}`, 100000},
	{"FloatSum", `
func run(n int) float64 {
	s := 0.0
	x := 0.5
	for i := 0; i < n; i++ {
		s += x * x / 3
		x += 0.25
	}
	return s
}`, 100000},
	{"Sieve", `
func run(n int) int {
	composite := make([]bool, n+1)
	count := 0
	for i := 2; i <= n; i++ {
		if composite[i] {
			continue
		}
		count++
		for j := i * i; j <= n; j += i {
			composite[j] = true
		}
	}
	return count
}`, 1000000},
	{"MatMul", `
func run(n int) float64 {
	a := make([][]float64, n)
	b := make([][]float64, n)
	c := make([][]float64, n)
	for i := 0; i < n; i++ {
		a[i] = make([]float64, n)
		b[i] = make([]float64, n)
		c[i] = make([]float64, n)
		for j := 0; j < n; j++ {
			a[i][j] = float64(i + j)
			b[i][j] = float64(i - j)
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			for k := 0; k < n; k++ {
				s += a[i][k] * b[k][j]
			}
			c[i][j] = s
		}
	}
	return c[n/2][n/3]
}`, 100},
	{"Bytes", `
func run(n int) int {
	buf := make([]byte, 0, n)
	for i := 0; i < n; i++ {
		buf = append(buf, byte('a'+i%26))
	}
	s := string(buf)
	h := 0
	for i := 0; i < len(s); i++ {
		h = h*31 + int(s[i])
	}
	return h
}`, 100000},
	{"Fib", `
func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func run(n int) int { return fib(n) }`, 25},
	{"StructField", `
type particle struct {
	x, v float64
	n    int
}

func run(n int) float64 {
	p := particle{v: 1}
	for i := 0; i < n; i++ {
		p.x += p.v
		p.v *= 0.999
		p.n++
	}
	return p.x + float64(p.n)
}`, 100000},
	{"Map", `
func run(n int) int {
	m := map[int]int{}
	for i := 0; i < n; i++ {
		m[i%1000] += i
	}
	return m[7] + len(m)
}`, 100000},
}

func BenchmarkLoops(b *testing.B) {
	for _, p := range loopPrograms {
		b.Run(p.name, func(b *testing.B) {
			i := interp.New(interp.Options{})
			if _, err := i.Eval(p.src); err != nil {
				b.Fatal(err)
			}
			v, err := i.Eval("run")
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				v.Call(argN(p.n))
			}
		})
	}
}

func argN(n int) []reflect.Value { return []reflect.Value{reflect.ValueOf(n)} }

// TestLoopPrograms checks that the interpreter's result of each of
// loopPrograms (with a smaller n) is what the program compiled by go run
// prints.
func TestLoopPrograms(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the programs with go run")
	}
	for _, p := range loopPrograms {
		t.Run(p.name, func(t *testing.T) {
			n := p.n / 10
			i := interp.New(interp.Options{})
			if _, err := i.Eval(p.src); err != nil {
				t.Fatal(err)
			}
			v, err := i.Eval("run")
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(v.Call(argN(n))[0].Interface())
			dir := t.TempDir()
			main := "package main\n\nimport \"fmt\"\n" + p.src + fmt.Sprintf("\n\nfunc main() { fmt.Print(run(%d)) }\n", n)
			if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(main), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("go", "run", filepath.Join(dir, "main.go")).CombinedOutput()
			if err != nil {
				t.Fatalf("go run: %v\n%s", err, out)
			}
			if want := string(out); got != want {
				t.Errorf("run(%d) = %s, compiled Go: %s", n, got, want)
			}
		})
	}
}

// TestAppendAllocations bounds the allocations of appending one element
// of a basic type: only the slice's growth allocates (appendOne), where
// reflect.Append allocated a copy of the slice's header at each call.
func TestAppendAllocations(t *testing.T) {
	eval := evaluator(t, interp.New(interp.Options{}))
	eval(`
type Celsius float64

func fill(n int) int {
	var xs []int
	var cs []Celsius
	b := make([]byte, 0, n)
	for i := 0; i < n; i++ {
		xs = append(xs, i)
		cs = append(cs, Celsius(i)/2)
		b = append(b, byte(i))
	}
	return len(xs) + len(cs) + len(b)
}`)
	fill := eval("fill").(func(int) int)
	allocs := testing.AllocsPerRun(5, func() {
		if got := fill(1000); got != 3000 {
			t.Fatalf("fill(1000) = %d, want 3000", got)
		}
	})
	t.Logf("%.0f allocations for 3000 appends", allocs)
	// Two slices that grow from nil to 1000 elements: about 20 times each.
	if allocs > 60 {
		t.Errorf("%.0f allocations for 3000 appends, want at most 60", allocs)
	}
}
