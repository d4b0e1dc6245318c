// Package demo fills an empty egov with a realistic Hà Nội: the real administrative units before
// and after the reform of 1 July 2025 (public lists compiled from the GSO, embedded under data/),
// the city's departments, a one-stop desk or service centre for every district and commune, and
// officials of every role at a sample of units. Everything goes through the app service acting as
// the system, with the same import code as `egov import`, so every change is in the audit log.
//
// The agency codes (mã định danh, domain-vn §5.2) given to units are ILLUSTRATIVE: they follow the
// structure V1V2V3.Z1Z2.Y1Y2.MX1X2 but are not the national catalogue's codes, which must replace
// them in a real deployment. Hà Nội's level-1 code itself is unconfirmed (derived "H24"), so it is
// a parameter (Options.OrganRoot), never a constant. The scheme:
//
//	city                               000.00.00.R
//	department NN (01, 02, …)          000.00.NN.R
//	city service centre                000.00.NN.R (the number after the departments)
//	division k of department NN        000.kk.NN.R
//	district DD (31, 32, … file order) 000.00.DD.R     (until 2025-06-30)
//	its one-stop desk                  000.99.DD.R
//	commune CC of district DD          000.CC.DD.R     (until 2025-06-30)
//	its one-stop desk                  001.CC.DD.R
//	commune i after the reform         000.ZZ.9Y.R     (from 2025-07-01; i = 1…126 in file order,
//	                                                    Y = (i-1)/99, ZZ = (i-1)%99+1)
//	its service centre                 001.ZZ.9Y.R
//
// The procedure catalogue of package catalog (catalog.Demo) is loaded too, with its agency codes
// under the same level-1 code.
package demo

import (
	"context"
	"crypto/rand"
	"embed"
	"fmt"
	"math/big"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/auth"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

//go:embed data/*.csv
var files embed.FS

// The embedded files and the days they take effect.
const (
	unitsBefore = "data/hanoi-units-2025-03.csv" // the city, 30 districts, 526 communes
	unitsAfter  = "data/hanoi-units-2025-07.csv" // the city and 126 communes
	reformMap   = "data/hanoi-reform-2025-07.csv"
)

var (
	startDay  = mustDate("2025-01-01") // the first day the demo describes
	reformDay = mustDate("2025-07-01") // two-tier local government (domain-vn §11)
)

// DefaultOrganRoot is the level-1 agency code the demo uses for Hà Nội when none is configured.
// It is derived, not confirmed (domain-vn §5.2); callers pass it in as configuration.
const DefaultOrganRoot = "H24"

// Options configures a demo load.
type Options struct {
	// OrganRoot is the city's level-1 agency code, a letter and two digits ("H24").
	OrganRoot string
	// Password is the one password of every demo account; empty makes a random one.
	Password string
	// Progress, if not nil, is told what is being loaded.
	Progress func(step string)
}

// Account is a demo official to try.
type Account struct {
	Username string
	FullName string
	Role     org.Role
	Unit     string // the unit's name
}

// Result is what a demo load made.
type Result struct {
	Password string    // shown once; stored only as a hash
	Accounts []Account // in the order they were created
	Units    int       // unit versions created
	// Procedures and Versions count the catalogue's procedures and versions created.
	Procedures int
	Versions   int
	Elapsed    time.Duration
}

// Empty reports whether the database has no unit at all: the demo loads only into an empty one.
func Empty(ctx context.Context, svc *app.Service) (bool, error) {
	us, err := svc.Units(ctx, store.UnitFilter{Limit: 1})
	return len(us) == 0, err
}

// Load fills an empty database with the demo city. It refuses a database that already has units
// (Conflict "not_empty"). Each step is one transaction, so a failure leaves the steps before it.
func Load(ctx context.Context, svc *app.Service, opts Options) (*Result, error) {
	began := time.Now()
	if opts.OrganRoot == "" {
		opts.OrganRoot = DefaultOrganRoot
	}
	if _, err := org.ParseOrganID("000.00.00." + opts.OrganRoot); err != nil {
		return nil, err
	}
	if opts.Password == "" {
		var err error
		if opts.Password, err = NewPassword(); err != nil {
			return nil, errs.Wrap(err, "demo password")
		}
	} else if err := org.ValidatePassword(opts.Password); err != nil {
		return nil, err
	}
	progress := opts.Progress
	if progress == nil {
		progress = func(string) {}
	}
	ctx = app.WithActor(ctx, org.SystemActor)
	empty, err := Empty(ctx, svc)
	if err != nil {
		return nil, err
	}
	if !empty {
		return nil, errs.New(errs.Conflict, "not_empty", "Cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ được nạp vào cơ sở dữ liệu trống.", "The database is not empty; demo data load only into an empty one.")
	}
	res := &Result{Password: opts.Password}
	l := &loader{svc: svc, root: opts.OrganRoot, res: res}

	progress("units before the reform")
	if err := l.importUnits(ctx, unitsBefore, startDay, codesBefore); err != nil {
		return nil, err
	}
	progress("units after the reform")
	if err := l.importUnits(ctx, unitsAfter, reformDay, codesAfter); err != nil {
		return nil, err
	}
	progress("reform mapping")
	if err := l.importReform(ctx); err != nil {
		return nil, err
	}
	progress("departments, desks and service centres")
	if err := l.agencies(ctx); err != nil {
		return nil, err
	}
	progress("officials")
	hash, err := auth.HashPassword(opts.Password)
	if err != nil {
		return nil, errs.Wrap(err, "hash demo password")
	}
	if err := l.officials(ctx, hash); err != nil {
		return nil, err
	}
	progress("procedure catalogue")
	imp, err := LoadCatalogue(ctx, svc, opts.OrganRoot)
	if err != nil {
		return nil, err
	}
	if imp != nil {
		res.Procedures, res.Versions = imp.ProceduresCreated, imp.VersionsCreated
	}
	res.Elapsed = time.Since(began)
	return res, nil
}

// NewPassword returns a random password that passes org.ValidatePassword: three groups of four
// letters and digits without look-alikes (0/O, 1/l/I), joined by hyphens.
func NewPassword() (string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	for {
		b := make([]byte, 0, 14)
		var letter, digit bool
		for i := 0; i < 12; i++ {
			if i > 0 && i%4 == 0 {
				b = append(b, '-')
			}
			n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
			if err != nil {
				return "", err
			}
			c := alphabet[n.Int64()]
			if c >= '2' && c <= '9' {
				digit = true
			} else {
				letter = true
			}
			b = append(b, c)
		}
		if letter && digit && org.ValidatePassword(string(b)) == nil {
			return string(b), nil
		}
	}
}

func mustDate(s string) org.Date {
	d, err := org.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// loader carries what the steps share.
type loader struct {
	svc  *app.Service
	root string
	res  *Result
}

func (l *loader) code(v, z, y int) string {
	return fmt.Sprintf("%03d.%02d.%02d.%s", v, z, y, l.root)
}
