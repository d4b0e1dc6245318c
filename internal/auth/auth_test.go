package auth

import (
	"strings"
	"testing"
	"time"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("Mật-khẩu-2025")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash %q", h)
	}
	if !CheckPassword(h, "Mật-khẩu-2025") || CheckPassword(h, "mật-khẩu-2025") || CheckPassword("garbage", "x") {
		t.Error("CheckPassword wrong")
	}
	h2, _ := HashPassword("Mật-khẩu-2025")
	if h == h2 {
		t.Error("salt not random")
	}
}

func TestTOTP(t *testing.T) {
	secret, url, err := NewTOTPSecret("egov Hà Nội", "admin")
	if err != nil || !strings.HasPrefix(url, "otpauth://totp/") {
		t.Fatal(err, url)
	}
	now := time.Date(2026, 1, 1, 8, 0, 10, 0, time.UTC)
	code, _ := TOTPCode(secret, now)
	step, err := CheckTOTP(secret, code, now, 0)
	if err != nil || step != TOTPStep(now) {
		t.Fatalf("fresh code refused: %v", err)
	}
	if _, err := CheckTOTP(secret, code, now, step); err == nil {
		t.Error("replayed code accepted")
	}
	if _, err := CheckTOTP(secret, code, now.Add(29*time.Second), 0); err != nil {
		t.Error("code one step old refused")
	}
	if _, err := CheckTOTP(secret, code, now.Add(5*time.Minute), 0); err == nil {
		t.Error("stale code accepted")
	}
	if _, err := CheckTOTP(secret, "12345", now, 0); err == nil {
		t.Error("short code accepted")
	}
}

func TestLockout(t *testing.T) {
	l := DefaultLockout
	for f, want := range map[int]time.Duration{0: 0, 4: 0, 5: time.Minute, 6: 2 * time.Minute, 7: 4 * time.Minute, 50: time.Hour} {
		if got := l.LockFor(f); got != want {
			t.Errorf("LockFor(%d) = %v, want %v", f, got, want)
		}
	}
}

func TestToken(t *testing.T) {
	tok, hash, err := NewToken("egt_")
	if err != nil || !strings.HasPrefix(tok, "egt_") || HashToken(tok) != hash || len(hash) != 64 {
		t.Fatal(tok, hash, err)
	}
}
