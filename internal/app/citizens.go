package app

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/auth"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/ident"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// Portal accounts (tài khoản công dân, doanh nghiệp): registration with a code sent to the email
// or phone, sign-in with a password or through an identity provider, sessions the holder lists and
// ends, and the profile. A citizen acts through a context made by WithCitizen; such a context
// carries no official, so no official's operation accepts it, and an official's context is refused
// by every operation here.

// CitizenAuth is a signed-in portal account.
type CitizenAuth struct {
	Account *citizen.Account
	Session *store.CitizenSession
}

type citizenKey struct{}

// WithCitizen returns ctx carrying the signed-in portal account, and no official.
func WithCitizen(ctx context.Context, c *CitizenAuth) context.Context {
	ctx = context.WithValue(ctx, actorKey, (*org.Actor)(nil))
	return context.WithValue(ctx, citizenKey{}, c)
}

// CitizenFrom returns the portal account in ctx, or nil.
func CitizenFrom(ctx context.Context) *CitizenAuth {
	c, _ := ctx.Value(citizenKey{}).(*CitizenAuth)
	return c
}

// citizenOf returns the signed-in portal account, or Unauthorized.
func citizenOf(ctx context.Context) (*CitizenAuth, error) {
	if ActorFrom(ctx) != nil {
		return nil, errs.ErrUnauthorized
	}
	c := CitizenFrom(ctx)
	if c == nil || c.Account == nil {
		return nil, errs.ErrUnauthorized
	}
	return c, nil
}

// citizenActor is how a portal account appears in the audit log and on a dossier's timeline.
func citizenActor(a *citizen.Account) *org.Actor {
	return &org.Actor{Username: "citizen:" + strconv.FormatInt(a.ID, 10), FullName: a.FullName}
}

// auditActor is who the audit records of a write name: the official or system, else the
// portal account.
func auditActor(ctx context.Context) *org.Actor {
	if a := ActorFrom(ctx); a != nil {
		return a
	}
	if c := CitizenFrom(ctx); c != nil && c.Account != nil {
		return citizenActor(c.Account)
	}
	return nil
}

// RegistrationTTL is how long a registration code is valid; MaxCodeAttempts how many wrong codes
// a registration takes before it is void.
const (
	RegistrationTTL = 15 * time.Minute
	MaxCodeAttempts = 5
)

// RegistrationInput is what a person or a business gives to register.
type RegistrationInput struct {
	Kind     citizen.Kind
	FullName string
	Contact  string // email or mobile number
	Password string
}

// Register starts a registration: it checks the input, and sends a six-digit code to the email or
// phone. It returns the registration token (kept by the browser) and the normalised contact. The
// answer and the work done are the same whether or not the contact already has an account: in
// that case the message sent says so instead of carrying a code, and the registration can never
// be completed. The message goes through the CodeSender (SetCodeSender) before Register returns,
// for at most CodeSendTimeout; a failure to send is logged and changes neither the answer nor the
// registration. Errors: Invalid (invalid_account_kind, invalid_name, invalid_contact,
// weak_password).
func (s *Service) Register(ctx context.Context, in RegistrationInput) (token, contact string, err error) {
	if !in.Kind.Valid() {
		return "", "", errs.Invalidf("kind", "invalid_account_kind", "Hãy chọn loại tài khoản: công dân hoặc doanh nghiệp.", "Choose the account kind: person or business.")
	}
	name, err := citizen.CheckName(in.FullName)
	if err != nil {
		return "", "", err
	}
	email, phone, err := citizen.ParseContact(in.Contact)
	if err != nil {
		return "", "", err
	}
	if err := citizen.CheckPassword(in.Password, email, phone); err != nil {
		return "", "", err
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return "", "", errs.Wrap(err, "hash password")
	}
	code, err := sixDigits()
	if err != nil {
		return "", "", errs.Wrap(err, "code")
	}
	tok, tokHash, err := auth.NewToken("egr_")
	if err != nil {
		return "", "", errs.Wrap(err, "token")
	}
	now := s.clock.Now()
	var taken bool
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.PurgeRegistrations(ctx, now); err != nil {
			return err
		}
		if taken, err = tx.ContactTaken(ctx, email, phone); err != nil {
			return err
		}
		return tx.InsertRegistration(ctx, &store.Registration{Kind: in.Kind, FullName: name, Email: email, Phone: phone, PasswordHash: hash,
			CodeHash: auth.HashToken(tok + code), Taken: taken, CreatedAt: now, ExpiresAt: now.Add(RegistrationTTL)}, tokHash)
	})
	if err != nil {
		return "", "", err
	}
	if taken {
		code = ""
	}
	s.sendCode(ctx, registrationMessage(email, phone, code, now))
	return tok, email + phone, nil
}

func sixDigits() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

var errBadCode = errs.Invalidf("code", "invalid_code", "Mã xác minh không đúng hoặc đã hết hạn. Hãy kiểm tra lại, hoặc đăng ký lại để nhận mã mới.",
	"The code is wrong or expired. Check it, or register again for a new code.")

// VerifyRegistration completes a registration with the code sent: the account is created and a
// session opened (its token returned, to be set as a cookie). A wrong code counts against the
// registration, which is void after MaxCodeAttempts. Errors: Invalid (invalid_code), Conflict
// (contact_taken, when someone else registered the contact meanwhile).
func (s *Service) VerifyRegistration(ctx context.Context, regToken, code, ip, userAgent string) (string, *CitizenAuth, error) {
	code = strings.TrimSpace(code)
	now := s.clock.Now()
	var token string
	var out *CitizenAuth
	var codeErr error
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		codeErr = nil
		reg, err := tx.RegistrationByToken(ctx, auth.HashToken(regToken))
		if errs.KindOf(err) == errs.NotFound || !strings.HasPrefix(regToken, "egr_") {
			codeErr = errBadCode
			return nil
		}
		if err != nil {
			return err
		}
		if !reg.DoneAt.IsZero() || now.After(reg.ExpiresAt) || reg.Attempts >= MaxCodeAttempts {
			codeErr = errBadCode
			return nil
		}
		ok := subtle.ConstantTimeCompare([]byte(auth.HashToken(regToken+code)), []byte(reg.CodeHash)) == 1
		if !ok || reg.Taken || len(code) != 6 {
			reg.Attempts++
			codeErr = errBadCode
			return tx.UpdateRegistration(ctx, reg)
		}
		reg.DoneAt = now
		if err := tx.UpdateRegistration(ctx, reg); err != nil {
			return err
		}
		acc := &citizen.Account{Kind: reg.Kind, FullName: reg.FullName, Email: reg.Email, Phone: reg.Phone}
		if err := tx.InsertCitizen(ctx, acc, reg.PasswordHash, now); err != nil {
			return err
		}
		token, out, err = s.openCitizenSession(ctx, tx, acc, "password", ip, userAgent)
		if err != nil {
			return err
		}
		return s.appendCitizenAudit(ctx, tx, acc, "citizen.register", acc.ID, nil,
			map[string]any{"kind": acc.Kind, "contact": acc.Contact(), "session": out.Session.ID})
	})
	if err != nil {
		return "", nil, err
	}
	if codeErr != nil {
		return "", nil, codeErr
	}
	return token, out, nil
}

// appendCitizenAudit writes one audit record in tx on behalf of the account.
func (s *Service) appendCitizenAudit(ctx context.Context, tx *store.Tx, acc *citizen.Account, action string, objectID int64, before, after any) error {
	a := citizenActor(acc)
	return s.appendAudit(ctx, tx, a, []change{{Action: action, ObjectType: "citizen", ObjectID: objectID, Before: before, After: after}})
}

func (s *Service) openCitizenSession(ctx context.Context, tx *store.Tx, acc *citizen.Account, method, ip, userAgent string) (string, *CitizenAuth, error) {
	now := s.clock.Now()
	tok, hash, err := auth.NewToken("egc_")
	if err != nil {
		return "", nil, errs.Wrap(err, "token")
	}
	sess := &store.CitizenSession{CitizenID: acc.ID, Method: method, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(SessionIdle),
		IP: ip, UserAgent: truncate(userAgent, 300)}
	if err := tx.InsertCitizenSession(ctx, sess, hash); err != nil {
		return "", nil, err
	}
	return tok, &CitizenAuth{Account: acc, Session: sess}, nil
}

var errBadCitizenCredentials = errs.New(errs.Unauthorized, "invalid_credentials", "Email/số điện thoại hoặc mật khẩu không đúng.",
	"Wrong email/phone number or password.")

// SignInCitizen checks an email or phone and a password and opens a portal session. An unknown
// contact, a wrong password, an account without a password and a disabled account all give the
// same invalid_credentials after the same work; failures lock the contact for a while (the
// officials' lockout rule), known or not. Errors: Invalid (invalid_contact), Unauthorized
// (invalid_credentials), TooMany (login_locked).
func (s *Service) SignInCitizen(ctx context.Context, contact, password, ip, userAgent string) (string, *CitizenAuth, error) {
	email, phone, err := citizen.ParseContact(contact)
	if err != nil {
		return "", nil, err
	}
	var token string
	var out *CitizenAuth
	err = s.throttled(ctx, "citizen:"+email+phone, func(tx *store.Tx) ([]change, error) {
		acc, hash, err := tx.CitizenByContact(ctx, email, phone)
		if errs.KindOf(err) == errs.NotFound {
			auth.BurnPasswordCheck(password)
			return nil, errBadCitizenCredentials
		}
		if err != nil {
			return nil, err
		}
		if hash == "" {
			auth.BurnPasswordCheck(password)
			return nil, errBadCitizenCredentials
		}
		if !auth.CheckPassword(hash, password) || acc.Disabled {
			return []change{{Action: "citizen.login_failed", ObjectType: "citizen", ObjectID: acc.ID}}, errBadCitizenCredentials
		}
		token, out, err = s.openCitizenSession(ctx, tx, acc, "password", ip, userAgent)
		if err != nil {
			return nil, err
		}
		return []change{{Action: "citizen.login", ObjectType: "citizen_session", ObjectID: out.Session.ID,
			After: map[string]any{"citizen": acc.ID, "ip": ip, "method": "password"}}}, nil
	})
	if err != nil {
		return "", nil, err
	}
	return token, out, nil
}

// AuthenticateCitizen returns who holds a portal session token. Officials' session tokens,
// expired, revoked and unknown tokens, and disabled accounts give Unauthorized.
func (s *Service) AuthenticateCitizen(ctx context.Context, token string) (*CitizenAuth, error) {
	if !strings.HasPrefix(token, "egc_") {
		return nil, errs.ErrUnauthorized
	}
	now := s.clock.Now()
	var out *CitizenAuth
	// No transaction around the two reads (see AuthenticateToken).
	err := s.db.ReadEach(ctx, func(tx *store.Tx) error {
		sess, err := tx.CitizenSessionByToken(ctx, auth.HashToken(token))
		if err != nil {
			return err
		}
		if !sess.Active(now) {
			return errs.ErrUnauthorized
		}
		acc, err := tx.Citizen(ctx, sess.CitizenID)
		if err != nil {
			return err
		}
		if acc.Disabled {
			return errs.ErrUnauthorized
		}
		out = &CitizenAuth{Account: acc, Session: sess}
		return nil
	})
	if errs.KindOf(err) == errs.NotFound {
		return nil, errs.ErrUnauthorized
	}
	if err != nil {
		return nil, err
	}
	if now.Sub(out.Session.LastSeenAt) > time.Minute {
		exp := sessionExpiry(now, out.Session.CreatedAt)
		if err := s.db.Write(ctx, func(tx *store.Tx) error { return tx.TouchCitizenSession(ctx, out.Session.ID, now, exp) }); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SignOutCitizen ends the signed-in account's current session.
func (s *Service) SignOutCitizen(ctx context.Context) error {
	c, err := citizenOf(ctx)
	if err != nil || c.Session == nil {
		return err
	}
	return s.RevokeCitizenSession(ctx, c.Session.ID)
}

// CitizenSessions lists the signed-in account's open sessions.
func (s *Service) CitizenSessions(ctx context.Context) ([]*store.CitizenSession, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	var out []*store.CitizenSession
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.CitizenSessions(ctx, c.Account.ID, s.clock.Now())
		return err
	})
	return out, err
}

// RevokeCitizenSession ends one of the signed-in account's sessions. Another account's session
// is reported as not found. Errors: NotFound (session_not_found), Unauthorized.
func (s *Service) RevokeCitizenSession(ctx context.Context, sessionID int64) error {
	c, err := citizenOf(ctx)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		ok, err := tx.RevokeCitizenSession(ctx, c.Account.ID, sessionID, s.clock.Now())
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errs.New(errs.NotFound, "session_not_found", "Không tìm thấy phiên đăng nhập.", "Session not found.")
		}
		action := "citizen.session_revoke"
		if c.Session != nil && c.Session.ID == sessionID {
			action = "citizen.logout"
		}
		return []change{{Action: action, ObjectType: "citizen_session", ObjectID: sessionID}}, nil
	})
}

// CitizenProfile is the signed-in account as its pages show it.
type CitizenProfile struct {
	*citizen.Account
	// Addresses are the current address (first, with no end date) and the older ones.
	Addresses []*citizen.Address
}

// Current returns the current address, or nil.
func (p *CitizenProfile) Current() *citizen.Address {
	if len(p.Addresses) > 0 && p.Addresses[0].ValidTo.IsZero() {
		return p.Addresses[0]
	}
	return nil
}

// MyProfile returns the signed-in account with its addresses. Errors: Unauthorized.
func (s *Service) MyProfile(ctx context.Context) (*CitizenProfile, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	out := &CitizenProfile{}
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		if out.Account, err = tx.Citizen(ctx, c.Account.ID); err != nil {
			return err
		}
		out.Addresses, err = tx.CitizenAddresses(ctx, c.Account.ID)
		return err
	})
	return out, err
}

type profileView struct {
	FullName       string `json:"full_name"`
	PersonalID     string `json:"personal_id,omitempty"`
	BirthDate      string `json:"birth_date,omitempty"`
	TaxCode        string `json:"tax_code,omitempty"`
	Representative string `json:"representative,omitempty"`
}

func viewProfile(a *citizen.Account) profileView {
	v := profileView{FullName: a.FullName, PersonalID: a.PersonalID, TaxCode: a.TaxCode, Representative: a.Representative}
	if !a.BirthDate.IsZero() {
		v.BirthDate = a.BirthDate.Format(time.DateOnly)
	}
	return v
}

// UpdateMyProfile saves the signed-in account's name, personal ID and birth date, and for a
// business its tax code and legal representative, all validated (domain-vn §12). The change is
// audited with the values before and after. Errors: Invalid (see citizen.CheckProfile),
// Unauthorized.
func (s *Service) UpdateMyProfile(ctx context.Context, p citizen.Profile) (*citizen.Account, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	birth, err := citizen.CheckProfile(c.Account.Kind, &p, now)
	if err != nil {
		return nil, err
	}
	var out *citizen.Account
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		acc, err := tx.Citizen(ctx, c.Account.ID)
		if err != nil {
			return nil, err
		}
		before := viewProfile(acc)
		acc.FullName, acc.PersonalID, acc.BirthDate, acc.TaxCode, acc.Representative = p.FullName, p.PersonalID, birth, p.TaxCode, p.Representative
		after := viewProfile(acc)
		if before == after {
			out = acc
			return nil, nil
		}
		if err := tx.UpdateCitizenProfile(ctx, acc, now); err != nil {
			return nil, err
		}
		out = acc
		return []change{{Action: "citizen.profile", ObjectType: "citizen", ObjectID: acc.ID, Before: before, After: after}}, nil
	})
	return out, err
}

// AddressUnits lists the communes and wards valid today: the units an address may name.
func (s *Service) AddressUnits(ctx context.Context) ([]*org.Unit, error) {
	var out []*org.Unit
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.Units(ctx, store.UnitFilter{On: org.DateOf(s.clock.Now().In(vietnam)), Kinds: []org.Kind{org.KindCommune}, Limit: 5000})
		return err
	})
	return out, err
}

// SetMyAddress makes a new current address for the signed-in account: a commune or ward valid
// today, and the house number and street. The previous address is kept, ending today. Audited.
// Errors: Invalid (unit_required, invalid_address_unit, invalid_address), Unauthorized.
func (s *Service) SetMyAddress(ctx context.Context, unitID int64, detail string) (*citizen.Address, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	if unitID == 0 {
		return nil, errs.Invalidf("unit_id", "unit_required", "Hãy chọn phường, xã nơi bạn ở.", "Choose your commune or ward.")
	}
	detail, err = citizen.CheckAddressDetail(detail)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	today := org.DateOf(now.In(vietnam))
	var out *citizen.Address
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		u, err := tx.Unit(ctx, unitID)
		if errs.KindOf(err) == errs.NotFound || (err == nil && (u.Kind != org.KindCommune || !u.ValidOn(today))) {
			return nil, errs.Invalidf("unit_id", "invalid_address_unit", "Phường, xã đã chọn không có hoặc không còn hoạt động: hãy chọn trong danh sách.",
				"That commune or ward does not exist or is no longer in force: choose one from the list.")
		}
		if err != nil {
			return nil, err
		}
		old, err := tx.CitizenAddresses(ctx, c.Account.ID)
		if err != nil {
			return nil, err
		}
		var before any
		if len(old) > 0 && old[0].ValidTo.IsZero() {
			before = map[string]any{"unit_id": old[0].UnitID, "detail": old[0].Detail, "valid_from": old[0].ValidFrom.String()}
			if old[0].UnitID == unitID && old[0].Detail == detail {
				out = old[0]
				return nil, nil
			}
		}
		a := &citizen.Address{UnitID: u.ID, UnitName: u.Name, Detail: detail}
		if err := tx.SetCitizenAddress(ctx, c.Account.ID, a, today, now); err != nil {
			return nil, err
		}
		out = a
		return []change{{Action: "citizen.address", ObjectType: "citizen", ObjectID: c.Account.ID, Before: before,
			After: map[string]any{"unit_id": u.ID, "unit": u.Name, "detail": detail, "valid_from": today.String()}}}, nil
	})
	return out, err
}

// OIDCClaims is what an identity provider says about the person signing in, after the ID
// token's signature, issuer, audience, expiry and nonce were checked.
type OIDCClaims struct {
	Issuer, Subject string
	Name            string
	Email           string
	EmailVerified   bool
	Phone           string
	PhoneVerified   bool
	PersonalID      string // the provider's personal ID claim, if any
	BirthDate       string // YYYY-MM-DD, if given
}

// SignInWithOIDC signs in the account linked to the provider's (issuer, subject), creating it
// from the claims on the first sign-in: name, verified email and phone (when no other account
// uses them: an account is never linked by email), and the personal ID when it is valid per
// domain-vn §12 (an invalid one is left out and logged). Errors: Invalid (oidc_missing_subject),
// Unauthorized (a disabled account).
func (s *Service) SignInWithOIDC(ctx context.Context, cl OIDCClaims, ip, userAgent string) (string, *CitizenAuth, error) {
	if cl.Issuer == "" || cl.Subject == "" || len(cl.Subject) > 255 {
		return "", nil, errs.New(errs.Invalid, "oidc_missing_subject", "Nhà cung cấp định danh không gửi mã người dùng.", "The identity provider sent no subject.")
	}
	now := s.clock.Now()
	var token string
	var out *CitizenAuth
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		acc, err := tx.CitizenByIdentity(ctx, cl.Issuer, cl.Subject)
		if err == nil {
			if acc.Disabled {
				return errs.ErrUnauthorized
			}
			if token, out, err = s.openCitizenSession(ctx, tx, acc, "oidc", ip, userAgent); err != nil {
				return err
			}
			return s.appendCitizenAudit(ctx, tx, acc, "citizen.login", out.Session.ID, nil, map[string]any{"method": "oidc", "issuer": cl.Issuer, "ip": ip})
		}
		if errs.KindOf(err) != errs.NotFound {
			return err
		}
		acc = s.accountFromClaims(cl, now)
		email, phone := acc.Email, acc.Phone
		acc.Email, acc.Phone = "", ""
		if err := tx.InsertCitizen(ctx, acc, "", now); err != nil {
			return err
		}
		if err := tx.SetCitizenContact(ctx, acc.ID, email, phone); err != nil {
			return err
		}
		if acc, err = tx.Citizen(ctx, acc.ID); err != nil {
			return err
		}
		if err := tx.LinkIdentity(ctx, cl.Issuer, cl.Subject, acc.ID, now); err != nil {
			return err
		}
		if token, out, err = s.openCitizenSession(ctx, tx, acc, "oidc", ip, userAgent); err != nil {
			return err
		}
		return s.appendCitizenAudit(ctx, tx, acc, "citizen.register", acc.ID, nil,
			map[string]any{"method": "oidc", "issuer": cl.Issuer, "subject": cl.Subject, "personal_id": acc.PersonalID != "", "session": out.Session.ID})
	})
	if err != nil {
		return "", nil, err
	}
	return token, out, nil
}

func (s *Service) accountFromClaims(cl OIDCClaims, now time.Time) *citizen.Account {
	acc := &citizen.Account{Kind: citizen.Person}
	if name, err := citizen.CheckName(cl.Name); err == nil {
		acc.FullName = name
	} else {
		acc.FullName = "Người dùng " + strings.TrimPrefix(strings.TrimPrefix(cl.Issuer, "https://"), "http://")
	}
	if cl.EmailVerified {
		if e, _, err := citizen.ParseContact(cl.Email); err == nil && e != "" {
			acc.Email = e
		}
	}
	if cl.PhoneVerified {
		if _, p, err := citizen.ParseContact(cl.Phone); err == nil && p != "" {
			acc.Phone = p
		}
	}
	if cl.PersonalID != "" {
		id, err := ident.ParsePersonalID(strings.TrimSpace(cl.PersonalID), now)
		switch {
		case err != nil:
			s.log.Warn("identity provider sent an invalid personal ID; left out", "issuer", cl.Issuer, "code", errs.CodeOf(err))
		default:
			acc.PersonalID = id.Number
			if d, err := org.ParseDate(cl.BirthDate); err == nil && id.CheckBirthDate(d.Time) == nil {
				acc.BirthDate = d.Time
			}
		}
	}
	return acc
}
