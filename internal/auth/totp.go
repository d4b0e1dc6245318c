package auth

import (
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// NewTOTPSecret generates a TOTP secret for username and returns the base32 secret and the
// otpauth:// URL an authenticator app reads from the QR code.
func NewTOTPSecret(issuer, username string) (secret, url string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: username, Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", "", err
	}
	return key.Secret(), key.URL(), nil
}

// TOTPStep is the 30-second time step a code belongs to.
func TOTPStep(t time.Time) int64 { return t.Unix() / 30 }

// CheckTOTP checks code against secret at instant now, accepting one step of clock drift either
// way. It returns the step the code matched so the caller can refuse its reuse: a code is
// accepted only for a step after lastStep.
func CheckTOTP(secret, code string, now time.Time, lastStep int64) (int64, error) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0, ErrBadTOTP
	}
	for _, d := range []int64{0, -1, 1} {
		step := TOTPStep(now) + d
		if step <= lastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*30, 0), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			return 0, fmt.Errorf("totp: %w", err)
		}
		if want == code {
			return step, nil
		}
	}
	return 0, ErrBadTOTP
}

// TOTPCode returns the code for secret at t. Tests and the demo use it.
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}
