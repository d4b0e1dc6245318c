package calendar

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxLine bounds the length of one line of a calendar file.
const maxLine = 64 << 10

var weekdayCodes = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

var weekdayAliases = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
	"cn": time.Sunday, "t2": time.Monday, "t3": time.Tuesday, "t4": time.Wednesday,
	"t5": time.Thursday, "t6": time.Friday, "t7": time.Saturday,
}

// Parse reads a calendar file and validates it.
//
// The format (also written by Write) is UTF-8 text, one item per line (LF or CRLF). Blank lines
// and lines starting with # are ignored. Header lines "key: value" come first, each key at most
// once:
//
//	name: Lịch nghỉ lễ, Tết của cơ quan nhà nước       (required)
//	zone: Asia/Ho_Chi_Minh                             (default)
//	hours: 08:00-12:00 13:00-17:00                     (working periods; default as shown)
//	weekly-off: sat sun                                (sun mon tue wed thu fri sat; default sat sun)
//	count-makeup-saturday: true                        (default true)
//	policy: workingTime                                (or civilCodeDays; default workingTime)
//	years: 2024 2025 2026                              (years with an official schedule)
//	unconfirmed: 2026-08-29..2026-09-06                (dates or ranges not yet confirmed)
//
// Then one entry per line: date, kind, name and an optional legal reference, separated by tabs:
//
//	2025-01-27<TAB>holiday<TAB>Tết Nguyên đán<TAB>Bộ luật Lao động 2019, Điều 112
//
// Kinds are holiday, swap-off, make-up and local-off; a date appears at most once; a make-up day
// must fall on a weekly day off. A line without any tab is read as date, kind and name separated
// by spaces (no legal reference). Every value is trimmed of surrounding spaces. Without a years
// line, the official years are those of the entries; an empty "years:" line declares none.
//
// Errors are *Error values with code "invalid_calendar_file" whose Message, in Vietnamese, starts
// with the number of the first bad line ("Dòng 12: …"), also in Error.Line; problems of the whole
// file (a missing name line, a read error) have Line 0.
func Parse(r io.Reader) (*Calendar, error) {
	c := New("")
	weeklyOff := [7]bool{time.Saturday: true, time.Sunday: true}
	seen := make(map[string]bool)
	dates := make(map[Date]int)
	inEntries := false
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		text = strings.TrimSpace(text)
		if text == "" || text[0] == '#' {
			continue
		}
		if text[0] >= '0' && text[0] <= '9' {
			inEntries = true
			e, err := parseEntry(text, line, weeklyOff)
			if err != nil {
				return nil, err
			}
			if prev, ok := dates[e.Date]; ok {
				return nil, lineErrorf(line, "ngày %s đã được khai báo ở dòng %d.", e.Date, prev)
			}
			dates[e.Date] = line
			c.Entries = append(c.Entries, e)
			continue
		}
		key, value, ok := strings.Cut(text, ":")
		if !ok {
			return nil, lineErrorf(line, "dòng không hợp lệ: cần «khóa: giá trị» hoặc một ngày «NNNN-TT-NN<tab>loại<tab>tên».")
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if inEntries {
			return nil, lineErrorf(line, "dòng «%s:» phải đứng trước các dòng ngày nghỉ.", key)
		}
		if seen[key] {
			return nil, lineErrorf(line, "khóa «%s» đã được khai báo.", key)
		}
		seen[key] = true
		if err := c.parseHeader(key, value, &weeklyOff); err != nil {
			return nil, lineErrorf(line, "%s", lowerFirst(err.Message))
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, lineErrorf(line+1, "dòng dài quá %d byte.", maxLine)
		}
		return nil, &Error{Code: CodeInvalidFile, Message: "Không đọc được tệp lịch: " + err.Error()}
	}
	if !seen["name"] {
		return nil, &Error{Code: CodeInvalidFile, Message: "Tệp lịch thiếu dòng «name:»."}
	}
	if !seen["years"] {
		for _, e := range c.Entries {
			if !slices.Contains(c.Years, e.Date.Year) {
				c.Years = append(c.Years, e.Date.Year)
			}
		}
		slices.Sort(c.Years)
	}
	if err := c.Validate(); err != nil {
		var e *Error
		errors.As(err, &e)
		return nil, &Error{Code: CodeInvalidFile, Message: "Tệp lịch không hợp lệ: " + lowerFirst(e.Message)}
	}
	return c, nil
}

// parseHeader sets the field of one header line; the error message is Vietnamese.
func (c *Calendar) parseHeader(key, value string, weeklyOff *[7]bool) *Error {
	switch key {
	case "name":
		c.Name = value
		return checkText(value, "Tên lịch", false)
	case "zone":
		c.TimeZone = value
		if loc, _ := loadZone(value); loc == nil {
			return invalid("Múi giờ %q không hợp lệ.", value)
		}
	case "hours":
		c.Periods = nil
		for _, f := range strings.Fields(value) {
			a, b, ok := strings.Cut(f, "-")
			start, err1 := ParseTimeOfDay(a)
			end, err2 := ParseTimeOfDay(b)
			if !ok || err1 != nil || err2 != nil {
				return invalid("Khung giờ %q không hợp lệ, cần dạng GG:PP-GG:PP (ví dụ 08:00-12:00).", f)
			}
			c.Periods = append(c.Periods, Period{start, end})
		}
		return checkPeriods(c.Periods)
	case "weekly-off":
		c.WeeklyOff = nil
		for _, f := range strings.Fields(value) {
			w, ok := weekdayAliases[strings.ToLower(f)]
			if !ok {
				return invalid("Ngày trong tuần %q không hợp lệ (sun, mon, tue, wed, thu, fri, sat).", f)
			}
			c.WeeklyOff = append(c.WeeklyOff, w)
		}
		off, err := checkWeeklyOff(c.WeeklyOff)
		*weeklyOff = off
		return err
	case "count-makeup-saturday":
		b, err := strconv.ParseBool(value)
		if err != nil {
			return invalid("Giá trị %q không hợp lệ, cần true hoặc false.", value)
		}
		c.CountMakeUpSaturday = b
	case "policy":
		c.Policy = Policy(value)
		if c.Policy != WorkingTime && c.Policy != CivilCodeDays {
			return invalid("Cách tính hạn %q không hợp lệ (workingTime hoặc civilCodeDays).", value)
		}
	case "years":
		c.Years = []int{}
		for _, f := range strings.Fields(value) {
			y, err := strconv.Atoi(f)
			if err != nil {
				return invalid("Năm %q không hợp lệ.", f)
			}
			c.Years = append(c.Years, y)
		}
		return checkYears(c.Years)
	case "unconfirmed":
		c.Unconfirmed = nil
		for _, f := range strings.Fields(value) {
			a, b, isRange := strings.Cut(f, "..")
			from, err := ParseDate(a)
			if err != nil {
				return err.(*Error)
			}
			to := from
			if isRange {
				if to, err = ParseDate(b); err != nil {
					return err.(*Error)
				}
			}
			r := DateRange{from, to}
			if err := checkRange(r); err != nil {
				return err
			}
			c.Unconfirmed = append(c.Unconfirmed, r)
		}
	default:
		return invalid("Khóa «%s» không được hỗ trợ (name, zone, hours, weekly-off, count-makeup-saturday, policy, years, unconfirmed).", key)
	}
	return nil
}

// parseEntry reads one entry line (already trimmed).
func parseEntry(text string, line int, weeklyOff [7]bool) (Entry, error) {
	var f []string
	if strings.Contains(text, "\t") {
		f = strings.Split(text, "\t")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
	} else {
		date, rest, _ := strings.Cut(text, " ")
		kind, name, _ := strings.Cut(strings.TrimSpace(rest), " ")
		f = []string{date, kind, strings.TrimSpace(name)}
	}
	if len(f) < 3 || len(f) > 4 {
		return Entry{}, lineErrorf(line, "dòng ngày nghỉ cần 3 hoặc 4 cột phân cách bằng tab: ngày, loại, tên, căn cứ pháp lý.")
	}
	d, err := ParseDate(f[0])
	if err != nil {
		return Entry{}, lineErrorf(line, "%s", lowerFirst(err.(*Error).Message))
	}
	e := Entry{Date: d, Kind: Kind(f[1]), Name: f[2]}
	if len(f) == 4 {
		e.LegalRef = f[3]
	}
	if err := checkEntry(e, weeklyOff); err != nil {
		return Entry{}, lineErrorf(line, "%s", lowerFirst(err.Message))
	}
	return e, nil
}

// lowerFirst lowercases the first letter of a sentence that continues "Dòng n: ".
func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return strings.ToLower(string(r)) + s[size:]
}

// Write writes c in the calendar file format; Parse reads the output back to an equal calendar.
// It returns c.Validate's error for an invalid calendar, or the writer's error.
func (c *Calendar) Write(w io.Writer) error {
	if err := c.Validate(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# Lịch làm việc egov (định dạng: xem tài liệu package calendar).")
	fmt.Fprintf(bw, "name: %s\n", c.Name)
	fmt.Fprintf(bw, "zone: %s\n", c.TimeZone)
	hours := make([]string, len(c.Periods))
	for i, p := range c.Periods {
		hours[i] = p.String()
	}
	fmt.Fprintf(bw, "hours: %s\n", strings.Join(hours, " "))
	bw.WriteString("weekly-off:")
	for _, d := range c.WeeklyOff {
		bw.WriteString(" " + weekdayCodes[d])
	}
	fmt.Fprintf(bw, "\ncount-makeup-saturday: %t\n", c.CountMakeUpSaturday)
	fmt.Fprintf(bw, "policy: %s\n", c.policy())
	bw.WriteString("years:")
	for _, y := range c.Years {
		bw.WriteString(" " + strconv.Itoa(y))
	}
	bw.WriteString("\nunconfirmed:")
	for _, r := range c.Unconfirmed {
		bw.WriteString(" " + r.String())
	}
	bw.WriteString("\n")
	for _, e := range c.Entries {
		bw.WriteString(e.Date.String() + "\t" + string(e.Kind) + "\t" + e.Name)
		if e.LegalRef != "" {
			bw.WriteString("\t" + e.LegalRef)
		}
		bw.WriteString("\n")
	}
	return bw.Flush()
}
