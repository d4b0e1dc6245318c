package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

const (
	aboutCalendarDue = `Prints when a duration started at --from is due, in RFC 3339 with +07:00, counting working time
on the calendar (weekends, public holidays, swapped days off and make-up Saturdays). Give exactly one
of --days N, --hours N (N may be fractional, e.g. 0.5), --same-day (15:00 cut-off) or
--calendar-days N. With --explain, the days skipped and why follow on standard output.
Without --data or EGOV_DATABASE_URL it uses the built-in national calendar.`
	aboutCalendarHolidays = `Prints one line per day of the year that differs from the usual week, in date order:
YYYY-MM-DD<TAB>off|workday<TAB>name ("off": a weekday without work; "workday": a make-up working day).
A year without an official schedule gets the statutory one computed from the lunar calendar, and a
note on standard error says it is provisional.`
	aboutCalendarImport = `Reads a calendar file (the format of 'egov calendar export'), shows what it would change, and
stores it under --calendar only with --confirm. Acts as the system; audited.`
	aboutCalendarExport = `Prints a calendar in its text file format.`
)

type calendarOpts struct {
	c        storeConfig
	name     string
	from     string
	days     string
	hours    string
	calDays  string
	sameDay  bool
	explain  bool
	year     int
	confirm  bool
	useStore bool
}

func calendarFlags(e *env, sub string) (*flagSet, *calendarOpts) {
	o := &calendarOpts{}
	var f *flagSet
	switch sub {
	case "due":
		f = newFlagSet("calendar due", "egov calendar due --from RFC3339 (--days N | --hours N | --same-day | --calendar-days N) [--calendar NAME] [--explain]", aboutCalendarDue, e)
		f.String(&o.from, "from", "", "", "RFC3339", "start instant, e.g. 2025-03-03T09:00:00+07:00 (required)")
		f.String(&o.days, "days", "", "", "N", "working days")
		f.String(&o.hours, "hours", "", "", "N", "working hours")
		f.String(&o.calDays, "calendar-days", "", "", "N", "calendar days")
		f.Bool(&o.sameDay, "same-day", "", false, "same-day procedure: received after 15:00, due the next working day")
		f.Bool(&o.explain, "explain", "", false, "also print why: the days skipped and the notes")
	case "holidays":
		f = newFlagSet("calendar holidays", "egov calendar holidays --year YYYY [--calendar NAME]", aboutCalendarHolidays, e)
		f.fs.IntVar(&o.year, "year", 0, "the year (required)")
		f.docs = append(f.docs, flagDoc{"year", "YYYY", "", `""`, "the year (required)"})
	case "import":
		f = newFlagSet("calendar import", "egov calendar import FILE [--calendar NAME] [--confirm]", aboutCalendarImport, e)
		f.Bool(&o.confirm, "confirm", "", false, "store the calendar (without it, only show the changes)")
	default:
		f = newFlagSet("calendar export", "egov calendar export [--calendar NAME]", aboutCalendarExport, e)
	}
	f.String(&o.name, "calendar", "", app.NationalCalendar, "NAME", "calendar key")
	addStoreFlags(f, &o.c)
	return f, o
}

func helpCalendar(e *env) {
	for i, sub := range []string{"due", "holidays", "import", "export"} {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		f, _ := calendarFlags(e, sub)
		f.printUsage(e.stdout)
	}
}

// runCalendar runs "calendar due", "calendar holidays", "calendar import" and "calendar export".
func runCalendar(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"missing calendar command: due, holidays, import or export"}
	}
	sub := args[0]
	switch sub {
	case "due", "holidays", "import", "export":
	case "-h", "-help", "--help":
		helpCalendar(e)
		return nil
	default:
		return usageError{fmt.Sprintf("unknown calendar command %q: due, holidays, import or export", sub)}
	}
	f, o := calendarFlags(e, sub)
	pos, err := f.Parse(args[1:])
	if err != nil {
		return err
	}
	o.useStore = sub == "import" || f.Given("data", "EGOV_DATA") || o.c.databaseURL() != ""
	svc, closeDB, err := o.service(ctx, e)
	if err != nil {
		return err
	}
	defer closeDB()
	switch sub {
	case "due":
		return calendarDue(ctx, e, o, svc, pos)
	case "holidays":
		if err := needArgs(pos, 0, ""); err != nil {
			return err
		}
		if o.year == 0 {
			return usageError{"--year YYYY is required"}
		}
		ys, err := svc.Holidays(ctx, o.name, o.year)
		if err != nil {
			return err
		}
		for _, l := range ys.Lines {
			fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", l.Date, l.Kind, l.Name)
		}
		if ys.Note != "" {
			fmt.Fprintln(e.stderr, ys.Note)
		}
		for _, w := range ys.Warnings {
			fmt.Fprintln(e.stderr, "cảnh báo: "+w)
		}
		return nil
	case "export":
		if err := needArgs(pos, 0, ""); err != nil {
			return err
		}
		body, _, err := svc.CalendarFile(ctx, o.name)
		if err != nil {
			return err
		}
		_, err = io.WriteString(e.stdout, body)
		return err
	}
	// import
	if err := needArgs(pos, 1, "the calendar file"); err != nil {
		return err
	}
	var body []byte
	if pos[0] == "-" {
		body, err = io.ReadAll(e.stdin)
	} else {
		body, err = os.ReadFile(pos[0])
	}
	if err != nil {
		return err
	}
	_, version, err := svc.CalendarFile(ctx, o.name)
	if errs.KindOf(err) == errs.NotFound {
		err = nil
	}
	if err != nil {
		return err
	}
	ch, err := svc.PutCalendar(app.WithActor(ctx, org.SystemActor), o.name, string(body), version, o.confirm)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	for _, en := range ch.Added {
		fmt.Fprintf(e.stdout, "+ %s\t%s\t%s\n", en.Date, en.Kind, en.Name)
	}
	for _, en := range ch.Removed {
		fmt.Fprintf(e.stdout, "- %s\t%s\t%s\n", en.Date, en.Kind, en.Name)
	}
	for _, w := range ch.Warnings {
		fmt.Fprintln(e.stderr, "cảnh báo: "+w)
	}
	if ch.Applied {
		fmt.Fprintf(e.stderr, "Calendar %s stored, version %d: %d entries added, %d removed.\n", ch.Key, ch.Version, len(ch.Added), len(ch.Removed))
	} else {
		fmt.Fprintf(e.stderr, "Nothing stored: %d entries would be added, %d removed. Run again with --confirm to store.\n", len(ch.Added), len(ch.Removed))
	}
	return nil
}

// service opens the database when asked to, or else a service over an empty in-memory store
// that answers from the built-in calendar.
func (o *calendarOpts) service(ctx context.Context, e *env) (*app.Service, func(), error) {
	if !o.useStore {
		log, err := o.c.logger(io.Discard)
		if err != nil {
			return nil, nil, err
		}
		return app.Offline(log), func() {}, nil
	}
	db, svc, err := o.c.openService(ctx, e)
	if err != nil {
		return nil, nil, err
	}
	return svc, func() { db.Close() }, nil
}

func calendarDue(ctx context.Context, e *env, o *calendarOpts, svc *app.Service, pos []string) error {
	if err := needArgs(pos, 0, ""); err != nil {
		return err
	}
	if o.from == "" {
		return usageError{"--from RFC3339 is required"}
	}
	from, err := time.Parse(time.RFC3339, o.from)
	if err != nil {
		return usageError{fmt.Sprintf("--from %q is not RFC 3339 (e.g. 2025-03-03T09:00:00+07:00)", o.from)}
	}
	var d calendar.Duration
	n := 0
	parse := func(flag, v string) (float64, error) {
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return 0, usageError{fmt.Sprintf("--%s %q is not a number", flag, v)}
		}
		if x < 0 {
			return 0, usageError{fmt.Sprintf("--%s must not be negative", flag)}
		}
		return x, nil
	}
	if o.days != "" {
		n++
		x, err := parse("days", o.days)
		if err != nil {
			return err
		}
		d = calendar.WorkingDaysOf(x)
	}
	if o.hours != "" {
		n++
		x, err := parse("hours", o.hours)
		if err != nil {
			return err
		}
		d = calendar.WorkingHoursOf(x)
	}
	if o.calDays != "" {
		n++
		x, err := parse("calendar-days", o.calDays)
		if err != nil {
			return err
		}
		if x != float64(int(x)) {
			return usageError{"--calendar-days must be a whole number"}
		}
		d = calendar.CalendarDaysOf(int(x))
	}
	if o.sameDay {
		n++
		d = calendar.SameDayBy(calendar.Clock(15, 0))
	}
	if n != 1 {
		return usageError{"give exactly one of --days, --hours, --same-day or --calendar-days"}
	}
	r, err := svc.Due(ctx, o.name, from, d)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, r.Due.Format(time.RFC3339))
	if o.explain {
		fmt.Fprint(e.stdout, r.Explain())
	}
	if r.Provisional && !o.explain {
		for _, n := range r.Notes {
			fmt.Fprintln(e.stderr, n)
		}
	}
	return nil
}
