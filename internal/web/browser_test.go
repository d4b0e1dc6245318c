package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/egov-vn/egov/internal/auth"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// newBrowser starts headless Chromium, or skips when it is not installed (CI installs it and sets
// CI, which turns the skip into a failure).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed")
		}
		t.Skip("chromium not installed")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// screenshotDir is where screenshots go: $EGOV_SCREENSHOTS if set, else a temporary directory.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("EGOV_SCREENSHOTS"); d != "" {
		os.MkdirAll(d, 0o755)
		return d
	}
	return t.TempDir()
}

// TestBrowserSignInWithTOTP signs in as an administrator with the keyboard only, enrols the
// second factor from the page, and looks at the shell in a desktop and a phone window.
func TestBrowserSignInWithTOTP(t *testing.T) {
	ctx := newBrowser(t)
	r := newRig(t, storetest.SQLite(t))
	dir := screenshotDir(t)
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), png, 0o644)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(r.srv.URL+"/login"),
		chromedp.WaitVisible("#username"),
	))
	shot("login-phone.png")
	// Keyboard only: the username field has focus; Tab to the password, Enter submits.
	must(chromedp.Do(ctx,
		chromedp.SendKeys("#username", "admin-a"),
		chromedp.KeyEvent(kb.Tab),
		chromedp.KeyEvent(testPassword),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible("#secret"),
	))
	secret, err := chromedp.Run(ctx, chromedp.Text("#secret"))
	must(err)
	shot("enrol-phone.png")
	code, err := auth.TOTPCode(strings.ReplaceAll(secret, " ", ""), r.clock.Now())
	if err != nil {
		t.Fatalf("secret %q: %v", secret, err)
	}
	must(chromedp.Do(ctx,
		chromedp.SendKeys("#code", code+"\r"),
		chromedp.WaitVisible(".cards"),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(r.srv.URL+"/home"),
		chromedp.WaitVisible(".cards"),
	))
	body, err := chromedp.Run(ctx, chromedp.Text("main"))
	must(err)
	shot("home.png")
	if !strings.Contains(body, "Trần Thị An") || !strings.Contains(body, "Quản trị hệ thống") {
		t.Fatalf("home page after TOTP enrolment:\n%s", body)
	}
	must(chromedp.Do(ctx, chromedp.Navigate(r.srv.URL+"/admin/units"), chromedp.WaitVisible(".side-by-side")))
	body, err = chromedp.Run(ctx, chromedp.Text("main"))
	must(err)
	shot("units.png")
	if !strings.Contains(body, "Phường Hàng Trống") || !strings.Contains(body, "Phường Hoàn Kiếm") {
		t.Errorf("units page:\n%s", body)
	}
}
