// Package audit is the tamper-evident audit log: every change egov makes is recorded, in the same
// transaction, as who did what to which object, when, and the object before and after. Records
// form a hash chain: each record's hash covers its own fields and the previous record's hash, so
// editing, deleting or reordering any stored record breaks the chain at that point.
//
// The chain proves the log untouched since a head hash that someone kept elsewhere; an attacker
// who can rewrite the whole tail and the head row can only be caught by comparing with such a
// kept head, which `egov audit verify` prints.
package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"
)

// Record is one audit entry.
type Record struct {
	Seq        int64     // 1, 2, 3, … without gaps
	At         time.Time // UTC, microsecond precision
	ActorID    int64     // 0 for the system
	Actor      string    // username or "system"
	Action     string    // e.g. "unit.create", "user.grant", "session.revoke"
	ObjectType string    // e.g. "unit", "user"
	ObjectID   string
	UnitPath   string // the unit subtree the record belongs to, for scoped reading
	Before     string // JSON of the object before the change, "" when created
	After      string // JSON after the change, "" when removed
	RequestID  string
	PrevHash   string // hex; "" for the first record
	Hash       string // hex SHA-256
}

// Genesis is the PrevHash of the first record.
const Genesis = ""

// ComputeHash returns the hex SHA-256 over the record's fields and PrevHash, each field
// length-prefixed so that no two different records encode alike. It does not read r.Hash.
func (r *Record) ComputeHash() string {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	put := func(s string) {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		h.Write([]byte(s))
	}
	put("egov-audit-v1")
	put(strconv.FormatInt(r.Seq, 10))
	put(r.At.UTC().Format(time.RFC3339Nano))
	put(strconv.FormatInt(r.ActorID, 10))
	put(r.Actor)
	put(r.Action)
	put(r.ObjectType)
	put(r.ObjectID)
	put(r.UnitPath)
	put(r.Before)
	put(r.After)
	put(r.RequestID)
	put(r.PrevHash)
	return hex.EncodeToString(h.Sum(nil))
}

// Seal sets the record's chain fields as the successor of the record with sequence prevSeq and
// hash prevHash, truncating At to microseconds (what both databases store).
func (r *Record) Seal(prevSeq int64, prevHash string) {
	r.Seq = prevSeq + 1
	r.At = r.At.UTC().Truncate(time.Microsecond)
	r.PrevHash = prevHash
	r.Hash = r.ComputeHash()
}

// Problem names the first record at which the chain is broken.
type Problem struct {
	Seq    int64  // the sequence number where the break shows
	Reason string // what is wrong, in English for operators
}

func (p *Problem) Error() string { return fmt.Sprintf("audit record %d: %s", p.Seq, p.Reason) }

// Verifier checks records fed to it in stored order (by Seq). The zero value expects the chain
// to start at record 1.
type Verifier struct {
	seq  int64
	hash string
	n    int64
}

// Add checks the next record. It returns a *Problem for the first record that is out of order,
// missing (a gap), altered (its hash does not match its fields) or not linked to its predecessor.
func (v *Verifier) Add(r *Record) *Problem {
	switch {
	case r.Seq != v.seq+1:
		if r.Seq > v.seq+1 {
			return &Problem{Seq: v.seq + 1, Reason: fmt.Sprintf("missing (next stored record is %d)", r.Seq)}
		}
		return &Problem{Seq: r.Seq, Reason: fmt.Sprintf("out of order (after record %d)", v.seq)}
	case r.PrevHash != v.hash:
		return &Problem{Seq: r.Seq, Reason: "not linked to the previous record (deleted, reordered or altered predecessor)"}
	case r.ComputeHash() != r.Hash:
		return &Problem{Seq: r.Seq, Reason: "contents altered (hash does not match)"}
	}
	v.seq, v.hash = r.Seq, r.Hash
	v.n++
	return nil
}

// Finish compares the end of the chain with the stored head (the last sequence number and hash
// the database says it wrote). A truncated tail shows here.
func (v *Verifier) Finish(headSeq int64, headHash string) *Problem {
	if headSeq != v.seq || headHash != v.hash {
		return &Problem{Seq: v.seq + 1, Reason: fmt.Sprintf("log ends at record %d but the head says %d", v.seq, headSeq)}
	}
	return nil
}

// Count is the number of records verified so far; Head is the last verified sequence and hash.
func (v *Verifier) Count() int64 { return v.n }

// Head returns the last verified record's sequence number and hash.
func (v *Verifier) Head() (int64, string) { return v.seq, v.hash }
