package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/cli"
)

// demoCatalogue is the demo catalogue file embedded by package catalog.
var demoCatalogue = filepath.Join("..", "catalog", "data", "hanoi.json")

func TestImportExportProcedures(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, tg *target) {
		r := tg.mustRun(t, 0, "import", "procedures", demoCatalogue, "--organ-root", "H24")
		if !strings.Contains(r.stdout, "73 procedures created, 0 updated; 139 versions created, 0 updated, 0 unchanged") {
			t.Errorf("first import: %q", r.stdout)
		}
		// The same file again creates nothing.
		r = tg.mustRun(t, 0, "import", "procedures", "--organ-root", "H24", demoCatalogue)
		if !strings.Contains(r.stdout, "0 procedures created, 0 updated; 0 versions created, 0 updated, 139 unchanged") {
			t.Errorf("second import: %q", r.stdout)
		}

		// Export to a file and to standard output: the same catalogue file, read back unchanged.
		out := filepath.Join(t.TempDir(), "catalogue.json")
		r = tg.mustRun(t, 0, "export", "procedures", "--output", out)
		if !strings.Contains(r.stderr, "exported 73 procedures") {
			t.Errorf("export: %q", r.stderr)
		}
		written, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		r = tg.mustRun(t, 0, "export", "procedures")
		if r.stdout != string(written) {
			t.Error("export to standard output differs from export to a file")
		}
		for _, want := range []string{`"format": "egov-procedures/1"`, `"agency": "000.00.00.H24"`, `"name": "Đăng ký khai sinh"`} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("export lacks %s", want)
			}
		}
		r = tg.mustRun(t, 0, "import", "procedures", out)
		if !strings.Contains(r.stdout, "0 versions created, 0 updated, 139 unchanged") {
			t.Errorf("re-import of the export: %q", r.stdout)
		}
		// Standard input works too.
		r = tg.runIn(t, string(written), "import", "procedures", "-")
		if r.code != 0 || !strings.Contains(r.stdout, "139 unchanged") {
			t.Errorf("import from standard input: %+v", r)
		}

		// A published version changed in the file: refused with its path, nothing stored.
		changed := strings.Replace(string(written), `"name": "Đăng ký khai sinh"`, `"name": "Đăng ký khai sinh (sửa)"`, 1)
		r = tg.run(t, "import", "procedures", writeFile(t, "changed.json", changed))
		if r.code != cli.ExitError || !strings.Contains(r.stderr, "versions[0]: Phiên bản 1 của thủ tục 1.001193 đã công bố") {
			t.Errorf("changed published version: %+v", r)
		}
		r = tg.mustRun(t, 0, "export", "procedures")
		if r.stdout != string(written) {
			t.Error("a refused import changed the catalogue")
		}
	})
}

func TestImportBrokenCatalogue(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, tg *target) {
		data, err := os.ReadFile(demoCatalogue)
		if err != nil {
			t.Fatal(err)
		}
		broken := string(data)
		broken = strings.Replace(broken, `"national_code": "1.001193"`, `"national_code": "1.1193"`, 1)
		broken = strings.Replace(broken, `"levels": [
            "commune"
          ]`, `"levels": ["county"]`, 1)
		broken = strings.Replace(broken, `"online_level": "full"`, `"online_level": "full", "colour": "red"`, 1)
		file := writeFile(t, "broken.json", broken)
		r := tg.run(t, "import", "procedures", file, "--organ-root", "H24")
		if r.code != cli.ExitError {
			t.Fatalf("broken file: exit %d\n%s", r.code, r.stderr)
		}
		for _, want := range []string{
			"procedures[0].national_code: ",
			"procedures[0].versions[0].levels[0]: ",
			"procedures[0].versions[0].colour: ",
			"problem(s), nothing imported",
		} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
			}
		}
		// One problem a line, each "path: message".
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if len(lines) < 4 {
			t.Errorf("want every problem on its own line:\n%s", r.stderr)
		}
		// Nothing was imported.
		r = tg.mustRun(t, 0, "export", "procedures")
		if !strings.Contains(r.stdout, `"procedures": []`) {
			t.Errorf("a broken import stored something:\n%.300s", r.stdout)
		}
		r = tg.run(t, "import", "procedures", writeFile(t, "bad.json", `{"format": "egov-procedures/1", "procedures": [`))
		if r.code != cli.ExitError || !strings.Contains(r.stderr, "(tệp): Tệp không phải JSON hợp lệ") {
			t.Errorf("malformed JSON: %+v", r)
		}
	})
}
