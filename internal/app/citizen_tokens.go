package app

import (
	"context"

	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/store"
)

// Portal tokens made by the system (egov token create --citizen, --citizens): a portal session
// opened for an account without its password, for load tests of the portal and for support. Only
// the system may; no official, not even an administrator, may act as a citizen.

// SessionMethodSystem is the method of a portal session opened by the system.
const SessionMethodSystem = "system"

// CitizenToken is a portal session opened by the system, with its token (shown once).
type CitizenToken struct {
	Token   string
	Account *citizen.Account
	Session *store.CitizenSession
	// Dossiers is how many dossiers the account owns (CreateTopOwnerTokens only).
	Dossiers int
}

// errCitizenTokensSystemOnly refuses portal tokens to anyone but the system.
var errCitizenTokensSystemOnly = errs.New(errs.Forbidden, "system_only",
	"Chỉ hệ thống (dòng lệnh egov) được mở phiên cho tài khoản công dân.",
	"Only the system (the egov command line) may open a session for a portal account.")

// systemOnly returns Unauthorized without an actor, Forbidden for anyone but the system.
func systemOnly(ctx context.Context) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	if !a.System {
		return errCitizenTokensSystemOnly
	}
	return nil
}

// CreateCitizenToken opens a portal session for the account whose email or mobile number is
// contact, and returns its token once (only its hash is stored). Sent as "Authorization: Bearer
// TOKEN" to /api/v1/portal/…, it acts as the account, as after a sign-in; it ends as a sign-in's
// session does (SessionIdle without use, SessionMax at the latest), and the account holder sees
// it in their list of sessions and may end it. Audited (citizen.token_create) in the same
// transaction. Errors: Unauthorized without an actor; Forbidden system_only for anyone but the
// system; Invalid invalid_contact; NotFound account_not_found; Invalid account_disabled.
func (s *Service) CreateCitizenToken(ctx context.Context, contact string) (*CitizenToken, error) {
	if err := systemOnly(ctx); err != nil {
		return nil, err
	}
	email, phone, err := citizen.ParseContact(contact)
	if err != nil {
		return nil, err
	}
	var out *CitizenToken
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		acc, _, err := tx.CitizenByContact(ctx, email, phone)
		if errs.KindOf(err) == errs.NotFound {
			return nil, errs.New(errs.NotFound, "account_not_found", "Không có tài khoản công dân nào với "+email+phone+".",
				"No portal account has "+email+phone+".")
		}
		if err != nil {
			return nil, err
		}
		if acc.Disabled {
			return nil, errs.Invalidf("contact", "account_disabled", "Tài khoản "+acc.Contact()+" đang bị khoá.", "The account "+acc.Contact()+" is disabled.")
		}
		t, ch, err := s.openSystemSession(ctx, tx, acc)
		out = t
		return []change{ch}, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MaxTopOwnerTokens is the most tokens CreateTopOwnerTokens makes at once.
const MaxTopOwnerTokens = 10_000

// CreateTopOwnerTokens opens a portal session, as CreateCitizenToken does, for each of the k
// enabled accounts owning the most dossiers (most first; ties: the lower id first), all in one
// transaction with one audit record each. Fewer come back when fewer accounts own dossiers.
// Errors: Unauthorized, Forbidden system_only, Invalid invalid_count (k not 1 to
// MaxTopOwnerTokens).
func (s *Service) CreateTopOwnerTokens(ctx context.Context, k int) ([]*CitizenToken, error) {
	if err := systemOnly(ctx); err != nil {
		return nil, err
	}
	if k < 1 || k > MaxTopOwnerTokens {
		return nil, errs.Invalidf("citizens", "invalid_count", "Số tài khoản từ 1 đến 10 000.", "The number of accounts must be 1 to 10,000.")
	}
	var out []*CitizenToken
	err := s.write(ctx, func(tx *store.Tx) ([]change, error) {
		out = nil
		top, err := tx.TopDossierOwners(ctx, k)
		if err != nil {
			return nil, err
		}
		var changes []change
		for _, o := range top {
			acc, err := tx.Citizen(ctx, o.CitizenID)
			if err != nil {
				return nil, err
			}
			t, ch, err := s.openSystemSession(ctx, tx, acc)
			if err != nil {
				return nil, err
			}
			t.Dossiers = o.Dossiers
			out = append(out, t)
			changes = append(changes, ch)
		}
		return changes, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// openSystemSession opens a portal session for acc on behalf of the system, and returns it with
// its audit change.
func (s *Service) openSystemSession(ctx context.Context, tx *store.Tx, acc *citizen.Account) (*CitizenToken, change, error) {
	tok, ca, err := s.openCitizenSession(ctx, tx, acc, SessionMethodSystem, "", "egov token create")
	if err != nil {
		return nil, change{}, err
	}
	return &CitizenToken{Token: tok, Account: acc, Session: ca.Session},
		change{Action: "citizen.token_create", ObjectType: "citizen_session", ObjectID: ca.Session.ID,
			After: map[string]any{"citizen": acc.ID, "contact": acc.Contact(), "method": SessionMethodSystem, "expires_at": ca.Session.ExpiresAt}}, nil
}
