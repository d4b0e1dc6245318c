package app

import (
	"context"

	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// Routing: which units may do a workflow step of a dossier. A workflow names unit kinds, not
// units; the units come from where the dossier was received:
//
//  1. the receiving unit or one of its ancestors, when it is of the step's kind (the commune of a
//     commune's one-stop desk);
//  2. else units of that kind inside the lead agency (the dossier's lead unit once set, else the
//     receiving unit's nearest ancestor of the procedure's competent kind): its divisions;
//  3. else units of that kind anywhere under the receiving unit's root (the city's departments,
//     for a dossier received at the city's service centre), in force today.
//
// When several fit, the official chooses (ActionInput.ToUnitID).

// stepCandidates returns the units that may do workflow step w of dossier d.
func (s *Service) stepCandidates(ctx context.Context, tx *store.Tx, d *store.DossierRow, v *store.VersionRow, w catalog.WorkflowStep) ([]*org.Unit, error) {
	today := org.DateOf(s.clock.Now().In(vietnam))
	chain, err := ancestors(ctx, tx, d.ReceivingUnitID)
	if err != nil {
		return nil, err
	}
	if !w.InterAgency {
		for _, u := range chain {
			if u.Kind == w.UnitKind {
				return []*org.Unit{u}, nil
			}
		}
	}
	var lead *org.Unit
	if d.LeadUnitID != 0 {
		if lead, err = tx.Unit(ctx, d.LeadUnitID); err != nil {
			return nil, err
		}
	} else {
		for _, u := range chain {
			if u.Kind == v.CompetentUnitKind {
				lead = u
				break
			}
		}
	}
	if lead != nil && !w.InterAgency {
		if lead.Kind == w.UnitKind {
			return []*org.Unit{lead}, nil
		}
		us, err := tx.Units(ctx, store.UnitFilter{On: today, Under: lead.Path, Kinds: []org.Kind{w.UnitKind}, Limit: 200})
		if err != nil {
			return nil, err
		}
		if len(us) > 0 {
			return us, nil
		}
	}
	root := chain[len(chain)-1]
	us, err := tx.Units(ctx, store.UnitFilter{On: today, Under: root.Path, Kinds: []org.Kind{w.UnitKind}, Limit: 500})
	if err != nil {
		return nil, err
	}
	if w.InterAgency && lead != nil {
		// Another agency: not the lead itself.
		out := us[:0]
		for _, u := range us {
			if u.ID != lead.ID {
				out = append(out, u)
			}
		}
		us = out
	}
	return us, nil
}

// ancestors returns the unit and its ancestors, nearest first.
func ancestors(ctx context.Context, tx *store.Tx, id int64) ([]*org.Unit, error) {
	var out []*org.Unit
	for id != 0 && len(out) < 20 {
		u, err := tx.Unit(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
		id = u.ParentID
	}
	return out, nil
}

// nearestOfKind returns u or its nearest ancestor of kind k, or nil.
func (s *Service) nearestOfKind(ctx context.Context, tx *store.Tx, u *org.Unit, k org.Kind) *org.Unit {
	chain, err := ancestors(ctx, tx, u.ID)
	if err != nil {
		return nil
	}
	for _, x := range chain {
		if x.Kind == k {
			return x
		}
	}
	return nil
}

// NextStepUnits lists the units the open dossier code could be handed to by a transfer or
// forward now (the next workflow step's candidates), for the form that asks where to. Errors:
// NotFound, Unauthorized.
func (s *Service) NextStepUnits(ctx context.Context, code string, back bool) ([]*org.Unit, error) {
	det, err := s.Dossier(ctx, code)
	if err != nil {
		return nil, err
	}
	vr := det.Version.Variant(det.VariantCode)
	if vr == nil || len(vr.Workflow) == 0 {
		return nil, nil
	}
	idx := 1
	for i := len(det.Steps) - 1; i >= 0; i-- {
		if det.Steps[i].DoneAt.IsZero() {
			idx = det.Steps[i].WorkflowIndex + 1
			if back {
				idx = det.Steps[i].WorkflowIndex - 1
			}
			break
		}
	}
	if idx < 1 || idx >= len(vr.Workflow) {
		return nil, nil
	}
	var out []*org.Unit
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		out, err = s.stepCandidates(ctx, tx, det.DossierRow, det.Version, vr.Workflow[idx])
		return err
	})
	return out, err
}
