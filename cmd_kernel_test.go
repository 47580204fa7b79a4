package main

import (
	"net/url"
	"testing"
)

// TestKernelInfoHelpLinks checks that the notebook's Help menu leads to
// petridish's own documentation, not only Go's and gonum's.
func TestKernelInfoHelpLinks(t *testing.T) {
	links := map[string]string{}
	for _, l := range kernelInfo().HelpLinks {
		if u, err := url.Parse(l.URL); err != nil || u.Scheme != "https" || u.Host == "" || l.Text == "" {
			t.Errorf("help link %q → %q is not a titled https URL", l.Text, l.URL)
		}
		links[l.URL] = l.Text
	}
	for _, want := range []string{
		"https://github.com/petridish-go/petridish#readme",
		"https://github.com/petridish-go/petridish/blob/main/dsl/README.md",
		"https://pkg.go.dev/github.com/petridish-go/petridish/petri/dish",
		"https://pkg.go.dev/github.com/petridish-go/petridish/dsl/display",
	} {
		if _, ok := links[want]; !ok {
			t.Errorf("help_links lack %s; have %v", want, links)
		}
	}
}
