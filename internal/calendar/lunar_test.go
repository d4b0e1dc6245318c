package calendar

import (
	"testing"
	"time"
)

// tetTable is the published table of Vietnamese lunar years 1900–2100 (Hồ Ngọc Đức's amlich
// tables TK20/TK21, decoded): solar date of Tết (mùng 1 tháng Giêng) and the leap month (0: none).
var tetTable = []struct {
	year       int
	month, day int
	leapMonth  int
}{
	{1900, 1, 31, 8}, {1901, 2, 19, 0}, {1902, 2, 8, 0}, {1903, 1, 29, 5}, {1904, 2, 16, 0},
	{1905, 2, 4, 0}, {1906, 1, 25, 4}, {1907, 2, 13, 0}, {1908, 2, 2, 0}, {1909, 1, 22, 2},
	{1910, 2, 10, 0}, {1911, 1, 30, 6}, {1912, 2, 18, 0}, {1913, 2, 6, 0}, {1914, 1, 26, 5},
	{1915, 2, 14, 0}, {1916, 2, 3, 0}, {1917, 1, 23, 2}, {1918, 2, 11, 0}, {1919, 2, 1, 7},
	{1920, 2, 20, 0}, {1921, 2, 8, 0}, {1922, 1, 28, 5}, {1923, 2, 16, 0}, {1924, 2, 5, 0},
	{1925, 1, 25, 4}, {1926, 2, 13, 0}, {1927, 2, 2, 0}, {1928, 1, 23, 2}, {1929, 2, 10, 0},
	{1930, 1, 30, 6}, {1931, 2, 17, 0}, {1932, 2, 6, 0}, {1933, 1, 26, 5}, {1934, 2, 14, 0},
	{1935, 2, 4, 0}, {1936, 1, 24, 3}, {1937, 2, 11, 0}, {1938, 1, 31, 7}, {1939, 2, 19, 0},
	{1940, 2, 8, 0}, {1941, 1, 27, 6}, {1942, 2, 15, 0}, {1943, 2, 5, 0}, {1944, 1, 25, 4},
	{1945, 2, 13, 0}, {1946, 2, 2, 0}, {1947, 1, 22, 2}, {1948, 2, 10, 0}, {1949, 1, 29, 7},
	{1950, 2, 17, 0}, {1951, 2, 6, 0}, {1952, 1, 27, 5}, {1953, 2, 14, 0}, {1954, 2, 3, 0},
	{1955, 1, 24, 3}, {1956, 2, 12, 0}, {1957, 1, 31, 8}, {1958, 2, 18, 0}, {1959, 2, 8, 0},
	{1960, 1, 28, 6}, {1961, 2, 15, 0}, {1962, 2, 5, 0}, {1963, 1, 25, 4}, {1964, 2, 13, 0},
	{1965, 2, 2, 0}, {1966, 1, 21, 3}, {1967, 2, 9, 0}, {1968, 1, 29, 7}, {1969, 2, 16, 0},
	{1970, 2, 6, 0}, {1971, 1, 27, 5}, {1972, 2, 15, 0}, {1973, 2, 3, 0}, {1974, 1, 23, 4},
	{1975, 2, 11, 0}, {1976, 1, 31, 8}, {1977, 2, 18, 0}, {1978, 2, 7, 0}, {1979, 1, 28, 6},
	{1980, 2, 16, 0}, {1981, 2, 5, 0}, {1982, 1, 25, 4}, {1983, 2, 13, 0}, {1984, 2, 2, 0},
	{1985, 1, 21, 2}, {1986, 2, 9, 0}, {1987, 1, 29, 7}, {1988, 2, 17, 0}, {1989, 2, 6, 0},
	{1990, 1, 27, 5}, {1991, 2, 15, 0}, {1992, 2, 4, 0}, {1993, 1, 23, 3}, {1994, 2, 10, 0},
	{1995, 1, 31, 8}, {1996, 2, 19, 0}, {1997, 2, 7, 0}, {1998, 1, 28, 5}, {1999, 2, 16, 0},
	{2000, 2, 5, 0}, {2001, 1, 24, 4}, {2002, 2, 12, 0}, {2003, 2, 1, 0}, {2004, 1, 22, 2},
	{2005, 2, 9, 0}, {2006, 1, 29, 7}, {2007, 2, 17, 0}, {2008, 2, 7, 0}, {2009, 1, 26, 5},
	{2010, 2, 14, 0}, {2011, 2, 3, 0}, {2012, 1, 23, 4}, {2013, 2, 10, 0}, {2014, 1, 31, 9},
	{2015, 2, 19, 0}, {2016, 2, 8, 0}, {2017, 1, 28, 6}, {2018, 2, 16, 0}, {2019, 2, 5, 0},
	{2020, 1, 25, 4}, {2021, 2, 12, 0}, {2022, 2, 1, 0}, {2023, 1, 22, 2}, {2024, 2, 10, 0},
	{2025, 1, 29, 6}, {2026, 2, 17, 0}, {2027, 2, 6, 0}, {2028, 1, 26, 5}, {2029, 2, 13, 0},
	{2030, 2, 2, 0}, {2031, 1, 23, 3}, {2032, 2, 11, 0}, {2033, 1, 31, 11}, {2034, 2, 19, 0},
	{2035, 2, 8, 0}, {2036, 1, 28, 6}, {2037, 2, 15, 0}, {2038, 2, 4, 0}, {2039, 1, 24, 5},
	{2040, 2, 12, 0}, {2041, 2, 1, 0}, {2042, 1, 22, 2}, {2043, 2, 10, 0}, {2044, 1, 30, 7},
	{2045, 2, 17, 0}, {2046, 2, 6, 0}, {2047, 1, 26, 5}, {2048, 2, 14, 0}, {2049, 2, 2, 0},
	{2050, 1, 23, 3}, {2051, 2, 11, 0}, {2052, 2, 1, 8}, {2053, 2, 18, 0}, {2054, 2, 8, 0},
	{2055, 1, 28, 6}, {2056, 2, 15, 0}, {2057, 2, 4, 0}, {2058, 1, 24, 4}, {2059, 2, 12, 0},
	{2060, 2, 2, 0}, {2061, 1, 21, 3}, {2062, 2, 9, 0}, {2063, 1, 29, 7}, {2064, 2, 17, 0},
	{2065, 2, 5, 0}, {2066, 1, 26, 5}, {2067, 2, 14, 0}, {2068, 2, 3, 0}, {2069, 1, 23, 4},
	{2070, 2, 11, 0}, {2071, 1, 31, 8}, {2072, 2, 19, 0}, {2073, 2, 7, 0}, {2074, 1, 27, 6},
	{2075, 2, 15, 0}, {2076, 2, 5, 0}, {2077, 1, 24, 4}, {2078, 2, 12, 0}, {2079, 2, 2, 0},
	{2080, 1, 22, 3}, {2081, 2, 9, 0}, {2082, 1, 29, 7}, {2083, 2, 17, 0}, {2084, 2, 6, 0},
	{2085, 1, 26, 5}, {2086, 2, 14, 0}, {2087, 2, 3, 0}, {2088, 1, 24, 4}, {2089, 2, 10, 0},
	{2090, 1, 30, 8}, {2091, 2, 18, 0}, {2092, 2, 7, 0}, {2093, 1, 27, 6}, {2094, 2, 15, 0},
	{2095, 2, 5, 0}, {2096, 1, 25, 4}, {2097, 2, 12, 0}, {2098, 2, 1, 0}, {2099, 1, 21, 2},
	{2100, 2, 9, 0},
}

// historical lists the years before 1968 in which the published table follows the calendar then
// in use in Vietnam (computed for UTC+8, or the Huế court's own) and so differs from the UTC+7
// computation: Tết 1903, 1925, 1935, 1965; leap months 1917, 1922, 1938; plus 1916 at UTC+8.
var historical = map[int]bool{1903: true, 1917: true, 1922: true, 1925: true, 1935: true, 1938: true, 1965: true}

func TestLunarNewYearTable(t *testing.T) {
	if len(tetTable) != MaxYear-MinYear+1 {
		t.Fatalf("table has %d years", len(tetTable))
	}
	for _, row := range tetTable {
		want := Date{row.year, time.Month(row.month), row.day}
		got, err := LunarNewYear(row.year)
		if err != nil {
			t.Fatalf("%d: %v", row.year, err)
		}
		if historical[row.year] {
			if got == want && row.year != 1917 && row.year != 1922 && row.year != 1938 {
				t.Errorf("%d: expected the UTC+7 computation to differ from the historical %s", row.year, want)
			}
			continue
		}
		if got != want {
			t.Errorf("Tết %d = %s, want %s", row.year, got, want)
		}
		if row.year < MaxYear {
			leap, err := LeapMonth(row.year)
			if err != nil || leap != row.leapMonth {
				t.Errorf("leap month of %d = %d (%v), want %d", row.year, leap, err, row.leapMonth)
			}
		}
	}
}

func TestLunarWellKnownDates(t *testing.T) {
	for _, c := range []struct {
		year int
		tet  string
	}{
		{1968, "1968-01-29"}, // Tết Mậu Thân: Vietnam's first year at UTC+7, a day before China's
		{1985, "1985-01-21"}, // Vietnam a month before China (1985-02-20): leap month 10 of 1984 differs
		{1990, "1990-01-27"}, {2000, "2000-02-05"},
		{2007, "2007-02-17"}, // China 2007-02-18
		{2020, "2020-01-25"}, {2023, "2023-01-22"},
		{2024, "2024-02-10"}, {2025, "2025-01-29"}, {2026, "2026-02-17"}, {2027, "2027-02-06"},
		{2030, "2030-02-02"}, // China 2030-02-03
	} {
		got, err := LunarNewYear(c.year)
		if err != nil || got.String() != c.tet {
			t.Errorf("LunarNewYear(%d) = %s, %v; want %s", c.year, got, err, c.tet)
		}
	}
	// Giỗ Tổ Hùng Vương, 10/3 lunar (§10.3).
	for _, c := range []struct {
		year int
		date string
	}{{2024, "2024-04-18"}, {2025, "2025-04-07"}, {2026, "2026-04-26"}} {
		got, err := FromLunar(LunarDate{Year: c.year, Month: 3, Day: 10})
		if err != nil || got.String() != c.date {
			t.Errorf("Giỗ Tổ %d = %s, %v; want %s", c.year, got, err, c.date)
		}
	}
	// 16/02/2026 is 29 tháng Chạp of Ất Tỵ (§10.3), 2025 has a leap 6th month.
	if l, _ := ToLunar(D(2026, 2, 16)); l != (LunarDate{2025, 12, 29, false}) {
		t.Errorf("ToLunar(2026-02-16) = %s", l)
	}
	if l, _ := ToLunar(D(2025, 7, 25)); l != (LunarDate{2025, 6, 1, true}) {
		t.Errorf("ToLunar(2025-07-25) = %s, want 1/6 nhuận/2025", l)
	}
	if l, _ := ToLunar(D(2033, 12, 22)); l != (LunarDate{2033, 11, 1, true}) {
		t.Errorf("ToLunar(2033-12-22) = %s, want 1/11 nhuận/2033", l)
	}
}

// TestLunarRoundTrip converts every day of 1900–2100 to the lunar calendar and back, and checks
// that lunar days run 1, 2, … within months of 29 or 30 days.
func TestLunarRoundTrip(t *testing.T) {
	prev, _ := ToLunar(D(MinYear, 1, 1))
	for d := D(MinYear, 1, 2); d.Year <= MaxYear; d = d.AddDays(1) {
		l, err := ToLunar(d)
		if err != nil {
			t.Fatalf("ToLunar(%s): %v", d, err)
		}
		back, err := FromLunar(l)
		if err != nil || back != d {
			t.Fatalf("FromLunar(%s) = %s, %v; want %s", l, back, err, d)
		}
		switch {
		case l.Day == prev.Day+1 && l.Month == prev.Month && l.Leap == prev.Leap:
		case l.Day == 1 && (prev.Day == 29 || prev.Day == 30):
		default:
			t.Fatalf("%s: lunar %s follows %s", d, l, prev)
		}
		prev = l
	}
}

func TestLunarErrors(t *testing.T) {
	for _, l := range []LunarDate{
		{2024, 6, 1, true},   // 2024 has no leap month
		{2025, 13, 1, false}, // no month 13
		{2025, 1, 0, false},
		{2025, 12, 30, false}, // tháng Chạp Ất Tỵ has 29 days (16/02/2026 is its last)
	} {
		if _, err := FromLunar(l); ErrorCode(err) != CodeInvalidLunarDate {
			t.Errorf("FromLunar(%+v) error = %v, want %s", l, err, CodeInvalidLunarDate)
		}
	}
	if _, err := ToLunar(D(1899, 12, 31)); ErrorCode(err) != CodeOutOfRange {
		t.Errorf("ToLunar(1899-12-31) error = %v", err)
	}
	if _, err := ToLunar(D(2025, 2, 29)); ErrorCode(err) != CodeInvalidDate {
		t.Errorf("ToLunar(2025-02-29) error = %v", err)
	}
}
