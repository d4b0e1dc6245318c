// Package web is egov's HTTP surface: the officials' pages (server-rendered, usable without
// JavaScript) and the JSON API under /api/v1, both calling the same app.Service methods, plus the
// operations endpoints. routes.go lists every route.
package web

import (
	"log/slog"
	"net/http"

	"github.com/egov-vn/egov/internal/app"
)

// Config configures the HTTP surface.
type Config struct {
	Logger  *slog.Logger
	Version string
	// Secure says the site is served over TLS (directly or behind a proxy): cookies get the Secure
	// flag and responses carry HSTS.
	Secure bool
	// Demo shows a banner saying the data are demonstration data.
	Demo bool
}

// Server serves egov over HTTP.
type Server struct {
	svc *app.Service
	cfg Config
	mux *http.ServeMux
	h   http.Handler
}

// New returns the server with all routes registered.
func New(svc *app.Service, cfg Config) *Server {
	s := &Server{svc: svc, cfg: cfg, mux: http.NewServeMux()}
	s.h = s.mux
	return s
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }
