package web_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/egov-vn/egov/internal/store/storetest"
)

// TestBrowserWalkInReception receives a walk-in dossier at the counter with the keyboard only:
// search the procedure, open it, scan the ID number (digits then Enter, as a scanner types),
// fill the applicant, tick the documents, Tab to "Tiếp nhận" and Enter. It lands on the dossier
// page with the receipt link focused, and the receipt is a PDF. The counter, work list and
// dossier page fit a phone screen; screenshots at phone and desktop widths go to $EGOV_SCREENSHOTS.
func TestBrowserWalkInReception(t *testing.T) {
	ctx := newBrowser(t)
	r := dossierRig(t, storetest.SQLite(t))
	dir := screenshotDir(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		must(err)
		must(os.WriteFile(filepath.Join(dir, name), png, 0o644))
	}
	active := func() string {
		t.Helper()
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.activeElement.id || document.activeElement.className"))
		must(err)
		return id
	}
	fits := func(what string) {
		t.Helper()
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("document.documentElement.scrollWidth <= window.innerWidth"))
		must(err)
		if !ok {
			t.Errorf("%s is wider than the screen", what)
		}
	}

	must(chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(r.srv.URL+"/login"), chromedp.WaitVisible("#username"),
		chromedp.SendKeys("#username", "reception-a"), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(testPassword), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(".cards"),
		chromedp.Navigate(r.srv.URL+"/quay"), chromedp.WaitVisible("#q")))
	if a := active(); a != "q" {
		t.Fatalf("the counter opens with %q focused, want the search box", a)
	}
	start := time.Now()
	keys := 0
	typ := func(s string) chromedp.Action[chromedp.Void] { keys += len([]rune(s)); return chromedp.KeyEvent(s) }
	key := func(k string) chromedp.Action[chromedp.Void] { keys++; return chromedp.KeyEvent(k) }

	// Find the procedure: type, Enter; Tab past the search button to the first result, Enter.
	must(chromedp.Do(ctx, typ("xac nhan tinh trang hon nhan"), key(kb.Enter), chromedp.WaitVisible("ol.procs")))
	shot("counter-search-phone.png")
	must(chromedp.Do(ctx, key(kb.Tab), key(kb.Tab), key(kb.Enter), chromedp.WaitVisible("#id_number")))
	if a := active(); a != "id_number" {
		t.Fatalf("the reception form opens with %q focused, want the ID number", a)
	}
	// The scanner types the digits and Enter: the form is not sent, the cursor moves on.
	must(chromedp.Do(ctx, typ("001199012345"), key(kb.Enter)))
	if a := active(); a != "name" {
		t.Fatalf("after the scan's Enter the focus is on %q, want the name", a)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/quay") {
		t.Fatalf("the scan's Enter left the form: %s", loc)
	}
	must(chromedp.Do(ctx, typ("Nguyễn Thị Hương"), key(kb.Tab), typ("04/05/1999"), key(kb.Tab), typ("12 Hàng Bạc, Phường Ba Đình"),
		key(kb.Tab), typ("0912345678"), key(kb.Tab), key(kb.Tab)))
	// Tick the three documents: Space on each checkbox, Tab between.
	for i := 0; i < 3; i++ {
		if a := active(); !strings.HasPrefix(a, "c-") {
			t.Fatalf("expected a document checkbox, focus on %q", a)
		}
		must(chromedp.Do(ctx, key(" "), key(kb.Tab)))
	}
	shot("counter-form-phone.png")
	fits("the counter")
	// Tab on to "Tiếp nhận" and press Enter.
	for i := 0; i < 6 && active() != "receive"; i++ {
		must(chromedp.Do(ctx, key(kb.Tab)))
	}
	if a := active(); a != "receive" {
		t.Fatalf("never reached the Tiếp nhận button (at %q)", a)
	}
	must(chromedp.Do(ctx, key(kb.Enter), chromedp.WaitVisible(".print-receipt")))
	elapsed := time.Since(start)
	t.Logf("walk-in reception by keyboard: %d key presses, %s in the browser", keys, elapsed.Round(time.Millisecond))
	if a := active(); a != "button print-receipt" {
		t.Errorf("the dossier page opens with %q focused, want the receipt link", a)
	}
	text, err := chromedp.Run(ctx, chromedp.Text("main"))
	must(err)
	for _, want := range []string{"Đã tiếp nhận hồ sơ 001.01.90.H24-260302-0001", "In giấy tiếp nhận", "Nguyễn Thị Hương", "Được tiếp nhận"} {
		if !strings.Contains(text, want) {
			t.Errorf("dossier page lacks %q", want)
		}
	}
	fits("the dossier page")
	shot("dossier-phone.png")
	// The receipt link serves the PDF.
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector(".print-receipt").href)
		.then(async r => r.status + " " + r.headers.get("content-type") + " " + (await r.text()).slice(0, 5))`, chromedp.EvalAwaitPromise))
	must(err)
	if got != "200 application/pdf %PDF-" {
		t.Errorf("receipt link: %q", got)
	}

	must(chromedp.Do(ctx, chromedp.Navigate(r.srv.URL+"/ho-so"), chromedp.WaitVisible("table.work")))
	fits("my work")
	shot("work-phone.png")

	must(chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)))
	for _, p := range []struct{ path, wait, name string }{
		{"/quay?procedure=1.004873", "#id_number", "counter-desktop.png"},
		{"/ho-so", "table.work", "work-desktop.png"},
		{"/ho-so/001.01.90.H24-260302-0001", "#dossier-title", "dossier-desktop.png"},
		{"/tong-quan", ".overview", "overview-desktop.png"},
	} {
		must(chromedp.Do(ctx, chromedp.Navigate(r.srv.URL+p.path), chromedp.WaitVisible(p.wait)))
		shot(p.name)
	}
	// Printing the dossier page leaves out the menus and the action forms.
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	must(err)
	must(os.WriteFile(filepath.Join(dir, "overview-print.pdf"), pdf, 0o644))
	must(chromedp.Do(ctx, chromedp.Navigate(r.srv.URL+"/ho-so/001.01.90.H24-260302-0001"), chromedp.WaitVisible("#dossier-title")))
	pdf, err = chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	must(err)
	name := filepath.Join(dir, "dossier-print.pdf")
	must(os.WriteFile(name, pdf, 0o644))
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("poppler-utils not installed: the printed page is not checked")
		return
	}
	out, err := exec.Command("pdftotext", "-layout", name, "-").Output()
	must(err)
	for _, want := range []string{"001.01.90.H24-260302-0001", "Nguyễn Thị Hương", "Phiếu kiểm soát quá trình giải quyết", "Diễn biến"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the printed dossier page lacks %q", want)
		}
	}
	for _, absent := range []string{"Đăng xuất", "Xử lý hồ sơ", "In phiếu", "Chuyển hồ sơ đến cơ quan giải quyết"} {
		if strings.Contains(string(out), absent) {
			t.Errorf("the printed dossier page shows %q", absent)
		}
	}
}
