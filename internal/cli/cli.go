// Package cli is the egov command: it reads the command line and the EGOV_* environment, wires
// the store, the service and the web server together, and runs one command. Everything the
// program does goes through Run, so tests drive the real program with their own arguments,
// environment and output buffers.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/egov-vn/egov/internal/errs"
)

// Exit codes.
const (
	ExitOK     = 0
	ExitError  = 1 // the command failed: bad input file, database unreachable, …
	ExitUsage  = 2 // the command line is wrong
	ExitBroken = 3 // `audit verify` found the audit log tampered with
)

// env is what every command receives.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand. run gets the arguments after the command's name.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
	help    func(e *env) // prints the command's usage; nil: run with --help
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"serve":    {summary: "run the web server: officials' pages and the JSON API", run: runServe},
		"migrate":  {summary: "apply the database migrations and exit", run: runMigrate},
		"import":   {summary: "import administrative units, a reform mapping or the procedure catalogue", run: runImport, help: helpImport},
		"export":   {summary: "export the procedure catalogue as a catalogue file", run: runExport, help: helpExport},
		"token":    {summary: "create, list and revoke API bearer tokens", run: runToken, help: helpToken},
		"audit":    {summary: "verify the audit log's hash chain", run: runAudit, help: helpAudit},
		"users":    {summary: "list officials' accounts", run: runUsers, help: helpUsers},
		"calendar": {summary: "working-day calendar: due dates, days off, import and export", run: runCalendar, help: helpCalendar},
		"gen":      {summary: "generate realistic dossiers for demonstrations and load tests (PostgreSQL)", run: runGen},
		"bench":    {summary: "drive running servers with a realistic load and measure it against its limits", run: runBench},
		"remind":   {summary: "send today's reminder emails of due-soon and overdue dossiers now", run: runRemind},
		"stats":    {summary: "statistics of the QĐ 766 indicators: rebuild them from the dossiers", run: runStats, help: helpStats},
		"version":  {summary: "print the version", run: runVersion},
		"help":     {summary: "show the help of a command", run: runHelp},
	}
}

// Run runs the egov command line. args are the arguments after the program name; getenv reads
// the environment (os.Getenv in production). It returns the process exit code. ctx ends when
// the process is asked to stop (SIGINT, SIGTERM); serve then shuts down gracefully.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printUsage(stderr)
		return ExitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		printUsage(stdout)
		return ExitOK
	case "-v", "-version", "--version":
		name = "version"
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "egov: unknown command %q\n\n", name)
		printUsage(stderr)
		return ExitUsage
	}
	return e.exit(cmd.run(ctx, e, args[1:]))
}

// exit prints err and maps it to an exit code.
func (e *env) exit(err error) int {
	var ue usageError
	var broken brokenError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "egov: %s\nRun 'egov help' for usage.\n", ue.msg)
		return ExitUsage
	case errors.As(err, &broken):
		fmt.Fprintf(e.stderr, "egov: %s\n", broken.msg)
		return ExitBroken
	}
	fmt.Fprintf(e.stderr, "egov: %s\n", describe(err))
	return ExitError
}

// describe renders an error for an operator: the Vietnamese message and the English one of an
// errs.Error, the whole chain of anything else (operators need the detail users never see).
func describe(err error) string {
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind == errs.Internal {
		return err.Error()
	}
	s := e.Message
	if e.English != "" && e.English != e.Message {
		s += " (" + e.English + ")"
	}
	// Keep the context wrapped around it, e.g. the file name in "file.csv: …".
	return strings.TrimSuffix(err.Error(), e.Error()) + s
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `egov runs a city's e-government in one program: the electronic one-stop shop where officials
receive and process administrative-procedure dossiers, its JSON API, and the tools to run it.

Usage:
  egov <command> [arguments]

Commands:
`)
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, `
Data live in SQLite under --data (default ./egov-data), or in PostgreSQL when EGOV_DATABASE_URL
is set. Migrations are applied at the start of every command.
Run 'egov help <command>' for the flags and environment variables of a command.
`)
}

// runHelp prints the main usage or one command's.
func runHelp(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		printUsage(e.stdout)
		return nil
	}
	cmd, ok := commands[args[0]]
	if !ok || args[0] == "help" {
		if ok {
			printUsage(e.stdout)
			return nil
		}
		return usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	if cmd.help != nil {
		cmd.help(e)
		return nil
	}
	return cmd.run(ctx, e, []string{"--help"})
}

// needArgs checks the number of positional arguments.
func needArgs(pos []string, n int, what string) error {
	if len(pos) != n {
		if len(pos) > n {
			return usageError{"unexpected arguments: " + strings.Join(pos[n:], " ")}
		}
		return usageError{"missing " + what}
	}
	return nil
}
