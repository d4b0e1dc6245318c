package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/egov-vn/egov/internal/store/storetest"
)

// TestBrowserDashboards looks at the public and the leaders' dashboards on a phone and a
// desktop: no sideways scrolling, the charts drawn, and both print to PDF. Screenshots and the
// printed PDFs go to $EGOV_SCREENSHOTS.
func TestBrowserDashboards(t *testing.T) {
	ctx := newBrowser(t)
	r, _ := dashRig(t, storetest.SQLite(t))
	dir := screenshotDir(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	look := func(path, name string) string {
		t.Helper()
		must(chromedp.Do(ctx, chromedp.Navigate(r.srv.URL+path), chromedp.WaitVisible("#h-trend")))
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		must(err)
		must(os.WriteFile(filepath.Join(dir, name), png, 0o644))
		fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("document.documentElement.scrollWidth <= window.innerWidth"))
		must(err)
		if !fits {
			t.Errorf("%s (%s) is wider than the screen", path, name)
		}
		charts, err := chromedp.Run(ctx, chromedp.Evaluate[int]("document.querySelectorAll('svg[role=img]').length"))
		must(err)
		if charts < 3 {
			t.Errorf("%s: %d charts", path, charts)
		}
		// The screen at each section, as a reader scrolls to it.
		for _, sec := range []string{"h-head", "h-trend", "h-rank", "h-late", "h-kpi21", "h-766"} {
			found, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(e => { if (!e) return false; e.scrollIntoView(); return true })(document.getElementById('"+sec+"'))"))
			must(err)
			if !found {
				continue
			}
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			must(err)
			must(os.WriteFile(filepath.Join(dir, strings.TrimSuffix(name, ".png")+"-"+sec+".png"), png, 0o644))
		}
		text, err := chromedp.Run(ctx, chromedp.Text("main"))
		must(err)
		return text
	}
	print := func(path, name string) {
		t.Helper()
		must(chromedp.Do(ctx, chromedp.Navigate(r.srv.URL+path), chromedp.WaitVisible("#h-trend")))
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
		must(err)
		must(os.WriteFile(filepath.Join(dir, name), pdf, 0o644))
	}

	must(chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)))
	if text := look("/cong-khai?period=2026-03", "dash-public-phone.png"); !strings.Contains(text, "Phường Ba Đình") {
		t.Errorf("public dashboard on a phone:\n%s", text)
	}
	must(chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)))
	look("/cong-khai?period=2026-03", "dash-public-desktop.png")
	print("/cong-khai?period=2026-03", "dash-public-print.pdf")

	// A supervisor of the city (a role without a second factor) signs in and opens the dashboard.
	must(chromedp.Do(ctx, chromedp.Navigate(r.srv.URL+"/login"), chromedp.WaitVisible("#username"),
		chromedp.SendKeys("#username", "supervisor"), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(testPassword), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(".cards")))
	if text := look("/bang-dieu-khien?period=2026-03", "dash-leader-desktop.png"); !strings.Contains(text, "Chỉ số theo Quyết định 766/QĐ-TTg") {
		t.Errorf("leaders' dashboard:\n%s", text)
	}
	print("/bang-dieu-khien?period=2026-03", "dash-leader-print.pdf")
	must(chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)))
	look("/bang-dieu-khien?period=2026-03", "dash-leader-phone.png")
}
