package app

import (
	"context"
	"errors"

	"github.com/egov-vn/egov/internal/store"
)

// ActThenFail takes an action as Act does, then fails the transaction afterwards, as an action
// whose last step fails: nothing it wrote may remain.
func (s *Service) ActThenFail(ctx context.Context, code string, in ActionInput) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		d, err := tx.Dossier(ctx, code)
		if err != nil {
			return nil, err
		}
		if _, err := s.act(ctx, tx, a, d, in); err != nil {
			return nil, err
		}
		return nil, errors.New("a later step failed")
	})
}
