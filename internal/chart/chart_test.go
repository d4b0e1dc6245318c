package chart

import (
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"
)

// parse checks that s is well-formed XML and returns the root's attributes and the text of its
// title and desc.
func parse(t *testing.T, s string) (attrs map[string]string, title, desc string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	attrs = map[string]string{}
	depth := 0
	var in string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, s)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				for _, a := range e.Attr {
					attrs[a.Name.Local] = a.Value
				}
			}
			if depth == 2 {
				in = e.Name.Local
			}
		case xml.EndElement:
			depth--
			in = ""
		case xml.CharData:
			switch in {
			case "title":
				title += string(e)
			case "desc":
				desc += string(e)
			}
		}
	}
	return attrs, title, desc
}

func TestCharts(t *testing.T) {
	c := Chart{ID: "trend", Title: "Hồ sơ theo tháng <&>", Desc: "Tháng 3 nhiều nhất", XLabel: "Tháng", YLabel: "Số hồ sơ",
		Labels: []string{"01/2026", "02/2026", "03/2026"},
		Series: []Series{{Name: "Tiếp nhận", Values: []float64{3, 12, 7}}, {Name: "Đã xử lý", Values: []float64{1, 9, 1234}}}}
	for name, svg := range map[string]string{"bar": Bar(c), "line": Line(c)} {
		attrs, title, desc := parse(t, svg)
		if attrs["role"] != "img" || attrs["aria-labelledby"] != "trend-title trend-desc" {
			t.Errorf("%s: attributes %v", name, attrs)
		}
		if title != "Hồ sơ theo tháng <&>" || desc != "Tháng 3 nhiều nhất" {
			t.Errorf("%s: title %q desc %q", name, title, desc)
		}
		for _, want := range []string{"Tiếp nhận", "Đã xử lý", "1.234", "02/2026", "Số hồ sơ", "Tháng"} {
			if !strings.Contains(svg, want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
	// Series differ by more than colour: a pattern for the second bar series, a dash for the
	// second line.
	if !strings.Contains(Bar(c), `url(#trend-p1)`) || !strings.Contains(Line(c), `stroke-dasharray`) {
		t.Error("series told apart by colour only")
	}
	if got := Bar(Chart{Percent: true, Labels: []string{"A"}, Series: []Series{{Name: "x", Values: []float64{77.5}}}}); !strings.Contains(got, "77,5%") || !strings.Contains(got, ">100%<") {
		t.Errorf("percent chart: %s", got)
	}
	// Months without data leave a gap: two separate lines, no point for the missing month.
	gap := Line(Chart{Labels: []string{"a", "b", "c"}, Series: []Series{{Name: "x", Values: []float64{10, math.NaN(), 20}}}})
	if strings.Count(gap, "<polyline") != 0 || strings.Count(gap, "<circle") != 3 { // two points, one legend marker
		t.Errorf("gap: %s", gap)
	}
	// Empty charts are still well-formed.
	parse(t, Line(Chart{}))
	parse(t, Bar(Chart{Labels: []string{"a"}}))
}

func TestNiceMax(t *testing.T) {
	for _, c := range []struct {
		max, want float64
	}{{0, 4}, {3, 4}, {7, 8}, {12, 20}, {230, 400}, {4100, 8000}, {95, 100}} {
		if got := niceMax(Chart{Series: []Series{{Values: []float64{c.max}}}}); got != c.want {
			t.Errorf("niceMax(%g) = %g, want %g", c.max, got, c.want)
		}
	}
}
