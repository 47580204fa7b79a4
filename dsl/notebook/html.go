package notebook

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"

	"github.com/petridish-go/petridish/dsl/widget"
)

// HTML writes nb as a standalone HTML page: Markdown cells as formatted
// text, code cells with their source and outputs, images inline as data
// URIs, so the page needs no other file.
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
</style>
%s</head>
<body>
`, html.EscapeString(title), widgetHead(nb.Metadata))
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
		return markdownHTML(JoinText(data["text/markdown"]))
	}
	for _, k := range []string{"text/latex", "text/plain"} {
		if _, ok := data[k]; ok {
			return "<pre>" + html.EscapeString(JoinText(data[k])) + "</pre>"
		}
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
	mdCode    = regexp.MustCompile("`([^`]+)`")
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
	inList, inCode := false, false
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

func inline(s string) string {
	s = html.EscapeString(s)
	s = mdCode.ReplaceAllString(s, "<code>$1</code>")
	s = mdBold.ReplaceAllString(s, "<strong>$1</strong>")
	s = mdItalic.ReplaceAllString(s, "<em>$1</em>")
	return mdLink.ReplaceAllString(s, `<a href="$2">$1</a>`)
}
