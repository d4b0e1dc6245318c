package cli

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// flagSet is a flag.FlagSet whose flags may also be set by EGOV_* environment variables. A flag
// on the command line wins over its variable, which wins over the default.
type flagSet struct {
	fs     *flag.FlagSet
	getenv func(string) string
	usage  string // "egov import units FILE.csv --effective DATE"
	about  string // what the command does, one paragraph
	docs   []flagDoc
	envErr error // the first environment variable that did not parse
	stdout io.Writer
}

type flagDoc struct{ name, arg, env, def, usage string }

// newFlagSet returns the flags of a command. --help prints the usage on e's standard output; a
// mistake gives a usageError (printed on standard error by Run).
func newFlagSet(name, usage, about string, e *env) *flagSet {
	f := &flagSet{fs: flag.NewFlagSet(name, flag.ContinueOnError), getenv: e.getenv, usage: usage, about: about, stdout: e.stdout}
	f.fs.SetOutput(io.Discard)
	f.fs.Usage = func() {}
	return f
}

// fromEnv returns the variable's value and whether it is set (and non-empty).
func (f *flagSet) fromEnv(env string) (string, bool) {
	if env == "" {
		return "", false
	}
	v := strings.TrimSpace(f.getenv(env))
	return v, v != ""
}

func (f *flagSet) badEnv(env, v string, err error) {
	if f.envErr == nil {
		f.envErr = fmt.Errorf("%s=%q: %v", env, v, err)
	}
}

func (f *flagSet) String(p *string, name, env, def, arg, usage string) {
	if v, ok := f.fromEnv(env); ok {
		def = v
	}
	f.fs.StringVar(p, name, def, usage)
	f.docs = append(f.docs, flagDoc{name, arg, env, fmt.Sprintf("%q", f.fs.Lookup(name).DefValue), usage})
}

func (f *flagSet) Bool(p *bool, name, env string, def bool, usage string) {
	if v, ok := f.fromEnv(env); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			f.badEnv(env, v, err)
		} else {
			def = b
		}
	}
	f.fs.BoolVar(p, name, def, usage)
	f.docs = append(f.docs, flagDoc{name, "", env, strconv.FormatBool(def), usage})
}

func (f *flagSet) Int(p *int, name, env string, def int, arg, usage string) {
	if v, ok := f.fromEnv(env); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			f.badEnv(env, v, err)
		} else {
			def = n
		}
	}
	f.fs.IntVar(p, name, def, usage)
	f.docs = append(f.docs, flagDoc{name, arg, env, strconv.Itoa(def), usage})
}

func (f *flagSet) Duration(p *time.Duration, name, env string, def time.Duration, usage string) {
	if v, ok := f.fromEnv(env); ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			f.badEnv(env, v, err)
		} else {
			def = d
		}
	}
	f.fs.DurationVar(p, name, def, usage)
	f.docs = append(f.docs, flagDoc{name, "DURATION", env, def.String(), usage})
}

// EnvOnly documents a setting read from the environment only.
func (f *flagSet) EnvOnly(env, usage string) {
	f.docs = append(f.docs, flagDoc{env: env, usage: usage})
}

// Parse parses args, allowing flags after positional arguments ("FILE.csv --effective DATE"),
// and returns the positional arguments. An environment variable that does not parse is an error.
func (f *flagSet) Parse(args []string) ([]string, error) {
	if f.envErr != nil {
		return nil, usageError{f.envErr.Error()}
	}
	var pos []string
	for {
		if err := f.fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				f.printUsage(f.stdout)
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = f.fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func (f *flagSet) printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", f.usage, f.about)
	if len(f.docs) == 0 {
		return
	}
	fmt.Fprintf(w, "\nFlags:\n")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, d := range f.docs {
		name := "--" + d.name
		if d.name == "" {
			name = d.env // set in the environment only
		} else if d.arg != "" {
			name += " " + d.arg
		}
		var notes []string
		if d.env != "" && d.name != "" {
			notes = append(notes, "env "+d.env)
		}
		if d.def != "" && d.def != `""` {
			notes = append(notes, "default "+d.def)
		}
		if len(notes) > 0 {
			d.usage += " (" + strings.Join(notes, ", ") + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", name, d.usage)
	}
	tw.Flush()
}

// usageError is a mistake on the command line: exit code 2 and a hint to read the help.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Given reports whether the flag was set on the command line or through its variable env.
func (f *flagSet) Given(name, env string) bool {
	if _, ok := f.fromEnv(env); ok {
		return true
	}
	given := false
	f.fs.Visit(func(fl *flag.Flag) { given = given || fl.Name == name })
	return given
}
