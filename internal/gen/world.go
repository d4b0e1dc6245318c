package gen

import (
	"context"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// world is what the generator draws from: the stored units, procedure versions, officials and
// calendars.
type world struct {
	units    map[int64]*org.Unit
	children map[int64][]*org.Unit
	city     *org.Unit
	// desks are the units that receive at the counter: one-stop desks and service centres under a
	// commune, a district or the city.
	desks    []*desk
	versions []*version
	// deptByField maps a field (lĩnh vực) to the department that handles it.
	deptByField map[string]*org.Unit
	depts       []*org.Unit
	staff       map[int64]map[org.Role]*org.User // unit → role → an official holding it there
	cals        map[string]*calendar.Calendar    // calendar key → calendar
	calOf       map[int64]string                 // receiving unit → calendar key
	// owners are the portal accounts owning several dossiers, made for the load (makeOwners).
	owners *owners
}

// desk is a receiving unit with the level it serves and its relative size.
type desk struct {
	unit   *org.Unit
	parent *org.Unit // the commune, district or city it serves
	level  org.Kind  // the competent kind of the procedures it receives: commune, district or department
	weight float64
}

// version is a published procedure version with its popularity.
type version struct {
	*store.VersionRow
	weight float64
	dept   *org.Unit // for department-level versions: the department in charge
}

// fieldDepartment names the department (by short name) in charge of a field, and fieldWeight how
// often the field's procedures are asked for, relative to each other (hộ tịch, chứng thực, cư trú
// and căn cước fill the desks; construction permits are rarer).
var (
	fieldDepartment = map[string]string{
		"Lý lịch tư pháp":                         "STP",
		"Hộ tịch":                                 "STP",
		"Chứng thực":                              "STP",
		"Sát hạch, cấp giấy phép lái xe":          "SXD",
		"Hoạt động xây dựng":                      "SXD",
		"Thành lập và hoạt động của doanh nghiệp": "STC",
		"Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)": "STC",
		"Đất đai":                 "SNNMT",
		"Giảm nghèo":              "SNV",
		"Bảo trợ xã hội":          "SNV",
		"Cấp, quản lý căn cước":   "CATP",
		"Đăng ký, quản lý cư trú": "CATP",
		"Đăng ký, quản lý phương tiện giao thông cơ giới, xe máy chuyên dùng": "CATP",
	}
	fieldWeight = map[string]float64{
		"Chứng thực": 3, "Hộ tịch": 1.6, "Đăng ký, quản lý cư trú": 1.6, "Cấp, quản lý căn cước": 2.5,
		"Đất đai": 2, "Thành lập và hoạt động của doanh nghiệp": 1.2, "Sát hạch, cấp giấy phép lái xe": 6,
		"Lý lịch tư pháp": 6, "Hoạt động xây dựng": 0.6,
	}
)

// loadWorld reads the model from the database. It fails with Invalid "gen_needs_base_data" when
// there are no receiving units or no published procedures.
func loadWorld(ctx context.Context, svc *app.Service, db *store.DB, seed uint64) (*world, error) {
	w := &world{units: map[int64]*org.Unit{}, children: map[int64][]*org.Unit{}, deptByField: map[string]*org.Unit{},
		staff: map[int64]map[org.Role]*org.User{}, cals: map[string]*calendar.Calendar{}, calOf: map[int64]string{}}
	var units []*org.Unit
	var versions []*store.VersionRow
	var users []*org.User
	err := db.Read(ctx, func(tx *store.Tx) (err error) {
		if units, err = tx.Units(ctx, store.UnitFilter{Limit: 5000}); err != nil {
			return err
		}
		if versions, _, err = tx.SearchVersions(ctx, store.ProcedureFilter{Status: catalog.StatusPublished, Limit: 500}); err != nil {
			return err
		}
		users, err = tx.Users(ctx, store.UserFilter{Limit: 1000})
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		w.units[u.ID] = u
	}
	for _, u := range units {
		if u.ParentID != 0 {
			w.children[u.ParentID] = append(w.children[u.ParentID], u)
		}
		if u.Kind == org.KindCity && w.city == nil {
			w.city = u
		}
		if u.Kind == org.KindDepartment {
			w.depts = append(w.depts, u)
		}
	}
	for field, short := range fieldDepartment {
		for _, d := range w.depts {
			if d.ShortName == short {
				w.deptByField[field] = d
			}
		}
	}
	for _, u := range units {
		if (u.Kind != org.KindOneStopDesk && u.Kind != org.KindServiceCentre) || u.OrganID == "" {
			continue
		}
		p := w.units[u.ParentID]
		if p == nil {
			continue
		}
		d := &desk{unit: u, parent: p}
		// Sizes: wards (phường) are denser than rural communes, and the communes after the 2025
		// reform each took over several old ones; a per-unit factor spreads them further.
		r := unitRand(seed, u.ID)
		switch p.Kind {
		case org.KindCommune:
			d.level, d.weight = org.KindCommune, 1
			if strings.HasPrefix(p.Name, "Phường") {
				d.weight = 1.7
			}
		case org.KindDistrict:
			d.level, d.weight = org.KindDistrict, 1
		case org.KindCity:
			d.level, d.weight = org.KindDepartment, 1
		default:
			continue
		}
		d.weight *= 0.5 + r.Float64()
		w.desks = append(w.desks, d)
	}
	// Departments receive their own procedures that go through no desk (Lý lịch tư pháp, driving
	// licences) at their own counters.
	for _, d := range w.depts {
		if d.OrganID != "" {
			w.desks = append(w.desks, &desk{unit: d, parent: d, level: org.KindDepartment, weight: 1})
		}
	}
	slices.SortFunc(w.desks, func(a, b *desk) int { return int(a.unit.ID - b.unit.ID) })
	slices.SortFunc(versions, func(a, b *store.VersionRow) int { return int(a.ID - b.ID) })
	for _, v := range versions {
		if len(v.Variants) == 0 {
			continue
		}
		f, ok := fieldWeight[v.Field]
		if !ok {
			f = 0.8
		}
		r := unitRand(seed, 1_000_000+v.ID)
		x := &version{VersionRow: v, weight: f * (0.3 + 1.4*r.Float64())}
		if v.CompetentUnitKind == org.KindDepartment {
			x.dept = w.deptByField[v.Field]
			if x.dept == nil && len(w.depts) > 0 {
				x.dept = w.depts[int(hash(v.NationalCode)%uint64(len(w.depts)))]
			}
		}
		w.versions = append(w.versions, x)
	}
	if len(w.desks) == 0 || len(w.versions) == 0 || w.city == nil {
		return nil, errs.Invalidf("database", "gen_needs_base_data",
			"Cơ sở dữ liệu chưa có đơn vị tiếp nhận hoặc danh mục thủ tục: hãy nạp dữ liệu mẫu (egov gen --demo-base, hoặc egov serve --demo) trước.",
			"The database has no receiving units or no published procedures: load the demo base data first.")
	}
	for _, u := range users {
		if u.Disabled {
			continue
		}
		for _, g := range u.Grants {
			m := w.staff[g.UnitID]
			if m == nil {
				m = map[org.Role]*org.User{}
				w.staff[g.UnitID] = m
			}
			if m[g.Role] == nil {
				m[g.Role] = u
			}
		}
	}
	for _, d := range w.desks {
		key, err := svc.UnitCalendar(ctx, d.unit.ID)
		if err != nil {
			return nil, err
		}
		w.calOf[d.unit.ID] = key
		if w.cals[key] == nil {
			if w.cals[key], err = svc.Calendar(ctx, key); err != nil {
				return nil, err
			}
		}
	}
	return w, nil
}

// validOn reports whether the unit is in force on the day.
func validOn(u *org.Unit, d calendar.Date) bool {
	return u.ValidOn(orgDate(d))
}

// versionOn reports whether the version is in force on the day.
func versionOn(v *store.VersionRow, d calendar.Date) bool {
	od := orgDate(d)
	return !v.EffectiveFrom.IsZero() && !od.Before(v.EffectiveFrom.Time) && (v.EffectiveTo.IsZero() || !od.After(v.EffectiveTo.Time))
}

func orgDate(d calendar.Date) org.Date { return org.Date{Time: d.In(time.UTC)} }

// stepUnit is the unit that does a workflow step of kind k for a dossier received at desk dk of
// version v: the desk itself, the commune or district it serves, the department in charge (or
// one of its divisions), or the city.
func (w *world) stepUnit(dk *desk, v *version, k org.Kind) *org.Unit {
	switch k {
	case org.KindOneStopDesk, org.KindServiceCentre:
		return dk.unit
	case org.KindCommune, org.KindDistrict:
		if dk.parent.Kind == k {
			return dk.parent
		}
	case org.KindDepartment:
		if d := w.deptOf(v); d != nil {
			return d
		}
	case org.KindDivision:
		if dk.level == org.KindDistrict || dk.level == org.KindCommune {
			return dk.parent
		}
		if d := w.deptOf(v); d != nil {
			for _, c := range w.children[d.ID] {
				if c.Kind == org.KindDivision && !strings.HasPrefix(c.Name, "Văn phòng") {
					return c
				}
			}
			return d
		}
	case org.KindCity:
		return w.city
	}
	if dk.level == org.KindDepartment {
		if d := w.deptOf(v); d != nil {
			return d
		}
	}
	return dk.parent
}

func (w *world) deptOf(v *version) *org.Unit {
	if v.dept != nil {
		return v.dept
	}
	return w.deptByField[v.Field]
}

// lead is the agency that decides (the dossier's lead unit).
func (w *world) lead(dk *desk, v *version) *org.Unit {
	if v.CompetentUnitKind == org.KindDepartment {
		return w.deptOf(v)
	}
	return dk.parent
}

// official returns an official holding role at the unit, or nil.
func (w *world) official(unitID int64, role org.Role) *org.User {
	return w.staff[unitID][role]
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// unitRand is a random source fixed by the seed and a number.
func unitRand(seed uint64, n int64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(n)*0x9E3779B97F4A7C15+1))
}
