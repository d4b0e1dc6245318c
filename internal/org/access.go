package org

import "strings"

// Permission is something an official may be allowed to do within a unit subtree.
type Permission string

// The permissions of the organisation area. Other areas add theirs.
const (
	PermManageUnits Permission = "units.manage" // create, close and link unit versions
	PermViewStaff   Permission = "staff.view"   // list officials and their roles
	PermManageStaff Permission = "staff.manage" // create officials, grant and revoke roles, revoke sessions
	PermViewAudit   Permission = "audit.view"   // read the audit log

	// PermManageCatalog is editing and publishing the procedure catalogue; it counts only when
	// held over a root unit (the city), since the catalogue is the city's.
	PermManageCatalog Permission = "catalog.manage"
)

// rolePerms says which roles hold which permissions.
var rolePerms = map[Permission][]Role{
	PermManageUnits: {RoleAdmin},
	PermViewStaff:   {RoleAdmin, RoleSupervisor, RoleAgencyLeader, RoleDivisionLeader},
	PermManageStaff: {RoleAdmin},
	PermViewAudit:   {RoleAdmin, RoleSupervisor},

	PermManageCatalog: {RoleAdmin},
}

// Actor is who acts: an official with their grants, or the system itself (imports, jobs, demo).
type Actor struct {
	UserID   int64
	Username string
	FullName string // shown on dossiers' timelines and printed forms; "" shows the username
	Grants   []Grant
	System   bool // the system acts with every permission everywhere
}

// SystemActor acts on behalf of egov itself: command-line imports, jobs and demo data.
var SystemActor = &Actor{Username: "system", System: true}

// Name is the name shown in the audit log.
func (a *Actor) Name() string { return a.Username }

// DisplayName is the name printed on forms and shown in a dossier's timeline: the full name,
// else the username.
func (a *Actor) DisplayName() string {
	if a.FullName != "" {
		return a.FullName
	}
	return a.Username
}

// Scopes returns the unit paths under which the actor holds perm. A nil result means nowhere;
// the system actor gets the single root scope "/".
func (a *Actor) Scopes(perm Permission) []string {
	if a == nil {
		return nil
	}
	if a.System {
		return []string{"/"}
	}
	var out []string
	for _, g := range a.Grants {
		for _, r := range rolePerms[perm] {
			if g.Role == r {
				out = append(out, g.UnitPath)
			}
		}
	}
	return out
}

// Can reports whether the actor holds perm over the unit whose path is unitPath.
func (a *Actor) Can(perm Permission, unitPath string) bool {
	for _, s := range a.Scopes(perm) {
		if strings.HasPrefix(unitPath, s) {
			return true
		}
	}
	return false
}

// CanAnywhere reports whether the actor holds perm over at least one unit.
func (a *Actor) CanAnywhere(perm Permission) bool { return len(a.Scopes(perm)) > 0 }

// HasRole reports whether the actor holds role r on any unit.
func (a *Actor) HasRole(r Role) bool {
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}
