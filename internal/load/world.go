// Package load drives a running egov over its JSON API with a realistic mix of requests at a
// fixed arrival rate, and measures what the server gives back: latency percentiles, throughput
// and errors per operation, next to the limits measured in the same run (a bare net/http handler,
// raw PostgreSQL inserts). It talks HTTP only, so it drives one server or several on one database
// alike; `egov bench` is its command line, and the two-node and crash tests use it as their client.
package load

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Official is one API token and the account behind it.
type Official struct {
	Token    string
	Username string
	Roles    []string
	// Desk is true when the account holds the reception role (tiếp nhận): it receives dossiers
	// and hands them on.
	Desk bool
	// Works is true for every account but one holding the supervisor role alone (kiểm soát TTHC,
	// whose scope is the whole city and who handles no dossier): it reads its inbox and opens
	// dossiers.
	Works bool
	// Supervisor and Leader are true when the account holds the supervisor role (kiểm soát TTHC)
	// or the agency leader role (lãnh đạo cơ quan): they read the city's dashboard.
	Supervisor, Leader bool

	mu    sync.Mutex
	codes []string // dossiers in this official's inbox, for dossier pages
}

// Citizen is a portal account's session token (egov token create --citizen, --citizens) and what
// its list of dossiers held when the world was made.
type Citizen struct {
	Token string
	// Codes are the codes of the account's dossiers ("Hồ sơ của tôi"), newest first.
	Codes []string
}

// Reception is what a desk filled in: the procedure and the components handed in.
type Reception struct {
	ProcedureCode string
	Components    []string
}

// DefaultReception is a walk-in request for a certificate of marital status (Cấp Giấy xác nhận
// tình trạng hôn nhân, a ward-level procedure of the demo catalogue) with all its components.
var DefaultReception = Reception{ProcedureCode: "1.004873", Components: []string{"tp01", "tp02", "tp03"}}

// Acknowledged is a reception the server answered 201 to.
type Acknowledged struct {
	Code string
	URL  string // the server that answered
	Desk string // the desk's username
}

// World is what the requests draw on: the servers, the officials, the codes known to exist and
// the dossiers received during the run. It is safe for concurrent use.
type World struct {
	URLs      []string
	Officials []*Official
	// Citizens are the portal accounts (AddCitizens), for OpMine.
	Citizens  []*Citizen
	Reception Reception
	// Gets are extra authenticated GET operations by name (e.g. a dashboard endpoint), usable in
	// a mix under their name.
	Gets   map[string]string
	Client *http.Client
	// SpreadClients, above 0, makes the public requests (lookups and lookup pages, the ones the
	// server limits per client IP) appear to come from that many clients: each carries an
	// X-Forwarded-For naming one of SpreadClients addresses of 198.18.0.0/15 (RFC 2544's range for
	// benchmarks), the next one each request, in turn. The servers believe it only when they trust
	// this tool's address as a proxy (egov serve --trusted-proxies). At most MaxSpreadClients.
	SpreadClients int

	spread atomic.Uint64 // public requests sent, for the next spread client

	mu       sync.Mutex
	rnd      *rand.Rand
	codes    []string       // existing codes for public lookups
	received []Acknowledged // received in this run, not yet acted on
	acked    []Acknowledged // every acknowledged reception
}

// MaxConnsPerServer bounds the connections of the load client to one server (NewClient).
const MaxConnsPerServer = 64

// NewClient is an HTTP client for load: up to MaxConnsPerServer connections to each server, kept
// alive, as a reverse proxy keeps a pool of connections to the servers behind it; a request that
// finds them all busy waits for one (and the wait counts in its latency). Without the bound, a
// burst of requests opens hundreds of connections at once, and the servers, busy accepting them,
// fall behind for the rest of the run. A timeout per request, the wait for a connection included;
// a closed-model run with more workers than that per server is bounded by it.
func NewClient(timeout time.Duration) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = 4096
	tr.MaxIdleConnsPerHost = MaxConnsPerServer
	tr.MaxConnsPerHost = MaxConnsPerServer
	return &http.Client{Transport: tr, Timeout: timeout}
}

// NewWorld connects the officials' API tokens to their accounts (GET /api/v1/me on the first
// server) and collects the codes in the inbox of each official who works on dossiers. codes are
// further existing codes for public lookups (e.g. a sample of the database); the inbox codes are
// added to them.
func NewWorld(ctx context.Context, client *http.Client, urls, tokens, codes []string, seed uint64) (*World, error) {
	if len(urls) == 0 {
		return nil, errors.New("no server URL")
	}
	w := &World{URLs: urls, Client: client, Reception: DefaultReception, Gets: map[string]string{},
		rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), codes: append([]string(nil), codes...)}
	for i, u := range urls {
		w.URLs[i] = strings.TrimRight(u, "/")
	}
	for _, tok := range tokens {
		var me struct {
			Username string `json:"username"`
			Grants   []struct {
				Role string `json:"role"`
			} `json:"grants"`
		}
		if st, err := w.getJSON(ctx, w.URLs[0], "/api/v1/me", tok, &me); err != nil || st != http.StatusOK {
			return nil, fmt.Errorf("token %s…: GET /api/v1/me: status %d: %v", prefix(tok), st, err)
		}
		o := &Official{Token: tok, Username: me.Username}
		for _, g := range me.Grants {
			o.Roles = append(o.Roles, g.Role)
			switch g.Role {
			case "reception":
				o.Desk = true
			case "supervisor":
				o.Supervisor = true
			case "agency_leader":
				o.Leader = true
			}
			if g.Role != "supervisor" {
				o.Works = true
			}
		}
		o.Works = o.Works || !o.Supervisor
		w.Officials = append(w.Officials, o)
		if !o.Works {
			continue
		}
		var inbox struct {
			Items []struct {
				Code string `json:"code"`
			} `json:"items"`
		}
		if st, err := w.getJSON(ctx, w.URLs[0], "/api/v1/inbox?limit=200", tok, &inbox); err != nil || st != http.StatusOK {
			return nil, fmt.Errorf("%s: GET /api/v1/inbox: status %d: %v", o.Username, st, err)
		}
		for _, it := range inbox.Items {
			o.codes = append(o.codes, it.Code)
			w.codes = append(w.codes, it.Code)
		}
	}
	return w, nil
}

// AddCitizens adds portal accounts by their session tokens, reading each one's list of dossiers
// (GET /api/v1/portal/dossiers on the first server): a token that does not answer 200 fails.
func (w *World) AddCitizens(ctx context.Context, tokens []string) error {
	for _, tok := range tokens {
		var mine struct {
			Dossiers []struct {
				Code string `json:"code"`
			} `json:"dossiers"`
		}
		if st, err := w.getJSON(ctx, w.URLs[0], "/api/v1/portal/dossiers", tok, &mine); err != nil || st != http.StatusOK {
			return fmt.Errorf("phiên công dân %s…: GET /api/v1/portal/dossiers: mã %d / portal token %s…: status %d: %v", prefix(tok), st, prefix(tok), st, err)
		}
		c := &Citizen{Token: tok}
		for _, d := range mine.Dossiers {
			c.Codes = append(c.Codes, d.Code)
		}
		w.Citizens = append(w.Citizens, c)
	}
	return nil
}

func prefix(s string) string {
	if len(s) > 8 {
		return s[:8]
	}
	return s
}

// Desks are the officials who receive.
func (w *World) Desks() []*Official {
	return w.officials(func(o *Official) bool { return o.Desk })
}

// Workers are the officials who work on dossiers: they read their inbox and open dossiers.
func (w *World) Workers() []*Official {
	return w.officials(func(o *Official) bool { return o.Works })
}

// Leaders are the officials who read the city's dashboard: the supervisors, or when there is
// none the agency leaders.
func (w *World) Leaders() []*Official {
	if s := w.officials(func(o *Official) bool { return o.Supervisor }); len(s) > 0 {
		return s
	}
	return w.officials(func(o *Official) bool { return o.Leader })
}

func (w *World) officials(keep func(*Official) bool) []*Official {
	var out []*Official
	for _, o := range w.Officials {
		if keep(o) {
			out = append(out, o)
		}
	}
	return out
}

// Acked returns every reception acknowledged so far.
func (w *World) Acked() []Acknowledged {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Acknowledged(nil), w.acked...)
}

// Codes is how many existing codes public lookups draw from.
func (w *World) Codes() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.codes)
}

func (w *World) intn(n int) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.rnd.IntN(n)
}

func (w *World) pickCode() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.codes) == 0 {
		return ""
	}
	return w.codes[w.rnd.IntN(len(w.codes))]
}

func (w *World) pick(list []*Official) *Official {
	if len(list) == 0 {
		return nil
	}
	return list[w.intn(len(list))]
}

// Check tells whether the world has the tokens every operation of the mix needs (see op): an
// error names the first one missing.
func (w *World) Check(m Mix) error {
	for _, s := range m {
		if _, err := w.op(s.Op); err != nil {
			return err
		}
	}
	return nil
}

// errSkipped marks an operation that had nothing to work on (no code known yet, no received
// dossier to act on): counted apart, neither a success nor an error.
var errSkipped = errors.New("nothing to act on")

// MaxSpreadClients is the most clients World.SpreadClients may spread over: the addresses of
// 198.18.0.0/15 but its first and last.
const MaxSpreadClients = 1<<17 - 2

// forwardedFor is the X-Forwarded-For of the next public request: the next of the SpreadClients
// addresses 198.18.0.1, 198.18.0.2, …, in turn; "" when SpreadClients is 0.
func (w *World) forwardedFor() string {
	if w.SpreadClients <= 0 {
		return ""
	}
	k := uint32((w.spread.Add(1) - 1) % uint64(min(w.SpreadClients, MaxSpreadClients)))
	a := binary.BigEndian.AppendUint32(nil, 198<<24+18<<16+1+k)
	return netip.AddrFrom4([4]byte(a)).String()
}

// public sends an anonymous GET as one of the spread clients (see SpreadClients).
func (w *World) public(ctx context.Context, base, path string) (int, []byte, error) {
	return w.send(ctx, "GET", base, path, "", w.forwardedFor(), nil)
}

// do sends one request and reads the whole answer.
func (w *World) do(ctx context.Context, method, base, path, token string, body any) (int, []byte, error) {
	return w.send(ctx, method, base, path, token, "", body)
}

// send is do with an X-Forwarded-For header, unless forwardedFor is "".
func (w *World) send(ctx context.Context, method, base, path, token, forwardedFor string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	res, err := w.Client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

func (w *World) getJSON(ctx context.Context, base, path, token string, out any) (int, error) {
	st, b, err := w.do(ctx, "GET", base, path, token, nil)
	if err != nil || st != http.StatusOK {
		return st, err
	}
	return st, json.Unmarshal(b, out)
}

// An op is one kind of request. It returns the HTTP status (0 when none came back) and whether
// the request did what it should.
type op func(ctx context.Context, w *World, base string) (status int, err error)

// want turns a status into an error unless it is the expected one.
func want(st int, b []byte, err error, expected int) (int, error) {
	if err != nil {
		return st, err
	}
	if st != expected {
		msg := string(b)
		if len(msg) > 200 {
			msg = msg[:200]
		}
		return st, fmt.Errorf("status %d: %s", st, msg)
	}
	return st, nil
}

// Operation names usable in a mix.
const (
	OpLookup          = "lookup"     // GET /api/v1/public/dossiers/{code}: a citizen looks up a code (no token)
	OpPage            = "page"       // GET /tra-cuu/{code}: the public lookup page
	OpMine            = "mine"       // GET /api/v1/portal/dossiers: a citizen signed in to the portal lists their dossiers
	OpInbox           = "inbox"      // GET /api/v1/inbox: an official's work list
	OpDossier         = "dossier"    // GET /api/v1/dossiers/{code}: an official opens a dossier of their inbox
	OpReceive         = "receive"    // POST /api/v1/dossiers: a desk receives a walk-in dossier
	OpAct             = "act"        // POST /api/v1/dossiers/{code}/actions: the desk transfers a dossier it received in this run
	OpDashboard       = "dashboard"  // GET /api/v1/stats/indicators?period=YEAR: a leader reads the city's indicators of the current year
	OpPublicDashboard = "publicdash" // GET /cong-khai: the public dashboard page (the city, the current year; no token)
	OpBare            = "bare"       // GET of the bare handler (the limit for lookups)
)

// op returns the operation of that name. An operation that needs tokens the world lacks fails
// here, before any request is sent: mine needs portal accounts (AddCitizens), inbox and dossier an
// official who works on dossiers, receive and act a desk, dashboard a supervisor or an agency
// leader, a --get operation any official.
func (w *World) op(name string) (op, error) {
	need := func(o op, ok bool, vi, en string) (op, error) {
		if !ok {
			return nil, fmt.Errorf("thao tác %s cần %s / the %s operation needs %s", name, vi, name, en)
		}
		return o, nil
	}
	const officialTokens = " (--token-file, tạo bằng egov token create --user NAME)"
	const officialTokensEn = " (--token-file, made with egov token create --user NAME)"
	switch name {
	case OpLookup:
		return lookup, nil
	case OpPage:
		return page, nil
	case OpMine:
		return need(mine, len(w.Citizens) > 0, "mã phiên của tài khoản công dân (--citizen-token-file, tạo bằng egov token create --citizens K)",
			"portal accounts' tokens (--citizen-token-file, made with egov token create --citizens K)")
	case OpInbox, OpDossier:
		o := inbox
		if name == OpDossier {
			o = dossierPage
		}
		return need(o, len(w.Workers()) > 0, "mã truy cập của cán bộ xử lý hồ sơ"+officialTokens, "the token of an official who works on dossiers"+officialTokensEn)
	case OpReceive, OpAct:
		o := receive
		if name == OpAct {
			o = act
		}
		return need(o, len(w.Desks()) > 0, "mã truy cập của cán bộ tiếp nhận"+officialTokens, "the token of a desk official (reception role)"+officialTokensEn)
	case OpDashboard:
		return need(dashboard, len(w.Leaders()) > 0, "mã truy cập của cán bộ kiểm soát TTHC hoặc lãnh đạo, ví dụ giamsat"+officialTokens,
			"the token of a supervisor or an agency leader, e.g. giamsat"+officialTokensEn)
	case OpPublicDashboard:
		return publicDashboard, nil
	case OpBare:
		return bare, nil
	}
	if path, ok := w.Gets[name]; ok {
		if len(w.Officials) == 0 {
			return need(nil, false, "mã truy cập của một cán bộ"+officialTokens, "an official's token"+officialTokensEn)
		}
		return func(ctx context.Context, w *World, base string) (int, error) {
			o := w.pick(w.Officials)
			if o == nil {
				return 0, errSkipped
			}
			st, b, err := w.do(ctx, "GET", base, path, o.Token, nil)
			if err == nil && st >= 200 && st < 300 {
				return st, nil
			}
			return want(st, b, err, http.StatusOK)
		}, nil
	}
	return nil, fmt.Errorf("unknown operation %q (want lookup, page, mine, inbox, dossier, receive, act, dashboard, publicdash, or a name given with --get)", name)
}

func lookup(ctx context.Context, w *World, base string) (int, error) {
	code := w.pickCode()
	if code == "" {
		return 0, errSkipped
	}
	st, b, err := w.public(ctx, base, "/api/v1/public/dossiers/"+url.PathEscape(code))
	return want(st, b, err, http.StatusOK)
}

func page(ctx context.Context, w *World, base string) (int, error) {
	code := w.pickCode()
	if code == "" {
		return 0, errSkipped
	}
	st, b, err := w.public(ctx, base, "/tra-cuu/"+url.PathEscape(code))
	return want(st, b, err, http.StatusOK)
}

// mine lists a portal account's dossiers, as "Hồ sơ của tôi" does.
func mine(ctx context.Context, w *World, base string) (int, error) {
	if len(w.Citizens) == 0 {
		return 0, errSkipped
	}
	c := w.Citizens[w.intn(len(w.Citizens))]
	st, b, err := w.do(ctx, "GET", base, "/api/v1/portal/dossiers", c.Token, nil)
	return want(st, b, err, http.StatusOK)
}

// dashboard reads the city's indicators of the current year (in Vietnam) as a leader.
func dashboard(ctx context.Context, w *World, base string) (int, error) {
	o := w.pick(w.Leaders())
	if o == nil {
		return 0, errSkipped
	}
	st, b, err := w.do(ctx, "GET", base, "/api/v1/stats/indicators?period="+strconv.Itoa(time.Now().In(vietnam).Year()), o.Token, nil)
	return want(st, b, err, http.StatusOK)
}

// publicDashboard opens the public dashboard page, as one of the spread clients.
func publicDashboard(ctx context.Context, w *World, base string) (int, error) {
	st, b, err := w.public(ctx, base, "/cong-khai")
	return want(st, b, err, http.StatusOK)
}

var vietnam = time.FixedZone("ICT", 7*3600)

func inbox(ctx context.Context, w *World, base string) (int, error) {
	o := w.pick(w.Workers())
	if o == nil {
		return 0, errSkipped
	}
	st, b, err := w.do(ctx, "GET", base, "/api/v1/inbox?view=todo&limit=50", o.Token, nil)
	return want(st, b, err, http.StatusOK)
}

func dossierPage(ctx context.Context, w *World, base string) (int, error) {
	var with []*Official
	for _, o := range w.Workers() {
		o.mu.Lock()
		if len(o.codes) > 0 {
			with = append(with, o)
		}
		o.mu.Unlock()
	}
	o := w.pick(with)
	if o == nil {
		return 0, errSkipped
	}
	o.mu.Lock()
	code := o.codes[w.intn(len(o.codes))]
	o.mu.Unlock()
	st, b, err := w.do(ctx, "GET", base, "/api/v1/dossiers/"+url.PathEscape(code), o.Token, nil)
	return want(st, b, err, http.StatusOK)
}

// applicants are walk-in applicants; their ID numbers vary with each request.
var applicants = []struct{ name, address string }{
	{"Nguyễn Thị Hương", "12 Hàng Bạc, Phường Hoàn Kiếm"},
	{"Trần Văn Minh", "45 Phan Đình Phùng, Phường Ba Đình"},
	{"Lê Thị Thu Trang", "8 ngõ 36 Cầu Giấy, Phường Cầu Giấy"},
	{"Phạm Quốc Đạt", "Thôn Đông, Xã Sóc Sơn"},
	{"Vũ Ngọc Ánh", "102 Đội Cấn, Phường Ngọc Hà"},
}

func receive(ctx context.Context, w *World, base string) (int, error) {
	o := w.pick(w.Desks())
	if o == nil {
		return 0, errSkipped
	}
	a := applicants[w.intn(len(applicants))]
	// A personal ID number (số định danh cá nhân) is the province (001 Hà Nội), the century and
	// sex (0 or 1 for the 1900s), the year of birth's last two digits and six digits.
	yy := 50 + w.intn(50)
	body := map[string]any{"procedure_code": w.Reception.ProcedureCode, "components": w.Reception.Components,
		"applicant": map[string]any{"name": a.name, "id_number": fmt.Sprintf("001%d%02d%06d", w.intn(2), yy, w.intn(1000000)),
			"birth_date": fmt.Sprintf("19%02d-%02d-%02d", yy, 1+w.intn(12), 1+w.intn(28)),
			"address":    a.address, "phone": fmt.Sprintf("09%08d", w.intn(100000000))}}
	st, b, err := w.do(ctx, "POST", base, "/api/v1/dossiers", o.Token, body)
	if st, err := want(st, b, err, http.StatusCreated); err != nil {
		return st, err
	}
	var d struct {
		Code string `json:"code"`
	}
	if err := json.Unmarshal(b, &d); err != nil || d.Code == "" {
		return st, fmt.Errorf("201 without a code: %s", b)
	}
	ack := Acknowledged{Code: d.Code, URL: base, Desk: o.Username}
	w.mu.Lock()
	w.acked = append(w.acked, ack)
	w.received = append(w.received, ack)
	w.codes = append(w.codes, d.Code)
	w.mu.Unlock()
	o.mu.Lock()
	o.codes = append(o.codes, d.Code)
	o.mu.Unlock()
	return st, nil
}

// act hands a dossier received in this run on to processing (chuyển xử lý), as the desk that
// received it.
func act(ctx context.Context, w *World, base string) (int, error) {
	w.mu.Lock()
	if len(w.received) == 0 {
		w.mu.Unlock()
		return 0, errSkipped
	}
	ack := w.received[0]
	w.received = w.received[1:]
	w.mu.Unlock()
	var tok string
	for _, o := range w.Officials {
		if o.Username == ack.Desk {
			tok = o.Token
		}
	}
	st, b, err := w.do(ctx, "POST", base, "/api/v1/dossiers/"+url.PathEscape(ack.Code)+"/actions", tok, map[string]any{"action": "transfer"})
	return want(st, b, err, http.StatusOK)
}

func bare(ctx context.Context, w *World, base string) (int, error) {
	st, b, err := w.do(ctx, "GET", base, "/lookup", "", nil)
	return want(st, b, err, http.StatusOK)
}
