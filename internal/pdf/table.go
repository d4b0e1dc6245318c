package pdf

// Tables: bordered grids whose cells wrap, whose rows break across pages (a row taller than a page
// is split between lines), and whose header row is drawn again at the top of every page.

// column is one column of a table.
type column struct {
	title string
	w     float64 // width, mm
	align align   // of the body cells
	// group, when set, is printed above the title across the consecutive columns sharing it
	// (e.g. "Số lượng" above "Bản chính", "Bản chứng thực", "Bản photo").
	group string
}

// cell is the content of a body cell: paragraphs, each in one style, aligned as the column says. A
// paragraph may have a right half (pair), drawn side by side with text in the left half, each
// centred: signature captions.
type cell []cellPara

type cellPara struct {
	text string
	st   style
	pair string // when not empty, text goes in the left half and pair in the right
}

// plain is a cell of one regular paragraph.
func plain(s string) cell { return cell{{text: s}} }

// table is a table being drawn.
type table struct {
	cols     []column
	size     float64 // body font size
	headSize float64
	padX     float64
	padY     float64
}

func newTable(size float64, cols ...column) *table {
	return &table{cols: cols, size: size, headSize: size, padX: 1.2, padY: 0.8}
}

// drawn line of a cell: one or two parts.
type cellLine struct {
	parts []cellPart
}

type cellPart struct {
	words []word
	x, w  float64 // relative to the cell's text area
	align align
}

func (t *table) x0(d *doc) float64 { return d.left() }

// cellLines lays out a cell in width w.
func (d *doc) cellLines(c cell, w, size float64, colAlign align) []cellLine {
	var out []cellLine
	for _, p := range c {
		a := colAlign
		if p.pair == "" {
			for _, ln := range d.layoutLines(d.words([]span{{text: p.text, st: p.st}}, size, w), size, w, w) {
				out = append(out, cellLine{[]cellPart{{words: ln.words, w: w, align: a}}})
			}
			continue
		}
		half := w / 2
		left := d.layoutLines(d.words([]span{{text: p.text, st: p.st}}, size, half), size, half, half)
		right := d.layoutLines(d.words([]span{{text: p.pair, st: p.st}}, size, half), size, half, half)
		for k := 0; k < max(len(left), len(right)); k++ {
			var l cellLine
			if k < len(left) {
				l.parts = append(l.parts, cellPart{words: left[k].words, w: half, align: alignCenter})
			}
			if k < len(right) {
				l.parts = append(l.parts, cellPart{words: right[k].words, x: half, w: half, align: alignCenter})
			}
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		out = append(out, cellLine{})
	}
	return out
}

// head draws the header row(s) at d.y and moves d.y under them.
func (t *table) head(d *doc) {
	lh := lineHeight(t.headSize)
	hasGroups := false
	for _, c := range t.cols {
		if c.group != "" {
			hasGroups = true
		}
	}
	titleLines := func(s string, w float64) []textLine {
		return d.layoutLines(d.words([]span{b(s)}, t.headSize, w-2*t.padX), t.headSize, w-2*t.padX, w-2*t.padX)
	}
	// Heights: h1 is the group row, h2 the row of titles under a group; a column without a group
	// spans both.
	var h1, h2, hu float64
	type grp struct {
		title      string
		from, to   int
		x, w       float64
		titleLines []textLine
	}
	var groups []grp
	x := t.x0(d)
	for k, c := range t.cols {
		n := float64(len(titleLines(c.title, c.w)))*lh + 2*t.padY
		if c.group == "" {
			hu = max(hu, n)
		} else {
			h2 = max(h2, n)
			if len(groups) > 0 && groups[len(groups)-1].title == c.group && groups[len(groups)-1].to == k-1 {
				groups[len(groups)-1].to = k
				groups[len(groups)-1].w += c.w
			} else {
				groups = append(groups, grp{title: c.group, from: k, to: k, x: x, w: c.w})
			}
		}
		x += c.w
	}
	for k := range groups {
		groups[k].titleLines = titleLines(groups[k].title, groups[k].w)
		h1 = max(h1, float64(len(groups[k].titleLines))*lh+2*t.padY)
	}
	total := hu
	if hasGroups {
		total = max(hu, h1+h2)
		h2 = total - h1
	}
	d.ensure(total + lineHeight(t.size) + 2*t.padY) // never a header alone at the foot of a page
	y := d.y
	// centred block of lines, vertically middle in [top, top+h]
	drawCentered := func(lines []textLine, x, w, top, h float64) {
		start := top + (h-float64(len(lines))*lh)/2
		for k, ln := range lines {
			d.drawLine(ln.words, x+t.padX, w-2*t.padX, start+float64(k)*lh, t.headSize, alignCenter, true)
		}
	}
	x = t.x0(d)
	for _, c := range t.cols {
		if c.group == "" {
			d.rect(x, y, c.w, total)
			drawCentered(titleLines(c.title, c.w), x, c.w, y, total)
		} else {
			d.rect(x, y+h1, c.w, h2)
			drawCentered(titleLines(c.title, c.w), x, c.w, y+h1, h2)
		}
		x += c.w
	}
	for _, g := range groups {
		d.rect(g.x, y, g.w, h1)
		drawCentered(g.titleLines, g.x, g.w, y, h1)
	}
	d.y = y + total
}

// rows draws body rows under the header, starting a new page (and drawing the header again) when a
// row does not fit. A row taller than what is left of a fresh page is split between its lines.
func (t *table) rows(d *doc, rows [][]cell) {
	if d.err != nil {
		return
	}
	lh := lineHeight(t.size)
	t.head(d)
	for _, row := range rows {
		if d.err != nil {
			return
		}
		laid := make([][]cellLine, len(t.cols))
		n := 0
		for k, c := range t.cols {
			var content cell
			if k < len(row) {
				content = row[k]
			}
			laid[k] = d.cellLines(content, c.w-2*t.padX, t.size, c.align)
			n = max(n, len(laid[k]))
		}
		fresh := false // a page was just started for this row
		for from := 0; from < n; {
			fit := int((d.bottom() - d.y - 2*t.padY + 0.01) / lh)
			if fit < n-from && !fresh && (fit < 1 || n-from <= t.pageLines(d)) {
				// The rest of the row fits on a fresh page: move it there whole.
				d.newPage()
				t.head(d)
				fresh = true
				continue
			}
			fit = max(fit, 1)
			to := min(n, from+fit)
			h := float64(to-from)*lh + 2*t.padY
			x := t.x0(d)
			for k, c := range t.cols {
				d.rect(x, d.y, c.w, h)
				for j := from; j < to && j < len(laid[k]); j++ {
					for _, p := range laid[k][j].parts {
						d.drawLine(p.words, x+t.padX+p.x, p.w, d.y+t.padY+float64(j-from)*lh, t.size, p.align, true)
					}
				}
				x += c.w
			}
			d.y += h
			from = to
			if from < n {
				d.newPage()
				t.head(d)
				fresh = true
			}
		}
	}
}

// pageLines is how many body lines fit on a fresh page under the header.
func (t *table) pageLines(d *doc) int {
	// The header is at most a few lines; estimate it generously as four.
	avail := d.bottom() - d.g.top - 4*lineHeight(t.headSize) - 2*t.padY
	return int(avail / lineHeight(t.size))
}
