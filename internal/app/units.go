package app

import (
	"context"
	"fmt"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// unitView is what the audit log records of a unit.
type unitView struct {
	OrganID   string `json:"organ_id,omitempty"`
	GSOCode   string `json:"gso_code,omitempty"`
	Name      string `json:"name"`
	ShortName string `json:"short_name,omitempty"`
	Kind      string `json:"kind"`
	Category  string `json:"category,omitempty"`
	ParentID  int64  `json:"parent_id,omitempty"`
	ValidFrom string `json:"valid_from"`
	ValidTo   string `json:"valid_to,omitempty"`
}

func viewUnit(u *org.Unit) unitView {
	return unitView{u.OrganID, u.GSOCode, u.Name, u.ShortName, string(u.Kind), u.Category, u.ParentID, u.ValidFrom.String(), u.ValidTo.String()}
}

// Units lists unit versions. The directory of units is public information (names, codes,
// hierarchy), so any caller may read it.
func (s *Service) Units(ctx context.Context, f store.UnitFilter) ([]*org.Unit, error) {
	var out []*org.Unit
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.Units(ctx, f)
		return err
	})
	return out, err
}

// UnitDetail is a unit version with its neighbours in the tree and in time.
type UnitDetail struct {
	Unit         *org.Unit
	Parent       *org.Unit
	Children     []*org.Unit // valid on the day asked, or on the unit's last day if closed
	Predecessors []*org.Unit
}

// Unit returns one unit version with its parent, children and predecessors. Errors: NotFound.
func (s *Service) Unit(ctx context.Context, id int64) (*UnitDetail, error) {
	var d UnitDetail
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		if d.Unit, err = tx.Unit(ctx, id); err != nil {
			return err
		}
		if d.Unit.ParentID != 0 {
			if d.Parent, err = tx.Unit(ctx, d.Unit.ParentID); err != nil {
				return err
			}
		}
		on := org.DateOf(s.clock.Now())
		if !d.Unit.ValidOn(on) {
			on = d.Unit.ValidTo
			if on.IsZero() || on.Before(d.Unit.ValidFrom.Time) {
				on = d.Unit.ValidFrom
			}
		}
		if d.Children, err = tx.Units(ctx, store.UnitFilter{ParentID: id, On: on, Limit: 5000}); err != nil {
			return err
		}
		d.Predecessors, err = tx.Predecessors(ctx, id)
		return err
	})
	return &d, err
}

// CreateUnit stores a new unit version under a parent the caller administers. A root unit (no
// parent) may be created only by the system. Errors: Invalid (with a field), Forbidden,
// Unauthorized, NotFound (parent).
func (s *Service) CreateUnit(ctx context.Context, u *org.Unit) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	if err := u.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		path := "/"
		if u.ParentID != 0 {
			p, err := tx.Unit(ctx, u.ParentID)
			if err != nil {
				return nil, err
			}
			if !p.ValidOn(u.ValidFrom) {
				return nil, errs.Invalidf("parent_id", "parent_not_valid", fmt.Sprintf("Đơn vị cấp trên %s không còn hiệu lực vào ngày %s.", p.Name, u.ValidFrom), "The parent is not in force on the start date.")
			}
			path = p.Path
		}
		if !a.Can(org.PermManageUnits, path) {
			return nil, errs.ErrForbidden
		}
		if err := tx.InsertUnit(ctx, u, s.clock.Now()); err != nil {
			return nil, err
		}
		return []change{{Action: "unit.create", ObjectType: "unit", ObjectID: u.ID, UnitPath: u.Path, After: viewUnit(u)}}, nil
	})
}

// CloseUnit ends a unit version on its last day validTo (a unit is never deleted). Errors:
// Invalid, Forbidden, NotFound, Conflict (already closed).
func (s *Service) CloseUnit(ctx context.Context, id int64, validTo org.Date) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		u, err := tx.Unit(ctx, id)
		if err != nil {
			return nil, err
		}
		if !a.Can(org.PermManageUnits, u.Path) {
			return nil, errs.ErrForbidden
		}
		if !u.ValidTo.IsZero() {
			return nil, errs.New(errs.Conflict, "unit_closed", "Đơn vị này đã hết hiệu lực từ trước.", "This unit version is already closed.")
		}
		if validTo.Before(u.ValidFrom.Time) {
			return nil, errs.Invalidf("valid_to", "invalid_period", "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.", "The end date must not precede the start date.")
		}
		before := viewUnit(u)
		if err := tx.CloseUnit(ctx, id, validTo); err != nil {
			return nil, err
		}
		u.ValidTo = validTo
		return []change{{Action: "unit.close", ObjectType: "unit", ObjectID: id, UnitPath: u.Path, Before: before, After: viewUnit(u)}}, nil
	})
}

// LinkSuccessor records that successorID took over unitID (wholly, or in part). Linking twice is
// a no-op. Errors: Forbidden, NotFound, Invalid.
func (s *Service) LinkSuccessor(ctx context.Context, unitID, successorID int64, partial bool) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		u, err := tx.Unit(ctx, unitID)
		if err != nil {
			return nil, err
		}
		n, err := tx.Unit(ctx, successorID)
		if err != nil {
			return nil, err
		}
		if !a.Can(org.PermManageUnits, u.Path) || !a.Can(org.PermManageUnits, n.Path) {
			return nil, errs.ErrForbidden
		}
		if u.ValidTo.IsZero() || !n.ValidFrom.After(u.ValidTo.Time) {
			return nil, errs.Invalidf("successor_id", "invalid_successor", "Đơn vị kế thừa phải bắt đầu hiệu lực sau khi đơn vị cũ hết hiệu lực.", "A successor must start after the unit ends.")
		}
		added, err := tx.AddSuccessor(ctx, unitID, successorID, partial)
		if err != nil || !added {
			return nil, err
		}
		return []change{{Action: "unit.successor", ObjectType: "unit", ObjectID: unitID, UnitPath: u.Path,
			After: map[string]any{"successor_id": successorID, "partial": partial}}}, nil
	})
}

// UnitTree returns the units of the given kinds valid on day d, with their successors, for a
// tree view. Like the directory, it is public.
func (s *Service) UnitTree(ctx context.Context, d org.Date, kinds []org.Kind) ([]*org.Unit, error) {
	var out []*org.Unit
	err := s.read(ctx, func(tx *store.Tx) error {
		us, err := tx.Units(ctx, store.UnitFilter{On: d, Kinds: kinds, Limit: 5000})
		if err != nil {
			return err
		}
		succ, err := tx.SuccessorsOn(ctx, d)
		if err != nil {
			return err
		}
		for _, u := range us {
			u.Successors = succ[u.ID]
		}
		out = us
		return nil
	})
	return out, err
}
