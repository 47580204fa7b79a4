package motif

import (
	"fmt"
	"strings"
)

// cellColors are the activations' colours in the cell diagram, by CellAct.
var cellColors = [CellActs]string{"#1f77b4", "#d62728", "#2ca02c", "#7f7f7f"}

// MIMEBundle shows a cell in a notebook as its NAO encoding (text/plain)
// and a diagram (image/svg+xml): the 12 nodes left to right, node 0 fed by
// x_t and h_{t-1}, and for each node an arc from the node it reads,
// coloured by its activation; h_t is the mean of nodes 1 to 11. The
// scripting language displays any value with this method this way, as
// IPython does with _repr_svg_.
func (c Cell) MIMEBundle() map[string]any {
	return map[string]any{"text/plain": c.String(), "image/svg+xml": c.SVG()}
}

// SVG draws the cell's diagram as a standalone SVG document.
func (c Cell) SVG() string {
	const (
		step, left, base, box = 64, 92, 164, 34
	)
	x := func(node int) int { return left + node*step }
	width := x(CellNodes) + 150
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="236" viewBox="0 0 %d 236" font-family="sans-serif" font-size="12">`, width, width)
	b.WriteString(`<defs>`)
	for i, col := range cellColors {
		fmt.Fprintf(&b, `<marker id="a%d" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L8,4L0,8z" fill="%s"/></marker>`, i, col)
	}
	b.WriteString(`<marker id="ain" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L8,4L0,8z" fill="#333"/></marker></defs>`)
	fmt.Fprintf(&b, `<title>recurrent cell %s</title>`, c)
	// Inputs of node 0.
	fmt.Fprintf(&b, `<text x="6" y="%d">x_t, h_(t-1)</text>`, base-box/2-6)
	fmt.Fprintf(&b, `<line x1="10" y1="%d" x2="%d" y2="%d" stroke="#333" marker-end="url(#ain)"/>`, base, x(0)-box/2-2, base)
	// Arcs: node i reads node Prev[i-1].
	for i := 1; i <= CellNodes; i++ {
		p, f := int(c.Prev[i-1]), c.Act[i-1]
		x1, x2 := x(p), x(i)
		h := 18 + 11*(i-p)
		fmt.Fprintf(&b, `<path d="M%d,%d C%d,%d %d,%d %d,%d" fill="none" stroke="%s" stroke-width="2" marker-end="url(#a%d)"/>`,
			x1, base-box/2, x1, base-box/2-h, x2, base-box/2-h, x2, base-box/2-1, cellColors[f], f)
	}
	// Nodes.
	for i := 0; i <= CellNodes; i++ {
		act, col := CellTanh, cellColors[CellTanh]
		if i > 0 {
			act, col = c.Act[i-1], cellColors[c.Act[i-1]]
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="white" stroke="%s" stroke-width="2"/>`, x(i)-box/2, base-box/2, box, box, col)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-weight="bold">%d</text>`, x(i), base+4, i)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="%s">%s</text>`, x(i), base+box/2+15, col, act)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d">h_t = mean(s_1..s_11)</text>`, x(CellNodes)+box/2+10, base+4)
	// Legend.
	for f := range CellAct(CellActs) {
		fmt.Fprintf(&b, `<rect x="%d" y="212" width="12" height="12" fill="%s"/><text x="%d" y="222">%s</text>`, 10+int(f)*90, cellColors[f], 26+int(f)*90, f)
	}
	b.WriteString(`</svg>`)
	return b.String()
}
