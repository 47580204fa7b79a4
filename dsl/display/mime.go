package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"

	"github.com/petridish-go/petridish/dsl/internal/interpvalue"
)

// MIME types used in bundles.
const (
	MIMEText     = "text/plain"
	MIMEHTML     = "text/html"
	MIMEMarkdown = "text/markdown"
	MIMELaTeX    = "text/latex"
	MIMEJSON     = "application/json"
	MIMEPNG      = "image/png"
	MIMEJPEG     = "image/jpeg"
	MIMESVG      = "image/svg+xml"
)

// Bundler is implemented by values that know how to show themselves in a
// notebook. MIMEBundle returns a map from MIME type to content: strings for
// text types, base64-encoded strings for binary images, and JSON-encodable
// values for application/json. When a cell's last value, or a value given
// to Show, New or Update, implements Bundler, its bundle is published as is
// (with a text/plain fallback added when missing). A nil bundle shows
// nothing: the value has displayed itself some other way.
type Bundler interface {
	MIMEBundle() map[string]any
}

// MIME publishes bundle at once as display_data, like IPython's display().
func MIME(bundle map[string]any) {
	publisher().Display(bundle, nil, "", false)
}

// MIMEWithMetadata publishes bundle with per-type metadata, for example
// {"image/png": {"width": 320, "height": 200}}.
func MIMEWithMetadata(bundle, metadata map[string]any) {
	publisher().Display(bundle, metadata, "", false)
}

// HTML publishes an HTML fragment.
func HTML(html string) { MIME(map[string]any{MIMEHTML: html, MIMEText: html}) }

// Markdown publishes Markdown text.
func Markdown(md string) { MIME(map[string]any{MIMEMarkdown: md, MIMEText: md}) }

// LaTeX publishes a LaTeX formula or fragment, such as `$x^2$`.
func LaTeX(tex string) { MIME(map[string]any{MIMELaTeX: tex, MIMEText: tex}) }

// Text publishes plain text as display_data (unlike fmt.Print, which
// writes to the stdout stream).
func Text(text string) { MIME(map[string]any{MIMEText: text}) }

// JSON publishes v as application/json, with its indented JSON as the text
// form. If v cannot be encoded as JSON, it publishes the error instead and
// returns it.
func JSON(v any) error {
	b, err := JSONBundle(v)
	if err != nil {
		return showError(err)
	}
	MIME(b)
	return nil
}

// JSONBundle returns the bundle that JSON publishes.
func JSONBundle(v any) (map[string]any, error) {
	v, _ = interpvalue.Unwrap(v)
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("display.JSON: cannot encode %T as JSON: %w", v, err)
	}
	var generic any
	if err := json.Unmarshal(raw, &generic); err != nil {
		return nil, fmt.Errorf("display.JSON: %w", err)
	}
	indented, _ := json.MarshalIndent(generic, "", "  ")
	return map[string]any{MIMEJSON: generic, MIMEText: string(indented)}, nil
}

// PNG publishes PNG-encoded image bytes.
func PNG(data []byte) { pubImage(MIMEPNG, data) }

// JPEG publishes JPEG-encoded image bytes.
func JPEG(data []byte) { pubImage(MIMEJPEG, data) }

// SVG publishes an SVG document.
func SVG(svg string) { MIME(map[string]any{MIMESVG: svg}) }

func pubImage(mime string, data []byte) {
	b, md := imageBundle(mime, data)
	MIMEWithMetadata(b, md)
}

// imageBundle base64-encodes data and records its pixel size, when the
// header decodes, in the metadata.
func imageBundle(mime string, data []byte) (bundle, metadata map[string]any) {
	bundle = map[string]any{mime: base64.StdEncoding.EncodeToString(data)}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		metadata = map[string]any{mime: map[string]any{"width": cfg.Width, "height": cfg.Height}}
	}
	return bundle, metadata
}

// Image publishes img as a PNG. If img is nil or encoding fails, it
// publishes the error instead and returns it.
func Image(img image.Image) error {
	b, md, err := ImageBundle(img)
	if err != nil {
		return showError(err)
	}
	MIMEWithMetadata(b, md)
	return nil
}

// ImageBundle returns the bundle and metadata that Image publishes.
func ImageBundle(img image.Image) (bundle, metadata map[string]any, err error) {
	if img == nil {
		return nil, nil, fmt.Errorf("display.Image: the image is nil")
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, nil, fmt.Errorf("display.Image: encoding PNG: %w", err)
	}
	bundle, metadata = imageBundle(MIMEPNG, buf.Bytes())
	r := img.Bounds()
	bundle[MIMEText] = fmt.Sprintf("[image %dx%d]", r.Dx(), r.Dy())
	return bundle, metadata, nil
}
