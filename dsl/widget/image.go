package widget

import (
	"bytes"
	"fmt"
	"image"
	"image/png"

	"gonum.org/v1/plot"

	"github.com/petridish-go/petridish/dsl/display"
)

// Image shows a PNG (or JPEG, GIF) image whose bytes travel to the
// browser as a binary buffer, not base64 text: the widget to redraw a
// plot or a picture many times a second, from a callback or from a
// training loop.
type Image struct{ base }

// NewImage makes an image widget showing data, the bytes of a PNG file
// (nil for an empty one).
func NewImage(data []byte) *Image {
	return &Image{newBase("Image", "ImageView", "", map[string]any{
		"value": bytes.Clone(data), "format": "png", "width": "", "height": "",
	}, coerceImage)}
}

// coerceImageText checks the image's text attributes.
var coerceImageText = coerceTyped(map[string]string{"format": "string", "width": "string", "height": "string"})

func coerceImage(m *model, key string, v any) (any, error) {
	if key != "value" {
		return coerceImageText(m, key, v)
	}
	b, ok := v.([]byte)
	if !ok {
		return nil, fmt.Errorf("want the image file's bytes ([]byte), got %T", v)
	}
	return bytes.Clone(b), nil
}

// Value returns the image file's bytes.
func (i *Image) Value() []byte { b, _ := i.m.get("value").([]byte); return bytes.Clone(b) }

// SetValue shows the image file data, in the widget's format ("png"
// unless Set("format", "jpeg") changed it).
func (i *Image) SetValue(data []byte) error { return i.m.set("value", data) }

// SetImage shows img, encoded as PNG.
func (i *Image) SetImage(img image.Image) error {
	if img == nil {
		return fmt.Errorf("widget.Image: the image is nil")
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return fmt.Errorf("widget.Image: encoding PNG: %w", err)
	}
	i.m.set("format", "png")
	return i.m.set("value", b.Bytes())
}

// SetPlot shows p as display.Plot draws it: PNG at display.PlotScale
// times the resolution of display.PlotWidth x display.PlotHeight, shown
// at that logical size.
func (i *Image) SetPlot(p *plot.Plot) error {
	data, w, _, err := display.PlotPNG(p, display.PlotWidth, display.PlotHeight)
	if err != nil {
		return err
	}
	i.m.set("format", "png")
	i.m.set("width", fmt.Sprint(w))
	return i.m.set("value", data)
}
