package app

import (
	"context"
	"strings"

	"github.com/egov-vn/egov/internal/auth"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// userView is what the audit log records of a user: never a secret.
type userView struct {
	Username    string   `json:"username"`
	FullName    string   `json:"full_name"`
	Email       string   `json:"email,omitempty"`
	Disabled    bool     `json:"disabled"`
	TOTPEnabled bool     `json:"totp_enabled"`
	Grants      []string `json:"grants,omitempty"`
}

func viewUser(u *org.User) userView {
	v := userView{Username: u.Username, FullName: u.FullName, Email: u.Email, Disabled: u.Disabled, TOTPEnabled: u.TOTPEnabled}
	for _, g := range u.Grants {
		v.Grants = append(v.Grants, string(g.Role)+"@"+g.UnitName)
	}
	return v
}

// userPath is the unit path an audit record about u is filed under: its first grant's unit.
func userPath(u *org.User) string {
	if len(u.Grants) > 0 {
		return u.Grants[0].UnitPath
	}
	return "/"
}

// canSeeUser: at least one of u's grants lies where the actor may view staff.
func canSeeUser(a *org.Actor, u *org.User) bool {
	if a.System || a.UserID == u.ID {
		return true
	}
	for _, g := range u.Grants {
		if a.Can(org.PermViewStaff, g.UnitPath) {
			return true
		}
	}
	return false
}

// canManageUser: every grant of u lies where the actor manages staff, so that an administrator
// of one commune cannot change an account that also serves elsewhere. An account with no grant
// left can be managed only by an administrator of a root unit.
func canManageUser(a *org.Actor, u *org.User) bool {
	if a.System {
		return true
	}
	if len(u.Grants) == 0 {
		for _, s := range a.Scopes(org.PermManageStaff) {
			if strings.Count(s, "/") == 2 {
				return true
			}
		}
		return false
	}
	for _, g := range u.Grants {
		if !a.Can(org.PermManageStaff, g.UnitPath) {
			return false
		}
	}
	return true
}

// Users lists the officials the caller may see (those with a grant in the caller's staff scope).
// Errors: Unauthorized, Forbidden (no staff permission anywhere).
func (s *Service) Users(ctx context.Context, f store.UserFilter) ([]*org.User, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.System {
		if !a.CanAnywhere(org.PermViewStaff) {
			return nil, errs.ErrForbidden
		}
		f.Scopes = a.Scopes(org.PermViewStaff)
	}
	var out []*org.User
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.Users(ctx, f)
		return err
	})
	return out, err
}

// User returns one official if the caller may see them; otherwise NotFound, so that the caller
// learns nothing of accounts outside their scope.
func (s *Service) User(ctx context.Context, id int64) (*org.User, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	var u *org.User
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		u, err = tx.User(ctx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !canSeeUser(a, u) {
		return nil, errs.New(errs.NotFound, "user_not_found", "Không tìm thấy cán bộ.", "User not found.")
	}
	return u, nil
}

// CanManage reports whether the caller may change the account u.
func (s *Service) CanManage(ctx context.Context, u *org.User) bool {
	a := ActorFrom(ctx)
	return a != nil && canManageUser(a, u)
}

// NewUser is what creating an official takes.
type NewUser struct {
	Username string
	FullName string
	Email    string
	Password string
	UnitID   int64
	Roles    []org.Role
}

// CreateUser creates an official with roles on one unit the caller administers. Errors: Invalid
// (with the field), Forbidden, NotFound (unit).
func (s *Service) CreateUser(ctx context.Context, in NewUser) (*org.User, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	u := &org.User{Username: in.Username, FullName: in.FullName, Email: in.Email}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if err := org.ValidatePassword(in.Password); err != nil {
		return nil, err
	}
	if len(in.Roles) == 0 {
		return nil, errs.Invalidf("roles", "invalid_role", "Cần chọn ít nhất một vai trò.", "Choose at least one role.")
	}
	for _, r := range in.Roles {
		if !r.Valid() {
			return nil, errs.Invalidf("roles", "invalid_role", "Vai trò "+string(r)+" không hợp lệ.", "Unknown role "+string(r)+".")
		}
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return nil, errs.Wrap(err, "hash password")
	}
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		unit, err := tx.Unit(ctx, in.UnitID)
		if err != nil {
			return nil, err
		}
		if !a.Can(org.PermManageStaff, unit.Path) {
			return nil, errs.ErrForbidden
		}
		if !unit.ValidOn(org.DateOf(s.clock.Now())) {
			return nil, errs.Invalidf("unit_id", "unit_closed", "Đơn vị "+unit.Name+" đã hết hiệu lực.", "That unit version is closed.")
		}
		now := s.clock.Now()
		if err := tx.InsertUser(ctx, u, hash, now); err != nil {
			return nil, err
		}
		for _, r := range in.Roles {
			if _, err := tx.AddGrant(ctx, u.ID, unit.ID, r, now); err != nil {
				return nil, err
			}
		}
		full, err := tx.User(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		*u = *full
		return []change{{Action: "user.create", ObjectType: "user", ObjectID: u.ID, UnitPath: unit.Path, After: viewUser(u)}}, nil
	})
	return u, err
}

// Grant gives an official a role on a unit. The caller must manage both the official and the
// unit. Granting a role already held is a no-op. Errors: Invalid, Forbidden, NotFound.
func (s *Service) Grant(ctx context.Context, userID, unitID int64, role org.Role) error {
	return s.changeGrant(ctx, userID, unitID, role, true)
}

// Revoke takes a role away. Errors: Forbidden, NotFound (also when the grant does not exist).
func (s *Service) Revoke(ctx context.Context, userID, unitID int64, role org.Role) error {
	return s.changeGrant(ctx, userID, unitID, role, false)
}

func (s *Service) changeGrant(ctx context.Context, userID, unitID int64, role org.Role, add bool) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	if !role.Valid() {
		return errs.Invalidf("role", "invalid_role", "Vai trò "+string(role)+" không hợp lệ.", "Unknown role "+string(role)+".")
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		u, err := tx.User(ctx, userID)
		if err != nil {
			return nil, err
		}
		if !canSeeUser(a, u) {
			return nil, errs.New(errs.NotFound, "user_not_found", "Không tìm thấy cán bộ.", "User not found.")
		}
		unit, err := tx.Unit(ctx, unitID)
		if err != nil {
			return nil, err
		}
		if !canManageUser(a, u) || !a.Can(org.PermManageStaff, unit.Path) {
			return nil, errs.ErrForbidden
		}
		if add && !unit.ValidOn(org.DateOf(s.clock.Now())) {
			return nil, errs.Invalidf("unit_id", "unit_closed", "Đơn vị "+unit.Name+" đã hết hiệu lực.", "That unit version is closed.")
		}
		before := viewUser(u)
		var changed bool
		if add {
			changed, err = tx.AddGrant(ctx, userID, unitID, role, s.clock.Now())
		} else {
			changed, err = tx.RemoveGrant(ctx, userID, unitID, role)
			if err == nil && !changed {
				err = errs.New(errs.NotFound, "grant_not_found", "Cán bộ không có vai trò này tại đơn vị này.", "No such grant.")
			}
		}
		if err != nil || !changed {
			return nil, err
		}
		after, err := tx.User(ctx, userID)
		if err != nil {
			return nil, err
		}
		action := "user.grant"
		if !add {
			action = "user.revoke"
		}
		return []change{{Action: action, ObjectType: "user", ObjectID: userID, UnitPath: unit.Path, Before: before, After: viewUser(after)}}, nil
	})
}

// SetDisabled disables or re-enables an account; disabling also ends its sessions.
// Errors: Forbidden, NotFound, Invalid (disabling oneself).
func (s *Service) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	if a.UserID == userID && disabled {
		return errs.Invalidf("user_id", "cannot_disable_self", "Không thể tự khoá tài khoản của mình.", "You cannot disable your own account.")
	}
	return s.manageUser(ctx, userID, func(tx *store.Tx, u *org.User) (string, error) {
		if u.Disabled == disabled {
			return "", nil
		}
		u.Disabled = disabled
		if err := tx.UpdateUser(ctx, u, s.clock.Now()); err != nil {
			return "", err
		}
		if disabled {
			if _, err := tx.RevokeUserSessions(ctx, u.ID, s.clock.Now()); err != nil {
				return "", err
			}
			return "user.disable", nil
		}
		return "user.enable", nil
	})
}

// ResetPassword sets a new password for an account and ends its sessions.
// Errors: Invalid (weak password), Forbidden, NotFound.
func (s *Service) ResetPassword(ctx context.Context, userID int64, password string) error {
	if err := org.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return errs.Wrap(err, "hash password")
	}
	return s.manageUser(ctx, userID, func(tx *store.Tx, u *org.User) (string, error) {
		if err := tx.SetPassword(ctx, u.ID, hash, s.clock.Now()); err != nil {
			return "", err
		}
		_, err := tx.RevokeUserSessions(ctx, u.ID, s.clock.Now())
		return "user.password_reset", err
	})
}

// ResetTOTP removes an account's second factor (a lost phone); the official enrols again at the
// next sign-in. Errors: Forbidden, NotFound.
func (s *Service) ResetTOTP(ctx context.Context, userID int64) error {
	return s.manageUser(ctx, userID, func(tx *store.Tx, u *org.User) (string, error) {
		if err := tx.SetTOTP(ctx, u.ID, "", false, s.clock.Now()); err != nil {
			return "", err
		}
		u.TOTPEnabled = false
		_, err := tx.RevokeUserSessions(ctx, u.ID, s.clock.Now())
		return "user.totp_reset", err
	})
}

// manageUser loads an account the caller may manage and applies fn; fn returns the audit action,
// or "" when nothing changed.
func (s *Service) manageUser(ctx context.Context, userID int64, fn func(tx *store.Tx, u *org.User) (string, error)) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		u, err := tx.User(ctx, userID)
		if err != nil {
			return nil, err
		}
		if !canSeeUser(a, u) {
			return nil, errs.New(errs.NotFound, "user_not_found", "Không tìm thấy cán bộ.", "User not found.")
		}
		if !canManageUser(a, u) {
			return nil, errs.ErrForbidden
		}
		before := viewUser(u)
		action, err := fn(tx, u)
		if err != nil || action == "" {
			return nil, err
		}
		return []change{{Action: action, ObjectType: "user", ObjectID: u.ID, UnitPath: userPath(u), Before: before, After: viewUser(u)}}, nil
	})
}
