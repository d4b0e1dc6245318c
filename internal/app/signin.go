package app

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/audit"
	"github.com/egov-vn/egov/internal/auth"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// Session lifetimes: a session ends after SessionIdle without use, and at the latest
// SessionMax after sign-in.
const (
	SessionIdle = 2 * time.Hour
	SessionMax  = 12 * time.Hour
)

// Step says what a signed-in browser must do before it may work.
type Step string

// The steps after the password.
const (
	StepDone  Step = ""      // fully signed in
	StepTOTP  Step = "totp"  // enter the code from the authenticator app
	StepEnrol Step = "enrol" // the role requires a second factor that is not set up yet: enrol now
)

// Auth is who a request comes from.
type Auth struct {
	User    *org.User
	Actor   *org.Actor
	Session *store.Session // nil for a bearer token
	Token   *store.Token   // nil for a browser session
	Step    Step
}

var errBadCredentials = errs.New(errs.Unauthorized, "invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong username or password.")

func lockedErr(until, now time.Time) error {
	mins := int(math.Ceil(until.Sub(now).Minutes()))
	return errs.New(errs.TooMany, "login_locked",
		fmt.Sprintf("Đăng nhập tạm thời bị khoá do nhập sai nhiều lần. Vui lòng thử lại sau %d phút.", mins),
		fmt.Sprintf("Too many failed attempts. Try again in %d minutes.", mins))
}

func actorOf(u *org.User) *org.Actor {
	return &org.Actor{UserID: u.ID, Username: u.Username, FullName: u.FullName, Grants: u.Grants}
}

func stepOf(u *org.User, s *store.Session) Step {
	switch {
	case s.MFAOK:
		return StepDone
	case u.TOTPEnabled:
		return StepTOTP
	case u.RequiresTOTP():
		return StepEnrol
	}
	return StepDone
}

// writeAs is write with an explicit actor, for sign-in where nobody is signed in yet.
func (s *Service) writeAs(ctx context.Context, a *org.Actor, fn func(tx *store.Tx) ([]change, error)) error {
	return s.write(WithActor(ctx, a), fn)
}

// throttled runs check for username under the lockout rule: when locked, it fails at once; when
// check fails with an Unauthorized error, the failure is counted (and committed) and the lock
// extended. The same rule applies to names that do not exist, so that lockouts reveal nothing.
func (s *Service) throttled(ctx context.Context, username string, check func(tx *store.Tx) ([]change, error)) error {
	key := strings.ToLower(strings.TrimSpace(username))
	if len(key) > 64 {
		key = key[:64]
	}
	var checkErr error
	err := s.writeAs(ctx, &org.Actor{Username: key}, func(tx *store.Tx) ([]change, error) {
		checkErr = nil
		now := s.clock.Now()
		st, err := tx.LoginState(ctx, key)
		if err != nil {
			return nil, err
		}
		if now.Before(st.LockedUntil) {
			checkErr = lockedErr(st.LockedUntil, now)
			return nil, nil
		}
		changes, err := check(tx)
		if errs.KindOf(err) == errs.Unauthorized {
			checkErr = err
			st.Failures++
			if d := auth.DefaultLockout.LockFor(st.Failures); d > 0 {
				st.LockedUntil = now.Add(d)
			}
			return changes, tx.SetLoginState(ctx, key, st, now)
		}
		if err != nil {
			return nil, err
		}
		if st.Failures > 0 {
			return changes, tx.SetLoginState(ctx, key, store.LoginState{}, now)
		}
		return changes, nil
	})
	if err != nil {
		return err
	}
	return checkErr
}

// SignIn checks a username and password and opens a session. It returns the session token to set
// as a cookie (shown once, stored hashed) and the step still to do. A wrong password, an unknown
// name and a disabled account all give the same "invalid_credentials" error after the same work.
// Errors: Unauthorized (invalid_credentials), TooMany (login_locked).
func (s *Service) SignIn(ctx context.Context, username, password, ip, userAgent string) (string, *Auth, error) {
	var token string
	var out *Auth
	err := s.throttled(ctx, username, func(tx *store.Tx) ([]change, error) {
		u, err := tx.UserByUsername(ctx, username)
		if errs.KindOf(err) == errs.NotFound {
			auth.BurnPasswordCheck(password)
			return nil, errBadCredentials
		}
		if err != nil {
			return nil, err
		}
		cred, err := tx.UserCredentials(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		if !auth.CheckPassword(cred.PasswordHash, password) || u.Disabled {
			return []change{{Action: "auth.login_failed", ObjectType: "user", ObjectID: u.ID, UnitPath: userPath(u)}}, errBadCredentials
		}
		now := s.clock.Now()
		tok, hash, err := auth.NewToken("egs_")
		if err != nil {
			return nil, errs.Wrap(err, "token")
		}
		sess := &store.Session{UserID: u.ID, Username: u.Username, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(SessionIdle),
			IP: ip, UserAgent: truncate(userAgent, 300)}
		sess.MFAOK = !u.TOTPEnabled && !u.RequiresTOTP()
		if err := tx.InsertSession(ctx, sess, hash); err != nil {
			return nil, err
		}
		token = tok
		out = &Auth{User: u, Actor: actorOf(u), Session: sess, Step: stepOf(u, sess)}
		return []change{{Action: "auth.login", ObjectType: "session", ObjectID: sess.ID, UnitPath: userPath(u),
			After: map[string]any{"user": u.Username, "ip": ip, "second_factor_pending": !sess.MFAOK}}}, nil
	})
	if err != nil {
		return "", nil, err
	}
	return token, out, nil
}

// sessionExpiry is when a session used at now ends: idle time from now, capped at SessionMax.
func sessionExpiry(now, created time.Time) time.Time {
	if exp, max := now.Add(SessionIdle), created.Add(SessionMax); exp.Before(max) {
		return exp
	}
	return created.Add(SessionMax)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Authenticate returns who holds a session token. Expired, revoked and unknown tokens, and
// sessions of disabled accounts, give Unauthorized. Activity extends the session up to SessionMax.
func (s *Service) Authenticate(ctx context.Context, token string) (*Auth, error) {
	if !strings.HasPrefix(token, "egs_") {
		return nil, errs.ErrUnauthorized
	}
	now := s.clock.Now()
	var out *Auth
	// Every page an official opens starts here: no transaction around its three reads (see
	// AuthenticateToken).
	err := s.db.ReadEach(ctx, func(tx *store.Tx) error {
		sess, err := tx.SessionByToken(ctx, auth.HashToken(token))
		if err != nil {
			return err
		}
		if !sess.Active(now) {
			return errs.ErrUnauthorized
		}
		u, err := tx.User(ctx, sess.UserID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return errs.ErrUnauthorized
		}
		out = &Auth{User: u, Actor: actorOf(u), Session: sess, Step: stepOf(u, sess)}
		return nil
	})
	if errs.KindOf(err) == errs.NotFound {
		return nil, errs.ErrUnauthorized
	}
	if err != nil {
		return nil, err
	}
	// Touch at most once a minute: sessions are read on every request, written rarely.
	if now.Sub(out.Session.LastSeenAt) > time.Minute {
		exp := sessionExpiry(now, out.Session.CreatedAt)
		err := s.db.Write(ctx, func(tx *store.Tx) error { return tx.TouchSession(ctx, out.Session.ID, out.Session.MFAOK, now, exp) })
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// VerifyTOTP completes a sign-in with the code from the authenticator app. A code is accepted
// once. Errors: Unauthorized (invalid_totp), TooMany (login_locked), Conflict (no code expected).
func (s *Service) VerifyTOTP(ctx context.Context, a *Auth, code string) error {
	if a.Session == nil || a.Step != StepTOTP {
		return errs.New(errs.Conflict, "totp_not_expected", "Phiên đăng nhập này không cần mã xác thực.", "No code is expected for this session.")
	}
	return s.throttled(ctx, a.User.Username, func(tx *store.Tx) ([]change, error) {
		cred, err := tx.UserCredentials(ctx, a.User.ID)
		if err != nil {
			return nil, err
		}
		return s.acceptTOTP(ctx, tx, a, cred, code, "auth.totp")
	})
}

var errBadTOTP = errs.New(errs.Unauthorized, "invalid_totp", "Mã xác thực không đúng hoặc đã hết hạn.", "Wrong or expired code.")

func (s *Service) acceptTOTP(ctx context.Context, tx *store.Tx, a *Auth, cred store.Credentials, code, action string) ([]change, error) {
	now := s.clock.Now()
	step, err := auth.CheckTOTP(cred.TOTPSecret, code, now, cred.TOTPLastStep)
	if err != nil {
		return []change{{Action: action + "_failed", ObjectType: "user", ObjectID: a.User.ID, UnitPath: userPath(a.User)}}, errBadTOTP
	}
	if ok, err := tx.UseTOTPStep(ctx, a.User.ID, step); err != nil || !ok {
		if err == nil {
			err = errBadTOTP
		}
		return nil, err
	}
	exp := sessionExpiry(now, a.Session.CreatedAt)
	if err := tx.TouchSession(ctx, a.Session.ID, true, now, exp); err != nil {
		return nil, err
	}
	a.Session.MFAOK, a.Step = true, StepDone
	return []change{{Action: action, ObjectType: "session", ObjectID: a.Session.ID, UnitPath: userPath(a.User)}}, nil
}

// BeginTOTPEnrolment makes a new TOTP secret for the signed-in official and returns the secret
// and the otpauth URL for the QR code. The secret takes effect only when confirmed. An official
// who already has a second factor must have given it in this session.
func (s *Service) BeginTOTPEnrolment(ctx context.Context, a *Auth) (secret, url string, err error) {
	if a.Session == nil || a.Step == StepTOTP {
		return "", "", errs.ErrForbidden
	}
	secret, url, err = auth.NewTOTPSecret(s.Issuer, a.User.Username)
	if err != nil {
		return "", "", errs.Wrap(err, "totp secret")
	}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		if a.User.TOTPEnabled {
			return errs.New(errs.Conflict, "totp_enabled", "Tài khoản đã có xác thực hai lớp; quản trị viên có thể đặt lại.", "Two-factor sign-in is already set up.")
		}
		return tx.SetTOTP(ctx, a.User.ID, secret, false, s.clock.Now())
	})
	return secret, url, err
}

// ConfirmTOTPEnrolment turns the pending secret on after the official proves it with a code,
// and completes the session's sign-in. Errors: Unauthorized (invalid_totp), Conflict.
func (s *Service) ConfirmTOTPEnrolment(ctx context.Context, a *Auth, code string) error {
	if a.Session == nil || a.Step == StepTOTP || a.User.TOTPEnabled {
		return errs.New(errs.Conflict, "totp_not_expected", "Không có đăng ký xác thực hai lớp nào đang chờ.", "No enrolment is pending.")
	}
	return s.throttled(ctx, a.User.Username, func(tx *store.Tx) ([]change, error) {
		cred, err := tx.UserCredentials(ctx, a.User.ID)
		if err != nil {
			return nil, err
		}
		if cred.TOTPSecret == "" {
			return nil, errs.New(errs.Conflict, "totp_not_expected", "Không có đăng ký xác thực hai lớp nào đang chờ.", "No enrolment is pending.")
		}
		changes, err := s.acceptTOTP(ctx, tx, a, cred, code, "user.totp_enrol")
		if err != nil {
			return changes, err
		}
		if _, err := tx.ExecEnableTOTP(ctx, a.User.ID); err != nil {
			return nil, err
		}
		a.User.TOTPEnabled = true
		return changes, nil
	})
}

// SignOut ends the session.
func (s *Service) SignOut(ctx context.Context, a *Auth) error {
	if a == nil || a.Session == nil {
		return nil
	}
	return s.writeAs(ctx, a.Actor, func(tx *store.Tx) ([]change, error) {
		ok, err := tx.RevokeSession(ctx, a.Session.ID, s.clock.Now())
		if err != nil || !ok {
			return nil, err
		}
		return []change{{Action: "auth.logout", ObjectType: "session", ObjectID: a.Session.ID, UnitPath: userPath(a.User)}}, nil
	})
}

// Sessions lists the open sessions of an account: the caller's own, or one the caller manages.
func (s *Service) Sessions(ctx context.Context, userID int64) ([]*store.Session, error) {
	if err := s.mayManageOrSelf(ctx, userID); err != nil {
		return nil, err
	}
	var out []*store.Session
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.Sessions(ctx, userID, s.clock.Now())
		return err
	})
	return out, err
}

// RevokeSession ends a session of the caller's own or of an account the caller manages.
// Errors: NotFound, Forbidden.
func (s *Service) RevokeSession(ctx context.Context, sessionID int64) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		sess, err := tx.Session(ctx, sessionID)
		if err != nil {
			return nil, err
		}
		u, err := tx.User(ctx, sess.UserID)
		if err != nil {
			return nil, err
		}
		if a.UserID != u.ID {
			if !canSeeUser(a, u) {
				return nil, errs.New(errs.NotFound, "session_not_found", "Không tìm thấy phiên đăng nhập.", "Session not found.")
			}
			if !canManageUser(a, u) {
				return nil, errs.ErrForbidden
			}
		}
		ok, err := tx.RevokeSession(ctx, sessionID, s.clock.Now())
		if err != nil || !ok {
			return nil, err
		}
		return []change{{Action: "session.revoke", ObjectType: "session", ObjectID: sessionID, UnitPath: userPath(u),
			After: map[string]any{"user": u.Username}}}, nil
	})
}

func (s *Service) mayManageOrSelf(ctx context.Context, userID int64) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	if a.UserID == userID || a.System {
		return nil
	}
	u, err := s.User(ctx, userID)
	if err != nil {
		return err
	}
	if !canManageUser(a, u) {
		return errs.ErrForbidden
	}
	return nil
}

// CreateToken makes an API bearer token for an account the caller manages (the command line acts
// as the system). The token is returned once and stored only as a hash. ttl 0 means no expiry.
// Errors: NotFound, Forbidden, Invalid.
func (s *Service) CreateToken(ctx context.Context, username, name string, ttl time.Duration) (string, *store.Token, error) {
	a, err := actor(ctx)
	if err != nil {
		return "", nil, err
	}
	if ttl < 0 {
		return "", nil, errs.Invalidf("ttl", "invalid_ttl", "Thời hạn không được âm.", "The lifetime must not be negative.")
	}
	var tok string
	var t *store.Token
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		u, err := tx.UserByUsername(ctx, username)
		if err != nil {
			return nil, err
		}
		if !canSeeUser(a, u) {
			return nil, errs.New(errs.NotFound, "user_not_found", "Không tìm thấy cán bộ.", "User not found.")
		}
		if !canManageUser(a, u) {
			return nil, errs.ErrForbidden
		}
		if u.Disabled {
			return nil, errs.Invalidf("user", "user_disabled", "Tài khoản đang bị khoá.", "The account is disabled.")
		}
		now := s.clock.Now()
		var hash string
		if tok, hash, err = auth.NewToken("egt_"); err != nil {
			return nil, errs.Wrap(err, "token")
		}
		t = &store.Token{UserID: u.ID, Username: u.Username, Name: truncate(name, 100), CreatedAt: now}
		if ttl > 0 {
			t.ExpiresAt = now.Add(ttl)
		}
		if err := tx.InsertToken(ctx, t, hash); err != nil {
			return nil, err
		}
		return []change{{Action: "token.create", ObjectType: "token", ObjectID: t.ID, UnitPath: userPath(u),
			After: map[string]any{"user": u.Username, "name": t.Name, "expires_at": t.ExpiresAt}}}, nil
	})
	return tok, t, err
}

// AuthenticateToken returns who holds an API bearer token. Errors: Unauthorized.
func (s *Service) AuthenticateToken(ctx context.Context, token string) (*Auth, error) {
	if !strings.HasPrefix(token, "egt_") {
		return nil, errs.ErrUnauthorized
	}
	now := s.clock.Now()
	var out *Auth
	// Every API request starts here: two statements, no transaction (BEGIN and COMMIT would
	// double the round trips); a grant changed between them is seen as after the change.
	err := s.db.ReadEach(ctx, func(tx *store.Tx) error {
		t, u, err := tx.TokenHolder(ctx, auth.HashToken(token))
		if err != nil {
			return err
		}
		if !t.Active(now) || u.Disabled {
			return errs.ErrUnauthorized
		}
		out = &Auth{User: u, Actor: actorOf(u), Token: t}
		return nil
	})
	if errs.KindOf(err) == errs.NotFound {
		return nil, errs.ErrUnauthorized
	}
	if err != nil {
		return nil, err
	}
	if now.Sub(out.Token.LastUsedAt) > time.Minute {
		if err := s.db.Write(ctx, func(tx *store.Tx) error { return tx.TouchToken(ctx, out.Token.ID, now) }); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Tokens lists the API tokens of the caller or of an account the caller manages.
func (s *Service) Tokens(ctx context.Context, userID int64) ([]*store.Token, error) {
	if err := s.mayManageOrSelf(ctx, userID); err != nil {
		return nil, err
	}
	var out []*store.Token
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.Tokens(ctx, userID)
		return err
	})
	return out, err
}

// RevokeToken revokes an API token of the caller or of an account the caller manages.
// Errors: NotFound, Forbidden, Conflict (already revoked).
func (s *Service) RevokeToken(ctx context.Context, tokenID int64) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		t, err := tx.Token(ctx, tokenID)
		if err != nil {
			return nil, err
		}
		u, err := tx.User(ctx, t.UserID)
		if err != nil {
			return nil, err
		}
		if a.UserID != u.ID && !a.System {
			if !canSeeUser(a, u) {
				return nil, errs.New(errs.NotFound, "token_not_found", "Không tìm thấy mã truy cập.", "Token not found.")
			}
			if !canManageUser(a, u) {
				return nil, errs.ErrForbidden
			}
		}
		ok, err := tx.RevokeToken(ctx, tokenID, s.clock.Now())
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errs.New(errs.Conflict, "token_revoked", "Mã truy cập đã bị thu hồi từ trước.", "The token is already revoked.")
		}
		return []change{{Action: "token.revoke", ObjectType: "token", ObjectID: tokenID, UnitPath: userPath(u), After: map[string]any{"user": u.Username}}}, nil
	})
}

// AuditRecords lists audit records within the caller's audit scope, newest first.
// Errors: Unauthorized, Forbidden.
func (s *Service) AuditRecords(ctx context.Context, f store.AuditFilter) ([]*audit.Record, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.System {
		if !a.CanAnywhere(org.PermViewAudit) {
			return nil, errs.ErrForbidden
		}
		f.Scopes = a.Scopes(org.PermViewAudit)
	}
	var out []*audit.Record
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.AuditRecords(ctx, f)
		return err
	})
	return out, err
}
