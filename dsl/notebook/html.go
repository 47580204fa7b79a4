package notebook

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/petridish-go/petridish/dsl/widget"
)

// HTML writes nb as a standalone HTML page: Markdown cells as formatted
// text, code cells with their source and outputs, images inline as data
// URIs, so the page needs no other file. Math in Markdown ($...$,
// $$...$$, \(...\), \[...\], \begin{...}...\end{...}) and text/latex
// outputs is kept as LaTeX source, which MathJax, loaded from a CDN when
// the page has any, typesets as Jupyter does; offline it stays readable
// as source.
func (nb *Notebook) HTML(w io.Writer, title string) error {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>%s</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
.cell { margin: 1rem 0; }
.prompt { color: #307fc1; font-family: monospace; font-size: 0.85em; }
pre { margin: 0.3rem 0; padding: 0.5rem; overflow-x: auto; tab-size: 4; }
pre.source { background: #f5f5f5; border: 1px solid #e0e0e0; border-radius: 4px; }
pre.stderr { background: #fdd; }
pre.error { background: #fdd; color: #900; }
.output img { max-width: 100%%; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; }
.widgets-live .widget-fallback { display: none; }
.latex { white-space: pre-wrap; margin: 0.3rem 0; }
</style>
%s%s</head>
<body>
`, html.EscapeString(title), mathHead(nb), widgetHead(nb.Metadata))
	for _, c := range nb.Cells {
		switch c.Type {
		case "markdown":
			b.WriteString(`<div class="cell markdown">` + markdownHTML(c.Source) + "</div>\n")
		case "raw":
			b.WriteString(`<div class="cell raw"><pre>` + html.EscapeString(c.Source) + "</pre></div>\n")
		case "code":
			prompt := " "
			if c.ExecutionCount != nil {
				prompt = fmt.Sprint(*c.ExecutionCount)
			}
			fmt.Fprintf(&b, "<div class=\"cell code\">\n<div class=\"prompt\">In [%s]:</div>\n<pre class=\"source\">%s</pre>\n",
				prompt, html.EscapeString(c.Source))
			for _, o := range c.Outputs {
				b.WriteString(`<div class="output">` + outputHTML(o) + "</div>\n")
			}
			b.WriteString("</div>\n")
		}
	}
	b.WriteString("</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// outputHTML renders one nbformat output.
func outputHTML(o map[string]any) string {
	switch o["output_type"] {
	case "stream":
		cls := "stdout"
		if o["name"] == "stderr" {
			cls = "stderr"
		}
		return fmt.Sprintf(`<pre class="%s">%s</pre>`, cls, html.EscapeString(JoinText(o["text"])))
	case "error":
		var tb []string
		if list, ok := o["traceback"].([]string); ok {
			tb = list
		} else if list, ok := o["traceback"].([]any); ok {
			for _, l := range list {
				tb = append(tb, fmt.Sprint(l))
			}
		}
		return `<pre class="error">` + html.EscapeString(stripANSI(strings.Join(tb, "\n"))) + "</pre>"
	case "display_data", "execute_result":
		data, _ := o["data"].(map[string]any)
		return bundleHTML(data)
	}
	return ""
}

// WidgetManagerURL is the script that renders saved widgets in an HTML
// page: ipywidgets 8's HTML manager, from the jsDelivr CDN. Offline, the
// page shows each widget's text instead.
const WidgetManagerURL = "https://cdn.jsdelivr.net/npm/@jupyter-widgets/html-manager@^1.0.1/dist/embed.js"

// widgetHead returns the page's widget manager and the saved widget
// state, or "" when the notebook saved none.
func widgetHead(md map[string]any) string {
	w, _ := md["widgets"].(map[string]any)
	state, ok := w[widget.StateMIME]
	if !ok {
		return ""
	}
	js, err := json.Marshal(state) // escapes <, > and &: safe inside <script>
	if err != nil {
		return ""
	}
	return `<script src="` + WidgetManagerURL + `" crossorigin="anonymous" onload="document.documentElement.classList.add('widgets-live')"></script>
<script type="` + widget.StateMIME + `">` + string(js) + "</script>\n"
}

// MathJaxURL is the script that typesets the math of an HTML page:
// MathJax 3 from the jsDelivr CDN, as nbconvert's pages load it from a
// CDN. Offline, the math shows as its LaTeX source.
const MathJaxURL = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"

// mathConfig configures MathJax as Jupyter does ($...$ inline math, \$ a
// dollar sign) and confines it to Markdown cells and math outputs: other
// outputs (HTML tables, SVG plots, widgets) may hold dollar signs that
// are no math. It skips <pre> and <code> itself.
const mathConfig = `<script>
window.MathJax = {
  tex: {
    inlineMath: [['$', '$'], ['\\(', '\\)']],
    displayMath: [['$$', '$$'], ['\\[', '\\]']],
    processEscapes: true,
    processEnvironments: true
  },
  options: { ignoreHtmlClass: 'output', processHtmlClass: 'latex|markdown' }
};
</script>
`

// mathHead returns the page's MathJax configuration and script, or ""
// when no Markdown cell or output of nb may hold math.
func mathHead(nb *Notebook) string {
	for _, c := range nb.Cells {
		if c.Type == "markdown" && mayHoldMath(c.Source) {
			return mathConfig + `<script src="` + MathJaxURL + `" id="MathJax-script" async></script>` + "\n"
		}
		for _, o := range c.Outputs {
			data, _ := o["data"].(map[string]any)
			_, latex := data["text/latex"]
			if latex || mayHoldMath(JoinText(data["text/markdown"])) {
				return mathConfig + `<script src="` + MathJaxURL + `" id="MathJax-script" async></script>` + "\n"
			}
		}
	}
	return ""
}

// mayHoldMath reports whether Markdown text has a math delimiter.
func mayHoldMath(md string) bool {
	return strings.Contains(md, "$") || strings.Contains(md, `\(`) || strings.Contains(md, `\[`) || strings.Contains(md, `\begin{`)
}

// bundleHTML renders the richest entry of a MIME bundle that a browser
// can show.
func bundleHTML(data map[string]any) string {
	if view, ok := data[widget.ViewMIME]; ok {
		js, err := json.Marshal(view)
		if err == nil {
			fallback := ""
			if _, ok := data["text/plain"]; ok {
				fallback = `<pre class="widget-fallback">` + html.EscapeString(JoinText(data["text/plain"])) + "</pre>"
			}
			return `<script type="` + widget.ViewMIME + `">` + string(js) + "</script>" + fallback
		}
	}
	if s, ok := data["image/png"].(string); ok {
		return `<img src="data:image/png;base64,` + strings.TrimSpace(s) + `">`
	}
	if s, ok := data["image/jpeg"].(string); ok {
		return `<img src="data:image/jpeg;base64,` + strings.TrimSpace(s) + `">`
	}
	if _, ok := data["image/svg+xml"]; ok {
		return JoinText(data["image/svg+xml"])
	}
	if _, ok := data["text/html"]; ok {
		return JoinText(data["text/html"])
	}
	if _, ok := data["text/markdown"]; ok {
		return `<div class="markdown">` + markdownHTML(JoinText(data["text/markdown"])) + "</div>"
	}
	if _, ok := data["text/latex"]; ok {
		// As JupyterLab and nbconvert do: the source, with its own
		// delimiters, for MathJax to typeset.
		return `<div class="latex">` + html.EscapeString(JoinText(data["text/latex"])) + "</div>"
	}
	if _, ok := data["text/plain"]; ok {
		return "<pre>" + html.EscapeString(JoinText(data["text/plain"])) + "</pre>"
	}
	return ""
}

// JoinText returns the text of one of nbformat's multiline strings, which
// are stored as a string or as a list of strings (a cell's source, a
// stream's text, a text/* entry of a MIME bundle).
func JoinText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []string:
		return strings.Join(t, "")
	case []any:
		var b strings.Builder
		for _, p := range t {
			b.WriteString(fmt.Sprint(p))
		}
		return b.String()
	}
	return ""
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func stripANSI(s string) string { return ansi.ReplaceAllString(s, "") }

var (
	mdHeading = regexp.MustCompile(`^(#{1,6})\s+(.*)$`)
	mdBold    = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	mdItalic  = regexp.MustCompile(`\*([^*]+)\*`)
	mdLink    = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
)

// markdownHTML renders the common subset of Markdown: headings,
// paragraphs, bullet lists, fenced code, inline code, bold, italics and
// links. Everything else shows as text.
func markdownHTML(src string) string {
	var b strings.Builder
	var para []string
	inList, inCode, inMath := false, false, false
	flush := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + inline(strings.Join(para, " ")) + "</p>\n")
			para = nil
		}
	}
	endList := func() {
		if inList {
			b.WriteString("</ul>\n")
			inList = false
		}
	}
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "```"):
			flush()
			endList()
			if inCode {
				b.WriteString("</pre>\n")
			} else {
				b.WriteString("<pre>")
			}
			inCode = !inCode
		case inCode:
			b.WriteString(html.EscapeString(line) + "\n")
		case inMath || strings.Count(t, "$$")%2 == 1:
			// A line of display math, which is no Markdown: its
			// paragraph goes on to the closing $$.
			if !inMath {
				endList()
			}
			para = append(para, t)
			if strings.Count(t, "$$")%2 == 1 {
				inMath = !inMath
			}
		case t == "":
			flush()
			endList()
		case mdHeading.MatchString(t):
			flush()
			endList()
			m := mdHeading.FindStringSubmatch(t)
			fmt.Fprintf(&b, "<h%d>%s</h%d>\n", len(m[1]), inline(m[2]), len(m[1]))
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* "):
			flush()
			if !inList {
				b.WriteString("<ul>\n")
				inList = true
			}
			b.WriteString("<li>" + inline(t[2:]) + "</li>\n")
		default:
			endList()
			para = append(para, t)
		}
	}
	flush()
	endList()
	if inCode {
		b.WriteString("</pre>\n")
	}
	return b.String()
}

// inline formats a paragraph's inline Markdown. Code spans and math are
// set aside first, so that neither is formatted (a * in math is no
// emphasis), and come back as their escaped text.
func inline(s string) string {
	s, kept := protect(s)
	s = html.EscapeString(s)
	s = mdBold.ReplaceAllString(s, "<strong>$1</strong>")
	s = mdItalic.ReplaceAllString(s, "<em>$1</em>")
	s = mdLink.ReplaceAllString(s, `<a href="$2">$1</a>`)
	return mdKept.ReplaceAllStringFunc(s, func(m string) string {
		i, err := strconv.Atoi(m[1 : len(m)-1])
		if err != nil || i >= len(kept) {
			return m
		}
		return kept[i]
	})
}

// mdKept matches the placeholders protect leaves.
var mdKept = regexp.MustCompile("\x00[0-9]+\x00")

// protect replaces the code spans and the math of s, leftmost first, by
// placeholders (NUL, index, NUL), and returns their HTML: code spans as
// <code>, math as its escaped source with its delimiters. Math is
// $$...$$, \(...\), \[...\], \begin{env}...\end{env}, and $...$ where
// the opening $ is not followed by a space and the closing one neither
// follows a space nor precedes a digit, so that "$5 and $10" stays
// text, as in Jupyter. \$ is a dollar sign, left for MathJax.
func protect(s string) (string, []string) {
	var b strings.Builder
	var kept []string
	keep := func(h string) {
		fmt.Fprintf(&b, "\x00%d\x00", len(kept))
		kept = append(kept, h)
	}
	s = strings.ReplaceAll(s, "\x00", "")
	for i := 0; i < len(s); {
		rest := s[i:]
		end := -1 // length of a span of math starting at i
		switch {
		case rest[0] == '`':
			if j := strings.IndexByte(rest[1:], '`'); j > 0 {
				keep("<code>" + html.EscapeString(rest[1:1+j]) + "</code>")
				i += j + 2
				continue
			}
		case strings.HasPrefix(rest, `\$`):
			b.WriteString(`\$`)
			i += 2
			continue
		case strings.HasPrefix(rest, "$$"):
			if j := strings.Index(rest[2:], "$$"); j > 0 {
				end = j + 4
			}
		case strings.HasPrefix(rest, `\(`), strings.HasPrefix(rest, `\[`):
			closing := `\)`
			if rest[1] == '[' {
				closing = `\]`
			}
			if j := strings.Index(rest[2:], closing); j >= 0 {
				end = j + 4
			}
		case strings.HasPrefix(rest, `\begin{`):
			if k := strings.IndexByte(rest, '}'); k > 0 {
				closing := `\end{` + rest[len(`\begin{`):k] + "}"
				if j := strings.Index(rest[k:], closing); j >= 0 {
					end = k + j + len(closing)
				}
			}
		case rest[0] == '$':
			end = inlineMathEnd(rest)
		}
		if end > 0 {
			keep(html.EscapeString(rest[:end]))
			i += end
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String(), kept
}

// inlineMathEnd returns the length of the $...$ that rest starts with, or
// -1 when its $ opens no math.
func inlineMathEnd(rest string) int {
	if len(rest) < 3 || rest[1] == ' ' || rest[1] == '\t' || rest[1] == '$' {
		return -1
	}
	for j := 2; j < len(rest); j++ {
		switch rest[j] {
		case '\\':
			j++ // an escaped character, \$ included
		case '$':
			if rest[j-1] == ' ' || rest[j-1] == '\t' || (j+1 < len(rest) && rest[j+1] >= '0' && rest[j+1] <= '9') {
				return -1
			}
			return j + 1
		}
	}
	return -1
}
