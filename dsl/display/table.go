package display

import (
	"fmt"
	"html"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/petridish-go/petridish/dsl/internal/interpvalue"
)

// Table publishes v — a slice or array of structs, of pointers to structs,
// or of maps with string keys — as an HTML table with an aligned text
// fallback. Struct columns are the exported fields in order; map columns
// are the union of keys, sorted.
//
// A struct field's `table` tag, like encoding/json's tags, names its
// column: `table:"Loss"` heads it "Loss", `table:"-"` leaves the field
// out, and a fmt verb after a comma formats the column's cells:
// `table:"Loss,%.4f"`, or `table:",%.2e"` to keep the field's name.
//
// Floating-point cells without a verb show 6 significant digits (fmt's
// %g with precision 6: 0.333333, 1.23457e+08); values of types with a
// String method, integers, strings and everything else show as fmt's %v.
// A cell is cut at 60 characters, and a table at 200 rows.
//
// When v cannot be shown as a table, Table publishes the error in its
// place, so that it is seen also where the result is ignored, and
// returns it.
func Table(v any) error {
	b, err := TableBundle(v)
	if err != nil {
		return showError(err)
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
		if _, exported := interpvalue.FieldName(t, i); exported && t.Field(i).Tag.Get("table") != "-" {
			idx = append(idx, i)
		}
	}
	return idx
}

// column is how a struct field shows in a table: its header and the fmt
// verb of its cells ("" for formatCell's default).
type column struct {
	header, verb string
}

// columnOf reads the table tag of field i of struct type t: "name",
// "name,%verb" or ",%verb" (see Table).
func columnOf(t reflect.Type, i int) column {
	name, _ := interpvalue.FieldName(t, i)
	c := column{header: name}
	tag := t.Field(i).Tag.Get("table")
	h, verb, _ := strings.Cut(tag, ",")
	if h != "" {
		c.header = h
	}
	if strings.HasPrefix(verb, "%") {
		c.verb = verb
	}
	return c
}

func tableCells(v any) (header []string, rows [][]string, total int, err error) {
	if r, ok := interpvalue.Rows(v); ok {
		v = r
	}
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
		cols := make([]column, len(fields))
		for j, f := range fields {
			cols[j] = columnOf(st, f)
			header = append(header, cols[j].header)
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
				row[j] = formatCell(e.Field(f), cols[j].verb)
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
					row[j] = formatCell(x, "")
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

// floatDigits is how many significant digits a floating-point cell shows
// by default.
const floatDigits = 6

var (
	stringerType  = reflect.TypeFor[fmt.Stringer]()
	formatterType = reflect.TypeFor[fmt.Formatter]()
	errorType     = reflect.TypeFor[error]()
)

// formatCell is v as a table cell: formatted with verb when it is not
// empty, else a float with floatDigits significant digits and anything
// else as fmt's %v; cut to maxCell runes.
func formatCell(v reflect.Value, verb string) string {
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() {
		return ""
	}
	var x any = v
	if v.CanInterface() {
		// The interpreter's wrapper of a cell value with a String
		// method formats as the value: %v with the method, %.2f the
		// number.
		x, _ = interpvalue.Formattable(v.Interface())
	}
	var s string
	switch {
	case verb != "":
		s = fmt.Sprintf(verb, x)
	case (v.Kind() == reflect.Float64 || v.Kind() == reflect.Float32) && !hasFormatMethod(v.Type()):
		s = strconv.FormatFloat(v.Float(), 'g', floatDigits, v.Type().Bits())
	default:
		s = fmt.Sprint(x)
	}
	if utf8.RuneCountInString(s) <= maxCell {
		return s
	}
	r := []rune(s)
	return string(r[:maxCell-1]) + "…"
}

// hasFormatMethod reports whether fmt would format a value of type t with
// one of its methods rather than by its kind.
func hasFormatMethod(t reflect.Type) bool {
	return t.Implements(stringerType) || t.Implements(formatterType) || t.Implements(errorType)
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
