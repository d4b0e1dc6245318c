// Package oidcclient signs portal users in through an OpenID Connect provider (for instance
// VNeID): the authorization code flow with PKCE (S256), a random state and nonce per attempt,
// the ID token's signature, issuer, audience, expiry and nonce checked by coreos/go-oidc, and the
// claims read from the ID token and the userinfo endpoint. It knows nothing of storage; the web
// layer keeps a Flow in a short-lived cookie between Begin and Finish.
package oidcclient

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/egov-vn/egov/internal/errs"
)

// Config names the provider and this installation's registration with it.
type Config struct {
	Issuer       string // the issuer URL; discovery is at Issuer + "/.well-known/openid-configuration"
	ClientID     string
	ClientSecret string
	// Name is shown on the sign-in button, e.g. "VNeID".
	Name string
	// IDClaim is the claim that carries the personal identification number, if the provider
	// gives one; "" for "personal_id".
	IDClaim string
}

// Client is a configured provider. Discovery happens on first use and is retried after a
// failure, so that egov starts while the provider is unreachable.
type Client struct {
	cfg      Config
	mu       sync.Mutex
	provider *oidc.Provider
}

// New returns a client for cfg.
func New(cfg Config) *Client {
	if cfg.IDClaim == "" {
		cfg.IDClaim = "personal_id"
	}
	if cfg.Name == "" {
		cfg.Name = "OpenID Connect"
	}
	return &Client{cfg: cfg}
}

// Name is the provider's name for the sign-in button.
func (c *Client) Name() string { return c.cfg.Name }

// Issuer is the provider's issuer URL.
func (c *Client) Issuer() string { return c.cfg.Issuer }

func (c *Client) discover(ctx context.Context) (*oidc.Provider, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.provider != nil {
		return c.provider, nil
	}
	p, err := oidc.NewProvider(ctx, c.cfg.Issuer)
	if err != nil {
		return nil, errs.Wrap(err, "oidc discovery")
	}
	c.provider = p
	return p, nil
}

func (c *Client) oauth(p *oidc.Provider, redirectURL string) *oauth2.Config {
	return &oauth2.Config{ClientID: c.cfg.ClientID, ClientSecret: c.cfg.ClientSecret, Endpoint: p.Endpoint(), RedirectURL: redirectURL,
		Scopes: []string{oidc.ScopeOpenID, "profile", "email", "phone"}}
}

// Flow is one sign-in attempt: what the browser keeps between Begin and Finish.
type Flow struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"x,omitempty"`
}

// Encode writes the flow for a cookie.
func (f Flow) Encode() string {
	b, _ := json.Marshal(f)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeFlow reads a flow written by Encode.
func DecodeFlow(s string) (Flow, bool) {
	var f Flow
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, &f) != nil || f.State == "" || f.Nonce == "" || f.Verifier == "" {
		return Flow{}, false
	}
	return f, true
}

func random() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Begin starts an attempt: it returns the provider's authorization URL to send the browser to,
// and the flow to keep. redirectURL is this site's callback address.
func (c *Client) Begin(ctx context.Context, redirectURL string) (string, Flow, error) {
	p, err := c.discover(ctx)
	if err != nil {
		return "", Flow{}, err
	}
	f := Flow{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier()}
	u := c.oauth(p, redirectURL).AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier))
	return u, f, nil
}

// Claims are what the provider says about the person, after every check.
type Claims struct {
	Issuer, Subject string
	Name            string
	Email           string
	EmailVerified   bool
	Phone           string
	PhoneVerified   bool
	PersonalID      string
	BirthDate       string
}

// Refusal codes: the sign-in is refused and nothing is changed.
var (
	ErrState    = errs.New(errs.Unauthorized, "oidc_state_mismatch", "Phiên đăng nhập qua nhà cung cấp định danh không hợp lệ hoặc đã hết hạn. Vui lòng thử lại.", "The sign-in attempt is not valid or has expired. Try again.")
	ErrDenied   = errs.New(errs.Unauthorized, "oidc_denied", "Nhà cung cấp định danh không cho phép đăng nhập.", "The identity provider refused the sign-in.")
	ErrToken    = errs.New(errs.Unauthorized, "oidc_invalid_token", "Không xác thực được thông tin từ nhà cung cấp định danh. Vui lòng thử lại.", "The identity provider's answer could not be verified. Try again.")
	ErrNonce    = errs.New(errs.Unauthorized, "oidc_nonce_mismatch", "Thông tin từ nhà cung cấp định danh không khớp với lần đăng nhập này. Vui lòng thử lại.", "The identity provider's answer does not belong to this sign-in attempt. Try again.")
	ErrExchange = errs.New(errs.Unauthorized, "oidc_exchange_failed", "Không hoàn tất được đăng nhập với nhà cung cấp định danh. Vui lòng thử lại.", "The sign-in could not be completed with the identity provider. Try again.")
)

// Finish completes an attempt from the callback's query: the state must be the flow's, the code
// is exchanged with the PKCE verifier, and the ID token must be valid and carry the flow's nonce.
// providerError is the callback's "error" parameter, if any.
func (c *Client) Finish(ctx context.Context, f Flow, redirectURL, state, code, providerError string) (*Claims, error) {
	if state == "" || f.State == "" || state != f.State {
		return nil, ErrState
	}
	if providerError != "" {
		return nil, ErrDenied
	}
	if code == "" {
		return nil, ErrExchange
	}
	p, err := c.discover(ctx)
	if err != nil {
		return nil, err
	}
	oc := c.oauth(p, redirectURL)
	tok, err := oc.Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return nil, errs.Wrap(fmt.Errorf("%w: %v", ErrExchange, err), "oidc exchange")
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, ErrToken
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: c.cfg.ClientID}).Verify(ctx, raw)
	if err != nil {
		return nil, ErrToken
	}
	if idt.Nonce != f.Nonce {
		return nil, ErrNonce
	}
	all := map[string]any{}
	if err := idt.Claims(&all); err != nil {
		return nil, ErrToken
	}
	// The userinfo endpoint may add claims the ID token leaves out; its subject must agree.
	if ui, err := p.UserInfo(ctx, oc.TokenSource(ctx, tok)); err == nil && ui.Subject == idt.Subject {
		extra := map[string]any{}
		if ui.Claims(&extra) == nil {
			for k, v := range extra {
				if _, ok := all[k]; !ok {
					all[k] = v
				}
			}
		}
	}
	str := func(k string) string { s, _ := all[k].(string); return strings.TrimSpace(s) }
	boolean := func(k string) bool {
		switch v := all[k].(type) {
		case bool:
			return v
		case string:
			return v == "true"
		}
		return false
	}
	return &Claims{Issuer: idt.Issuer, Subject: idt.Subject, Name: str("name"), Email: str("email"), EmailVerified: boolean("email_verified"),
		Phone: str("phone_number"), PhoneVerified: boolean("phone_number_verified"), PersonalID: str(c.cfg.IDClaim), BirthDate: str("birthdate")}, nil
}
