package cli_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/cli"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

func date(s string) org.Date { d, _ := org.ParseDate(s); return d }

func TestImportUnitsAndReform(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, tg *target) {
		before, after, reform := dataFile("hanoi-units-2025-03.csv"), dataFile("hanoi-units-2025-07.csv"), dataFile("hanoi-reform-2025-07.csv")
		r := tg.mustRun(t, 0, "import", "units", before, "--effective", "2025-01-01")
		if !strings.Contains(r.stdout, "557 rows, 557 created, 0 closed, 0 unchanged") {
			t.Errorf("first import: %q", r.stdout)
		}
		if strings.Contains(r.stderr, "\r") {
			t.Errorf("progress written to a non-terminal: %q", r.stderr)
		}
		r = tg.mustRun(t, 0, "import", "units", "--effective", "2025-01-01", before) // flags before the file work too
		if !strings.Contains(r.stdout, "0 created, 0 closed, 557 unchanged") {
			t.Errorf("second import is not a no-op: %q", r.stdout)
		}
		r = tg.mustRun(t, 0, "import", "units", after, "--effective", "2025-07-01")
		if !strings.Contains(r.stdout, "127 rows, 126 created, 556 closed, 1 unchanged") {
			t.Errorf("reform-day import: %q", r.stdout)
		}
		r = tg.mustRun(t, 0, "import", "units", after, "--effective", "2025-07-01")
		if !strings.Contains(r.stdout, "0 created, 0 closed") {
			t.Errorf("second reform-day import: %q", r.stdout)
		}
		r = tg.mustRun(t, 0, "import", "reform", reform, "--effective", "2025-07-01")
		if !strings.Contains(r.stdout, "796 rows") || strings.Contains(r.stdout, " 0 linked") {
			t.Errorf("reform import: %q", r.stdout)
		}
		r = tg.mustRun(t, 0, "import", "reform", reform, "--effective", "2025-07-01")
		if !strings.Contains(r.stdout, " 0 linked") {
			t.Errorf("second reform import: %q", r.stdout)
		}

		_, svc := tg.open(t)
		ctx := context.Background()
		for day, want := range map[string][2]int{"2025-06-30": {30, 526}, "2025-07-01": {0, 126}} {
			for i, k := range []org.Kind{org.KindDistrict, org.KindCommune} {
				us, err := svc.Units(ctx, store.UnitFilter{On: date(day), Kinds: []org.Kind{k}, Limit: 5000})
				if err != nil || len(us) != want[i] {
					t.Errorf("%s on %s: %d (%v), want %d", k, day, len(us), err, want[i])
				}
			}
		}
		// Every district links to successors; Quận Hoàn Kiếm to Phường Hoàn Kiếm among others.
		districts, err := svc.UnitTree(ctx, date("2025-06-30"), []org.Kind{org.KindDistrict})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range districts {
			names := map[string]bool{}
			for _, s := range d.Successors {
				names[s.Name] = true
			}
			if len(names) == 0 || (d.Name == "Quận Hoàn Kiếm" && !names["Phường Hoàn Kiếm"]) {
				t.Errorf("%s successors: %v", d.Name, d.Successors)
			}
		}
		r = tg.mustRun(t, 0, "audit", "verify")
		if !strings.Contains(r.stdout, "audit log intact") {
			t.Errorf("verify: %q", r.stdout)
		}
	})
}

func TestImportFromStdin(t *testing.T) {
	t.Parallel()
	tg := sqliteTarget(t)
	body, err := os.ReadFile(dataFile("hanoi-units-2025-07.csv"))
	if err != nil {
		t.Fatal(err)
	}
	r := tg.runIn(t, string(body), "import", "units", "-", "--effective", "2025-07-01")
	if r.code != 0 || !strings.Contains(r.stdout, "127 created") {
		t.Errorf("stdin import: %+v", r)
	}
}

// head is the start of a valid units file; lines are numbered from the header (line 1).
const head = "code,name,type,parent_code\r\n" +
	"01,Thành phố Hà Nội,Thành phố Trung ương,\r\n" + // 2
	"001,Quận Ba Đình,Quận,01\r\n" + // 3
	"00001,Phường Phúc Xá,Phường,001\r\n" + // 4
	"00004,Phường Trúc Bạch,Phường,001\r\n" + // 5
	"00006,Phường Vĩnh Phúc,Phường,001\r\n" // 6

func TestImportBadFilesImportNothing(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, tg *target) {
		tg.mustRun(t, 0, "import", "units", dataFile("hanoi-units-2025-07.csv"), "--effective", "2025-07-01")
		_, svc := tg.open(t)
		count := func() int {
			us, err := svc.Units(context.Background(), store.UnitFilter{Limit: 5000})
			if err != nil {
				t.Fatal(err)
			}
			return len(us)
		}
		n := count()
		for _, c := range []struct {
			name, body string
			want       []string
		}{
			{"wrong type at line 7", head + "00007,Phường Cống Vị,Khu phố,001\r\n00008,Phường Liễu Giai,Phường,001\r\n",
				[]string{"Dòng 7", "Line 7", "Khu phố"}},
			{"missing parent at line 7", head + "00007,Phường Cống Vị,Phường,999\r\n",
				[]string{"Dòng 7", "999"}},
			{"bad header", "ma,ten,loai,cap_tren\r\n01,Thành phố Hà Nội,Thành phố Trung ương,\r\n",
				[]string{"Dòng 1", "code,name,type,parent_code"}},
			{"duplicate code at line 7", head + "00004,Phường Khác,Phường,001\r\n",
				[]string{"Dòng 7", "00004"}},
			// Passes parsing, fails inside the transaction after rows were written: all rolled back.
			{"agency code already in use at line 4", "code,name,type,parent_code,organ_id\r\n" +
				"01,Thành phố Hà Nội,Thành phố Trung ương,,000.00.00.H24\r\n" +
				"002,Quận Hoàn Kiếm,Quận,01,000.00.32.H24\r\n" +
				"003,Quận Tây Hồ,Quận,01,000.00.32.H24\r\n",
				[]string{"Dòng 4", "000.00.32.H24"}},
		} {
			t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
				r := tg.run(t, "import", "units", writeFile(t, "bad.csv", c.body), "--effective", "2025-08-01")
				if r.code != cli.ExitError {
					t.Errorf("exit %d, want %d: %+v", r.code, cli.ExitError, r)
				}
				for _, w := range c.want {
					if !strings.Contains(r.stderr, w) {
						t.Errorf("stderr %q lacks %q", r.stderr, w)
					}
				}
				if got := count(); got != n {
					t.Errorf("%d units after a failed import, %d before", got, n)
				}
			})
		}
		// A bad reform row names its line too and links nothing.
		r := tg.run(t, "import", "reform", writeFile(t, "reform.csv", "new_code,new_name,old_code,old_name,kind\r\n00004,Phường Ba Đình,00004,Phường Trúc Bạch,most\r\n"), "--effective", "2025-07-01")
		if r.code != cli.ExitError || !strings.Contains(r.stderr, "Dòng 2") {
			t.Errorf("bad reform row: %+v", r)
		}
	})
}
