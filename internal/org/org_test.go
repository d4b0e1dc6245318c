package org

import (
	"testing"

	"github.com/egov-vn/egov/internal/errs"
)

func TestParseOrganID(t *testing.T) {
	for _, tc := range []struct {
		id, l1, l2, l3, l4 string
		depth              int
		parent             string
	}{
		{"000.00.18.G12", "G12", "18", "00", "000", 2, "000.00.00.G12"}, // TV-ORG-01
		{"000.17.22.H56", "H56", "22", "17", "000", 3, "000.00.22.H56"}, // TV-ORG-02
		{"000.00.00.H41", "H41", "00", "00", "000", 1, ""},              // TV-ORG-03
		{"003.17.22.H56", "H56", "22", "17", "003", 4, "000.17.22.H56"},
	} {
		o, err := ParseOrganID(tc.id)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		if o.Level1 != tc.l1 || o.Level2 != tc.l2 || o.Level3 != tc.l3 || o.Level4 != tc.l4 || o.Depth() != tc.depth {
			t.Errorf("%s: got %+v depth %d", tc.id, o, o.Depth())
		}
		p, ok := o.Parent()
		if tc.parent == "" {
			if ok {
				t.Errorf("%s: level-1 has parent %v", tc.id, p)
			}
		} else if !ok || p.String() != tc.parent {
			t.Errorf("%s: parent %v, want %s", tc.id, p, tc.parent)
		}
		if o.String() != tc.id {
			t.Errorf("round trip %s -> %s", tc.id, o)
		}
	}
	for _, bad := range []string{"", "000.00.00.h24", "000.00.00.H2", "00.00.00.H24", "000.00.00.H24 ", "000-00-00-H24", "000.05.00.H24", "001.00.05.H24", "H56.14"} {
		_, err := ParseOrganID(bad)
		if errs.CodeOf(err) != "invalid_organ_id" {
			t.Errorf("%q: got %v, want invalid_organ_id", bad, err)
		}
	}
}

func TestActorScopes(t *testing.T) {
	a := &Actor{UserID: 1, Grants: []Grant{{UnitPath: "/1/5/", Role: RoleAdmin}, {UnitPath: "/1/9/", Role: RoleReception}}}
	if !a.Can(PermManageStaff, "/1/5/77/") || !a.Can(PermManageStaff, "/1/5/") {
		t.Error("admin of /1/5/ must manage its subtree")
	}
	if a.Can(PermManageStaff, "/1/9/") || a.Can(PermManageStaff, "/1/") || a.Can(PermManageStaff, "/1/55/") {
		t.Error("admin of /1/5/ must not reach a sibling, the parent, or a unit whose id only starts alike")
	}
	if a.Can(PermViewAudit, "/1/9/3/") {
		t.Error("reception must not read the audit log")
	}
	var nobody *Actor
	if nobody.Can(PermViewStaff, "/1/") {
		t.Error("nil actor can do nothing")
	}
}

func TestUserValidate(t *testing.T) {
	u := User{Username: " Nguyen.Van-A ", FullName: "Nguyễn Văn A"}
	if err := u.Validate(); err != nil || u.Username != "nguyen.van-a" {
		t.Fatalf("got %v %q", err, u.Username)
	}
	for _, bad := range []User{{Username: "ab", FullName: "x"}, {Username: "nguyễn", FullName: "x"}, {Username: "abc", FullName: ""}, {Username: "abc", FullName: "x", Email: "no-at"}} {
		if errs.KindOf(bad.Validate()) != errs.Invalid {
			t.Errorf("%+v accepted", bad)
		}
	}
	if ValidatePassword("short1") == nil || ValidatePassword("onlyletterslong") == nil || ValidatePassword("1234567890") == nil {
		t.Error("weak password accepted")
	}
	if err := ValidatePassword("Ha-Noi-2025!"); err != nil {
		t.Error(err)
	}
}
