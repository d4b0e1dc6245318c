package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
)

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// requestID takes the caller's X-Request-Id when it is well-formed, or makes one, puts it in the
// context and echoes it in the response.
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !requestIDPattern.MatchString(id) {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(app.WithRequestID(r.Context(), id)))
	})
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs each request as one JSON line and records its metrics under the route pattern
// (never the raw path, so that metrics stay bounded).
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		route := r.Pattern
		if route == "" {
			_, route = s.mux.Handler(r)
		}
		if route == "" {
			route = "unmatched"
		}
		s.metrics.observe(route, r.Method, sw.status, d)
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		if route == "GET /healthz" || route == "GET /readyz" || route == "GET /metrics" {
			level = slog.LevelDebug
		}
		s.log.LogAttrs(r.Context(), level, "request",
			slog.String("request_id", app.RequestIDFrom(r.Context())), slog.String("method", r.Method),
			slog.String("route", route), slog.String("path", r.URL.Path), slog.Int("status", sw.status),
			slog.Int("bytes", sw.bytes), slog.Duration("duration", d))
	})
}

// recoverPanics turns a panic into a 500 with the request id, logging the stack.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.fail(w, r, errs.Wrap(fmt.Errorf("panic: %v\n%s", p, debug.Stack()), "handler"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows nothing inline and nothing from elsewhere: no script at all today.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if s.cfg.Secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

const sessionCookie = "egov_session"

type authKey struct{}

// authenticate finds who sends the request (a bearer token, or a session cookie) and puts it in
// the context. It does not refuse anyone: handlers that need a signed-in official say so.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var a *app.Auth
		var err error
		if h := r.Header.Get("Authorization"); h != "" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.fail(w, r, errs.ErrUnauthorized)
				return
			}
			tok = strings.TrimSpace(tok)
			if strings.HasPrefix(tok, "egc_") && strings.HasPrefix(r.URL.Path, portalAPIPrefix) {
				// A portal account's session token: the portal's own API only.
				c, err := s.svc.AuthenticateCitizen(r.Context(), tok)
				if err != nil {
					s.fail(w, r, err)
					return
				}
				next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), citizenWebKey{}, c)))
				return
			}
			if a, err = s.svc.AuthenticateToken(r.Context(), tok); err != nil {
				s.fail(w, r, err)
				return
			}
		} else if c, cerr := r.Cookie(sessionCookie); cerr == nil {
			a, err = s.svc.Authenticate(r.Context(), c.Value)
			if err != nil && errs.KindOf(err) != errs.Unauthorized {
				s.fail(w, r, err)
				return
			}
			if err != nil {
				s.clearSessionCookie(w)
			}
		}
		ctx := r.Context()
		if a != nil {
			ctx = context.WithValue(ctx, authKey{}, a)
			if a.Step == app.StepDone {
				ctx = app.WithActor(ctx, a.Actor)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// authFrom returns who sent the request (possibly with a sign-in step pending), or nil.
func authFrom(r *http.Request) *app.Auth {
	a, _ := r.Context().Value(authKey{}).(*app.Auth)
	return a
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.cfg.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(app.SessionMax.Seconds())})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

var errCrossOrigin = errs.New(errs.Forbidden, "cross_origin", "Yêu cầu bị từ chối vì đến từ một trang web khác.", "Cross-origin request refused.")
