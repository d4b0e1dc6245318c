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
	return newBrowserFor(t, 60*time.Second)
}

// newBrowserFor is newBrowser for a test that may take up to d in the browser.
func newBrowserFor(t *testing.T, d time.Duration) context.Context {
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
	ctx, cancel3 := context.WithTimeout(ctx, d)
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

// TestBrowserProcedurePage looks at the public catalogue on a phone: the list, a procedure page
// and its print layout fit the screen without sideways scrolling, and printing to PDF works.
func TestBrowserProcedurePage(t *testing.T) {
	ctx := newBrowser(t)
	r := newRig(t, storetest.SQLite(t))
	r.loadCatalogue()
	dir := screenshotDir(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	look := func(path, wait, name string) string {
		t.Helper()
		must(chromedp.Do(ctx, chromedp.Navigate(r.srv.URL+path), chromedp.WaitVisible(wait)))
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		must(err)
		must(os.WriteFile(filepath.Join(dir, name), png, 0o644))
		fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("document.documentElement.scrollWidth <= window.innerWidth"))
		must(err)
		if !fits {
			t.Errorf("%s is wider than the phone screen", path)
		}
		text, err := chromedp.Run(ctx, chromedp.Text("main"))
		must(err)
		return text
	}
	must(chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)))
	text := look("/thu-tuc?q=dang+ky+khai+sinh", "ol.procs", "procedures-phone.png")
	if !strings.Contains(text, "Đăng ký khai sinh") {
		t.Errorf("search on a phone:\n%s", text)
	}
	text = look("/thu-tuc/2.000635", "#proc-title", "procedure-phone.png")
	for _, want := range []string{"8.000 đồng", "Bản sao chứng thực", "Thời hạn giải quyết"} {
		if !strings.Contains(text, want) {
			t.Errorf("procedure page on a phone lacks %q", want)
		}
	}
	look("/thu-tuc/2.000635?print=1", "#proc-title", "procedure-print-phone.png")
	// Keyboard: the first Tab reaches the skip link, Enter moves to the main content.
	must(chromedp.Do(ctx, chromedp.Navigate(r.srv.URL+"/thu-tuc/1.001193"), chromedp.WaitVisible("#proc-title"), chromedp.KeyEvent(kb.Tab)))
	active, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.activeElement.className"))
	must(err)
	if active != "skip" {
		t.Errorf("first Tab focuses %q, want the skip link", active)
	}
	must(chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)))
	look("/thu-tuc/1.001193", "#proc-title", "procedure-desktop.png")

	// Printing: the print layout and the ordinary page both print on A4 without navigation.
	for _, path := range []string{"/thu-tuc/2.000635?print=1", "/thu-tuc/2.000635"} {
		must(chromedp.Do(ctx, chromedp.Navigate(r.srv.URL+path), chromedp.WaitVisible("#proc-title")))
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
		must(err)
		name := filepath.Join(dir, "procedure-print.pdf")
		if !strings.Contains(path, "print=1") {
			name = filepath.Join(dir, "procedure-printed-page.pdf")
		}
		must(os.WriteFile(name, pdf, 0o644))
		checkPrinted(t, name)
	}
}

// checkPrinted reads a printed procedure page with poppler (skipped when it is not installed,
// except on CI): A4 paper, at most two pages, the fees and documents present, no navigation.
func checkPrinted(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("poppler-utils is not installed")
		}
		t.Log("poppler-utils not installed: the printed PDF is not checked")
		return
	}
	info, err := exec.Command("pdfinfo", name).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(info), "595.276 x 841.89 pts (A4)") && !strings.Contains(string(info), "(A4)") {
		t.Errorf("%s is not A4:\n%s", name, info)
	}
	for _, line := range strings.Split(string(info), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "Pages:" && f[1] != "1" && f[1] != "2" {
			t.Errorf("%s has %s pages", name, f[1])
		}
	}
	text, err := exec.Command("pdftotext", "-layout", name, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"8.000 đồng", "Thành phần hồ sơ", "Bản sao", "2.000635", "Căn cứ pháp lý"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("%s lacks %q", name, want)
		}
	}
	for _, absent := range []string{"Tính ngày hẹn trả", "Cán bộ đăng nhập", "Trở lại trang thủ tục", "Các phiên bản"} {
		if strings.Contains(string(text), absent) {
			t.Errorf("%s prints %q", name, absent)
		}
	}
}
