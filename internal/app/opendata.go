package app

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/opendata"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// Open data (dữ liệu mở): the procedure catalogue, the units and their history, and monthly
// dossier counts, published for anyone without signing in. Only public information and counts
// are read; small counts are withheld by opendata.AggregateTable.

// OpenData returns the open data catalogue: the publisher (the city's People's Committee), the
// licence and every dataset with its dates. Anyone may read it.
func (s *Service) OpenData(ctx context.Context) (*opendata.Catalog, error) {
	today := org.DateOf(s.clock.Now())
	var root *org.Unit
	var facts *store.OpenDataFacts
	err := s.read(ctx, func(tx *store.Tx) error {
		units, err := tx.Units(ctx, store.UnitFilter{On: today, Kinds: []org.Kind{org.KindCity}, Limit: 10})
		if err != nil {
			return err
		}
		for _, u := range units {
			if u.ParentID == 0 {
				root = u
				break
			}
		}
		facts, err = tx.OpenDataFacts(ctx, today)
		return err
	})
	if err != nil {
		return nil, err
	}
	c := &opendata.Catalog{Licence: opendata.DefaultLicence}
	city := "egov"
	if root != nil {
		city = root.Name
		c.Publisher = opendata.Publisher{Name: opendata.Text{Vi: "Ủy ban nhân dân " + root.Name, En: "People's Committee of " + root.Name},
			OrganID: root.OrganID}
		c.Spatial = opendata.Spatial{Name: root.Name, GSOCode: root.GSOCode}
	} else {
		c.Publisher = opendata.Publisher{Name: opendata.Text{Vi: "egov", En: "egov"}}
	}
	c.Publisher.Slug = opendata.Slug(c.Publisher.Name.Vi)
	c.Title = opendata.Text{Vi: "Dữ liệu mở " + city, En: "Open data of " + city}
	c.Description = opendata.Text{
		Vi: "Dữ liệu mở về thủ tục hành chính, đơn vị hành chính và số liệu hồ sơ của " + city + ": tải về tự do ở định dạng CSV và JSON, không chứa thông tin cá nhân.",
		En: "Open data on the administrative procedures, administrative units and dossier figures of " + city + ": free downloads as CSV and JSON, without personal information.",
	}
	for _, d := range opendata.Definitions() {
		d.Publisher, d.Licence, d.Spatial = c.Publisher, c.Licence, c.Spatial
		switch d.Name {
		case opendata.ProceduresName:
			d.Created, d.Modified = facts.ProceduresCreated, facts.ProceduresModified
			d.TemporalStart = dayOf(facts.ProceduresFrom)
		case opendata.UnitsName:
			d.Created, d.Modified = facts.UnitsCreated, facts.UnitsModified
			d.TemporalStart = dayOf(facts.UnitsFrom)
		case opendata.MonthlyName:
			d.Created, d.Modified = facts.DossiersCreated, facts.DossiersModified
			d.TemporalStart, d.TemporalEnd = dayOf(facts.DossiersFrom), dayOf(facts.DossiersTo)
		}
		c.Datasets = append(c.Datasets, d)
	}
	return c, nil
}

// dayOf is the civil date of t in Vietnam, or the zero date for the zero time.
func dayOf(t time.Time) org.Date {
	if t.IsZero() {
		return org.Date{}
	}
	return org.DateOf(t)
}

// errUnknownDataset is the NotFound error for a dataset name that is not published.
func errUnknownDataset(name string) error {
	return errs.New(errs.NotFound, "unknown_dataset", "Không có bộ dữ liệu mở "+name+".", "No open dataset "+name+".")
}

// OpenDataset returns one dataset of the catalogue with its rows. Errors: NotFound
// (unknown_dataset).
func (s *Service) OpenDataset(ctx context.Context, name string) (*opendata.Dataset, *opendata.Table, error) {
	c, err := s.OpenData(ctx)
	if err != nil {
		return nil, nil, err
	}
	d := c.Dataset(name)
	if d == nil {
		return nil, nil, errUnknownDataset(name)
	}
	var t *opendata.Table
	switch d.Name {
	case opendata.ProceduresName:
		t, err = s.openProcedures(ctx)
	case opendata.UnitsName:
		t, err = s.openUnits(ctx)
	case opendata.MonthlyName:
		var as []opendata.Aggregate
		if as, err = s.monthlyAggregates(ctx); err == nil {
			t = opendata.AggregateTable(as)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	return d, t, nil
}

// openProcedures lists the published versions in force today, in code order.
func (s *Service) openProcedures(ctx context.Context) (*opendata.Table, error) {
	f := store.ProcedureFilter{On: org.DateOf(s.clock.Now()), Limit: 500}
	var versions []*catalog.Version
	err := s.read(ctx, func(tx *store.Tx) error {
		versions = nil
		for {
			page, total, err := tx.SearchVersions(ctx, f)
			if err != nil {
				return err
			}
			for _, v := range page {
				versions = append(versions, &v.Version)
			}
			f.Offset += len(page)
			if len(page) == 0 || f.Offset >= total {
				return nil
			}
		}
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(versions, func(a, b *catalog.Version) int {
		return cmp.Or(cmp.Compare(a.NationalCode, b.NationalCode), cmp.Compare(a.Number, b.Number))
	})
	return opendata.ProcedureTable(versions), nil
}

// openUnits lists every unit version with its successors, in id order.
func (s *Service) openUnits(ctx context.Context) (*opendata.Table, error) {
	var units []*org.Unit
	err := s.read(ctx, func(tx *store.Tx) error {
		units = nil
		for off := 0; ; {
			page, err := tx.Units(ctx, store.UnitFilter{Limit: 5000, Offset: off})
			if err != nil {
				return err
			}
			units = append(units, page...)
			off += len(page)
			if len(page) < 5000 {
				break
			}
		}
		succ, err := tx.AllSuccessors(ctx)
		if err != nil {
			return err
		}
		for _, u := range units {
			u.Successors = succ[u.ID]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(units, func(a, b *org.Unit) int { return cmp.Compare(a.ID, b.ID) })
	return opendata.UnitTable(units), nil
}

// monthlyAggregates is where the monthly dossier figures come from. They are counted from the
// dossiers table for now; once the statistics engine (internal/stats) keeps monthly aggregates
// per unit and procedure, return those here instead: this line is the only one to change.
func (s *Service) monthlyAggregates(ctx context.Context) ([]opendata.Aggregate, error) {
	return s.aggregatesFromDossiers(ctx)
}

// aggregatesFromDossiers counts the dossiers with one grouped query (store.MonthlyDossierCounts).
func (s *Service) aggregatesFromDossiers(ctx context.Context) ([]opendata.Aggregate, error) {
	var counts []store.MonthlyDossierCount
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		counts, err = tx.MonthlyDossierCounts(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]opendata.Aggregate, len(counts))
	for i, c := range counts {
		out[i] = opendata.Aggregate{Month: c.Month, UnitID: c.UnitID, UnitOrganID: c.UnitOrganID, UnitName: c.UnitName,
			ProcedureCode: c.ProcedureCode, ProcedureName: c.ProcedureName, Channel: c.Channel,
			Received: c.Received, Processed: c.Processed, OnTime: c.OnTime, Late: c.Late}
	}
	return out, nil
}
