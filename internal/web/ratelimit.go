package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/egov-vn/egov/internal/errs"
)

// limiter is an in-memory token bucket per key (a client IP, or an account's email or phone).
// Each egov process keeps its own buckets: behind a load balancer a client gets at most the
// limit on each node, which still bounds guessing; the account lockout (in the database) is
// shared by all nodes. Past sweepAbove keys, the buckets idle long enough to be full again (as
// good as new) are dropped, in a walk of all of them at most once per sweepEvery, so that a
// portal seeing that many clients does not walk them on every request.
type limiter struct {
	every time.Duration // one more attempt each every
	burst int
	mu    sync.Mutex
	seen  map[string]*bucket
	swept time.Time // the last walk dropping idle buckets
}

const (
	sweepAbove = 50_000
	sweepEvery = time.Second
)

type bucket struct {
	l    *rate.Limiter
	last time.Time
}

func newLimiter(every time.Duration, burst int) *limiter {
	return &limiter{every: every, burst: burst, seen: map[string]*bucket{}}
}

// allow takes one attempt for key; when none is left it returns how long until the next one.
func (l *limiter) allow(key string) (bool, time.Duration) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.seen) > sweepAbove && now.Sub(l.swept) >= sweepEvery {
		l.swept = now
		for k, b := range l.seen {
			if now.Sub(b.last) > time.Duration(l.burst)*l.every {
				delete(l.seen, k)
			}
		}
	}
	b := l.seen[key]
	if b == nil {
		b = &bucket{l: rate.NewLimiter(rate.Every(l.every), l.burst)}
		l.seen[key] = b
	}
	b.last = now
	r := b.l.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// peek reports whether key has an attempt left without taking it, and if not, the wait.
func (l *limiter) peek(key string) (bool, time.Duration) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.seen[key]
	if b == nil {
		return true, 0
	}
	if b.l.TokensAt(now) >= 1 {
		return true, 0
	}
	r := b.l.ReserveN(now, 1)
	d := r.DelayFrom(now)
	r.CancelAt(now)
	return false, d
}

// portalLimits are the limits on the portal's sign-in, registration and lookup.
type portalLimits struct {
	loginIP, registerIP, registerContact, verifyIP, lookupIP *limiter
	// lookupProofIP and lookupProofCode limit the public lookup's attempts to see a dossier's
	// details with an ID number (guessing one): per IP, and per dossier code whether it exists or not.
	lookupProofIP, lookupProofCode *limiter
}

func newPortalLimits() *portalLimits {
	return &portalLimits{
		// Per IP generously: many people share one address behind a mobile carrier's NAT.
		loginIP:         newLimiter(3*time.Second, 20),
		registerIP:      newLimiter(30*time.Second, 20),
		registerContact: newLimiter(5*time.Minute, 3),
		verifyIP:        newLimiter(3*time.Second, 20),
		lookupIP:        newLimiter(time.Second, 60),
		lookupProofIP:   newLimiter(10*time.Second, 10),
		lookupProofCode: newLimiter(time.Minute, 10),
	}
}

// tooMany is the error for a limit hit: 429 with the wait in minutes (or seconds).
func tooMany(wait time.Duration) error {
	if wait < time.Minute {
		s := int(math.Ceil(wait.Seconds()))
		return errs.New(errs.TooMany, "rate_limited", fmt.Sprintf("Bạn đã thử quá nhiều lần. Vui lòng đợi %d giây rồi thử lại.", s),
			fmt.Sprintf("Too many attempts. Wait %d seconds and try again.", s))
	}
	m := int(math.Ceil(wait.Minutes()))
	return errs.New(errs.TooMany, "rate_limited", fmt.Sprintf("Bạn đã thử quá nhiều lần. Vui lòng đợi %d phút rồi thử lại.", m),
		fmt.Sprintf("Too many attempts. Wait %d minutes and try again.", m))
}

// limit takes an attempt from l for key; when the limit is hit it sets Retry-After and returns
// the error to answer with.
func limit(w http.ResponseWriter, l *limiter, key string) error {
	ok, wait := l.allow(key)
	if ok {
		return nil
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	return tooMany(wait)
}

// limitPeek is limit without taking the attempt: take it with l.allow once the attempt counts.
func limitPeek(w http.ResponseWriter, l *limiter, key string) error {
	ok, wait := l.peek(key)
	if ok {
		return nil
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	return tooMany(wait)
}

// limited wraps a handler with a per-IP limit.
func (s *Server) limited(l *limiter, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := limit(w, l, clientIP(r)); err != nil {
			s.fail(w, r, err)
			return
		}
		h(w, r)
	}
}
