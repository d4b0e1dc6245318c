package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/demo"
	"github.com/egov-vn/egov/internal/oidcclient"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/web"
)

const aboutServe = `Runs the web server: the officials' pages and the JSON API under /api/v1. It applies pending
migrations first and stops gracefully on SIGINT or SIGTERM, letting requests in flight finish
within --shutdown-timeout. Logs are JSON lines on standard error.

With --demo, an empty database (no units) is first filled with Hà Nội: the real administrative
units before and after the reform of 1 July 2025, the departments, a one-stop desk or service
centre per district and commune, officials of every role and the demo procedure catalogue (loaded
later too into a database whose catalogue is still empty, never twice). Their shared password is generated
at that first start and printed once on standard output. The agency codes of the demo units are
illustrative, built under --organ-root, and must be replaced by the national catalogue.

After that first load the server starts listening at once, and --demo-dossiers dossiers are made in
the background: received and processed through the service by the demo officials over the last 18
months, every state, late results, supplements, apologies and inter-agency steps included. Progress
is printed every 10%, and a log line says when they are all there. Stopping the server interrupts
them; they are not resumed.

Citizens and businesses register on the portal (/dang-ky) with an email or phone number and
receive a six-digit code, valid for 15 minutes: by email through EGOV_SMTP_URL (written to the log
when it is not set, as the startup log says), by SMS through the SMS gateway. Sending waits at most
10 s and a failure is only logged: the page answers the same. With --oidc-issuer they may also sign
in through that OpenID Connect provider (callback path /dang-nhap/oidc/callback under the public
address).

Every change of a dossier's state is told to its applicant by email (through EGOV_SMTP_URL, when
set) and by SMS. Messages wait in an outbox in the database and are retried when delivery fails;
administrators see those not delivered on their home page and at /admin/thong-bao. No SMS gateway
is built in: until one is connected, every text message (verification codes and notifications) is
written to the log.

Behind a reverse proxy (nginx, a load balancer), list the proxies' addresses in --trusted-proxies:
the client is then taken from X-Forwarded-For, read from the right and skipping the trusted
proxies, so that the per-IP limits (public lookup, sign-in, registration) count each citizen apart
and sessions, payments and the audit log name the citizen, not the proxy. The proxy must append
the address it received the request from (nginx: proxy_set_header X-Forwarded-For
$proxy_add_x_forwarded_for). Without the setting, or from a peer not listed, the header is ignored.`

type serveOpts struct {
	c               storeConfig
	addr            string
	demo            bool
	demoDossiers    int
	organRoot       string
	secure          bool
	issuer          string
	trustedProxies  string
	rankingMaxAge   time.Duration
	lookupCacheTTL  time.Duration
	shutdownTimeout time.Duration
	mail            mailConfig
	pay             payConfig
	signing         signingConfig
	oidc            oidcclient.Config
}

func serveFlags(e *env) (*flagSet, *serveOpts) {
	o := &serveOpts{}
	f := newFlagSet("serve", "egov serve [flags]", aboutServe, e)
	f.String(&o.addr, "addr", "EGOV_ADDR", ":8080", "HOST:PORT", "address to listen on")
	addStoreFlags(f, &o.c)
	f.Bool(&o.demo, "demo", "EGOV_DEMO", false, "load the Hà Nội demonstration data into an empty database, and show a demo banner")
	f.Int(&o.demoDossiers, "demo-dossiers", "EGOV_DEMO_DOSSIERS", 20000, "N", "with --demo, how many demo dossiers to make in the background at the first start (0 for none)")
	f.String(&o.organRoot, "organ-root", "EGOV_ORGAN_ROOT", demo.DefaultOrganRoot, "CODE", "the city's level-1 agency code (MX1X2) used for demo agency codes; H24 for Hà Nội is unconfirmed")
	f.Bool(&o.secure, "secure", "EGOV_SECURE", false, "the site is served over HTTPS (directly or behind a proxy): Secure cookies and HSTS")
	f.String(&o.issuer, "issuer", "EGOV_ISSUER", "egov", "NAME", "the name authenticator apps show for this installation's second-factor codes")
	f.String(&o.trustedProxies, "trusted-proxies", "EGOV_TRUSTED_PROXIES", "", "CIDRS", "reverse proxies whose X-Forwarded-For names the client, comma-separated addresses or CIDRs, e.g. 127.0.0.1,10.0.0.0/8,::1; empty: trust no one, the client is the connection's peer")
	f.Duration(&o.rankingMaxAge, "ranking-max-age", "EGOV_RANKING_MAX_AGE", time.Minute, "how old the dashboards' unit rankings may be: they are computed again in the background every half of it; 0: computed at every request")
	f.Duration(&o.lookupCacheTTL, "lookup-cache-ttl", "EGOV_LOOKUP_CACHE_TTL", time.Minute, "how long a public lookup's answer is kept at most: a change through this server shows at once, through another server on the same database within about a second (read from the audit log), at the latest after this; 0: no cache")
	f.Duration(&o.shutdownTimeout, "shutdown-timeout", "EGOV_SHUTDOWN_TIMEOUT", 10*time.Second, "how long requests in flight may take to finish on shutdown")
	addMailFlags(f, &o.mail)
	addPayFlags(f, &o.pay)
	// Signed electronic results (internal/sign).
	addSigningFlags(f, &o.signing)

	// Portal sign-in through an OpenID Connect provider; the client secret comes only from the environment.
	f.String(&o.oidc.Issuer, "oidc-issuer", "EGOV_OIDC_ISSUER", "", "URL", "issuer URL of the OpenID Connect provider citizens may sign in with (e.g. VNeID); empty: none")
	f.String(&o.oidc.ClientID, "oidc-client-id", "EGOV_OIDC_CLIENT_ID", "", "ID", "this installation's client id at that provider; the secret is read from EGOV_OIDC_CLIENT_SECRET")
	f.String(&o.oidc.Name, "oidc-name", "EGOV_OIDC_NAME", "VNeID", "NAME", "the provider's name on the portal's sign-in button")
	f.String(&o.oidc.IDClaim, "oidc-id-claim", "EGOV_OIDC_ID_CLAIM", "personal_id", "CLAIM", "the claim carrying the personal identification number, if the provider gives one")
	o.oidc.ClientSecret = strings.TrimSpace(e.getenv("EGOV_OIDC_CLIENT_SECRET"))
	return f, o
}

// runServe serves until ctx ends, then shuts down gracefully.
func runServe(ctx context.Context, e *env, args []string) error {
	f, o := serveFlags(e)
	pos, err := f.Parse(args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 0, ""); err != nil {
		return err
	}
	if _, err := org.ParseOrganID("000.00.00." + o.organRoot); err != nil {
		return usageError{fmt.Sprintf("--organ-root %q: want a letter and two digits, e.g. H24", o.organRoot)}
	}
	if o.shutdownTimeout <= 0 {
		return usageError{"--shutdown-timeout must be positive"}
	}
	if o.lookupCacheTTL < 0 || o.lookupCacheTTL > 10*time.Minute {
		return usageError{"--lookup-cache-ttl must be 0 to 10m"}
	}
	if o.rankingMaxAge < 0 || (o.rankingMaxAge > 0 && o.rankingMaxAge < 2*time.Second) {
		return usageError{"--ranking-max-age must be 0 or at least 2s"}
	}
	proxies, err := web.ParseTrustedProxies(o.trustedProxies)
	if err != nil {
		return usageError{"--trusted-proxies: " + err.Error()}
	}
	var idp *oidcclient.Client
	if o.oidc.Issuer != "" {
		if o.oidc.ClientID == "" || o.oidc.ClientSecret == "" {
			return usageError{"--oidc-issuer needs --oidc-client-id and the EGOV_OIDC_CLIENT_SECRET environment variable"}
		}
		idp = oidcclient.New(o.oidc)
	}
	remindAt, err := o.mail.at()
	if err != nil {
		return err
	}
	sender, err := o.mail.sender()
	if err != nil {
		return err
	}
	if o.demoDossiers < 0 {
		return usageError{"--demo-dossiers must not be negative"}
	}
	payments, err := o.pay.settings()
	if err != nil {
		return err
	}
	log, err := o.c.logger(e.stderr)
	if err != nil {
		return err
	}
	db, svc, err := o.c.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	svc.Issuer = o.issuer
	svc.SetPayments(payments)
	log.Info("database ready", "database", db.Location, "dialect", db.Dialect)

	fresh := false
	if o.demo {
		if fresh, err = loadDemo(ctx, e, svc, log, o.organRoot); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	verifyBase := strings.TrimSuffix(strings.TrimSpace(o.mail.baseURL), "/")
	if verifyBase == "" {
		verifyBase = displayURL(ln.Addr(), o.secure)
	}
	if err := o.signing.setup(ctx, svc, o.c.dataDir, verifyBase+"/xac-thuc/", log); err != nil {
		ln.Close()
		return err
	}
	handler := web.New(svc, web.Config{Logger: log, Version: version(), Secure: o.secure, Demo: o.demo, PublicURL: o.mail.baseURL,
		OIDC: idp, TrustedProxies: proxies})
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	log.Info("listening", "addr", ln.Addr().String(), "version", version(), "demo", o.demo, "trusted_proxies", proxies.String())
	fmt.Fprintf(e.stdout, "egov is listening on %s\n", displayURL(ln.Addr(), o.secure))

	// The daily reminder emails run beside the server and stop with it.
	rctx, stopReminders := context.WithCancel(ctx)
	reminded := make(chan struct{})
	if sender == nil {
		log.Info("reminder emails are off: EGOV_SMTP_URL is not set")
		close(reminded)
	} else {
		go func() {
			defer close(reminded)
			remindDaily(rctx, svc, sender, remindAt, o.mail.linkBase(), log)
		}()
	}
	defer func() { stopReminders(); <-reminded }()
	// Verification codes are sent at once, notifications to applicants from the outbox beside the
	// server (notify.go); both by email and by SMS.
	stopMessaging := startMessaging(ctx, svc, sender, smsGateway(log), o.mail.linkBase(), log)
	defer stopMessaging()
	// The public lookup cache follows the changes made through other servers in the audit log.
	svc.EnableLookupCache(o.lookupCacheTTL)
	fctx, stopFollow := context.WithCancel(ctx)
	followed := svc.FollowChanges(fctx, time.Second)
	defer func() { stopFollow(); <-followed }()
	// The dashboards' unit rankings are kept fresh beside the server.
	stopRankings := startRankingRefresh(ctx, svc, o.rankingMaxAge, log)
	defer stopRankings()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if fresh && o.demoDossiers > 0 {
		// The demo dossiers take a while: they are made while the server already serves, and
		// interrupted (before the database closes) when it stops.
		gctx, stop := context.WithCancel(context.WithoutCancel(ctx))
		var wg sync.WaitGroup
		defer func() { stop(); wg.Wait() }()
		wg.Go(func() { loadDemoDossiers(gctx, e, svc, log, o.demoDossiers) })
	}
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", o.shutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), o.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// startRankingRefresh enables the ranking snapshots (app.Service.EnableRankingSnapshots) with
// maxAge and refreshes them every half of it until the returned function is called; maxAge 0
// leaves them off.
func startRankingRefresh(ctx context.Context, svc *app.Service, maxAge time.Duration, log *slog.Logger) func() {
	if maxAge <= 0 {
		return func() {}
	}
	svc.EnableRankingSnapshots(maxAge)
	rctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(maxAge / 2)
		defer t.Stop()
		for {
			began := time.Now()
			n, err := svc.RefreshRankings(rctx)
			switch {
			case rctx.Err() != nil:
				return
			case err != nil:
				log.Error("refresh rankings", "err", err)
			default:
				log.Debug("rankings refreshed", "rankings", n, "took", time.Since(began).String())
			}
			select {
			case <-rctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() { stop(); <-done }
}

// loadDemo fills an empty database with the demo city and prints the accounts and their
// password once, and reports whether it did; a database that has data is left alone.
func loadDemo(ctx context.Context, e *env, svc *app.Service, log *slog.Logger, organRoot string) (bool, error) {
	empty, err := demo.Empty(ctx, svc)
	if err != nil {
		return false, err
	}
	if !empty {
		log.Info("demo data not loaded: the database already has data (the demo password was printed at the first start)")
		// A database made before the catalogue was part of the demo gets it now, once.
		imp, err := demo.LoadCatalogue(ctx, svc, organRoot)
		if err != nil {
			return false, fmt.Errorf("demo procedure catalogue: %w", err)
		}
		if imp != nil {
			log.Info("demo procedure catalogue loaded", "procedures", imp.ProceduresCreated, "versions", imp.VersionsCreated)
		}
		return false, nil
	}
	log.Info("loading demo data", "organ_root", organRoot)
	res, err := demo.Load(ctx, svc, demo.Options{OrganRoot: organRoot, Progress: func(step string) { log.Info("demo: loading " + step) }})
	if err != nil {
		return false, fmt.Errorf("demo data: %w", err)
	}
	log.Info("demo data loaded", "units", res.Units, "accounts", len(res.Accounts), "procedures", res.Procedures,
		"procedure_versions", res.Versions, "elapsed", res.Elapsed.Round(time.Millisecond).String())
	printDemoAccounts(e.stdout, res)
	return true, nil
}

// loadDemoDossiers makes n demo dossiers ending now, printing progress every 10%. A failure or
// an interruption is logged; the server goes on.
func loadDemoDossiers(ctx context.Context, e *env, svc *app.Service, log *slog.Logger, n int) {
	log.Info("demo: making dossiers in the background", "dossiers", n)
	fmt.Fprintf(e.stdout, "Making %d demo dossiers in the background…\n", n)
	tenth := 0
	stats, err := demo.LoadDossiers(ctx, svc.DB(), svc.Clock().Now(), n, func(done, total int) {
		if t := done * 10 / total; t > tenth {
			tenth = t
			log.Info("demo: dossiers", "done", done, "total", total)
			fmt.Fprintf(e.stdout, "Demo dossiers: %d of %d (%d%%)\n", done, total, t*10)
		}
	})
	if errors.Is(err, context.Canceled) {
		log.Warn("demo dossiers interrupted by the shutdown; they are not resumed")
		return
	}
	if err != nil {
		log.Error("demo dossiers not all made", "err", err.Error())
		return
	}
	log.Info("demo dossiers loaded", "dossiers", stats.Received, "actions", stats.Actions, "late", stats.Late,
		"apologies", stats.Apologies, "supplements", stats.Supplements, "inter_agency", stats.InterAgency,
		"elapsed", stats.Elapsed.Round(time.Millisecond).String())
	fmt.Fprintf(e.stdout, "Demo dossiers loaded: %d in %v.\n", stats.Received, stats.Elapsed.Round(time.Second))
}

func printDemoAccounts(w io.Writer, res *demo.Result) {
	fmt.Fprintf(w, `
Demo data loaded: Hà Nội before and after 1 July 2025 (%d unit versions, %d officials) and a
procedure catalogue of %d procedures. The agency codes are illustrative, not the national
catalogue's.

Every demo account has the password:  %s
It is shown only this once and stored only as a hash. Leaders and administrators set up a second
factor (an authenticator app) at their first sign-in.

`, res.Units, len(res.Accounts), res.Procedures, res.Password)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USERNAME\tROLE\tNAME\tUNIT")
	for _, a := range res.Accounts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Username, a.Role, a.FullName, a.Unit)
	}
	tw.Flush()
	fmt.Fprintln(w)
}

// displayURL is the address to open in a browser.
func displayURL(a net.Addr, secure bool) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	scheme := "http"
	if secure {
		scheme = "https"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return scheme + "://" + host + ":" + port
}
