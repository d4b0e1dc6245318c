package pdf

import (
	"testing"
	"time"
)

func TestDates(t *testing.T) {
	for _, c := range []struct {
		t                                time.Time
		long, longTime, short, shortTime string
	}{
		{vn(2025, 3, 5, 8, 30), "ngày 05 tháng 3 năm 2025", "08 giờ 30 phút, ngày 05 tháng 3 năm 2025", "05/03/2025", "08:30 05/03/2025"},
		// January and February take a leading zero (NĐ 30/2020), other months do not.
		{vn(2026, 1, 2, 14, 5), "ngày 02 tháng 01 năm 2026", "14 giờ 05 phút, ngày 02 tháng 01 năm 2026", "02/01/2026", "14:05 02/01/2026"},
		{vn(2025, 2, 28, 17, 0), "ngày 28 tháng 02 năm 2025", "17 giờ 00 phút, ngày 28 tháng 02 năm 2025", "28/02/2025", "17:00 28/02/2025"},
		{vn(2025, 12, 31, 23, 59), "ngày 31 tháng 12 năm 2025", "23 giờ 59 phút, ngày 31 tháng 12 năm 2025", "31/12/2025", "23:59 31/12/2025"},
		// A UTC instant prints in Vietnam time: 17:30 UTC on 31/12/2025 is 00:30 on 01/01/2026.
		{time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC), "ngày 01 tháng 01 năm 2026", "00 giờ 30 phút, ngày 01 tháng 01 năm 2026", "01/01/2026", "00:30 01/01/2026"},
		// The zero time is the blank of a paper form.
		{time.Time{}, "ngày …… tháng …… năm ……", "…… giờ …… phút, ngày …… tháng …… năm ……", "", ""},
	} {
		if got := LongDate(c.t); got != c.long {
			t.Errorf("LongDate(%v) = %q, want %q", c.t, got, c.long)
		}
		if got := LongDateTime(c.t); got != c.longTime {
			t.Errorf("LongDateTime(%v) = %q, want %q", c.t, got, c.longTime)
		}
		if got := ShortDate(c.t); got != c.short {
			t.Errorf("ShortDate(%v) = %q, want %q", c.t, got, c.short)
		}
		if got := ShortDateTime(c.t); got != c.shortTime {
			t.Errorf("ShortDateTime(%v) = %q, want %q", c.t, got, c.shortTime)
		}
	}
	if got := PlaceDate("Hà Nội", vn(2025, 3, 5, 8, 30)); got != "Hà Nội, ngày 05 tháng 3 năm 2025" {
		t.Errorf("PlaceDate = %q", got)
	}
	if got := PlaceDate("", vn(2025, 3, 5, 8, 30)); got != "Ngày 05 tháng 3 năm 2025" {
		t.Errorf("PlaceDate without place = %q", got)
	}
}
