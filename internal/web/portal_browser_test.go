package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/egov-vn/egov/internal/store/storetest"
)

// TestBrowserPortal registers a citizen in headless Chromium on a phone-sized window, fills the
// profile and address, submits a dossier online and finds it in "Hồ sơ của tôi"; then signs out
// and signs in again through the OpenID Connect provider's own page. Screenshots of each page go
// to $EGOV_SCREENSHOTS.
func TestBrowserPortal(t *testing.T) {
	ctx := newBrowser(t)
	p := newProvider(t, huongAtProvider)
	r, o := newPortalRig(t, storetest.SQLite(t), p)
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
	var path, text string
	at := func(want string) {
		t.Helper()
		must(chromedp.Do(ctx, chromedp.WaitReady("main")))
		var err error
		path, err = chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
		must(err)
		text, err = chromedp.Run(ctx, chromedp.Text("main"))
		must(err)
		if path != want {
			t.Fatalf("at %s, want %s: %s", path, want, text)
		}
	}

	// Registration: a weak password first.
	must(chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(r.srv.URL+"/dang-ky"),
		chromedp.WaitVisible("#full_name"),
	))
	shot("portal-register.png")
	must(chromedp.Do(ctx,
		chromedp.SendKeys("#full_name", "Lê Thị Mai"),
		chromedp.SendKeys("#contact", "mai@example.vn"),
		chromedp.SendKeys("#password", "ngan"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible(".error-summary"),
	))
	at("/dang-ky")
	if !strings.Contains(text, "Mật khẩu cần từ 10 ký tự") {
		t.Errorf("no password error: %s", text)
	}
	shot("portal-register-error.png")
	must(chromedp.Do(ctx,
		chromedp.SendKeys("#password", "Mat-khau-2025!"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("#code"),
	))
	at("/dang-ky/xac-minh")
	shot("portal-verify.png")
	must(chromedp.Do(ctx, chromedp.SendKeys("#code", o.code("mai@example.vn")), chromedp.Submit("#code"), chromedp.WaitVisible("#sessions")))
	at("/tai-khoan")

	// Profile and address.
	must(chromedp.Do(ctx,
		chromedp.Navigate(r.srv.URL+"/tai-khoan/thong-tin"),
		chromedp.WaitVisible("#personal_id"),
		chromedp.SendKeys("#personal_id", "001303012345"),
		chromedp.SetValue("#birth_date", "2002-02-01"),
		chromedp.Submit("#personal_id"),
		chromedp.WaitVisible(".error-summary"),
	))
	at("/tai-khoan/thong-tin")
	shot("portal-profile-error.png")
	must(chromedp.Do(ctx,
		chromedp.SetValue("#birth_date", "2003-02-01"),
		chromedp.Submit("#personal_id"),
		chromedp.WaitVisible("#sessions"),
	))
	at("/tai-khoan")
	must(chromedp.Do(ctx,
		chromedp.Navigate(r.srv.URL+"/tai-khoan/dia-chi"),
		chromedp.WaitVisible("#unit_id"),
		chromedp.SetValue("#unit_id", id(r.units["A"].ID)),
		chromedp.SendKeys("#detail", "25 phố Liễu Giai"),
	))
	shot("portal-address.png")
	must(chromedp.Do(ctx, chromedp.Submit("#detail"), chromedp.WaitVisible("#sessions")))
	at("/tai-khoan")
	if !strings.Contains(text, "25 phố Liễu Giai, Phường Ba Đình") || !strings.Contains(text, "001303012345") {
		t.Errorf("account page: %s", text)
	}
	shot("portal-account.png")

	// Online submission through the wizard, with files.
	must(chromedp.Do(ctx, chromedp.Navigate(r.srv.URL+"/nop-ho-so?q=hon+nhan"), chromedp.WaitVisible("ol.procs")))
	shot("portal-submit-choose.png")
	must(chromedp.Do(ctx,
		chromedp.Navigate(r.srv.URL+"/nop-ho-so/1.004873"),
		chromedp.WaitVisible(`input[name="variant"]`),
	))
	shot("portal-submit-variant.png")
	must(chromedp.Do(ctx, chromedp.Submit(`input[name="variant"]`), chromedp.WaitVisible(`[id="applicant.phone"]`)))
	shot("portal-submit-applicant.png")
	must(chromedp.Do(ctx,
		chromedp.SendKeys(`[id="applicant.phone"]`, "0912345678"),
		chromedp.Submit(`[id="applicant.phone"]`),
		chromedp.WaitVisible("#request"),
		chromedp.SendKeys("#request", "ngắn"),
		chromedp.Submit("#request"),
		chromedp.WaitVisible(".error-summary"),
	))
	shot("portal-submit-form-error.png")
	must(chromedp.Do(ctx,
		chromedp.SetValue("#phone", "0912345678"),
		chromedp.SetValue("#request", "Xác nhận tình trạng hôn nhân để đăng ký kết hôn"),
		chromedp.SetValue(`[id="residence.unit"]`, id(r.units["A"].ID)),
		chromedp.SetValue("#residence", "25 phố Liễu Giai"),
	))
	shot("portal-submit-form.png")
	must(chromedp.Do(ctx, chromedp.Submit("#request"), chromedp.WaitVisible(`[id="file.tp01"]`)))
	scan := filepath.Join(t.TempDir(), "giay-to.pdf")
	must(os.WriteFile(scan, scanPDF, 0o644))
	for _, c := range []string{"tp01", "tp02", "tp03"} {
		sel := `[id="file.` + c + `"]`
		must(chromedp.Do(ctx, chromedp.WaitVisible(sel), chromedp.SetUploadFiles(sel, []string{scan}), chromedp.Submit(sel),
			chromedp.WaitVisible(`section[aria-labelledby="file.`+c+`-title"] li`)))
	}
	shot("portal-submit-files.png")
	must(chromedp.Do(ctx, chromedp.Click(`a.button[href$="/noi-nhan"]`), chromedp.WaitVisible("#unit_id"),
		chromedp.SetValue("#unit_id", id(r.units["deskA"].ID))))
	shot("portal-submit-desk.png")
	must(chromedp.Do(ctx, chromedp.Submit("#unit_id"), chromedp.WaitVisible("button.big")))
	shot("portal-submit-review.png")
	must(chromedp.Do(ctx, chromedp.Click("button.big"), chromedp.WaitVisible(".notice")))
	if loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`)); err != nil || !strings.HasPrefix(loc, "/ho-so-cua-toi/") {
		t.Fatalf("after submitting: %s %v", loc, err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	at(loc)
	if !strings.Contains(text, "giay-to.pdf") || !strings.Contains(text, "Việc tiếp theo") {
		t.Errorf("dossier page: %s", text)
	}
	shot("portal-dossier.png")
	must(chromedp.Do(ctx, chromedp.Navigate(r.srv.URL+"/ho-so-cua-toi"), chromedp.WaitVisible("ul.dossiers")))
	at("/ho-so-cua-toi")
	if !strings.Contains(text, "000.01.90.H24-") && !strings.Contains(text, "001.01.90.H24-") {
		t.Errorf("my dossiers: %s", text)
	}
	shot("portal-my-dossiers.png")

	// Sign out, then in through the provider.
	must(chromedp.Do(ctx, chromedp.Click(`form[action="/dang-xuat"] button`), chromedp.WaitVisible("#contact")))
	at("/dang-nhap")
	shot("portal-login.png")
	must(chromedp.Do(ctx,
		chromedp.Click(`a[href^="/dang-nhap/oidc"]`),
		chromedp.WaitVisible("#username"),
		chromedp.SendKeys("#username", huongAtProvider.Subject),
		chromedp.SendKeys("#password", huongAtProvider.Password),
		chromedp.Click("#submit"),
		chromedp.WaitVisible("ul.dossiers, main p"),
	))
	at("/ho-so-cua-toi")
	who, err := chromedp.Run(ctx, chromedp.Text(".who a"))
	must(err)
	if who != "Nguyễn Thị Hương" {
		t.Errorf("signed in through the provider as %q", who)
	}
	shot("portal-oidc-signed-in.png")
}
