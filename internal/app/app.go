// Package app is egov's service layer: every operation the web pages, the JSON API and the
// command line offer is one method here. A method checks who may do it (authorization scoped by
// unit subtree), validates with the domain packages, runs its SQL through the store in one
// transaction, and writes the audit record in that same transaction.
package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"

	"github.com/egov-vn/egov/internal/audit"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// Service is the application. It is safe for concurrent use.
type Service struct {
	db    *store.DB
	clock clock.Clock
	log   *slog.Logger
	cals  calendarCache
	// versions keeps decoded procedure versions for receptions (version_cache.go).
	versions versionCache
	// offline: no database; only the built-in calendar answers (see Offline).
	offline bool
	// Issuer names this installation in authenticator apps, e.g. "egov Hà Nội".
	Issuer string
	// payments configures fee payment (SetPayments).
	payments PaymentSettings
	// signing holds the signing configuration and the keys in use (signatures.go).
	signing signing
	// codeSender delivers portal verification codes (see SetCodeSender).
	codeSender CodeSender
	// notify configures the notifications to applicants (notify.go); nil: none.
	notify *NotifySettings
	// rankings keeps snapshots of the dashboards' unit rankings (ranking_snapshots.go); nil: none.
	rankings *rankingSnapshots
	// lookups keeps recent public lookup answers (lookup_cache.go); nil: none.
	lookups *lookupCache
}

// New returns the service over db.
func New(db *store.DB, c clock.Clock, log *slog.Logger) *Service {
	return &Service{db: db, clock: c, log: log, Issuer: "egov"}
}

// DB returns the underlying database (for health checks and metrics).
func (s *Service) DB() *store.DB { return s.db }

type ctxKey int

const (
	actorKey ctxKey = iota
	requestIDKey
)

// WithActor returns ctx carrying the actor on whose behalf operations run.
func WithActor(ctx context.Context, a *org.Actor) context.Context {
	return context.WithValue(ctx, actorKey, a)
}

// ActorFrom returns the actor in ctx, or nil when nobody is signed in.
func ActorFrom(ctx context.Context) *org.Actor {
	a, _ := ctx.Value(actorKey).(*org.Actor)
	return a
}

// WithRequestID returns ctx carrying the request id recorded in audit records.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestIDFrom returns the request id in ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// actor returns the signed-in actor or an Unauthorized error.
func actor(ctx context.Context) (*org.Actor, error) {
	a := ActorFrom(ctx)
	if a == nil {
		return nil, errs.ErrUnauthorized
	}
	return a, nil
}

// change is one audited change made inside a write.
type change struct {
	Action     string
	ObjectType string
	ObjectID   int64
	UnitPath   string
	Before     any // marshalled to JSON; nil for none
	After      any
}

// write runs fn in a write transaction and appends an audit record for each change fn reports,
// in the same transaction, naming the official (or system) in ctx, else the portal account. fn may run more than once (a PostgreSQL retry), so it must only act
// through tx and report its changes by returning them.
func (s *Service) write(ctx context.Context, fn func(tx *store.Tx) ([]change, error)) error {
	a := auditActor(ctx)
	if a == nil {
		return errs.ErrUnauthorized
	}
	var dossiers []int64
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		changes, err := fn(tx)
		if err != nil {
			return err
		}
		dossiers = dossiers[:0]
		for _, c := range changes {
			if c.ObjectType == "dossier" {
				dossiers = append(dossiers, c.ObjectID)
			}
		}
		return s.appendAudit(ctx, tx, a, changes)
	})
	if err == nil && s.lookups != nil {
		// Committed: the public lookup shows the change from now on.
		s.lookups.forget(dossiers)
	}
	return err
}

// appendAudit appends an audit record for each change, made by a, in tx.
func (s *Service) appendAudit(ctx context.Context, tx *store.Tx, a *org.Actor, changes []change) error {
	now := s.clock.Now()
	for _, c := range changes {
		rec := &audit.Record{At: now, ActorID: a.UserID, Actor: a.Name(), Action: c.Action, ObjectType: c.ObjectType,
			ObjectID: strconv.FormatInt(c.ObjectID, 10), UnitPath: c.UnitPath, RequestID: RequestIDFrom(ctx),
			Before: jsonOf(c.Before), After: jsonOf(c.After)}
		if rec.UnitPath == "" {
			rec.UnitPath = "/"
		}
		if err := tx.AppendAudit(ctx, rec); err != nil {
			return err
		}
	}
	return nil
}

func jsonOf(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return `{"error":"unencodable"}`
	}
	return string(b)
}

// read runs fn in a read-only transaction.
func (s *Service) read(ctx context.Context, fn func(tx *store.Tx) error) error {
	return s.db.Read(ctx, fn)
}

// Clock returns the service's clock.
func (s *Service) Clock() clock.Clock { return s.clock }
