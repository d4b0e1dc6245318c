package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

const (
	aboutTokenCreate = `Creates an API bearer token for an official's account and prints it once on standard output
(only its hash is stored). Send it as "Authorization: Bearer TOKEN"; it acts with the account's roles.
--ttl is a lifetime such as 90d, 12h or 30m; 0 means the token never expires.`
	aboutTokenList   = `Lists the API tokens of an account (never the tokens themselves), newest first.`
	aboutTokenRevoke = `Revokes the API token with the given ID (see 'egov token list'); it stops working at once.`
)

type tokenOpts struct {
	c    storeConfig
	user string
	ttl  string
	name string
}

func tokenFlags(e *env, sub string) (*flagSet, *tokenOpts) {
	o := &tokenOpts{}
	var f *flagSet
	switch sub {
	case "create":
		f = newFlagSet("token create", "egov token create --user NAME [--ttl D] [--name TEXT] [flags]", aboutTokenCreate, e)
		f.String(&o.user, "user", "", "", "NAME", "username of the account (required)")
		f.String(&o.ttl, "ttl", "", "90d", "D", "lifetime: days (90d) or a Go duration (12h); 0 for no expiry")
		f.String(&o.name, "name", "", "", "TEXT", "what the token is for, shown in lists")
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
		if o.user == "" {
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
