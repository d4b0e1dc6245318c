// Package vntext folds Vietnamese text for search. Folding happens in Go, on write and on query,
// so that SQLite and PostgreSQL match exactly alike: "dang ky khai sinh" finds "Đăng ký khai sinh".
package vntext

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s, removes diacritics (tones and vowel marks), maps đ to d and collapses runs
// of white space to one space.
func Fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsSpace(r):
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimRight(b.String(), " ")
}
