package cli_test

import (
	"strings"
	"testing"
)

func TestCalendarOffline(t *testing.T) {
	tg := &target{env: map[string]string{}} // no data directory, no database: the built-in calendar
	r := tg.mustRun(t, 0, "calendar", "due", "--from", "2025-01-24T09:00:00+07:00", "--days", "3")
	if r.stdout != "2025-02-05T09:00:00+07:00\n" {
		t.Errorf("due across Tết 2025: %q", r.stdout)
	}
	r = tg.mustRun(t, 0, "calendar", "due", "--from", "2025-03-03T11:30:00+07:00", "--hours", "1")
	if r.stdout != "2025-03-03T13:30:00+07:00\n" {
		t.Errorf("1 working hour over lunch: %q", r.stdout)
	}
	r = tg.mustRun(t, 0, "calendar", "holidays", "--year", "2024")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	for i, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) != 3 || (f[1] != "off" && f[1] != "workday") || (i > 0 && lines[i-1] > l) {
			t.Errorf("line %q (not YYYY-MM-DD<TAB>off|workday<TAB>name in date order)", l)
		}
	}
	if !strings.Contains(r.stdout, "2024-05-04\tworkday\t") || !strings.Contains(r.stdout, "2024-04-29\toff\t") {
		t.Errorf("2024 make-up Saturday or swapped Monday missing:\n%s", r.stdout)
	}
	r = tg.mustRun(t, 0, "calendar", "holidays", "--year", "2027")
	if !strings.Contains(r.stderr, "Chưa có lịch nghỉ chính thức năm 2027") || r.stdout == "" {
		t.Errorf("2027 not marked provisional: %q %q", r.stdout, r.stderr)
	}
	for _, args := range [][]string{
		{"calendar", "due", "--from", "2025-03-03", "--days", "1"},
		{"calendar", "due", "--from", "2025-03-03T09:00:00+07:00", "--days", "-2"},
		{"calendar", "due", "--from", "2025-03-03T09:00:00+07:00"},
		{"calendar", "due", "--from", "2025-03-03T09:00:00+07:00", "--days", "1", "--hours", "1"},
		{"calendar", "holidays"},
		{"calendar", "moon"},
	} {
		if r := tg.run(t, args...); r.code != 2 || r.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q", args, r.code, r.stdout)
		}
	}
	if r := tg.run(t, "calendar", "due", "--from", "2025-03-03T09:00:00+07:00", "--days", "1", "--calendar", "mars"); r.code != 1 || !strings.Contains(r.stderr, "mars") {
		t.Errorf("unknown calendar: %d %q", r.code, r.stderr)
	}
}

func TestCalendarImportStored(t *testing.T) {
	each(t, func(t *testing.T, tg *target) {
		body := tg.mustRun(t, 0, "calendar", "export").stdout
		// A local day off on Monday 2025-03-03 (only this installation's calendar).
		local := body + "2025-03-03\tlocal-off\tNghỉ theo quyết định của thành phố\tQĐ thử nghiệm\n"
		file := writeFile(t, "lich.txt", local)
		r := tg.mustRun(t, 0, "calendar", "import", file)
		if !strings.Contains(r.stdout, "+ 2025-03-03") || !strings.Contains(r.stderr, "Nothing stored") {
			t.Fatalf("preview: %q %q", r.stdout, r.stderr)
		}
		if got := tg.mustRun(t, 0, "calendar", "due", "--from", "2025-03-03T09:00:00+07:00", "--days", "1").stdout; got != "2025-03-04T09:00:00+07:00\n" {
			t.Errorf("preview changed the stored calendar: %q", got)
		}
		tg.mustRun(t, 0, "calendar", "import", file, "--confirm")
		if got := tg.mustRun(t, 0, "calendar", "due", "--from", "2025-03-03T09:00:00+07:00", "--days", "1").stdout; got != "2025-03-05T08:00:00+07:00\n" {
			t.Errorf("stored calendar not used: %q", got)
		}
		bad := writeFile(t, "hong.txt", body+"2025-13-01\tholiday\tNgày không có\n")
		if r := tg.run(t, "calendar", "import", bad, "--confirm"); r.code != 1 || !strings.Contains(r.stderr, "Dòng") {
			t.Errorf("bad file: %d %q", r.code, r.stderr)
		}
		if r := tg.mustRun(t, 0, "audit", "verify"); !strings.Contains(r.stdout, "intact") {
			t.Errorf("audit: %q", r.stdout)
		}
	})
}
