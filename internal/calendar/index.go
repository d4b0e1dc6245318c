package calendar

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// state is the immutable, indexed form of a Calendar, built on first use. Working days are kept
// per year: a flag byte per day, the rank of every day among the year's working days and the list
// of working days, so that "the k-th working day after d" costs a few array reads per year crossed.
type state struct {
	err         error
	loc         *time.Location
	fixed       bool // loc is UTC+7 without transitions: split and join use plain arithmetic
	periods     []span
	perDay      time.Duration // working time of one working day
	last        time.Duration // end of the last period
	weeklyOff   [7]bool
	countMakeUp bool
	policy      Policy
	covered     [MaxYear - MinYear + 1]bool
	entries     map[int64]Entry // by day number
	unconfirmed [][2]int64      // day-number ranges, inclusive

	mu    sync.Mutex
	years [MaxYear - MinYear + 1]atomic.Pointer[yearIndex]
}

// span is a working period as offsets from midnight, with the working time before it.
type span struct {
	start, end, before time.Duration
}

const (
	fWorking       = 1 << iota // the day is a working day
	fProvisional               // the day has no official schedule
	fIgnoredMakeUp             // a make-up day not counted (CountMakeUpSaturday is false)
)

type yearIndex struct {
	year  int
	first int64 // day number of 1 January
	n     int
	flags [366]uint8
	ref   [366]int16 // index into refs of the entry that decided the day, or -1
	refs  []Entry
	rank  [367]uint16  // working days among days [0, i)
	prov  [367]uint16  // provisional days among days [0, i)
	work  []uint16     // day offsets of the working days, in order
	skip  []SkippedDay // the non-working days, in order, with their reasons
}

// index returns the calendar's indexed state, building it on first use.
func (c *Calendar) index() (*state, error) {
	c.once.Do(func() { c.state = c.build() })
	return c.state, c.state.err
}

func (c *Calendar) build() *state {
	s := &state{}
	if err := c.Validate(); err != nil {
		s.err = err
		return s
	}
	s.loc, s.fixed = loadZone(c.TimeZone)
	for _, p := range c.Periods {
		sp := span{start: time.Duration(p.Start) * time.Minute, end: time.Duration(p.End) * time.Minute, before: s.perDay}
		s.periods = append(s.periods, sp)
		s.perDay += sp.end - sp.start
	}
	s.last = s.periods[len(s.periods)-1].end
	for _, w := range c.WeeklyOff {
		s.weeklyOff[w] = true
	}
	s.countMakeUp = c.CountMakeUpSaturday
	s.policy = c.policy()
	for _, y := range c.Years {
		s.covered[y-MinYear] = true
	}
	s.entries = make(map[int64]Entry, len(c.Entries))
	for _, e := range c.Entries {
		s.entries[e.Date.days()] = e
	}
	for _, r := range c.Unconfirmed {
		s.unconfirmed = append(s.unconfirmed, [2]int64{r.From.days(), r.To.days()})
	}
	return s
}

// year returns the index of year y, building it on first use.
func (s *state) year(y int) (*yearIndex, error) {
	if y < MinYear || y > MaxYear {
		return nil, errorf(CodeOutOfRange, "Năm %d nằm ngoài phạm vi lịch hỗ trợ (%d–%d).", y, MinYear, MaxYear)
	}
	p := &s.years[y-MinYear]
	if yi := p.Load(); yi != nil {
		return yi, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if yi := p.Load(); yi != nil {
		return yi, nil
	}
	yi := s.buildYear(y)
	p.Store(yi)
	return yi, nil
}

func (s *state) inUnconfirmed(day int64) bool {
	for _, r := range s.unconfirmed {
		if day >= r[0] && day <= r[1] {
			return true
		}
	}
	return false
}

func (s *state) buildYear(y int) *yearIndex {
	yi := &yearIndex{year: y, first: Date{y, 1, 1}.days(), n: daysInYear(y)}
	official := s.covered[y-MinYear]
	var statutoryDays map[int64]Entry
	if !official || slices.ContainsFunc(s.unconfirmed, func(r [2]int64) bool {
		return r[0] < yi.first+int64(yi.n) && r[1] >= yi.first
	}) {
		statutoryDays = make(map[int64]Entry)
		for _, e := range statutory(y, s.weeklyOff) {
			statutoryDays[e.Date.days()] = e
		}
	}
	var rank, prov uint16
	for i := 0; i < yi.n; i++ {
		day := yi.first + int64(i)
		working := !s.weeklyOff[weekdayOf(day)]
		var flags uint8
		if !official || s.inUnconfirmed(day) {
			flags |= fProvisional
		}
		yi.ref[i] = -1
		e, ok := s.entries[day]
		if !ok && flags&fProvisional != 0 {
			e, ok = statutoryDays[day]
		}
		if ok {
			yi.ref[i] = int16(len(yi.refs))
			yi.refs = append(yi.refs, e)
			switch {
			case e.Kind.Off():
				working = false
			case s.countMakeUp:
				working = true
			default:
				flags |= fIgnoredMakeUp
			}
		}
		yi.rank[i], yi.prov[i] = rank, prov
		if working {
			flags |= fWorking
			yi.work = append(yi.work, uint16(i))
			rank++
		}
		if flags&fProvisional != 0 {
			prov++
		}
		yi.flags[i] = flags
	}
	yi.rank[yi.n], yi.prov[yi.n] = rank, prov
	yi.skip = make([]SkippedDay, 0, yi.n-int(rank))
	for i := 0; i < yi.n; i++ {
		if yi.flags[i]&fWorking == 0 {
			info := yi.info(i)
			yi.skip = append(yi.skip, SkippedDay{Date: info.Date, Reason: info.Reason, Kind: info.Kind, Provisional: info.Provisional})
		}
	}
	return yi
}

// info describes day i of the year.
func (yi *yearIndex) info(i int) DayInfo {
	d := DayInfo{
		Date:        dateFromDays(yi.first + int64(i)),
		Working:     yi.flags[i]&fWorking != 0,
		Provisional: yi.flags[i]&fProvisional != 0,
	}
	if r := yi.ref[i]; r >= 0 {
		e := yi.refs[r]
		d.Kind, d.Reason = e.Kind, e.Name
		if yi.flags[i]&fIgnoredMakeUp != 0 {
			d.Reason = weekdayName(d.Date.Weekday()) + " (không tính ngày làm bù: " + e.Name + ")"
		}
	} else if !d.Working {
		d.Reason = weekdayName(d.Date.Weekday())
	}
	return d
}

// locate returns the year index holding the day number and the day's offset in it.
func (s *state) locate(day int64) (*yearIndex, int, error) {
	if day < minDay || day > maxDay {
		return nil, 0, outOfRange(dateFromDays(day))
	}
	yi, err := s.year(yearOfDay(day))
	if err != nil {
		return nil, 0, err
	}
	return yi, int(day - yi.first), nil
}

var (
	minDay = Date{MinYear, 1, 1}.days()
	maxDay = Date{MaxYear, 12, 31}.days()
	// yearStart[i] is the day number of 1 January of MinYear+i, up to MaxYear+1.
	yearStart = func() (t [MaxYear - MinYear + 2]int64) {
		for i := range t {
			t[i] = Date{MinYear + i, 1, 1}.days()
		}
		return t
	}()
)

// yearOfDay returns the year of a day number within minDay … maxDay.
func yearOfDay(day int64) int {
	i := int((day - minDay) * 400 / 146097)
	if i > MaxYear-MinYear {
		i = MaxYear - MinYear
	}
	for day < yearStart[i] {
		i--
	}
	for day >= yearStart[i+1] {
		i++
	}
	return MinYear + i
}

func (s *state) isWorking(day int64) (bool, error) {
	yi, i, err := s.locate(day)
	if err != nil {
		return false, err
	}
	return yi.flags[i]&fWorking != 0, nil
}

// firstWorkingFrom returns the first working day on or after day.
func (s *state) firstWorkingFrom(day int64) (int64, error) {
	yi, i, err := s.locate(day)
	if err != nil {
		return 0, err
	}
	r := int(yi.rank[i])
	for r >= len(yi.work) {
		if yi, err = s.year(yi.year + 1); err != nil {
			return 0, s.beyond()
		}
		r = 0
	}
	return yi.first + int64(yi.work[r]), nil
}

// kthWorkingAfter returns the k-th working day after day (k ≥ 1).
func (s *state) kthWorkingAfter(day int64, k int) (int64, error) {
	yi, i, err := s.locate(day)
	if err != nil {
		return 0, err
	}
	r := int(yi.rank[i+1]) + k - 1
	for r >= len(yi.work) {
		r -= len(yi.work)
		if yi, err = s.year(yi.year + 1); err != nil {
			return 0, s.beyond()
		}
	}
	return yi.first + int64(yi.work[r]), nil
}

func (s *state) beyond() error {
	return errorf(CodeOutOfRange, "Thời hạn vượt quá ngày 31/12/%d, giới hạn của lịch.", MaxYear)
}

// countWorking returns the number of working days in [from, to] (0 if to < from).
func (s *state) countWorking(from, to int64) (int64, error) {
	if to < from {
		return 0, nil
	}
	ya, i, err := s.locate(from)
	if err != nil {
		return 0, err
	}
	yb, j, err := s.locate(to)
	if err != nil {
		return 0, err
	}
	if ya == yb {
		return int64(ya.rank[j+1]) - int64(ya.rank[i]), nil
	}
	n := int64(ya.rank[ya.n]) - int64(ya.rank[i]) + int64(yb.rank[j+1])
	for y := ya.year + 1; y < yb.year; y++ {
		yi, err := s.year(y)
		if err != nil {
			return 0, err
		}
		n += int64(yi.rank[yi.n])
	}
	return n, nil
}

// provisional reports whether any day in [from, to] lacks an official schedule.
func (s *state) provisional(from, to int64) bool {
	for day := from; day <= to; {
		yi, i, err := s.locate(day)
		if err != nil {
			return false
		}
		end := yi.n - 1
		if to < yi.first+int64(end) {
			end = int(to - yi.first)
		}
		if yi.prov[end+1] > yi.prov[i] {
			return true
		}
		day = yi.first + int64(yi.n)
	}
	return false
}

// provisionalNotes explains, in Vietnamese, why a result over [from, to] is provisional.
func (s *state) provisionalNotes(from, to int64) []string {
	var notes []string
	fy, _, _ := civilFromDays(from)
	ty, _, _ := civilFromDays(to)
	for y := fy; y <= ty; y++ {
		if y >= MinYear && y <= MaxYear && !s.covered[y-MinYear] {
			notes = append(notes, fmt.Sprintf("Hạn tạm tính: chưa có lịch nghỉ chính thức năm %d; "+
				"ngày nghỉ lễ, Tết năm %d được suy ra theo Điều 112 Bộ luật Lao động 2019 và âm lịch.", y, y))
		}
	}
	for _, r := range s.unconfirmed {
		if r[1] < from || r[0] > to {
			continue
		}
		a, b := dateFromDays(r[0]), dateFromDays(r[1])
		if s.covered[a.Year-MinYear] || s.covered[b.Year-MinYear] {
			notes = append(notes, fmt.Sprintf("Hạn tạm tính: lịch nghỉ chính thức từ %s đến %s chưa được xác nhận; "+
				"ngày nghỉ trong khoảng này được suy ra theo Điều 112 Bộ luật Lao động 2019.", a.vn(), b.vn()))
		}
	}
	return notes
}

// skipped appends the non-working days in [from, to] to dst.
func (s *state) skipped(dst []SkippedDay, from, to int64) []SkippedDay {
	if to < from {
		return dst
	}
	if n, err := s.countWorking(from, to); err == nil {
		dst = slices.Grow(dst, int(to-from+1-n))
	}
	for day := from; day <= to; {
		yi, i, err := s.locate(day)
		if err != nil {
			return dst
		}
		j := yi.n - 1 // last day of the year in range
		if to < yi.first+int64(j) {
			j = int(to - yi.first)
		}
		// Non-working days before day k of the year: k - rank[k].
		dst = append(dst, yi.skip[i-int(yi.rank[i]):j+1-int(yi.rank[j+1])]...)
		day = yi.first + int64(yi.n)
	}
	return dst
}

// pos is an instant in working time: a working day and the working time elapsed in it, always in
// [0, perDay). Every instant maps forward to one pos (its canonical form, §6.4).
type pos struct {
	day int64
	off time.Duration
}

func (a pos) less(b pos) bool { return a.day < b.day || (a.day == b.day && a.off < b.off) }

// split returns the local day number and time since local midnight of t.
func (s *state) split(t time.Time) (int64, time.Duration) {
	if s.fixed {
		u := t.Unix() + vnOffset
		day := floorDiv(u, 86400)
		return day, time.Duration(u-day*86400)*time.Second + time.Duration(t.Nanosecond())
	}
	lt := t.In(s.loc)
	y, m, d := lt.Date()
	h, mi, sec := lt.Clock()
	return daysFromCivil(y, m, d), time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute +
		time.Duration(sec)*time.Second + time.Duration(lt.Nanosecond())
}

// join returns the instant at time of day sod on the local day number day.
func (s *state) join(day int64, sod time.Duration) time.Time {
	if s.fixed {
		return time.Unix(day*86400-vnOffset, int64(sod)).In(s.loc)
	}
	y, m, d := civilFromDays(day)
	return time.Date(y, m, d, 0, 0, 0, int(sod), s.loc)
}

// canon returns the canonical working-time position of t (§6.2 normalisation): inside a period,
// t itself; before or between periods, the next period start; after the last period or on a
// non-working day, the first period start of the next working day.
func (s *state) canon(t time.Time) (pos, error) {
	day, sod := s.split(t)
	yi, i, err := s.locate(day)
	if err != nil {
		return pos{}, err
	}
	if yi.flags[i]&fWorking != 0 {
		for _, p := range s.periods {
			if sod < p.end {
				if sod < p.start {
					return pos{day, p.before}, nil
				}
				return pos{day, p.before + sod - p.start}, nil
			}
		}
	}
	next, err := s.firstWorkingFrom(day + 1)
	return pos{next, 0}, err
}

// at returns the instant of a position.
func (s *state) at(p pos) time.Time {
	for _, sp := range s.periods {
		if p.off < sp.before+sp.end-sp.start {
			return s.join(p.day, sp.start+p.off-sp.before)
		}
	}
	return s.join(p.day, s.last) // not reached: off < perDay
}

// add moves p forward by m of working time; the result is canonical.
func (s *state) add(p pos, m time.Duration) (pos, error) {
	total := p.off + m
	k, rem := total/s.perDay, total%s.perDay
	if k == 0 {
		return pos{p.day, rem}, nil
	}
	day, err := s.kthWorkingAfter(p.day, int(k))
	return pos{day, rem}, err
}

// between returns the working time from a to b (a ≤ b).
func (s *state) between(a, b pos) (time.Duration, error) {
	if a.day == b.day {
		return b.off - a.off, nil
	}
	n, err := s.countWorking(a.day+1, b.day-1)
	return s.perDay - a.off + time.Duration(n)*s.perDay + b.off, err
}
