package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/boombuler/barcode/qr"
	"github.com/signintech/gopdf"
	"golang.org/x/text/unicode/norm"

	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/errs"
)

// This file is the small layout engine under the forms: pages with the NĐ 30/2020 margins, text
// that wraps (justified, centred or flush), page breaks, and the header of an administrative
// document. Lengths are millimetres, font sizes points. Drawing errors are sticky: the first one
// is kept in doc.err and every later call does nothing, so form code reads top to bottom.

const mmPerPt = 25.4 / 72

type style int

const (
	regular style = iota
	bold
	italic
)

type align int

const (
	alignLeft align = iota
	alignCenter
	alignRight
	alignJustify
)

// geometry is a page size and its margins.
type geometry struct {
	w, h                     float64
	top, bottom, left, right float64
}

// The pages: A4 with the margins of NĐ 30/2020 Phụ lục I (top 20, bottom 20, left 30, right 15).
var (
	a4Portrait  = geometry{w: 210, h: 297, top: 20, bottom: 20, left: 30, right: 15}
	a4Landscape = geometry{w: 297, h: 210, top: 20, bottom: 20, left: 30, right: 15}
)

// The type sizes, points: body text 13 (NĐ 30 allows 13–14), tables 12.
const (
	sizeBody  = 13.0
	sizeHead  = 12.0 // agency names and the national name in the header
	sizeTable = 12.0
	sizeNote  = 11.0
	sizeTitle = 14.0
)

// meta is the document information dictionary.
type meta struct {
	title, subject, author string
	created                time.Time
}

type doc struct {
	pdf   *gopdf.GoPdf
	g     geometry
	y     float64 // top of the next line on the current page
	pages int
	err   error

	fontSet   bool
	fontStyle style
	fontSize  float64
}

// newDoc starts a document with one empty page.
func newDoc(g geometry, m meta) *doc {
	p := &gopdf.GoPdf{}
	p.Start(gopdf.Config{Unit: gopdf.UnitMM, PageSize: gopdf.Rect{W: g.w, H: g.h}})
	d := &doc{pdf: p, g: g}
	p.SetInfo(gopdf.PdfInfo{
		Title:        clean(m.title),
		Subject:      clean(m.subject),
		Author:       clean(m.author),
		Creator:      "egov",
		CreationDate: m.created.In(clock.Vietnam), // the same instant gives the same bytes
	})
	for _, f := range []struct {
		data  []byte
		style int
	}{{fontRegular, gopdf.Regular}, {fontBold, gopdf.Bold}, {fontItalic, gopdf.Italic}} {
		if err := p.AddTTFFontDataWithOption(family, f.data, gopdf.TtfOption{Style: f.style}); err != nil {
			d.fail(err)
			return d
		}
	}
	d.newPage()
	return d
}

func (d *doc) fail(err error) {
	if d.err == nil && err != nil {
		d.err = err
	}
}

// finish writes the document to w, or returns the first error met while drawing.
func (d *doc) finish(w io.Writer, what string) error {
	if d.err != nil {
		return errs.Wrap(d.err, "pdf: drawing "+what)
	}
	if _, err := d.pdf.WriteTo(w); err != nil {
		return errs.Wrap(err, "pdf: writing "+what)
	}
	return nil
}

// left, right and width of the text area.
func (d *doc) left() float64   { return d.g.left }
func (d *doc) right() float64  { return d.g.w - d.g.right }
func (d *doc) width() float64  { return d.g.w - d.g.left - d.g.right }
func (d *doc) bottom() float64 { return d.g.h - d.g.bottom }

func (d *doc) newPage() {
	if d.err != nil {
		return
	}
	d.pdf.AddPage()
	d.pages++
	d.fontSet = false
	d.pdf.SetLineWidth(0.2)
	d.y = d.g.top
}

// room reports whether h millimetres fit above the bottom margin.
func (d *doc) room(h float64) bool { return d.y+h <= d.bottom()+0.01 }

// ensure starts a new page unless h millimetres fit on this one.
func (d *doc) ensure(h float64) {
	if !d.room(h) {
		d.newPage()
	}
}

func (d *doc) space(h float64) { d.y += h }

// lineHeight is the distance between baselines for a size: 1.2 em (NĐ 30: at least single spacing).
func lineHeight(size float64) float64 { return size * 1.2 * mmPerPt }

func (d *doc) font(st style, size float64) {
	if d.err != nil || (d.fontSet && d.fontStyle == st && d.fontSize == size) {
		return
	}
	s := gopdf.Regular
	switch st {
	case bold:
		s = gopdf.Bold
	case italic:
		s = gopdf.Italic
	}
	d.fail(d.pdf.SetFontWithStyle(family, s, size))
	d.fontSet, d.fontStyle, d.fontSize = true, st, size
}

// measure is the width of s in millimetres.
func (d *doc) measure(s string, st style, size float64) float64 {
	if d.err != nil || s == "" {
		return 0
	}
	d.font(st, size)
	w, err := d.pdf.MeasureTextWidth(s)
	d.fail(err)
	return w
}

// text draws s with the top of its line box at y.
func (d *doc) text(x, y float64, s string, st style, size float64) {
	if d.err != nil || s == "" {
		return
	}
	d.font(st, size)
	// Centre the glyphs (ascender + descender ≈ 1.107 em for this face) in the 1.2 em line box.
	d.pdf.SetXY(x, y+(1.2-1.107)/2*size*mmPerPt)
	d.fail(d.pdf.Cell(nil, s))
}

// textIn draws one line of s aligned within [x, x+w].
func (d *doc) textIn(x, w, y float64, s string, st style, size float64, a align) {
	switch a {
	case alignCenter:
		x += (w - d.measure(s, st, size)) / 2
	case alignRight:
		x += w - d.measure(s, st, size)
	}
	d.text(x, y, s, st, size)
}

func (d *doc) line(x1, y1, x2, y2 float64) {
	if d.err != nil {
		return
	}
	d.pdf.Line(x1, y1, x2, y2)
}

func (d *doc) rect(x, y, w, h float64) {
	if d.err != nil {
		return
	}
	d.pdf.RectFromUpperLeft(x, y, w, h)
}

// span is a run of text in one style. A kept span is not broken between lines unless it is wider
// than a whole line (phone numbers, codes).
type span struct {
	text string
	st   style
	keep bool
}

func r(s string) span  { return span{text: s, st: regular} }
func b(s string) span  { return span{text: s, st: bold} }
func i(s string) span  { return span{text: s, st: italic} }
func kb(s string) span { return span{text: s, st: bold, keep: true} }

// word is a unit of line breaking: text in one style, and whether a space precedes it.
type word struct {
	text  string
	st    style
	space bool // a space separates it from the previous word
	brk   bool // a forced line break, not a word
	w     float64
}

// words splits spans into words; "\n" forces a break. A word that is wider than max on its own is
// cut between letters.
func (d *doc) words(spans []span, size, max float64) []word {
	var ws []word
	pendingSpace := false
	for _, sp := range spans {
		t := clean(sp.text)
		for li, part := range strings.Split(t, "\n") {
			if li > 0 {
				ws = append(ws, word{brk: true})
				pendingSpace = false
			}
			if part != "" && unicode.IsSpace([]rune(part)[0]) {
				pendingSpace = true
			}
			fields := strings.Fields(part)
			if whole := strings.Join(fields, " "); sp.keep && len(fields) > 1 && d.measure(whole, sp.st, size) <= max {
				fields = []string{whole}
			}
			for _, f := range fields {
				for k, piece := range d.cut(f, sp.st, size, max) {
					// The pieces of a cut word join without a space.
					ws = append(ws, word{text: piece, st: sp.st, space: pendingSpace && k == 0, w: d.measure(piece, sp.st, size)})
				}
				pendingSpace = true
			}
			if part != "" && unicode.IsSpace([]rune(part)[len([]rune(part))-1]) {
				pendingSpace = true
			} else if strings.TrimSpace(part) != "" {
				pendingSpace = false
			}
		}
	}
	return ws
}

// cut breaks a word wider than max into pieces that fit.
func (d *doc) cut(w string, st style, size, max float64) []string {
	if max <= 0 || d.measure(w, st, size) <= max {
		return []string{w}
	}
	var out []string
	rs := []rune(w)
	for len(rs) > 0 {
		n := len(rs)
		for n > 1 && d.measure(string(rs[:n]), st, size) > max {
			n--
		}
		// Prefer to break after a hyphen, slash or dot: codes and dates split at their parts.
		if n < len(rs) {
			for k := n; k > n/2 && k > 1; k-- {
				if strings.ContainsRune("-/.", rs[k-1]) {
					n = k
					break
				}
			}
		}
		out = append(out, string(rs[:n]))
		rs = rs[n:]
	}
	return out
}

// textLine is a laid-out line; hard is true when the paragraph or a forced break ends it (such a
// line is never stretched when justifying).
type textLine struct {
	words []word
	hard  bool
}

// layoutLines breaks words into lines no wider than first (the first line) and rest (the others).
func (d *doc) layoutLines(ws []word, size, first, rest float64) []textLine {
	var lines []textLine
	var cur []word
	curW := 0.0
	limit := first
	flush := func(hard bool) {
		lines = append(lines, textLine{cur, hard})
		cur, curW, limit = nil, 0, rest
	}
	for _, w := range ws {
		if w.brk {
			flush(true)
			continue
		}
		sp := 0.0
		if len(cur) > 0 && w.space {
			sp = d.measure(" ", w.st, size)
		}
		if len(cur) > 0 && curW+sp+w.w > limit+0.01 {
			flush(false)
			sp = 0
		}
		if len(cur) == 0 {
			w.space = false
		}
		cur = append(cur, w)
		curW += sp + w.w
	}
	if len(cur) > 0 || len(lines) == 0 {
		flush(true)
	}
	lines[len(lines)-1].hard = true
	return lines
}

// drawLine draws one laid-out line of words with its top at y. last is true for the last line of
// a paragraph (never stretched when justifying).
func (d *doc) drawLine(line []word, x, w, y, size float64, a align, last bool) {
	natural := 0.0
	gaps := 0
	for k, wd := range line {
		if k > 0 && wd.space {
			natural += d.measure(" ", wd.st, size)
			gaps++
		}
		natural += wd.w
	}
	if a == alignJustify && (last || gaps == 0) {
		a = alignLeft
	}
	extra := 0.0
	switch a {
	case alignCenter:
		x += (w - natural) / 2
	case alignRight:
		x += w - natural
	case alignJustify:
		extra = (w - natural) / float64(gaps)
	}
	// Runs of words in one style are drawn as one string (so text extraction sees the words
	// whole) unless the line is justified, where each word is placed.
	for k := 0; k < len(line); {
		run := line[k].text
		j := k + 1
		if extra == 0 {
			for j < len(line) && line[j].st == line[k].st {
				if line[j].space {
					run += " "
				}
				run += line[j].text
				j++
			}
		}
		d.text(x, y, run, line[k].st, size)
		x += d.measure(run, line[k].st, size)
		if j < len(line) && line[j].space {
			x += d.measure(" ", line[j].st, size) + extra
		}
		k = j
	}
}

// para lays out a paragraph in [x, x+w] from d.y, breaking pages as needed, and leaves d.y under
// its last line. indent applies to the first line.
func (d *doc) para(spans []span, x, w, size float64, a align, indent float64) {
	if d.err != nil {
		return
	}
	lh := lineHeight(size)
	lines := d.layoutLines(d.words(spans, size, w-indent), size, w-indent, w)
	for k, ln := range lines {
		d.ensure(lh)
		ix, iw := x, w
		if k == 0 {
			ix, iw = x+indent, w-indent
		}
		d.drawLine(ln.words, ix, iw, d.y, size, a, ln.hard)
		d.y += lh
	}
}

// body is a justified body paragraph across the text width, first line indented 10 mm (NĐ 30:
// 1–1.27 cm), followed by a small space.
func (d *doc) body(spans ...span) {
	d.para(spans, d.left(), d.width(), sizeBody, alignJustify, 10)
	d.space(1)
}

// field is a labelled line: "label: value", the value in st, wrapped flush left.
func (d *doc) field(label, value string, st style) {
	d.para([]span{r(label + ": "), {text: value, st: st}}, d.left(), d.width(), sizeBody, alignLeft, 0)
}

// labelled is a label and its value, printed "label: value".
type labelled struct{ label, value string }

// fields prints short labelled values on one line, each starting at an equal share of the width
// when they fit there, one per line otherwise.
func (d *doc) fields(fs ...labelled) {
	share := d.width() / float64(len(fs))
	for _, f := range fs {
		if d.measure(f.label+": "+f.value, regular, sizeBody) > share-2 {
			for _, f := range fs {
				d.field(f.label, f.value, regular)
			}
			return
		}
	}
	d.ensure(lineHeight(sizeBody))
	for k, f := range fs {
		d.block(d.left()+float64(k)*share, share, d.y, sizeBody, alignLeft, r(f.label+": "+f.value))
	}
	d.y += lineHeight(sizeBody)
}

// block is a block of lines laid out in [x, x+w] at y (not breaking pages); it returns the y under
// the block.
func (d *doc) block(x, w, y float64, size float64, a align, spans ...span) float64 {
	save := d.y
	d.y = y
	lh := lineHeight(size)
	for _, ln := range d.layoutLines(d.words(spans, size, w), size, w, w) {
		d.drawLine(ln.words, x, w, d.y, size, a, true)
		d.y += lh
	}
	end := d.y
	d.y = save
	return end
}

// header draws the top of an administrative document (NĐ 30/2020 Phụ lục I): the issuing body on
// the left (governing body in upper case, the body itself in bold upper case, a short rule under
// it), the national name and motto on the right (bold, the motto underlined by a rule as long as
// itself). under and underRight are printed under each column (e.g. "Số: …" and the place and
// date). The page continues under the lower of the two columns.
func (d *doc) header(a Agency, under []span, underRight []span) {
	leftW := 0.40 * d.width()
	rightX := d.left() + leftW
	rightW := d.width() - leftW
	y0 := d.y

	// Left column.
	y := y0
	if a.Parent != "" {
		y = d.block(d.left(), leftW, y, sizeHead, alignCenter, r(upper(a.Parent)))
	}
	y = d.block(d.left(), leftW, y, sizeHead, alignCenter, b(upper(a.Name)))
	ruleW := leftW / 3
	d.line(d.left()+(leftW-ruleW)/2, y+0.6, d.left()+(leftW+ruleW)/2, y+0.6)
	y += 2.5
	if len(under) > 0 {
		y = d.block(d.left(), leftW, y, sizeBody, alignCenter, under...)
	}
	leftEnd := y

	// Right column.
	y = y0
	y = d.block(rightX, rightW, y, sizeHead, alignCenter, b("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
	motto := "Độc lập - Tự do - Hạnh phúc"
	y = d.block(rightX, rightW, y, sizeBody, alignCenter, b(motto))
	mw := d.measure(motto, bold, sizeBody)
	d.line(rightX+(rightW-mw)/2, y+0.6, rightX+(rightW+mw)/2, y+0.6)
	y += 2.5
	if len(underRight) > 0 {
		y = d.block(rightX, rightW, y, sizeBody, alignCenter, underRight...)
	}
	d.y = max(leftEnd, y) + 4
}

// title draws a bold, centred form title in [x, x+w] and an optional italic subtitle.
func (d *doc) title(x, w float64, title string, sub ...span) {
	d.para([]span{b(upper(title))}, x, w, sizeTitle, alignCenter, 0)
	if len(sub) > 0 {
		d.para(sub, x, w, sizeBody, alignCenter, 0)
	}
	d.space(3)
}

// sigGap is the room left to sign, mm.
const sigGap = 20.0

// signatures draws signature blocks side by side under the text, kept together on one page. One
// block goes on the right half, as in every administrative document.
func (d *doc) signatures(blocks ...sigBlock) {
	if len(blocks) == 0 {
		return
	}
	d.space(3)
	need := 0.0
	for _, s := range blocks {
		need = max(need, s.height())
	}
	d.ensure(need)
	colW := d.width() / float64(len(blocks))
	x := d.left()
	if len(blocks) == 1 {
		colW = d.width() * 0.55
		x = d.right() - colW
	}
	end := d.y
	for k, s := range blocks {
		end = max(end, d.signature(x+float64(k)*colW, colW, d.y, s))
	}
	d.y = end
}

// signature draws one signature block in [x, x+w] from y and returns the y under it: optional
// italic line above, capacity and title in bold upper case, an italic hint, room to sign, the
// name in bold.
func (d *doc) signature(x, w, y float64, s sigBlock) float64 {
	if s.above != "" {
		y = d.block(x, w, y, sizeBody, alignCenter, i(s.above))
	}
	if s.capacity != "" {
		y = d.block(x, w, y, sizeBody, alignCenter, b(upper(s.capacity)))
	}
	y = d.block(x, w, y, sizeBody, alignCenter, b(upper(s.title)))
	if s.hint != "" {
		y = d.block(x, w, y, sizeNote, alignCenter, i(s.hint))
	}
	y += sigGap
	if s.name != "" {
		y = d.block(x, w, y, sizeBody, alignCenter, b(s.name))
	}
	return y
}

// height is the height of the block when no line wraps.
func (s sigBlock) height() float64 {
	h := lineHeight(sizeBody) + sigGap // title and room to sign
	for _, line := range []string{s.above, s.capacity, s.name} {
		if line != "" {
			h += lineHeight(sizeBody)
		}
	}
	if s.hint != "" {
		h += lineHeight(sizeNote)
	}
	return h
}

// sigBlock is one signature block.
type sigBlock struct {
	above    string // italic line above (e.g. place and date)
	capacity string // KT., TL., TM. … line
	title    string
	hint     string // "(Ký, ghi rõ họ tên)"
	name     string
}

// numberPages writes label(k, n) on every page from first, centred in the top or bottom margin.
func (d *doc) numberPages(first int, top bool, label func(k, n int) string) {
	if d.err != nil {
		return
	}
	for k := first; k <= d.pages; k++ {
		if err := d.pdf.SetPage(k); err != nil {
			d.fail(err)
			return
		}
		d.fontSet = false
		y := d.g.top - 10
		if !top {
			y = d.bottom() + 6
		}
		d.textIn(d.left(), d.width(), y, label(k, d.pages), regular, sizeNote, alignCenter)
	}
}

// qrImage draws a QR code of text, side millimetres wide, with its top-left corner at (x, y).
func (d *doc) qrImage(text string, x, y, side float64) {
	if d.err != nil {
		return
	}
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		d.fail(err)
		return
	}
	// Draw each module as a block of 8×8 pixels with a 4-module quiet zone, so the image is
	// crisp at any zoom and the encoded PNG is the same for the same text.
	const px, quiet = 8, 4
	n := code.Bounds().Dx()
	img := image.NewGray(image.Rect(0, 0, (n+2*quiet)*px, (n+2*quiet)*px))
	for k := range img.Pix {
		img.Pix[k] = 0xff
	}
	for my := 0; my < n; my++ {
		for mx := 0; mx < n; mx++ {
			if isDark(code.At(mx, my)) {
				for yy := 0; yy < px; yy++ {
					for xx := 0; xx < px; xx++ {
						img.SetGray((mx+quiet)*px+xx, (my+quiet)*px+yy, color.Gray{Y: 0})
					}
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		d.fail(err)
		return
	}
	h, err := gopdf.ImageHolderByBytes(buf.Bytes())
	if err != nil {
		d.fail(err)
		return
	}
	d.fail(d.pdf.ImageByHolder(h, x, y, &gopdf.Rect{W: side, H: side}))
}

func isDark(c color.Color) bool {
	g := color.GrayModel.Convert(c).(color.Gray)
	return g.Y < 128
}

// clean makes s safe to draw: NFC (the font has precomposed Vietnamese letters; NFD text would
// show loose marks), tabs as spaces, other control characters dropped except newlines.
func clean(s string) string {
	s = norm.NFC.String(s)
	return strings.Map(func(c rune) rune {
		switch {
		case c == '\n':
			return c
		case c == '\t' || c == '\r':
			return ' '
		case unicode.IsControl(c):
			return -1
		}
		return c
	}, s)
}

// upper is s in upper case, NFC.
func upper(s string) string { return strings.ToUpper(clean(s)) }
