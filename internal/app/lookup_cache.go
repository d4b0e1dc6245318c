package app

import (
	"context"
	"sync"
	"time"

	"github.com/egov-vn/egov/internal/store"
)

// The public lookup cache. The lookup of a dossier by its code is the busiest request of the
// portal, and its answer (store.PublicDossier: state, dates, procedure and desk) changes a few
// times in a dossier's life. Answers are kept for a while (EnableLookupCache): a change made
// through this process drops the dossier's answer when its transaction commits, so this server
// shows it at once; a change made through another server on the same database is seen in the
// audit log, which FollowChanges reads every second or so, and at the latest when the answer
// expires. Unknown codes are never kept, so a dossier received a moment ago is found at once.
// The cache holds at most maxLookupEntries answers (a few hundred bytes each).

const maxLookupEntries = 50_000

// lookupCache keeps recent public lookup answers by code.
type lookupCache struct {
	ttl time.Duration
	now func() time.Time

	mu     sync.RWMutex
	byCode map[string]lookupEntry
	byID   map[int64]string
	// forgets counts the calls of forget: an answer read from the database while a change
	// committed is not kept (it may predate the change).
	forgets uint64
}

type lookupEntry struct {
	p       *store.PublicDossier
	expires time.Time
}

// EnableLookupCache makes LookupDossier keep its answers for ttl (see above); 0 turns it off.
// Call it before serving.
func (s *Service) EnableLookupCache(ttl time.Duration) {
	if ttl <= 0 {
		s.lookups = nil
		return
	}
	s.lookups = &lookupCache{ttl: ttl, now: s.clock.Now, byCode: map[string]lookupEntry{}, byID: map[int64]string{}}
}

// get returns the kept answer for code, if it has not expired.
func (c *lookupCache) get(code string) (*store.PublicDossier, bool) {
	c.mu.RLock()
	e, ok := c.byCode[code]
	c.mu.RUnlock()
	if !ok || !c.now().Before(e.expires) {
		return nil, false
	}
	return e.p, true
}

// epoch is the number of forget calls so far, to give back to put.
func (c *lookupCache) epoch() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.forgets
}

// put keeps p, read from the database after epoch() returned epoch, until the lifetime ends;
// unless a change committed since then.
func (c *lookupCache) put(p *store.PublicDossier, epoch uint64) {
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.forgets != epoch {
		return
	}
	if len(c.byCode) >= maxLookupEntries {
		// Full: drop what has expired, and if that is not enough, everything (the cache fills
		// again within its lifetime).
		for code, e := range c.byCode {
			if !now.Before(e.expires) {
				c.remove(code, e.p.ID)
			}
		}
		if len(c.byCode) >= maxLookupEntries {
			c.byCode, c.byID = map[string]lookupEntry{}, map[int64]string{}
		}
	}
	c.byCode[p.Code] = lookupEntry{p: p, expires: now.Add(c.ttl)}
	c.byID[p.ID] = p.Code
}

// forget drops the answers of the dossiers with these ids.
func (c *lookupCache) forget(ids []int64) {
	if len(ids) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forgets++
	for _, id := range ids {
		if code, ok := c.byID[id]; ok {
			c.remove(code, id)
		}
	}
}

// remove drops one answer. Called with mu held.
func (c *lookupCache) remove(code string, id int64) {
	delete(c.byCode, code)
	delete(c.byID, id)
}

// FollowChanges keeps the lookup cache in step with changes made through other servers on the
// same database: every interval it reads the audit records appended since the last look
// (store.DB.AuditedDossiersSince) and drops the answers of the dossiers they name. It reads where
// the audit log ends before it returns, so that no change committed after the call is missed,
// then follows in the background until ctx ends, when the returned channel is closed. When the
// database cannot be read, the whole cache is dropped (changes may have been missed), and again
// once the feed starts anew from the newest record. A no-op without the cache.
func (s *Service) FollowChanges(ctx context.Context, interval time.Duration) <-chan struct{} {
	done := make(chan struct{})
	c := s.lookups
	if c == nil {
		close(done)
		return done
	}
	last := int64(-1)
	if _, seq, err := s.db.AuditedDossiersSince(ctx, -1, 0); err == nil {
		last = seq
	}
	go func() {
		defer close(done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if last < 0 {
				if _, seq, err := s.db.AuditedDossiersSince(ctx, -1, 0); err == nil {
					last = seq
					c.clear()
				}
				continue
			}
			for {
				ids, seq, err := s.db.AuditedDossiersSince(ctx, last, 5000)
				if err != nil {
					if ctx.Err() == nil {
						s.log.Warn("lookup cache: cannot read the audit log; cache dropped", "err", err)
					}
					c.clear()
					last = -1
					break
				}
				c.forget(ids)
				if seq == last {
					break
				}
				last = seq
			}
		}
	}()
	return done
}

// clear drops every answer.
func (c *lookupCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forgets++
	c.byCode, c.byID = map[string]lookupEntry{}, map[int64]string{}
}
