package display

import (
	"bytes"
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Plot sizes used when rendering a *plot.Plot. The PNG is drawn at
// PlotScale times the notebook's 96 DPI so it stays sharp on high-density
// (retina) screens; its metadata asks the front end to show it at the
// logical size.
var (
	PlotWidth  = 6 * vg.Inch
	PlotHeight = 4 * vg.Inch
	PlotScale  = 2
)

// Plot publishes p as a PNG image with an SVG alternative, sized for a
// notebook (PlotWidth x PlotHeight) and drawn at PlotScale times the
// resolution so that it stays sharp on high-density (retina) screens. If
// p is nil or cannot be drawn, it publishes the error instead and returns
// it. For another size use PlotSize.
func Plot(p *plot.Plot) error {
	return PlotSize(p, PlotWidth, PlotHeight)
}

// PlotSize is Plot at w x h instead of PlotWidth x PlotHeight, for one
// figure of another shape: PlotSize(p, 8*vg.Inch, 3*vg.Inch) shows a wide,
// short plot at 768x288 logical pixels. If p is nil or cannot be drawn,
// or a size is not positive, it publishes the error instead and returns
// it.
func PlotSize(p *plot.Plot, w, h vg.Length) error {
	b, md, err := PlotBundle(p, w, h)
	if err != nil {
		return showError(err)
	}
	MIMEWithMetadata(b, md)
	return nil
}

// PlotBundle renders p at the given size into a bundle holding image/png
// (PlotScale x resolution), image/svg+xml and a text/plain placeholder,
// with metadata giving the PNG's logical width and height in pixels. An
// axis left at gonum's plot.DefaultTicks is drawn with Ticks, whose
// labels say their ticks' values.
func PlotBundle(p *plot.Plot, w, h vg.Length) (bundle, metadata map[string]any, err error) {
	png, lw, lh, err := PlotPNG(p, w, h)
	if err != nil {
		return nil, nil, err
	}
	svgc := vgsvg.New(w, h)
	withTicks(p, func() { p.Draw(draw.New(svgc)) })
	var svg bytes.Buffer
	if _, err := svgc.WriteTo(&svg); err != nil {
		return nil, nil, fmt.Errorf("display.Plot: encoding SVG: %w", err)
	}
	bundle, _ = imageBundle(MIMEPNG, png)
	bundle[MIMESVG] = svg.String()
	bundle[MIMEText] = fmt.Sprintf("[plot %dx%d]", lw, lh)
	metadata = map[string]any{MIMEPNG: map[string]any{"width": lw, "height": lh}}
	return bundle, metadata, nil
}

// PlotPNG draws p at the given size as PNG bytes at PlotScale times the
// notebook's 96 DPI, and returns the image's logical width and height in
// pixels, the size to show it at.
func PlotPNG(p *plot.Plot, w, h vg.Length) (png []byte, width, height int, err error) {
	if p == nil {
		return nil, 0, 0, fmt.Errorf("display.Plot: the plot is nil; create one with plot.New()")
	}
	if w <= 0 || h <= 0 {
		return nil, 0, 0, fmt.Errorf("display.Plot: size %vx%v must be positive", w, h)
	}
	const dpi = 96
	scale := PlotScale
	if scale < 1 {
		scale = 1
	}
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi*scale))
	withTicks(p, func() { p.Draw(draw.New(c)) })
	var b bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&b); err != nil {
		return nil, 0, 0, fmt.Errorf("display.Plot: encoding PNG: %w", err)
	}
	return b.Bytes(), int(w.Dots(dpi) + 0.5), int(h.Dots(dpi) + 0.5), nil
}
