// Package chart draws small bar and line charts as SVG, server-side, for the dashboards. A chart
// is an image with a role, a title and a description (role="img", <title>, <desc>, referenced by
// aria-labelledby), its axes are labelled, and its series differ by pattern and marker shape as
// well as by colour, so that it reads in black and white. The page is expected to follow every
// chart with its numbers as a table: the chart is a picture of the table, not a replacement.
//
// The output is deterministic and well-formed XML; it imports only the standard library.
package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Series is one named row of values, one per label. A value that is not a number (math.NaN)
// has no data: no bar, no point, a gap in the line.
type Series struct {
	Name   string
	Values []float64
}

// Chart is what a chart shows.
type Chart struct {
	// ID makes the ids inside the SVG unique on a page ("trend" gives "trend-title", …).
	ID string
	// Title and Desc are the accessible name and description; Desc should say in words what the
	// chart shows (the largest value, the trend).
	Title, Desc string
	// XLabel and YLabel name the axes.
	XLabel, YLabel string
	// Labels are the categories along the horizontal axis.
	Labels []string
	Series []Series
	// Max is the top of the vertical axis; 0 chooses a round number above the largest value.
	Max float64
	// Percent writes the values and the axis as percents.
	Percent bool
}

// Geometry, in SVG user units (the SVG scales to its container's width).
const (
	width   = 480.0
	height  = 280.0
	padL    = 52.0
	padR    = 10.0
	padT    = 40.0
	padB    = 58.0
	plotW   = width - padL - padR
	plotH   = height - padT - padB
	ticks   = 4
	maxBars = 60
)

// Series styles: a colour, a fill pattern (bars) and a marker and dash (lines) each.
var (
	colours = []string{"#0b4f9c", "#a3161b", "#1f6b33", "#8a4b00"}
	dashes  = []string{"", "6 4", "2 3", "10 3 2 3"}
)

// Bar draws grouped vertical bars: one group per label, one bar per series.
func Bar(c Chart) string { return draw(c, false) }

// Line draws one line per series across the labels, with a marker on every point.
func Line(c Chart) string { return draw(c, true) }

func draw(c Chart, line bool) string {
	var b strings.Builder
	top := c.Max
	if top <= 0 {
		top = niceMax(c)
	}
	id := c.ID
	if id == "" {
		id = "chart"
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" width="100%%" role="img" aria-labelledby="%s-title %s-desc" class="chart" preserveAspectRatio="xMidYMid meet">`,
		width, height, esc(id), esc(id))
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(c.Title), esc(id), esc(c.Desc))
	// Patterns for bars after the first: hatching, dots, cross-hatching.
	b.WriteString(`<defs>`)
	for k := range c.Series {
		col := colours[k%len(colours)]
		switch k % 4 {
		case 1:
			fmt.Fprintf(&b, `<pattern id="%s-p%d" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><rect width="3" height="6" fill="%s"/></pattern>`, esc(id), k, col)
		case 2:
			fmt.Fprintf(&b, `<pattern id="%s-p%d" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.6" fill="%s"/></pattern>`, esc(id), k, col)
		case 3:
			fmt.Fprintf(&b, `<pattern id="%s-p%d" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fff"/><path d="M0 0L6 6M6 0L0 6" stroke="%s" stroke-width="1.4"/></pattern>`, esc(id), k, col)
		}
	}
	b.WriteString(`</defs>`)
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%g" height="%g" fill="#fff"/>`, width, height)

	// Grid and vertical axis.
	b.WriteString(`<g font-family="sans-serif" font-size="13" fill="#1a1a1a">`)
	for k := 0; k <= ticks; k++ {
		v := top * float64(k) / ticks
		y := padT + plotH - plotH*float64(k)/ticks
		fmt.Fprintf(&b, `<line x1="%g" y1="%.1f" x2="%g" y2="%.1f" stroke="#c8ccd2" stroke-width="1"/>`, padL, y, padL+plotW, y)
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" text-anchor="end">%s</text>`, padL-6, y+4, esc(number(v, c.Percent)))
	}
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#1a1a1a"/>`, padL, padT, padL, padT+plotH)
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#1a1a1a"/>`, padL, padT+plotH, padL+plotW, padT+plotH)
	fmt.Fprintf(&b, `<text x="15" y="%g" text-anchor="middle" transform="rotate(-90 15 %g)" font-weight="bold">%s</text>`,
		padT+plotH/2, padT+plotH/2, esc(c.YLabel))
	fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="middle" font-weight="bold">%s</text>`, padL+plotW/2, height-6, esc(c.XLabel))

	n := min(len(c.Labels), maxBars)
	slot := plotW / float64(max(n, 1))
	// Category labels: all of them when they fit, else every k-th.
	every := 1
	if n > 0 {
		every = int(math.Ceil(float64(n) * 56 / plotW))
	}
	for k := 0; k < n; k++ {
		if k%every != 0 {
			continue
		}
		x := padL + slot*(float64(k)+0.5)
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" text-anchor="middle">%s</text>`, x, padT+plotH+16, esc(c.Labels[k]))
	}
	yOf := func(v float64) float64 {
		if top <= 0 {
			return padT + plotH
		}
		return padT + plotH - plotH*math.Min(math.Max(v, 0), top)/top
	}
	if line {
		for s, ser := range c.Series {
			col := colours[s%len(colours)]
			// A value that is not a number (no data) leaves a gap in the line.
			var runs [][]string
			var pts []string
			for k := 0; k < n && k < len(ser.Values); k++ {
				if math.IsNaN(ser.Values[k]) {
					if len(pts) > 0 {
						runs, pts = append(runs, pts), nil
					}
					continue
				}
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", padL+slot*(float64(k)+0.5), yOf(ser.Values[k])))
			}
			if len(pts) > 0 {
				runs = append(runs, pts)
			}
			dash := ""
			if d := dashes[s%len(dashes)]; d != "" {
				dash = ` stroke-dasharray="` + d + `"`
			}
			fmt.Fprintf(&b, `<g><title>%s</title>`, esc(ser.Name))
			for _, run := range runs {
				if len(run) > 1 {
					fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"%s/>`, strings.Join(run, " "), col, dash)
				}
			}
			for k := 0; k < n && k < len(ser.Values); k++ {
				if math.IsNaN(ser.Values[k]) {
					continue
				}
				x, y := padL+slot*(float64(k)+0.5), yOf(ser.Values[k])
				b.WriteString(marker(s, x, y, col))
				if n <= 12 {
					fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="11">%s</text>`, x, y-8, esc(number(ser.Values[k], c.Percent)))
				}
			}
			b.WriteString(`</g>`)
		}
	} else {
		ns := max(len(c.Series), 1)
		bw := slot * 0.8 / float64(ns)
		for s, ser := range c.Series {
			fill := colours[s%len(colours)]
			if s%4 != 0 {
				fill = fmt.Sprintf("url(#%s-p%d)", id, s)
			}
			fmt.Fprintf(&b, `<g><title>%s</title>`, esc(ser.Name))
			for k := 0; k < n && k < len(ser.Values); k++ {
				if math.IsNaN(ser.Values[k]) {
					continue
				}
				x := padL + slot*float64(k) + slot*0.1 + bw*float64(s)
				y := yOf(ser.Values[k])
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="%s"/>`, x, y, bw, padT+plotH-y, esc(fill), colours[s%len(colours)])
				if n*ns <= 24 {
					fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="11">%s</text>`, x+bw/2, y-3, esc(number(ser.Values[k], c.Percent)))
				}
			}
			b.WriteString(`</g>`)
		}
	}
	// Legend, top left: swatch (pattern or marker) and name.
	x := padL
	for s, ser := range c.Series {
		col := colours[s%len(colours)]
		if line {
			dash := ""
			if d := dashes[s%len(dashes)]; d != "" {
				dash = ` stroke-dasharray="` + d + `"`
			}
			fmt.Fprintf(&b, `<line x1="%.1f" y1="14" x2="%.1f" y2="14" stroke="%s" stroke-width="2.5"%s/>`, x, x+22, col, dash)
			b.WriteString(marker(s, x+11, 14, col))
		} else {
			fill := col
			if s%4 != 0 {
				fill = fmt.Sprintf("url(#%s-p%d)", id, s)
			}
			fmt.Fprintf(&b, `<rect x="%.1f" y="8" width="14" height="12" fill="%s" stroke="%s"/>`, x, esc(fill), col)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="18">%s</text>`, x+26, esc(ser.Name))
		x += 26 + float64(len([]rune(ser.Name)))*7.2 + 18
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}

// marker is the point marker of series s: a circle, a square, a triangle, a diamond.
func marker(s int, x, y float64, col string) string {
	switch s % 4 {
	case 1:
		return fmt.Sprintf(`<rect x="%.1f" y="%.1f" width="8" height="8" fill="%s"/>`, x-4, y-4, col)
	case 2:
		return fmt.Sprintf(`<path d="M%.1f %.1fL%.1f %.1fL%.1f %.1fZ" fill="%s"/>`, x, y-5, x+5, y+4, x-5, y+4, col)
	case 3:
		return fmt.Sprintf(`<path d="M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ" fill="%s"/>`, x, y-5, x+5, y, x, y+5, x-5, y, col)
	}
	return fmt.Sprintf(`<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>`, x, y, col)
}

// niceMax is a round top for the axis above every value: 100 for percents, else 1, 2, 2.5 or 5
// times a power of ten.
func niceMax(c Chart) float64 {
	var m float64
	for _, s := range c.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				m = math.Max(m, v)
			}
		}
	}
	if c.Percent {
		return 100
	}
	if m <= ticks {
		return ticks
	}
	if m > 1e15 {
		return m
	}
	// A step of 1, 2, 2.5 (from 25 up) or 5 times a power of ten, so that every tick is a round
	// whole number.
	for p := 1.0; ; p *= 10 {
		for _, f := range []float64{1, 2, 2.5, 5} {
			if f == 2.5 && p < 10 {
				continue
			}
			if step := f * p; step*ticks >= m {
				return step * ticks
			}
		}
	}
}

// number writes a value as Vietnamese does: a decimal comma, dots between thousands.
func number(v float64, percent bool) string {
	var s string
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		s = thousands(int64(v))
	} else {
		s = strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1)
	}
	if percent {
		s += "%"
	}
	return s
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// esc escapes text for XML content and attributes.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		default:
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
