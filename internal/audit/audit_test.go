package audit

import (
	"testing"
	"time"
)

func chain(n int) []*Record {
	var out []*Record
	prevSeq, prev := int64(0), Genesis
	for i := 0; i < n; i++ {
		r := &Record{At: time.Date(2025, 7, 1, 1, 2, 3, 456789123, time.UTC), Actor: "admin", Action: "unit.create", ObjectType: "unit", ObjectID: "1", After: `{"name":"Phường Ba Đình"}`}
		r.Seal(prevSeq, prev)
		prevSeq, prev = r.Seq, r.Hash
		out = append(out, r)
	}
	return out
}

func verify(rs []*Record, headSeq int64, headHash string) *Problem {
	var v Verifier
	for _, r := range rs {
		if p := v.Add(r); p != nil {
			return p
		}
	}
	return v.Finish(headSeq, headHash)
}

func TestVerify(t *testing.T) {
	rs := chain(5)
	head := rs[4]
	if p := verify(rs, head.Seq, head.Hash); p != nil {
		t.Fatalf("intact chain: %v", p)
	}
	if rs[0].At.Nanosecond()%1000 != 0 {
		t.Error("At not truncated to microseconds")
	}

	edited := chain(5)
	edited[2].After = `{"name":"Phường Hoàn Kiếm"}`
	if p := verify(edited, head.Seq, head.Hash); p == nil || p.Seq != 3 {
		t.Errorf("edited record 3: got %v", p)
	}

	deleted := append(chain(5)[:1:1], chain(5)[2:]...)
	if p := verify(deleted, head.Seq, head.Hash); p == nil || p.Seq != 2 {
		t.Errorf("deleted record 2: got %v", p)
	}

	reordered := chain(5)
	reordered[1], reordered[2] = reordered[2], reordered[1]
	reordered[1].Seq, reordered[2].Seq = 2, 3 // renumbered to hide the swap
	if p := verify(reordered, head.Seq, head.Hash); p == nil || p.Seq != 2 {
		t.Errorf("reordered: got %v", p)
	}

	if p := verify(chain(5)[:4], head.Seq, head.Hash); p == nil || p.Seq != 5 {
		t.Errorf("truncated tail: got %v", p)
	}
}
