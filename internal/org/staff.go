package org

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/egov-vn/egov/internal/errs"
)

// Role is what an official does in a unit.
type Role string

// The roles (domain-vn §2).
const (
	RoleReception      Role = "reception"       // cán bộ tiếp nhận at a one-stop desk
	RoleProcessing     Role = "processing"      // chuyên viên thụ lý
	RoleDivisionLeader Role = "division_leader" // lãnh đạo phòng
	RoleAgencyLeader   Role = "agency_leader"   // lãnh đạo cơ quan
	RoleClerk          Role = "clerk"           // văn thư
	RoleSupervisor     Role = "supervisor"      // kiểm soát TTHC, văn phòng UBND
	RoleAdmin          Role = "admin"           // quản trị hệ thống
)

// Roles lists every role in display order.
var Roles = []Role{RoleReception, RoleProcessing, RoleDivisionLeader, RoleAgencyLeader, RoleClerk, RoleSupervisor, RoleAdmin}

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// RequiresTOTP reports whether holders of r must sign in with a second factor: leaders and
// administrators.
func (r Role) RequiresTOTP() bool {
	return r == RoleDivisionLeader || r == RoleAgencyLeader || r == RoleAdmin
}

// Grant gives a user a role over a unit and its whole subtree.
type Grant struct {
	UnitID   int64
	UnitPath string
	UnitName string
	Role     Role
}

// User is an official's account.
type User struct {
	ID          int64
	Username    string
	FullName    string
	Email       string
	Disabled    bool
	TOTPEnabled bool
	CreatedAt   time.Time
	Grants      []Grant
}

// RequiresTOTP reports whether any of the user's roles needs a second factor.
func (u *User) RequiresTOTP() bool {
	for _, g := range u.Grants {
		if g.Role.RequiresTOTP() {
			return true
		}
	}
	return false
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)

// Validate checks the user's own fields (not the grants). Usernames are lowercase ASCII letters,
// digits, '.', '_' and '-', 3 to 64 characters, starting with a letter or digit.
func (u *User) Validate() error {
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	u.FullName = NormalizeText(u.FullName)
	u.Email = strings.TrimSpace(u.Email)
	if !usernamePattern.MatchString(u.Username) {
		return errs.Invalidf("username", "invalid_username",
			"Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang.",
			"Usernames are 3–64 lowercase letters, digits, '.', '_' or '-'.")
	}
	if u.FullName == "" || utf8.RuneCountInString(u.FullName) > 100 {
		return errs.Invalidf("full_name", "invalid_full_name", "Họ và tên không được để trống và không quá 100 ký tự.", "Full name is required, at most 100 characters.")
	}
	if u.Email != "" && (!strings.Contains(u.Email, "@") || len(u.Email) > 254 || strings.ContainsAny(u.Email, " <>")) {
		return errs.Invalidf("email", "invalid_email", fmt.Sprintf("Địa chỉ thư điện tử %q không hợp lệ.", u.Email), "Invalid email address.")
	}
	return nil
}

// ValidatePassword checks a new password: at least 10 characters and not just one kind of
// character.
func ValidatePassword(p string) error {
	if utf8.RuneCountInString(p) < 10 || len(p) > 256 {
		return errs.Invalidf("password", "weak_password", "Mật khẩu cần từ 10 ký tự trở lên.", "Passwords need at least 10 characters.")
	}
	var letter, other bool
	for _, r := range p {
		if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
			letter = true
		} else {
			other = true
		}
	}
	if !letter || !other {
		return errs.Invalidf("password", "weak_password", "Mật khẩu cần có cả chữ cái và chữ số hoặc ký tự đặc biệt.", "Passwords need letters and digits or symbols.")
	}
	return nil
}
