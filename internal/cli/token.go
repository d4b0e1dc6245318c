package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

const (
	aboutTokenCreate = `Creates an API bearer token for an official's account and prints it once on standard output
(only its hash is stored). Send it as "Authorization: Bearer TOKEN"; it acts with the account's roles.
--ttl is a lifetime such as 90d, 12h or 30m; 0 means the token never expires.

With --citizen CONTACT instead of --user, it opens a session for the portal account with that email
or mobile number, without its password, and prints the session's token: sent as "Authorization:
Bearer TOKEN" to /api/v1/portal/…, it acts as the account. It ends as a sign-in's session does
(2 hours without use, 12 hours at the latest; --ttl does not apply), and the account holder sees it
among their sessions. With --citizens K it does so for the K accounts owning the most dossiers and
prints one line per account: the contact, the number of dossiers it owns and the token (for
'egov bench --citizen-token-file'). Both are for load tests and support, and are audited.`
	aboutTokenList   = `Lists the API tokens of an account (never the tokens themselves), newest first.`
	aboutTokenRevoke = `Revokes the API token with the given ID (see 'egov token list'); it stops working at once.`
)

type tokenOpts struct {
	c        storeConfig
	user     string
	ttl      string
	name     string
	citizen  string
	citizens int
}

func tokenFlags(e *env, sub string) (*flagSet, *tokenOpts) {
	o := &tokenOpts{}
	var f *flagSet
	switch sub {
	case "create":
		f = newFlagSet("token create", "egov token create (--user NAME [--ttl D] [--name TEXT] | --citizen CONTACT | --citizens K) [flags]", aboutTokenCreate, e)
		f.String(&o.user, "user", "", "", "NAME", "username of the official's account")
		f.String(&o.ttl, "ttl", "", "90d", "D", "lifetime: days (90d) or a Go duration (12h); 0 for no expiry")
		f.String(&o.name, "name", "", "", "TEXT", "what the token is for, shown in lists")
		f.String(&o.citizen, "citizen", "", "", "CONTACT", "email or mobile number of a portal account: a portal session token for it")
		f.Int(&o.citizens, "citizens", "", 0, "K", fmt.Sprintf("portal session tokens for the K accounts owning the most dossiers (at most %d)", app.MaxTopOwnerTokens))
	case "list":
		f = newFlagSet("token list", "egov token list --user NAME [flags]", aboutTokenList, e)
		f.String(&o.user, "user", "", "", "NAME", "username of the account (required)")
	default:
		f = newFlagSet("token revoke", "egov token revoke ID [flags]", aboutTokenRevoke, e)
	}
	addStoreFlags(f, &o.c)
	return f, o
}

func helpToken(e *env) {
	for i, sub := range []string{"create", "list", "revoke"} {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		f, _ := tokenFlags(e, sub)
		f.printUsage(e.stdout)
	}
}

// runToken runs "token create", "token list" and "token revoke", acting as the system.
func runToken(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"missing token command: create, list or revoke"}
	}
	sub := args[0]
	switch sub {
	case "create", "list", "revoke":
	case "-h", "-help", "--help":
		helpToken(e)
		return nil
	default:
		return usageError{fmt.Sprintf("unknown token command %q: create, list or revoke", sub)}
	}
	f, o := tokenFlags(e, sub)
	pos, err := f.Parse(args[1:])
	if err != nil {
		return err
	}
	var ttl time.Duration
	var id int64
	switch sub {
	case "create", "list":
		if err := needArgs(pos, 0, ""); err != nil {
			return err
		}
		if sub == "create" && (o.citizen != "" || o.citizens != 0) {
			return createCitizenTokens(ctx, e, f, o)
		}
		if o.user == "" {
			if sub == "create" {
				return usageError{"--user NAME, --citizen CONTACT or --citizens K is required"}
			}
			return usageError{"--user NAME is required"}
		}
		if sub == "create" {
			if ttl, err = parseTTL(o.ttl); err != nil {
				return err
			}
		}
	case "revoke":
		if err := needArgs(pos, 1, "the token ID"); err != nil {
			return err
		}
		if id, err = strconv.ParseInt(pos[0], 10, 64); err != nil || id <= 0 {
			return usageError{fmt.Sprintf("token ID %q is not a number", pos[0])}
		}
	}
	db, svc, err := o.c.openService(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = app.WithActor(ctx, org.SystemActor)

	switch sub {
	case "create":
		tok, t, err := svc.CreateToken(ctx, o.user, o.name, ttl)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, tok)
		expires := "never expires"
		if !t.ExpiresAt.IsZero() {
			expires = "expires " + t.ExpiresAt.In(clock.Vietnam).Format(timeLayout)
		}
		fmt.Fprintf(e.stderr, "Token %d for %s, %s. It is shown only this once: keep it safe.\n", t.ID, t.Username, expires)
		return nil
	case "list":
		u, err := userByName(ctx, svc, o.user)
		if err != nil {
			return err
		}
		ts, err := svc.Tokens(ctx, u.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tCREATED\tEXPIRES\tLAST USED\tSTATE")
		now := svc.Clock().Now()
		for _, t := range ts {
			state := "active"
			switch {
			case !t.RevokedAt.IsZero():
				state = "revoked " + localTime(t.RevokedAt)
			case !t.Active(now):
				state = "expired"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, orDash(t.Name), localTime(t.CreatedAt), orDash(localTime(t.ExpiresAt)), orDash(localTime(t.LastUsedAt)), state)
		}
		return tw.Flush()
	default:
		if err := svc.RevokeToken(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Token %d revoked.\n", id)
		return nil
	}
}

// createCitizenTokens runs "token create --citizen CONTACT" and "token create --citizens K",
// acting as the system: a malformed contact, a K out of range, or either with --user, --ttl or
// --name is a usage error; an unknown account is an error.
func createCitizenTokens(ctx context.Context, e *env, f *flagSet, o *tokenOpts) error {
	set := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	switch {
	case set["citizen"] && set["citizens"]:
		return usageError{"--citizen and --citizens: give one"}
	case o.user != "":
		return usageError{"--user and --citizen/--citizens: give one"}
	case set["ttl"] || set["name"]:
		return usageError{"--ttl and --name are for officials' tokens (--user); a portal session ends as a sign-in's does"}
	case set["citizens"] && (o.citizens < 1 || o.citizens > app.MaxTopOwnerTokens):
		return usageError{fmt.Sprintf("--citizens %d: want 1 to %d", o.citizens, app.MaxTopOwnerTokens)}
	}
	if o.citizen != "" {
		if _, _, err := citizen.ParseContact(o.citizen); err != nil {
			return usageError{fmt.Sprintf("--citizen %q: %s", o.citizen, describe(err))}
		}
	}
	db, svc, err := o.c.openService(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = app.WithActor(ctx, org.SystemActor)
	if o.citizen != "" {
		t, err := svc.CreateCitizenToken(ctx, o.citizen)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, t.Token)
		fmt.Fprintf(e.stderr, "Portal session %d for %s (%s), expires %s unless used. It is shown only this once: keep it safe.\n",
			t.Session.ID, t.Account.Contact(), t.Account.FullName, t.Session.ExpiresAt.In(clock.Vietnam).Format(timeLayout))
		return nil
	}
	ts, err := svc.CreateTopOwnerTokens(ctx, o.citizens)
	if err != nil {
		return err
	}
	if len(ts) == 0 {
		return errs.New(errs.NotFound, "no_dossier_owners", "Không có tài khoản công dân nào sở hữu hồ sơ (hãy sinh dữ liệu bằng egov gen).",
			"No portal account owns a dossier (generate some with egov gen).")
	}
	for _, t := range ts {
		fmt.Fprintf(e.stdout, "%s %d %s\n", t.Account.Contact(), t.Dossiers, t.Token)
	}
	fmt.Fprintf(e.stderr, "%d portal sessions for the accounts owning the most dossiers (%d asked for). They are shown only this once: keep them safe.\n", len(ts), o.citizens)
	return nil
}

// parseTTL reads a lifetime: whole days ("90d") or a Go duration ("12h", "30m"); "0" is none.
func parseTTL(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err == nil && n >= 0 && n <= 36500 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	} else if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return d, nil
	} else if s == "0" {
		return 0, nil
	}
	return 0, usageError{fmt.Sprintf("--ttl %q: want days such as 90d or a duration such as 12h", s)}
}

// userByName finds an account by its exact username.
func userByName(ctx context.Context, svc *app.Service, name string) (*org.User, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	us, err := svc.Users(ctx, store.UserFilter{Query: name})
	if err != nil {
		return nil, err
	}
	for _, u := range us {
		if u.Username == name {
			return u, nil
		}
	}
	return nil, errs.New(errs.NotFound, "user_not_found", "Không tìm thấy cán bộ "+name+".", "No user "+name+".")
}

const timeLayout = "2006-01-02 15:04 -07:00"

func localTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(clock.Vietnam).Format("2006-01-02 15:04")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
