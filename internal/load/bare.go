package load

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"
)

// Bare is the limit for reads: a net/http server with nothing behind its one handler, which
// answers GET /lookup with a fixed JSON body of a public lookup's size. It is served with the
// same server timeouts as egov serve, on the loopback.
type Bare struct {
	URL string
	srv *http.Server
}

// StartBare starts the bare server answering a body of size bytes.
func StartBare(size int) (*Bare, error) {
	if size < 32 {
		size = 32
	}
	body := []byte(`{"code":"000.00.00.H24-000000-0000","pad":"` + strings.Repeat("x", size-48) + `"}` + "\n")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /lookup", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(body)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := &Bare{URL: "http://" + ln.Addr().String(), srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: time.Minute, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}}
	go b.srv.Serve(ln)
	return b, nil
}

// Close stops the bare server.
func (b *Bare) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return b.srv.Shutdown(ctx)
}

// LookupSize is the size of the public lookup's answer for one known code, or 0.
func (w *World) LookupSize(ctx context.Context) int {
	code := w.pickCode()
	if code == "" {
		return 0
	}
	st, b, err := w.public(ctx, w.URLs[0], "/api/v1/public/dossiers/"+code)
	if err != nil || st != http.StatusOK {
		return 0
	}
	return len(b)
}
