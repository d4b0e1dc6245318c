package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/org"
)

const aboutImportUnits = `Imports a list of administrative units (GSO format): a CSV file with the header
code,name,type,parent_code and optionally a fifth column organ_id (the agency code, mã định danh).
The file is the state of the territories from DATE on: new or changed units get a version from
DATE, units under the file's root that it no longer lists close the day before. Running the same
import again changes nothing. The whole file is checked first: on a bad row nothing is imported
and the error names the line. FILE "-" reads standard input.`

const aboutImportReform = `Imports a reorganisation mapping: a CSV file with the header
new_code,new_name,old_code,old_name,kind (kind is full or partial). Each old territory, in force
the day before DATE, is linked to the new one in force from DATE, and each dissolved district to
the successors of its communes. Import both unit lists first. Idempotent; on a bad row nothing is
imported and the error names the line. FILE "-" reads standard input.`

func importFlags(e *env, what, about string) (*flagSet, *storeConfig, *string) {
	var c storeConfig
	var effective string
	f := newFlagSet("import "+what, "egov import "+what+" FILE.csv --effective DATE [flags]", about, e)
	f.String(&effective, "effective", "", "", "DATE", "the day the file takes effect, YYYY-MM-DD (required)")
	addStoreFlags(f, &c)
	return f, &c, &effective
}

func helpImport(e *env) {
	f, _, _ := importFlags(e, "units", aboutImportUnits)
	f.printUsage(e.stdout)
	fmt.Fprintln(e.stdout)
	f, _, _ = importFlags(e, "reform", aboutImportReform)
	f.printUsage(e.stdout)
	fmt.Fprintln(e.stdout)
	fp, _, _ := importProceduresFlags(e)
	fp.printUsage(e.stdout)
}

// runImport runs "import units", "import reform" and "import procedures".
func runImport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"missing what to import: units, reform or procedures"}
	}
	var about string
	switch args[0] {
	case "procedures":
		return runImportProcedures(ctx, e, args[1:])
	case "units":
		about = aboutImportUnits
	case "reform":
		about = aboutImportReform
	case "-h", "-help", "--help":
		helpImport(e)
		return nil
	default:
		return usageError{fmt.Sprintf("cannot import %q: units, reform or procedures", args[0])}
	}
	f, c, effective := importFlags(e, args[0], about)
	pos, err := f.Parse(args[1:])
	if err != nil {
		return err
	}
	if err := needArgs(pos, 1, "the CSV file"); err != nil {
		return err
	}
	if *effective == "" {
		return usageError{"--effective DATE is required"}
	}
	day, err := org.ParseDate(*effective)
	if err != nil {
		return usageError{fmt.Sprintf("--effective %q: want YYYY-MM-DD", *effective)}
	}
	in, closeIn, err := openInput(e, pos[0])
	if err != nil {
		return err
	}
	defer closeIn()

	// Parse the whole file before touching the database.
	var units []app.UnitRow
	var reform []app.ReformRow
	if args[0] == "units" {
		units, err = app.ParseUnitRows(in)
	} else {
		reform, err = app.ParseReformRows(in)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}

	db, svc, err := c.openService(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = app.WithActor(ctx, org.SystemActor)
	if args[0] == "reform" {
		res, err := svc.ImportReform(ctx, reform, day)
		if err != nil {
			return fmt.Errorf("%s: %w", pos[0], err)
		}
		fmt.Fprintf(e.stdout, "reform %s effective %s: %d rows, %d linked, %d unchanged\n", pos[0], day, res.Rows, res.Linked, res.Unchanged)
		return nil
	}
	progress := terminalProgress(e.stderr, "import units")
	res, err := svc.ImportUnits(ctx, units, day, progress.update)
	progress.done()
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	fmt.Fprintf(e.stdout, "units %s effective %s: %d rows, %d created, %d closed, %d unchanged\n", pos[0], day, res.Rows, res.Created, res.Closed, res.Unchanged)
	return nil
}

// openInput opens a file, or standard input for "-".
func openInput(e *env, name string) (io.Reader, func(), error) {
	if name == "-" {
		return e.stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// progressLine rewrites one line on a terminal; it is silent when the output is not a terminal
// (a pipe, a file, a test buffer), so that logs are not filled with progress.
type progressLine struct {
	w     io.Writer // nil when not a terminal
	label string
	shown bool
}

func terminalProgress(w io.Writer, label string) *progressLine {
	if !isTerminal(w) {
		return &progressLine{}
	}
	return &progressLine{w: w, label: label}
}

func (p *progressLine) update(done, total int) {
	if p.w == nil {
		return
	}
	fmt.Fprintf(p.w, "\r%s: %d/%d rows", p.label, done, total)
	p.shown = true
}

func (p *progressLine) done() {
	if p.w != nil && p.shown {
		fmt.Fprintln(p.w)
	}
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
