package pay

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var digitWords = [...]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// AmountInWords writes an amount of đồng in Vietnamese words as receipts print it ("Số tiền
// bằng chữ"): "Năm mươi nghìn đồng", "Một triệu không trăm linh năm nghìn đồng", "Hai mươi mốt
// nghìn năm trăm đồng". Groups of three digits are read with nghìn, triệu, tỷ (and nghìn tỷ…);
// inside a number a group under one hundred is read with "không trăm", a lone unit after a zero
// ten with "linh"; 1 after a ten from twenty is "mốt", 5 after a ten is "lăm".
func AmountInWords(n int64) string {
	if n == 0 {
		return "Không đồng"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var groups []int
	for v := n; v > 0; v /= 1000 {
		groups = append(groups, int(v%1000))
	}
	var words []string
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if g == 0 {
			// An all-zero group is silent, except that "tỷ" must be said when the groups below
			// the billions are read after a zero millions group (1 000 000 000 000 = một nghìn tỷ).
			if i%3 == 0 && i > 0 && hasNonZeroAbove(groups, i) && !saidUnit(words, i) {
				words = append(words, groupUnit(i))
			}
			continue
		}
		words = append(words, readGroup(g, i != len(groups)-1)...)
		if u := groupUnit(i); u != "" {
			words = append(words, u)
		}
	}
	s := strings.Join(words, " ")
	if neg {
		s = "âm " + s
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:] + " đồng"
}

// groupUnit names the group of three digits at index i from the right: "", nghìn, triệu, tỷ,
// nghìn tỷ, triệu tỷ…
func groupUnit(i int) string {
	switch i % 3 {
	case 1:
		return "nghìn"
	case 2:
		return "triệu"
	}
	if i == 0 {
		return ""
	}
	return strings.TrimSpace(strings.Repeat("tỷ ", i/3))
}

func hasNonZeroAbove(groups []int, i int) bool {
	for k := i + 1; k < len(groups); k++ {
		if groups[k] != 0 {
			return true
		}
	}
	return false
}

func saidUnit(words []string, i int) bool {
	return len(words) > 0 && words[len(words)-1] == groupUnit(i)
}

// readGroup reads a number 1…999; inner says more significant digits came before (so that 5 is
// "không trăm linh năm").
func readGroup(g int, inner bool) []string {
	h, t, u := g/100, g/10%10, g%10
	var w []string
	if h > 0 || inner {
		w = append(w, digitWords[h], "trăm")
	}
	switch {
	case t == 0 && u == 0:
		return w
	case t == 0:
		if len(w) > 0 {
			w = append(w, "linh")
		}
		return append(w, digitWords[u])
	case t == 1:
		w = append(w, "mười")
	default:
		w = append(w, digitWords[t], "mươi")
	}
	switch {
	case u == 0:
	case u == 1 && t >= 2:
		w = append(w, "mốt")
	case u == 5:
		w = append(w, "lăm")
	default:
		w = append(w, digitWords[u])
	}
	return w
}

// FormatVND writes an amount with dots between thousands and the currency, as Vietnamese texts
// do: 1500000 → "1.500.000 đồng".
func FormatVND(n int64) string {
	return Thousands(n) + " đồng"
}

// Thousands writes n with dots between groups of three digits.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
