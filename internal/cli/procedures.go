package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/org"
)

const aboutImportProcedures = `Imports a procedure catalogue file (the JSON format of internal/catalog/FORMAT.md, the one
'egov export procedures' writes). The whole file is checked first: when anything is wrong, every
problem is printed on standard error as "path: message", one per line, nothing is imported and the
command exits with status 1. New procedures and versions are added, stored drafts are replaced, and
versions already published must be identical (they are frozen): running the same import again
changes nothing. "{root}" in agency codes is replaced by --organ-root, or by the level-1 code of
the root unit's agency code when it is not given. FILE "-" reads standard input. Acts as the system;
audited.`

const aboutExportProcedures = `Writes the whole procedure catalogue, every version of every procedure including drafts and
withdrawn versions, as a catalogue file (internal/catalog/FORMAT.md) on standard output or into
--output. 'egov import procedures' reads it back unchanged.`

func importProceduresFlags(e *env) (*flagSet, *storeConfig, *string) {
	var c storeConfig
	var root string
	f := newFlagSet("import procedures", "egov import procedures FILE.json [--organ-root CODE] [flags]", aboutImportProcedures, e)
	f.String(&root, "organ-root", "EGOV_ORGAN_ROOT", "", "CODE", "the city's level-1 agency code (e.g. H24) that replaces {root}; default: the root unit's")
	addStoreFlags(f, &c)
	return f, &c, &root
}

func exportFlags(e *env) (*flagSet, *storeConfig, *string) {
	var c storeConfig
	var output string
	f := newFlagSet("export procedures", "egov export procedures [--output FILE] [flags]", aboutExportProcedures, e)
	f.String(&output, "output", "", "", "FILE", "write into FILE instead of standard output")
	addStoreFlags(f, &c)
	return f, &c, &output
}

// runImportProcedures runs "import procedures".
func runImportProcedures(ctx context.Context, e *env, args []string) error {
	f, c, root := importProceduresFlags(e)
	pos, err := f.Parse(args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 1, "the catalogue file"); err != nil {
		return err
	}
	if *root != "" {
		if _, err := org.ParseOrganID("000.00.00." + *root); err != nil {
			return usageError{fmt.Sprintf("--organ-root %q: want a letter and two digits, e.g. H24", *root)}
		}
	}
	in, closeIn, err := openInput(e, pos[0])
	if err != nil {
		return err
	}
	defer closeIn()

	// Check the whole file before touching the database.
	file, problems := catalog.ParseFile(in)
	if len(problems) > 0 {
		return e.problems(pos[0], problems)
	}
	db, svc, err := c.openService(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := svc.ImportProcedures(app.WithActor(ctx, org.SystemActor), file, *root)
	var inv *catalog.InvalidError
	if errors.As(err, &inv) {
		return e.problems(pos[0], inv.Problems)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	fmt.Fprintf(e.stdout, "procedures %s: %d procedures created, %d updated; %d versions created, %d updated, %d unchanged\n",
		pos[0], res.ProceduresCreated, res.ProceduresUpdated, res.VersionsCreated, res.VersionsUpdated, res.Unchanged)
	return nil
}

// problems prints every problem of a catalogue file as "path: message" and returns the error
// that ends the command.
func (e *env) problems(name string, ps []catalog.Problem) error {
	for _, p := range ps {
		path := p.Path
		if path == "" {
			path = "(tệp)"
		}
		fmt.Fprintf(e.stderr, "%s: %s\n", path, p.Message)
	}
	return fmt.Errorf("%s: %d problem(s), nothing imported", name, len(ps))
}

func helpExport(e *env) {
	f, _, _ := exportFlags(e)
	f.printUsage(e.stdout)
}

// runExport runs "export procedures".
func runExport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"missing what to export: procedures"}
	}
	switch args[0] {
	case "procedures":
	case "-h", "-help", "--help":
		helpExport(e)
		return nil
	default:
		return usageError{fmt.Sprintf("cannot export %q: procedures", args[0])}
	}
	f, c, output := exportFlags(e)
	pos, err := f.Parse(args[1:])
	if err != nil {
		return err
	}
	if err := needArgs(pos, 0, ""); err != nil {
		return err
	}
	db, svc, err := c.openService(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	procs, err := svc.ExportProcedures(app.WithActor(ctx, org.SystemActor))
	if err != nil {
		return err
	}
	if *output == "" {
		return catalog.WriteFile(e.stdout, procs)
	}
	// Write beside the target and rename, so that a failure never leaves half a file.
	tmp, err := os.CreateTemp(filepath.Dir(*output), ".egov-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := catalog.WriteFile(tmp, procs); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *output); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "exported %d procedures to %s\n", len(procs), *output)
	return nil
}
