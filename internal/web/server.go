// Package web is egov's HTTP surface: the officials' pages (server-rendered, usable without
// JavaScript) and the JSON API under /api/v1, both calling the same app.Service methods, plus the
// operations endpoints. routes.go lists every route.
package web

import (
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/oidcclient"
)

// Config configures the HTTP surface.
type Config struct {
	Logger  *slog.Logger
	Version string
	// Secure says the site is served over TLS (directly or behind a proxy): cookies get the Secure
	// flag and responses carry HSTS.
	Secure bool
	// PublicURL is the site's public address, for links printed on forms; "" means the address
	// each request came to.
	PublicURL string
	// Demo shows a banner saying the data are demonstration data.
	Demo bool
	// OIDC is the identity provider portal users may sign in with; nil for none.
	OIDC *oidcclient.Client
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client: the address
	// the per-IP limits count, and sessions, payments and audit records keep. The zero value
	// trusts no one: the client is the connection's peer.
	TrustedProxies TrustedProxies
}

// Server serves egov over HTTP.
type Server struct {
	svc     *app.Service
	cfg     Config
	log     *slog.Logger
	mux     *http.ServeMux
	h       http.Handler
	tmpl    *templates
	metrics *metrics
	api     []apiRoute // the API routes, for the OpenAPI document
	limits  *portalLimits
}

// New returns the server with all routes registered.
func New(svc *app.Service, cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{svc: svc, cfg: cfg, log: cfg.Logger, mux: http.NewServeMux(), tmpl: mustTemplates(), limits: newPortalLimits()}
	s.metrics = newMetrics(prometheus.NewRegistry(), svc.DB().SQL)
	s.routes()
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, errCrossOrigin)
	}))
	// Outermost first: request id and logging see everything, including refusals; the client's
	// address is known before any handler runs.
	s.h = s.requestID(s.clientAddress(s.logRequests(s.recoverPanics(s.secureHeaders(cop.Handler(s.authenticate(s.authenticateCitizen(s.mux))))))))
	return s
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }
