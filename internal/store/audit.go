package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/audit"
	"github.com/egov-vn/egov/internal/errs"
)

// AppendAudit seals r as the next record of the chain and stores it. It locks the chain head, so
// concurrent writers (in this process or another on the same PostgreSQL) append one at a time;
// call it last in a transaction to hold the lock briefly.
func (tx *Tx) AppendAudit(ctx context.Context, r *audit.Record) error {
	seq, hash, err := tx.lockAuditHead(ctx)
	if err != nil {
		return errs.Wrap(err, "audit head")
	}
	r.Seal(seq, hash)
	err = tx.execInOrder(ctx,
		statement{`INSERT INTO audit_log (seq, at, actor_id, actor, action, object_type, object_id, unit_path, before_json, after_json, request_id, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			[]any{r.Seq, tx.ts(r.At), r.ActorID, r.Actor, r.Action, r.ObjectType, r.ObjectID, r.UnitPath, r.Before, r.After, r.RequestID, r.PrevHash, r.Hash}},
		statement{`UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, []any{r.Seq, r.Hash}})
	return errs.Wrap(err, "append audit")
}

// lockAuditHead locks the chain head and reads it. The writes kept for later (writeLater) go
// first, on PostgreSQL in the same statement: the main query counts the rows of each of them,
// one after the other, before it locks the head (LATERAL on the count), so they run to
// completion in their order and the rows they lock are locked before the head, as when they are
// sent on their own; a reception holds its desk's counter one round trip less.
func (tx *Tx) lockAuditHead(ctx context.Context) (int64, string, error) {
	var seq int64
	var hash string
	later := tx.takeLater()
	if len(later) == 0 {
		err := tx.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`+tx.forUpdate()).Scan(&seq, &hash)
		return seq, hash, err
	}
	var b strings.Builder
	var args []any
	b.WriteString("WITH ")
	for i, l := range later {
		fmt.Fprintf(&b, "l%d AS (%s RETURNING 1),\n", i, l.query)
		args = append(args, l.args...)
	}
	b.WriteString("w AS (SELECT ")
	for i := range later {
		if i > 0 {
			b.WriteString(" + ")
		}
		fmt.Fprintf(&b, "(SELECT count(*) FROM l%d)", i)
	}
	b.WriteString(" AS n)\nSELECT h.seq, h.hash FROM w CROSS JOIN LATERAL (SELECT seq, hash FROM audit_head WHERE id = 1 AND w.n >= 0 FOR UPDATE) h")
	err := tx.queryRow(ctx, b.String(), args...).Scan(&seq, &hash)
	return seq, hash, err
}

const auditCols = `seq, at, actor_id, actor, action, object_type, object_id, unit_path, before_json, after_json, request_id, prev_hash, hash`

func scanAudit(sc interface{ Scan(...any) error }) (*audit.Record, error) {
	var r audit.Record
	err := sc.Scan(&r.Seq, tm(&r.At), &r.ActorID, &r.Actor, &r.Action, &r.ObjectType, &r.ObjectID, &r.UnitPath, &r.Before, &r.After, &r.RequestID, &r.PrevHash, &r.Hash)
	return &r, err
}

// AuditFilter selects audit records. Scopes keeps records whose unit path lies in one of the
// subtrees; an empty non-nil Scopes selects nothing.
type AuditFilter struct {
	Scopes     []string
	Actor      string
	Action     string // exact, or a prefix ending in '.', e.g. "user."
	ObjectType string
	ObjectID   string
	From, To   time.Time
	BeforeSeq  int64 // keyset pagination: records older than this
	Limit      int   // default 50, at most 500
}

// AuditRecords lists records matching f, newest first.
func (tx *Tx) AuditRecords(ctx context.Context, f AuditFilter) ([]*audit.Record, error) {
	var where []string
	var args []any
	if f.Scopes != nil {
		if len(f.Scopes) == 0 {
			return nil, nil
		}
		var ors []string
		for _, s := range f.Scopes {
			ors = append(ors, `unit_path LIKE ? ESCAPE '\'`)
			args = append(args, likePrefix(s))
		}
		where = append(where, `(`+strings.Join(ors, ` OR `)+`)`)
	}
	if f.Actor != "" {
		where = append(where, `actor = ?`)
		args = append(args, f.Actor)
	}
	if f.Action != "" {
		if strings.HasSuffix(f.Action, ".") {
			where = append(where, `action LIKE ? ESCAPE '\'`)
			args = append(args, likePrefix(f.Action))
		} else {
			where = append(where, `action = ?`)
			args = append(args, f.Action)
		}
	}
	if f.ObjectType != "" {
		where = append(where, `object_type = ?`)
		args = append(args, f.ObjectType)
	}
	if f.ObjectID != "" {
		where = append(where, `object_id = ?`)
		args = append(args, f.ObjectID)
	}
	if !f.From.IsZero() {
		where = append(where, `at >= ?`)
		args = append(args, tx.ts(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, `at < ?`)
		args = append(args, tx.ts(f.To))
	}
	if f.BeforeSeq > 0 {
		where = append(where, `seq < ?`)
		args = append(args, f.BeforeSeq)
	}
	query := `SELECT ` + auditCols + ` FROM audit_log`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	query += ` ORDER BY seq DESC LIMIT ?`
	args = append(args, min(f.Limit, 500))
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return nil, errs.Wrap(err, "audit records")
	}
	defer rows.Close()
	var out []*audit.Record
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, errs.Wrap(err, "audit records")
		}
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "audit records")
}

// VerifyAudit walks the whole log in sequence order and checks the chain against the stored
// head. It returns the verifier (count and head) and the first problem, if any.
func (db *DB) VerifyAudit(ctx context.Context) (*audit.Verifier, *audit.Problem, error) {
	var v audit.Verifier
	var problem *audit.Problem
	err := db.Read(ctx, func(tx *Tx) error {
		var headSeq int64
		var headHash string
		if err := tx.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
			return errs.Wrap(err, "audit head")
		}
		// Pages of 5000 keep memory flat on a long log.
		var after int64
		for {
			rows, err := tx.query(ctx, `SELECT `+auditCols+` FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 5000`, after)
			if err != nil {
				return errs.Wrap(err, "audit walk")
			}
			n := 0
			for rows.Next() {
				r, err := scanAudit(rows)
				if err != nil {
					rows.Close()
					return errs.Wrap(err, "audit walk")
				}
				n++
				after = r.Seq
				if problem == nil {
					problem = v.Add(r)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return errs.Wrap(err, "audit walk")
			}
			if n == 0 || problem != nil {
				break
			}
		}
		if problem == nil {
			problem = v.Finish(headSeq, headHash)
		}
		return nil
	})
	return &v, problem, err
}

// AuditedDossiersSince returns the ids of the dossiers named by audit records after seq (at most
// limit records are read) and the sequence number of the last record read, seq itself when there
// is none. It is the change feed of the public lookup caches: every change of a dossier appends
// an audit record in its own transaction, and sequence numbers become visible in order (the audit
// head is locked until commit). Records naming a range of dossiers (a bulk load) name only new
// dossiers, which no cache holds, and are skipped. seq < 0 asks only for the last sequence number.
func (db *DB) AuditedDossiersSince(ctx context.Context, seq int64, limit int) ([]int64, int64, error) {
	if seq < 0 {
		var last sql.NullInt64
		err := db.SQL.QueryRowContext(ctx, `SELECT MAX(seq) FROM audit_log`).Scan(&last)
		return nil, last.Int64, errs.Wrap(err, "audit feed")
	}
	rows, err := db.SQL.QueryContext(ctx, db.q(`SELECT seq, object_type, object_id FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`), seq, limit)
	if err != nil {
		return nil, seq, errs.Wrap(err, "audit feed")
	}
	defer rows.Close()
	var ids []int64
	last := seq
	for rows.Next() {
		var typ, obj string
		if err := rows.Scan(&last, &typ, &obj); err != nil {
			return nil, seq, errs.Wrap(err, "audit feed")
		}
		if typ != "dossier" {
			continue
		}
		if id, err := strconv.ParseInt(obj, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, seq, errs.Wrap(err, "audit feed")
	}
	return ids, last, nil
}
