//go:build ignore

// genlogo draws the kernel logos, a Petri dish in Go blue with a few
// colonies, at 32x32 and 64x64 pixels: go generate ./kernel/kernelspec
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

type disc struct {
	x, y, r float64 // in units of the logo size
	c       color.NRGBA
}

var (
	goBlue = color.NRGBA{0x00, 0xAD, 0xD8, 0xFF}
	rim    = color.NRGBA{0x1B, 0x4F, 0x72, 0xFF}
	agar   = color.NRGBA{0xE8, 0xF6, 0xFA, 0xFF}
	shapes = []disc{
		{0.5, 0.5, 0.47, rim},
		{0.5, 0.5, 0.41, agar},
		{0.36, 0.38, 0.11, goBlue},
		{0.62, 0.34, 0.07, color.NRGBA{0xF2, 0x9D, 0x35, 0xFF}},
		{0.60, 0.62, 0.13, goBlue},
		{0.34, 0.65, 0.06, color.NRGBA{0x6C, 0xBE, 0x45, 0xFF}},
		{0.47, 0.50, 0.04, color.NRGBA{0xCE, 0x32, 0x62, 0xFF}},
	}
)

// draw renders the shapes at size x size with 8x8 supersampling.
func draw(size int) *image.NRGBA {
	const ss = 8
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / float64(size)
					y := (float64(py) + (float64(sy)+0.5)/ss) / float64(size)
					for i := len(shapes) - 1; i >= 0; i-- {
						s := shapes[i]
						if math.Hypot(x-s.x, y-s.y) <= s.r {
							r += float64(s.c.R)
							g += float64(s.c.G)
							b += float64(s.c.B)
							a++
							break
						}
					}
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{uint8(r / a), uint8(g / a), uint8(b / a), uint8(255 * a / ss / ss)})
		}
	}
	return img
}

func main() {
	for _, size := range []int{32, 64} {
		name := map[int]string{32: "logo-32x32.png", 64: "logo-64x64.png"}[size]
		f, err := os.Create(name)
		if err != nil {
			log.Fatal(err)
		}
		if err := png.Encode(f, draw(size)); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}
