package web_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// provider is a real OpenID Connect provider (zitadel/oidc's op) running inside the test, with
// an in-memory storage written here: one client (egov), a few people, a login page. It is the
// identity provider at the edge of egov and speaks the real protocol: discovery, the
// authorization endpoint, its own login form, the token endpoint with PKCE, signed ID tokens,
// userinfo. Flags make it misbehave like a forged answer would.
type provider struct {
	srv    *httptest.Server
	issuer string
	store  *opStore
}

// providerUser is a person known to the provider.
type providerUser struct {
	Subject, Password string
	Name, Email       string
	Phone             string
	PersonalID        string
	BirthDate         string
}

const (
	providerClientID     = "egov-portal"
	providerClientSecret = "bi-mat-cua-egov"
)

func newProvider(t *testing.T, users ...providerUser) *provider {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	issuer := "http://" + ln.Addr().String()
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	foreign, _ := rsa.GenerateKey(rand.Reader, 2048)
	st := &opStore{key: key, foreign: foreign, users: map[string]providerUser{}, reqs: map[string]*opRequest{}, codes: map[string]string{}, tokens: map[string]*opToken{},
		client: &opClient{}}
	for _, u := range users {
		st.users[u.Subject] = u
	}
	var crypto [32]byte
	rand.Read(crypto[:])
	p, err := op.NewProvider(&op.Config{CryptoKey: crypto, CodeMethodS256: true, SupportedScopes: []string{"openid", "profile", "email", "phone"}}, st, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/login", st.login(issuer))
	mux.Handle("/", p)
	srv := httptest.NewUnstartedServer(mux)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return &provider{srv: srv, issuer: issuer, store: st}
}

// opStore is the provider's storage.
type opStore struct {
	mu      sync.Mutex
	key     *rsa.PrivateKey
	foreign *rsa.PrivateKey // signs the ID token when signWithForeign is set: a forged token
	users   map[string]providerUser
	reqs    map[string]*opRequest
	codes   map[string]string // code → request ID
	tokens  map[string]*opToken
	client  *opClient
	// Misbehaviour for the refusal tests.
	tamperNonce      bool
	signWithForeign  bool
	authRequestCount int
}

func (s *opStore) set(f func(s *opStore)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

// login is the provider's own sign-in page: a form, then back to the authorization callback.
func (s *opStore) login(issuer string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.FormValue("authRequestID")
		if r.Method == http.MethodGet {
			fmt.Fprintf(w, `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Nhà cung cấp định danh</title></head><body>
<h1>Đăng nhập định danh điện tử</h1><form method="post" action="/login"><input type="hidden" name="authRequestID" value="%s">
<label for="username">Tài khoản</label><input id="username" name="username"><label for="password">Mật khẩu</label>
<input id="password" name="password" type="password"><button id="submit" type="submit">Đăng nhập</button></form></body></html>`, html.EscapeString(id))
			return
		}
		s.mu.Lock()
		u, ok := s.users[r.FormValue("username")]
		req := s.reqs[id]
		if ok && u.Password == r.FormValue("password") && req != nil {
			req.subject, req.done, req.authTime = u.Subject, true, time.Now()
		}
		s.mu.Unlock()
		if !ok || req == nil || !req.done {
			http.Error(w, "sai tài khoản hoặc mật khẩu", http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, issuer+"/authorize/callback?id="+id, http.StatusFound)
	}
}

type opRequest struct {
	id        string
	req       *oidc.AuthRequest
	subject   string
	done      bool
	authTime  time.Time
	store     *opStore
	challenge *oidc.CodeChallenge
}

func (r *opRequest) GetID() string                         { return r.id }
func (r *opRequest) GetACR() string                        { return "" }
func (r *opRequest) GetAMR() []string                      { return []string{"pwd"} }
func (r *opRequest) GetAudience() []string                 { return []string{r.req.ClientID} }
func (r *opRequest) GetAuthTime() time.Time                { return r.authTime }
func (r *opRequest) GetClientID() string                   { return r.req.ClientID }
func (r *opRequest) GetCodeChallenge() *oidc.CodeChallenge { return r.challenge }
func (r *opRequest) GetNonce() string {
	r.store.mu.Lock()
	defer r.store.mu.Unlock()
	if r.store.tamperNonce {
		return "not-the-nonce-egov-sent"
	}
	return r.req.Nonce
}
func (r *opRequest) GetRedirectURI() string             { return r.req.RedirectURI }
func (r *opRequest) GetResponseType() oidc.ResponseType { return r.req.ResponseType }
func (r *opRequest) GetResponseMode() oidc.ResponseMode { return r.req.ResponseMode }
func (r *opRequest) GetScopes() []string                { return r.req.Scopes }
func (r *opRequest) GetState() string                   { return r.req.State }
func (r *opRequest) GetSubject() string                 { return r.subject }
func (r *opRequest) Done() bool                         { return r.done }

type opToken struct {
	subject string
	scopes  []string
	expires time.Time
}

func randomID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return fmt.Sprintf("%x", b)
}

func (s *opStore) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &opRequest{id: randomID(), req: req, store: s}
	if req.CodeChallenge != "" {
		r.challenge = &oidc.CodeChallenge{Challenge: req.CodeChallenge, Method: req.CodeChallengeMethod}
	}
	s.reqs[r.id] = r
	s.authRequestCount++
	return r, nil
}

func (s *opStore) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.reqs[id]; ok {
		return r, nil
	}
	return nil, errors.New("no such request")
}

func (s *opStore) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	id, ok := s.codes[code]
	s.mu.Unlock()
	if !ok {
		return nil, errors.New("no such code")
	}
	return s.AuthRequestByID(ctx, id)
}

func (s *opStore) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = id
	return nil
}

func (s *opStore) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.reqs, id)
	for c, rid := range s.codes {
		if rid == id {
			delete(s.codes, c)
		}
	}
	return nil
}

func (s *opStore) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, exp := randomID(), time.Now().Add(5*time.Minute)
	s.tokens[id] = &opToken{subject: req.GetSubject(), scopes: req.GetScopes(), expires: exp}
	return id, exp, nil
}

func (s *opStore) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("no refresh tokens")
}

func (s *opStore) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}
func (s *opStore) TerminateSession(context.Context, string, string) error          { return nil }
func (s *opStore) RevokeToken(context.Context, string, string, string) *oidc.Error { return nil }
func (s *opStore) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

type opKey struct{ key any }

func (k opKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k opKey) Algorithm() jose.SignatureAlgorithm          { return jose.RS256 }
func (k opKey) Key() any                                    { return k.key }
func (k opKey) ID() string                                  { return "key-1" }
func (k opKey) Use() string                                 { return "sig" }

func (s *opStore) SigningKey(context.Context) (op.SigningKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.signWithForeign {
		return opKey{key: s.foreign}, nil
	}
	return opKey{key: s.key}, nil
}

func (s *opStore) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *opStore) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{opKey{key: &s.key.PublicKey}}, nil
}

func (s *opStore) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	if id != providerClientID {
		return nil, errors.New("unknown client")
	}
	return s.client, nil
}

func (s *opStore) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if id != providerClientID || secret != providerClientSecret {
		return errors.New("wrong client secret")
	}
	return nil
}

func (s *opStore) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

func (s *opStore) SetUserinfoFromRequest(_ context.Context, ui *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	return s.userinfo(ui, req.GetSubject(), scopes)
}

func (s *opStore) SetUserinfoFromToken(_ context.Context, ui *oidc.UserInfo, tokenID, _, _ string) error {
	s.mu.Lock()
	t, ok := s.tokens[tokenID]
	s.mu.Unlock()
	if !ok || time.Now().After(t.expires) {
		return errors.New("token expired")
	}
	return s.userinfo(ui, t.subject, t.scopes)
}

func (s *opStore) userinfo(ui *oidc.UserInfo, subject string, scopes []string) error {
	s.mu.Lock()
	u, ok := s.users[subject]
	s.mu.Unlock()
	if !ok {
		return errors.New("unknown user")
	}
	for _, sc := range scopes {
		switch sc {
		case oidc.ScopeOpenID:
			ui.Subject = u.Subject
		case oidc.ScopeProfile:
			ui.Name = u.Name
			ui.Birthdate = u.BirthDate
			if u.PersonalID != "" {
				ui.AppendClaims("personal_id", u.PersonalID)
			}
		case oidc.ScopeEmail:
			ui.Email, ui.EmailVerified = u.Email, oidc.Bool(u.Email != "")
		case oidc.ScopePhone:
			ui.PhoneNumber, ui.PhoneNumberVerified = u.Phone, u.Phone != ""
		}
	}
	return nil
}

func (s *opStore) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return nil
}
func (s *opStore) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}
func (s *opStore) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("no jwt profile")
}
func (s *opStore) ValidateJWTProfileScopes(_ context.Context, _ string, scopes []string) ([]string, error) {
	return scopes, nil
}
func (s *opStore) Health(context.Context) error { return nil }

// opClient is egov registered at the provider.
type opClient struct {
	mu       sync.Mutex
	redirect string
}

func (c *opClient) setRedirect(u string) { c.mu.Lock(); c.redirect = u; c.mu.Unlock() }
func (c *opClient) GetID() string        { return providerClientID }
func (c *opClient) RedirectURIs() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return []string{c.redirect}
}
func (c *opClient) PostLogoutRedirectURIs() []string    { return nil }
func (c *opClient) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c *opClient) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodBasic }
func (c *opClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *opClient) GrantTypes() []oidc.GrantType         { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c *opClient) LoginURL(id string) string            { return "/login?authRequestID=" + id }
func (c *opClient) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c *opClient) IDTokenLifetime() time.Duration       { return 5 * time.Minute }
func (c *opClient) DevMode() bool                        { return true } // http redirect URIs on 127.0.0.1
func (c *opClient) IsScopeAllowed(string) bool           { return true }
func (c *opClient) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c *opClient) ClockSkew() time.Duration             { return 0 }
func (c *opClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *opClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
