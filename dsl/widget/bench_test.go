package widget

import (
	"encoding/json"
	"math"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/petridish-go/petridish/dsl/display"
)

// jsonTransport encodes each message's content as the kernel would and
// counts the bytes that would cross the wire.
type jsonTransport struct{ bytes int }

func (j *jsonTransport) Comm(msgType string, content, metadata map[string]any, buffers [][]byte) {
	b, _ := json.Marshal(content)
	j.bytes += len(b)
	for _, buf := range buffers {
		j.bytes += len(buf)
	}
}

func (j *jsonTransport) RequestID() string { return "" }

func (j *jsonTransport) Display(data, metadata map[string]any, id string, update bool) {
	b, _ := json.Marshal(data)
	j.bytes += len(b)
}

func (j *jsonTransport) ClearOutput(bool) {}

// benchPlot is a training curve of 500 points.
func benchPlot(step int) *plot.Plot {
	p := plot.New()
	pts := make(plotter.XYs, 500)
	for i := range pts {
		pts[i].X = float64(i)
		pts[i].Y = math.Exp(-float64(i+step)/100) + 0.01*math.Sin(float64(i))
	}
	l, _ := plotter.NewLine(pts)
	p.Add(l)
	return p
}

// BenchmarkRedrawPlot compares the two ways a callback redraws a plot in
// place: an Image widget (PNG as a binary buffer) and a display handle
// (PNG in base64 plus SVG, JSON-encoded). It reports the bytes each
// redraw sends.
func BenchmarkRedrawPlot(b *testing.B) {
	b.Run("Image.SetPlot", func(b *testing.B) {
		j := &jsonTransport{}
		prev := SetTransport(j)
		defer SetTransport(prev)
		img := NewImage(nil)
		defer img.Close()
		j.bytes = 0
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := img.SetPlot(benchPlot(i)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(j.bytes)/float64(b.N), "bytes/redraw")
	})
	b.Run("Handle.Update", func(b *testing.B) {
		j := &jsonTransport{}
		prev := display.SetPublisher(j)
		defer display.SetPublisher(prev)
		h := display.New(nil)
		j.bytes = 0
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := h.Update(benchPlot(i)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(j.bytes)/float64(b.N), "bytes/redraw")
	})
}
