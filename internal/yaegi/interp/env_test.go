package interp_test

import (
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// TestRestrictedEnv checks the environment of a restricted interpreter:
// os.Environ lists the variables in order, a variable set later last (as
// Go does; it was random), and goroutines may read and set variables at
// once (a bare map crashed the process under -race and, at times, without
// it: concurrent map read and map write).
func TestRestrictedEnv(t *testing.T) {
	i := interp.New(interp.Options{Env: []string{"Z=1", "A=2", "M=3"}})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	eval := evaluator(t, i)
	eval(`import ("os"; "strings"; "sync")`)
	eval(`os.Setenv("B", "4"); os.Setenv("Z", "5"); os.Unsetenv("A")`)
	if got, want := eval(`strings.Join(os.Environ(), " ")`), "Z=5 M=3 B=4"; got != want {
		t.Errorf("os.Environ() = %q, want %q", got, want)
	}
	got := eval(`func() string {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 2000; k++ {
				os.Setenv("K", "v")
				_ = os.Getenv("M")
				_ = os.Environ()
			}
		}()
	}
	wg.Wait()
	return os.Getenv("K")
}()`)
	if got != "v" {
		t.Errorf("K = %q after the goroutines, want v", got)
	}
}
