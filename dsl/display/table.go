package display

import (
	"fmt"
	"html"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/petridish-go/petridish/dsl/internal/interpvalue"
)

// Table publishes v — a slice or array of structs, of pointers to structs,
// or of maps with string keys — as an HTML table with an aligned text
// fallback. Struct columns are the exported fields in order; map columns
// are the union of keys, sorted. It returns an error for other values.
func Table(v any) error {
	b, err := TableBundle(v)
	if err != nil {
		return err
	}
	MIME(b)
	return nil
}

// maxTableRows bounds how many rows a table shows; the rest are counted in
// a final "… N more rows" line.
const maxTableRows = 200

// TableBundle returns the bundle that Table publishes.
func TableBundle(v any) (map[string]any, error) {
	header, rows, total, err := tableCells(v)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		MIMEHTML: tableHTML(header, rows, total),
		MIMEText: tableText(header, rows, total),
	}, nil
}

// isTable reports whether Render shows v as a table: a non-empty slice or
// array whose elements are structs or pointers to structs.
func isTable(v reflect.Value) bool {
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return false
	}
	if v.Len() == 0 {
		return false
	}
	et := v.Type().Elem()
	if et.Kind() == reflect.Pointer {
		et = et.Elem()
	}
	return et.Kind() == reflect.Struct && len(exportedFields(et)) > 0
}

func exportedFields(t reflect.Type) []int {
	var idx []int
	for i := 0; i < t.NumField(); i++ {
		if _, exported := interpvalue.FieldName(t, i); exported {
			idx = append(idx, i)
		}
	}
	return idx
}

func tableCells(v any) (header []string, rows [][]string, total int, err error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, nil, 0, fmt.Errorf("display.Table: got %T; want a slice of structs or of map[string]T", v)
	}
	et := rv.Type().Elem()
	total = rv.Len()
	n := min(total, maxTableRows)
	switch {
	case et.Kind() == reflect.Struct || (et.Kind() == reflect.Pointer && et.Elem().Kind() == reflect.Struct):
		st := et
		if st.Kind() == reflect.Pointer {
			st = st.Elem()
		}
		fields := exportedFields(st)
		if len(fields) == 0 {
			return nil, nil, 0, fmt.Errorf("display.Table: %s has no exported fields to show as columns", st)
		}
		for _, f := range fields {
			name, _ := interpvalue.FieldName(st, f)
			header = append(header, name)
		}
		for i := 0; i < n; i++ {
			e := rv.Index(i)
			row := make([]string, len(fields))
			if e.Kind() == reflect.Pointer {
				if e.IsNil() {
					rows = append(rows, row)
					continue
				}
				e = e.Elem()
			}
			for j, f := range fields {
				row[j] = cellText(e.Field(f))
			}
			rows = append(rows, row)
		}
	case et.Kind() == reflect.Map && et.Key().Kind() == reflect.String:
		seen := map[string]bool{}
		for i := 0; i < n; i++ {
			for _, k := range rv.Index(i).MapKeys() {
				if !seen[k.String()] {
					seen[k.String()] = true
					header = append(header, k.String())
				}
			}
		}
		sort.Strings(header)
		for i := 0; i < n; i++ {
			m := rv.Index(i)
			row := make([]string, len(header))
			for j, h := range header {
				if x := m.MapIndex(reflect.ValueOf(h).Convert(et.Key())); x.IsValid() {
					row[j] = cellText(x)
				}
			}
			rows = append(rows, row)
		}
	default:
		return nil, nil, 0, fmt.Errorf("display.Table: got %T; want a slice of structs or of map[string]T", v)
	}
	return header, rows, total, nil
}

// maxCell is the most runes a table cell shows; longer values (a slice
// field, say) are cut with an ellipsis.
const maxCell = 60

// cellText is v as a table cell: fmt's %v, cut to maxCell runes.
func cellText(v reflect.Value) string {
	if !v.IsValid() {
		return ""
	}
	var s string
	if v.CanInterface() {
		s = fmt.Sprint(v.Interface())
	} else {
		s = fmt.Sprint(v)
	}
	if utf8.RuneCountInString(s) <= maxCell {
		return s
	}
	r := []rune(s)
	return string(r[:maxCell-1]) + "…"
}

func tableHTML(header []string, rows [][]string, total int) string {
	var b strings.Builder
	b.WriteString("<table>\n<thead><tr>")
	for _, h := range header {
		fmt.Fprintf(&b, "<th>%s</th>", html.EscapeString(h))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range rows {
		b.WriteString("<tr>")
		for _, c := range r {
			fmt.Fprintf(&b, "<td>%s</td>", html.EscapeString(c))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>")
	if more := total - len(rows); more > 0 {
		fmt.Fprintf(&b, "\n<p>… %d more rows</p>", more)
	}
	return b.String()
}

func tableText(header []string, rows [][]string, total int) string {
	width := make([]int, len(header))
	for i, h := range header {
		width[i] = len([]rune(h))
	}
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(c)
			if i < len(cells)-1 {
				b.WriteString(strings.Repeat(" ", width[i]-len([]rune(c))))
			}
		}
		b.WriteString("\n")
	}
	line(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = strings.Repeat("-", width[i])
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
	if more := total - len(rows); more > 0 {
		fmt.Fprintf(&b, "… %d more rows\n", more)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
