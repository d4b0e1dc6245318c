// Package auth holds the credentials logic of egov: argon2id password hashes, TOTP second
// factors, opaque session and API tokens that are stored only as hashes, and the lockout rule.
// It knows nothing of storage or HTTP.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters (RFC 9106 second recommended option, with 64 MiB of memory).
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
	argonSaltLen = 16
)

// HashPassword returns a PHC-formatted argon2id hash of password.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the PHC argon2id hash encoded. A malformed hash
// never matches.
func CheckPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<21 || t > 100 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when a username does not exist, so that a login for an unknown
// name costs the same time as one for a known name.
var dummyHash, _ = HashPassword("egov-no-such-user")

// BurnPasswordCheck spends the time of one password check and returns false.
func BurnPasswordCheck(password string) bool {
	CheckPassword(dummyHash, password)
	return false
}

// NewToken returns a new random opaque token with the given prefix ("egs_" for sessions, "egt_"
// for API tokens) and its storage hash. Only the hash is ever stored.
func NewToken(prefix string) (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is the storage hash of an opaque token: hex SHA-256. Tokens carry 256 random bits, so
// a fast hash is enough.
func HashToken(token string) string {
	s := sha256.Sum256([]byte(token))
	return hex.EncodeToString(s[:])
}

// Lockout is the backoff rule for failed sign-ins of one username: after Free failures in a row,
// each further failure locks the name for Base, doubling each time up to Max.
type Lockout struct {
	Free int
	Base time.Duration
	Max  time.Duration
}

// DefaultLockout allows 5 failures, then locks for 1 minute, 2, 4, … up to 1 hour.
var DefaultLockout = Lockout{Free: 5, Base: time.Minute, Max: time.Hour}

// LockFor returns how long to lock after the given number of consecutive failures (0 for none).
func (l Lockout) LockFor(failures int) time.Duration {
	if failures < l.Free {
		return 0
	}
	d := l.Base
	for i := l.Free; i < failures && d < l.Max; i++ {
		d *= 2
	}
	return min(d, l.Max)
}

// ErrBadTOTP is returned when a TOTP code is wrong or already used.
var ErrBadTOTP = errors.New("bad totp code")
