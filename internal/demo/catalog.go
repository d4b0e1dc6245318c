package demo

import (
	"context"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// LoadCatalogue imports the demo procedure catalogue (catalog.Demo) through the service, with
// organRoot replacing catalog.RootPlaceholder, when the catalogue is still empty. It returns what
// it imported, or nil when the catalogue already had procedures: then nothing is loaded, so that a
// second start never loads anything twice and never fights an administrator's later changes.
func LoadCatalogue(ctx context.Context, svc *app.Service, organRoot string) (*app.CatalogImport, error) {
	ctx = app.WithActor(ctx, org.SystemActor)
	page, err := svc.Procedures(ctx, store.ProcedureFilter{Limit: 1})
	if err != nil {
		return nil, err
	}
	if page.Total > 0 {
		return nil, nil
	}
	f, err := catalog.Demo()
	if err != nil {
		return nil, err
	}
	return svc.ImportProcedures(ctx, f, organRoot)
}
