package calendar

import (
	"errors"
	"fmt"
)

// Error codes. They are part of the package contract: a code never changes meaning once released,
// so callers (and the web layer's error table) may switch on them.
const (
	CodeInvalidDate      = "invalid_date"          // a civil date that does not parse or does not exist
	CodeInvalidTime      = "invalid_time"          // a time of day that is not HH:MM in 00:00–24:00
	CodeInvalidCalendar  = "invalid_calendar"      // Calendar.Validate found a broken rule
	CodeInvalidFile      = "invalid_calendar_file" // Parse found a bad line (Error.Line says which)
	CodeInvalidDuration  = "invalid_duration"      // negative, not a number, too large, or fractional calendar days
	CodeUnknownUnit      = "unknown_duration_unit" // Duration.Unit is not one of the Unit constants
	CodeOutOfRange       = "out_of_range"          // a date outside 1900-01-01 … 2100-12-31
	CodeInvalidPause     = "invalid_pause"         // a pause interval that ends before it starts, overlaps or is open
	CodeInvalidLunarDate = "invalid_lunar_date"    // a lunar date that does not exist
)

// Error is the one error type of this package: a stable machine code and a message in Vietnamese
// that can be shown to officials as is. Parse errors also carry the 1-based line number of the
// first bad line (Line is 0 for every other error).
type Error struct {
	Code    string
	Message string
	Line    int
}

// Error returns "code: message".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// ErrorCode returns the code of err if it is (or wraps) an *Error, and "" otherwise.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

func lineErrorf(line int, format string, args ...any) *Error {
	return &Error{Code: CodeInvalidFile, Line: line,
		Message: fmt.Sprintf("Dòng %d: ", line) + fmt.Sprintf(format, args...)}
}

func outOfRange(d Date) *Error {
	return errorf(CodeOutOfRange, "Ngày %s nằm ngoài phạm vi lịch hỗ trợ (01/01/%d – 31/12/%d).",
		d.vn(), MinYear, MaxYear)
}
