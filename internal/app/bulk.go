package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// CreateUnits stores several new unit versions in one transaction, each checked exactly as
// CreateUnit checks one (fields, parent in force on the start date, the caller's right to manage
// units under the parent) and each audited as "unit.create". Every ParentID must name a unit
// stored before the call: create a subtree in one call per level. On any error nothing is stored;
// the error names the position of the unit in the slice. Sets ID and Path of each unit.
// Errors: Invalid (with a field), Forbidden, Unauthorized, NotFound (parent).
func (s *Service) CreateUnits(ctx context.Context, units []*org.Unit) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	for i, u := range units {
		if err := u.Validate(); err != nil {
			return atIndex(i, u.Name, err)
		}
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		changes := make([]change, 0, len(units))
		parents := map[int64]*org.Unit{}
		now := s.clock.Now()
		for i, u := range units {
			path := "/"
			if u.ParentID != 0 {
				p := parents[u.ParentID]
				if p == nil {
					var err error
					if p, err = tx.Unit(ctx, u.ParentID); err != nil {
						return nil, atIndex(i, u.Name, err)
					}
					parents[p.ID] = p
				}
				if !p.ValidOn(u.ValidFrom) {
					return nil, atIndex(i, u.Name, errs.Invalidf("parent_id", "parent_not_valid",
						fmt.Sprintf("Đơn vị cấp trên %s không còn hiệu lực vào ngày %s.", p.Name, u.ValidFrom), "The parent is not in force on the start date."))
				}
				path = p.Path
			}
			if !a.Can(org.PermManageUnits, path) {
				return nil, errs.ErrForbidden
			}
			if err := tx.InsertUnit(ctx, u, now); err != nil {
				return nil, atIndex(i, u.Name, err)
			}
			changes = append(changes, change{Action: "unit.create", ObjectType: "unit", ObjectID: u.ID, UnitPath: u.Path, After: viewUnit(u)})
		}
		return changes, nil
	})
}

// atIndex prefixes a validation error with the position and name of the item it is about, so
// that a bulk caller learns which one failed. Other errors pass unchanged.
func atIndex(i int, name string, err error) error {
	e := errs.Public(err)
	if e.Kind != errs.Invalid {
		return err
	}
	return &errs.Error{Kind: e.Kind, Code: e.Code, Field: e.Field,
		Message: fmt.Sprintf("Mục %d (%s): %s", i+1, name, e.Message),
		English: fmt.Sprintf("Item %d (%s): %s", i+1, name, e.English), Err: err}
}

// ImportUsers creates several officials in one transaction, all with the same password given as
// an argon2id hash (PHC form, as auth.HashPassword makes it): demonstration data and bulk
// provisioning, where hashing once keeps a large load fast. Each account is checked as
// CreateUser checks it (fields, at least one valid role, the caller's right to manage staff of
// the unit) and audited as "user.create"; the Password field of NewUser is ignored.
//
// Unlike CreateUser, the system actor may grant roles on a unit version that is no longer in
// force: the officials of a dissolved unit keep access to its history (domain-vn §11, R11.8).
// Everyone else needs a unit in force today. On any error nothing is stored.
// Errors: Invalid (with a field and the position), Forbidden, Unauthorized, NotFound (unit).
func (s *Service) ImportUsers(ctx context.Context, users []NewUser, passwordHash string) ([]*org.User, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(passwordHash, "$argon2id$") {
		return nil, errs.Invalidf("password_hash", "invalid_password_hash", "Mã băm mật khẩu phải là argon2id.", "The password hash must be argon2id.")
	}
	out := make([]*org.User, len(users))
	for i, in := range users {
		u := &org.User{Username: in.Username, FullName: in.FullName, Email: in.Email}
		if err := u.Validate(); err != nil {
			return nil, atIndex(i, in.Username, err)
		}
		if len(in.Roles) == 0 {
			return nil, atIndex(i, in.Username, errs.Invalidf("roles", "invalid_role", "Cần chọn ít nhất một vai trò.", "Choose at least one role."))
		}
		for _, r := range in.Roles {
			if !r.Valid() {
				return nil, atIndex(i, in.Username, errs.Invalidf("roles", "invalid_role", "Vai trò "+string(r)+" không hợp lệ.", "Unknown role "+string(r)+"."))
			}
		}
		out[i] = u
	}
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		changes := make([]change, 0, len(users))
		now := s.clock.Now()
		today := org.DateOf(now)
		units := map[int64]*org.Unit{}
		for i, in := range users {
			unit := units[in.UnitID]
			if unit == nil {
				var err error
				if unit, err = tx.Unit(ctx, in.UnitID); err != nil {
					return nil, atIndex(i, in.Username, err)
				}
				units[unit.ID] = unit
			}
			if !a.Can(org.PermManageStaff, unit.Path) {
				return nil, errs.ErrForbidden
			}
			if !a.System && !unit.ValidOn(today) {
				return nil, atIndex(i, in.Username, errs.Invalidf("unit_id", "unit_closed", "Đơn vị "+unit.Name+" đã hết hiệu lực.", "That unit version is closed."))
			}
			u := out[i]
			*u = org.User{Username: u.Username, FullName: u.FullName, Email: u.Email}
			if err := tx.InsertUser(ctx, u, passwordHash, now); err != nil {
				return nil, atIndex(i, in.Username, err)
			}
			for _, r := range in.Roles {
				if _, err := tx.AddGrant(ctx, u.ID, unit.ID, r, now); err != nil {
					return nil, err
				}
				u.Grants = append(u.Grants, org.Grant{UnitID: unit.ID, UnitPath: unit.Path, UnitName: unit.Name, Role: r})
			}
			changes = append(changes, change{Action: "user.create", ObjectType: "user", ObjectID: u.ID, UnitPath: unit.Path, After: viewUser(u)})
		}
		return changes, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UnitsByID returns the unit versions with the given IDs, by ID; unknown IDs are left out. Like
// the directory, it is public.
func (s *Service) UnitsByID(ctx context.Context, ids []int64) (map[int64]*org.Unit, error) {
	var out map[int64]*org.Unit
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.UnitsByID(ctx, ids)
		return err
	})
	return out, err
}
