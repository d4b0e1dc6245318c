package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

const aboutUsersList = `Lists officials' accounts, one line per account and unit on which it holds roles: an account
with roles on two units appears twice. The unit code is the unit's agency code (mã định danh), or
its GSO code when it has none; an account without any role appears once with an empty unit code.
--unit keeps the lines of the unit(s) with that agency or GSO code (every version of it).
--json prints an array of {"username", "unit_code", "roles"} objects instead of a table.`

// userLine is one account on one unit: the JSON form of "users list".
type userLine struct {
	Username string   `json:"username"`
	UnitCode string   `json:"unit_code"`
	Roles    []string `json:"roles"`
	unitName string
	fullName string
}

type usersOpts struct {
	c      storeConfig
	unit   string
	asJSON bool
}

func usersFlags(e *env) (*flagSet, *usersOpts) {
	o := &usersOpts{}
	f := newFlagSet("users list", "egov users list [--unit CODE] [--json] [flags]", aboutUsersList, e)
	f.String(&o.unit, "unit", "", "", "CODE", "only this unit: an agency code (000.00.00.H24) or a GSO code (00004)")
	f.Bool(&o.asJSON, "json", "", false, "print JSON")
	addStoreFlags(f, &o.c)
	return f, o
}

func helpUsers(e *env) {
	f, _ := usersFlags(e)
	f.printUsage(e.stdout)
}

// runUsers runs "users list".
func runUsers(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"missing users command: list"}
	}
	switch args[0] {
	case "list":
	case "-h", "-help", "--help":
		helpUsers(e)
		return nil
	default:
		return usageError{fmt.Sprintf("unknown users command %q: list", args[0])}
	}
	f, o := usersFlags(e)
	pos, err := f.Parse(args[1:])
	if err != nil {
		return err
	}
	if err := needArgs(pos, 0, ""); err != nil {
		return err
	}
	db, svc, err := o.c.openService(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	lines, err := listUsers(app.WithActor(ctx, org.SystemActor), svc, strings.TrimSpace(o.unit))
	if err != nil {
		return err
	}
	if o.asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(lines)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USERNAME\tUNIT CODE\tROLES\tFULL NAME\tUNIT")
	for _, l := range lines {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", l.Username, orDash(l.UnitCode), orDash(strings.Join(l.Roles, ",")), l.fullName, orDash(l.unitName))
	}
	return tw.Flush()
}

// listUsers returns every account, one line per unit it holds roles on, in username order and
// then in the order of the units' paths; only the lines of units with code unit when it is set.
func listUsers(ctx context.Context, svc *app.Service, unit string) ([]userLine, error) {
	var keep map[int64]bool
	if unit != "" {
		keep = map[int64]bool{}
		for _, f := range []store.UnitFilter{{OrganID: unit}, {GSOCode: unit}} {
			f.Limit = 5000
			us, err := svc.Units(ctx, f)
			if err != nil {
				return nil, err
			}
			for _, u := range us {
				keep[u.ID] = true
			}
		}
		if len(keep) == 0 {
			return nil, errs.New(errs.NotFound, "unit_not_found", "Không có đơn vị nào mang mã "+unit+".", "No unit has code "+unit+".")
		}
	}
	var users []*org.User
	for offset := 0; ; offset += 1000 {
		page, err := svc.Users(ctx, store.UserFilter{Limit: 1000, Offset: offset})
		if err != nil {
			return nil, err
		}
		users = append(users, page...)
		if len(page) < 1000 {
			break
		}
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, u := range users {
		for _, g := range u.Grants {
			if !seen[g.UnitID] {
				seen[g.UnitID] = true
				ids = append(ids, g.UnitID)
			}
		}
	}
	units, err := svc.UnitsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	lines := []userLine{}
	for _, u := range users {
		if len(u.Grants) == 0 {
			if keep == nil {
				lines = append(lines, userLine{Username: u.Username, Roles: []string{}, fullName: u.FullName})
			}
			continue
		}
		at := map[int64]int{} // unit ID -> index in lines
		for _, g := range u.Grants {
			if keep != nil && !keep[g.UnitID] {
				continue
			}
			i, ok := at[g.UnitID]
			if !ok {
				l := userLine{Username: u.Username, Roles: []string{}, unitName: g.UnitName, fullName: u.FullName}
				if n := units[g.UnitID]; n != nil {
					l.UnitCode = n.OrganID
					if l.UnitCode == "" {
						l.UnitCode = n.GSOCode
					}
				}
				i = len(lines)
				at[g.UnitID] = i
				lines = append(lines, l)
			}
			lines[i].Roles = append(lines[i].Roles, string(g.Role))
		}
	}
	return lines, nil
}
