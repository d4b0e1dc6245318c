package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/auth"
	"github.com/egov-vn/egov/internal/mail"
	"github.com/egov-vn/egov/internal/mail/mailtest"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// TestBrowserCitizenJourney follows one citizen and the officials of commune A through a whole
// dossier in headless Chromium at phone width, each in their own browser profile: the citizen
// registers with a password, signs out and signs in through the OpenID Connect provider, submits
// a dossier with files through the wizard; the desk accepts and transfers it, the processing
// official asks for a fee; the citizen pays on the VNPAY simulator's page (signed return and
// IPN) and sees the new status in "Hồ sơ của tôi"; the leader completes it (the result is
// signed) and the desk returns it; the citizen downloads the signed result, checks it at
// /xac-thuc, rates the service and looks the dossier up with the personal ID number. Every state
// change sends an email through the notifications loop egov serve runs, to a real SMTP server.
func TestBrowserCitizenJourney(t *testing.T) {
	ctx := newBrowserFor(t, 4*time.Minute)
	p := newProvider(t, huongAtProvider)
	r, o := newPortalRig(t, storetest.SQLite(t), p)
	for _, u := range []struct {
		name, full, unit string
		role             org.Role
	}{
		{"chuyenvien-a", "Ngô Văn Xử", "A", org.RoleProcessing},
		{"lanhdao-a", "Bùi Thị Duyệt", "A", org.RoleAgencyLeader},
	} {
		created, err := r.svc.CreateUser(sys, app.NewUser{Username: u.name, FullName: u.full, Password: testPassword, UnitID: r.units[u.unit].ID, Roles: []org.Role{u.role}})
		if err != nil {
			t.Fatal(err)
		}
		r.users[u.name] = created
	}
	sim := withPayments(t, r)
	withSigning(t, r)
	// Notifications as egov serve sends them: a real SMTP server, the outbox delivered in a loop.
	smtp := mailtest.Start(t)
	mcfg, err := mail.ParseURL(smtp.URL(), "noreply@hanoi.gov.vn")
	if err != nil {
		t.Fatal(err)
	}
	r.svc.SetNotifications(app.NotifySettings{Mailer: mail.NewSender(mcfg), BaseURL: r.srv.URL})
	nctx, stop := context.WithCancel(context.Background())
	var loop sync.WaitGroup
	loop.Go(func() { r.svc.RunNotifications(nctx, 50*time.Millisecond) })
	t.Cleanup(func() { stop(); loop.Wait() })

	dir := screenshotDir(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	shot := func(c context.Context, name string) {
		t.Helper()
		png, err := chromedp.Run(c, chromedp.FullScreenshot(100))
		must(err)
		must(os.WriteFile(filepath.Join(dir, name), png, 0o644))
		fits, err := chromedp.Run(c, chromedp.Evaluate[bool]("document.documentElement.scrollWidth <= window.innerWidth"))
		must(err)
		if !fits {
			t.Errorf("%s: the page is wider than the phone screen", name)
		}
	}
	// see returns the path and the text of main on the page c shows, once it is loaded.
	see := func(c context.Context) (string, string) {
		t.Helper()
		must(chromedp.Do(c, chromedp.WaitReady("main")))
		path, err := chromedp.Run(c, chromedp.Evaluate[string](`location.pathname`))
		must(err)
		text, err := chromedp.Run(c, chromedp.Text("main"))
		must(err)
		return path, text
	}
	has := func(what, text string, wants ...string) {
		t.Helper()
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q:\n%s", what, w, text)
			}
		}
	}
	// mailed waits for the email to the citizen whose subject ends with what.
	mailed := func(code, what string) *mailtest.Message {
		t.Helper()
		subject := "Hồ sơ " + code + ": " + what
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
			for _, m := range smtp.Messages() {
				if m.Subject == subject && len(m.To) == 1 && m.To[0] == huongAtProvider.Email {
					return m
				}
			}
		}
		var got []string
		for _, m := range smtp.Messages() {
			got = append(got, m.Subject)
		}
		t.Fatalf("no email %q; the server received %q", subject, got)
		return nil
	}
	phone := chromedp.EmulateViewport(390, 844)
	begin := time.Now()

	t.Logf("step 1 at %s", time.Since(begin).Round(time.Millisecond))
	// 1. Registration with a password and the code sent to the email address, then sign-out.
	citizen := ctx
	must(chromedp.Do(citizen, phone, chromedp.Navigate(r.srv.URL+"/dang-ky"), chromedp.WaitVisible("#full_name"),
		chromedp.SendKeys("#full_name", "Lê Thị Mai"),
		chromedp.SendKeys("#contact", "mai@example.vn"),
		chromedp.SendKeys("#password", testPassword),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("#code")))
	_, text := see(citizen)
	has("the verification page", text, "Nhập mã xác minh")
	shot(citizen, "01-verify.png")
	must(chromedp.Do(citizen, chromedp.SendKeys("#code", o.code("mai@example.vn")), chromedp.Submit("#code"), chromedp.WaitVisible("#sessions")))
	path, text := see(citizen)
	if path != "/tai-khoan" {
		t.Fatalf("after the code: %s", path)
	}
	has("the new account", text, "Lê Thị Mai", "mai@example.vn")
	must(chromedp.Do(citizen, chromedp.Click(`form[action="/dang-xuat"] button`), chromedp.WaitVisible("#contact")))
	if path, _ = see(citizen); path != "/dang-nhap" {
		t.Fatalf("after signing out: %s", path)
	}

	t.Logf("step 2 at %s", time.Since(begin).Round(time.Millisecond))
	// 2. Sign-in through the identity provider's own page: the account made from its claims
	// (accounts are never linked by email, so this is the provider's person, not the one above).
	must(chromedp.Do(citizen, chromedp.Click(`a[href^="/dang-nhap/oidc"]`), chromedp.WaitVisible("#username")))
	shot(citizen, "02-provider-login.png")
	must(chromedp.Do(citizen,
		chromedp.SendKeys("#username", huongAtProvider.Subject),
		chromedp.SendKeys("#password", huongAtProvider.Password),
		chromedp.Click("#submit"),
		chromedp.WaitVisible(".who a")))
	who, err := chromedp.Run(citizen, chromedp.Text(".who a"))
	must(err)
	if who != "Nguyễn Thị Hương" {
		t.Fatalf("signed in through the provider as %q", who)
	}

	t.Logf("step 3 at %s", time.Since(begin).Round(time.Millisecond))
	// 3. The wizard: procedure 1.004873, the applicant, the form, three files, the desk, submit.
	must(chromedp.Do(citizen, chromedp.Navigate(r.srv.URL+"/nop-ho-so/1.004873"), chromedp.WaitVisible(`input[name="variant"]`),
		chromedp.Submit(`input[name="variant"]`), chromedp.WaitVisible(`[id="applicant.phone"]`)))
	name, err := chromedp.Run(citizen, chromedp.Evaluate[string](`document.getElementById("applicant.name").value`))
	must(err)
	if name != "Nguyễn Thị Hương" {
		t.Errorf("the applicant step is filled with %q", name)
	}
	must(chromedp.Do(citizen, chromedp.SetValue(`[id="applicant.phone"]`, "0912000111"), chromedp.Submit(`[id="applicant.phone"]`),
		chromedp.WaitVisible("#request"),
		chromedp.SetValue("#phone", "0912000111"),
		chromedp.SetValue("#request", "Xác nhận tình trạng hôn nhân để đăng ký kết hôn"),
		chromedp.SetValue(`[id="residence.unit"]`, id(r.units["A"].ID)),
		chromedp.SetValue("#residence", "25 phố Liễu Giai"),
		chromedp.Submit("#request"), chromedp.WaitVisible(`[id="file.tp01"]`)))
	scan := filepath.Join(t.TempDir(), "giay-to.pdf")
	must(os.WriteFile(scan, scanPDF, 0o644))
	for _, c := range []string{"tp01", "tp02", "tp03"} {
		sel := `[id="file.` + c + `"]`
		must(chromedp.Do(citizen, chromedp.WaitVisible(sel), chromedp.SetUploadFiles(sel, []string{scan}), chromedp.Submit(sel),
			chromedp.WaitVisible(`section[aria-labelledby="file.`+c+`-title"] li`)))
	}
	shot(citizen, "03-wizard-files.png")
	must(chromedp.Do(citizen, chromedp.Click(`a.button[href$="/noi-nhan"]`), chromedp.WaitVisible("#unit_id"),
		chromedp.SetValue("#unit_id", id(r.units["deskA"].ID)), chromedp.Submit("#unit_id"), chromedp.WaitVisible("button.big")))
	must(chromedp.Do(citizen, chromedp.Click("button.big"), chromedp.WaitVisible(".notice")))
	path, text = see(citizen)
	if !strings.HasPrefix(path, "/ho-so-cua-toi/") {
		t.Fatalf("after submitting: %s", path)
	}
	code := strings.TrimPrefix(path, "/ho-so-cua-toi/")
	has("the submitted dossier", text, "Đã nộp hồ sơ. Mã hồ sơ của bạn là "+code, "giay-to.pdf", "Việc tiếp theo", "Mới đăng ký")
	shot(citizen, "04-submitted.png")
	mailed(code, "đã gửi")

	// The officials, each signed in in a browser profile of their own.
	official := func(username string) context.Context {
		t.Helper()
		c, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		must(chromedp.Do(c, phone, chromedp.Navigate(r.srv.URL+"/login"), chromedp.WaitVisible("#username"),
			chromedp.SendKeys("#username", username), chromedp.SendKeys("#password", testPassword), chromedp.Submit("#password"),
			chromedp.WaitVisible(".cards, #secret")))
		if path, _ := see(c); strings.HasPrefix(path, "/login/enrol") {
			// A leader enrols the second factor at the first sign-in.
			secret, err := chromedp.Run(c, chromedp.Text("#secret"))
			must(err)
			otp, err := auth.TOTPCode(strings.ReplaceAll(secret, " ", ""), r.clock.Now())
			must(err)
			must(chromedp.Do(c, chromedp.SendKeys("#code", otp), chromedp.Submit("#code"), chromedp.WaitVisible(".cards")))
		}
		return c
	}
	// act opens the dossier's page, fills the action's form and sends it.
	act := func(c context.Context, form string, fill ...chromedp.Action[chromedp.Void]) string {
		t.Helper()
		must(chromedp.Do(c, chromedp.Navigate(r.srv.URL+"/ho-so/"+code), chromedp.WaitVisible("#dossier-title")))
		forms, err := chromedp.Run(c, chromedp.Evaluate[string](`[...document.querySelectorAll("form.act-form")].map(f => f.id).join(" ")`))
		must(err)
		if !strings.Contains(" "+forms+" ", " "+form+" ") {
			_, text := see(c)
			t.Fatalf("no form %s on the dossier page, only %q:\n%s", form, forms, text)
		}
		must(chromedp.Do(c, fill...))
		must(chromedp.Do(c, chromedp.Click("#"+form+` button[type="submit"]`), chromedp.WaitVisible(".notice")))
		_, text := see(c)
		return text
	}
	desk := official("reception-a")
	text = act(desk, "act-accept")
	has("the dossier page after accepting", text, "Đã thực hiện: Tiếp nhận hồ sơ.", "Được tiếp nhận")
	shot(desk, "05-desk-accepted.png")
	mailed(code, "đã tiếp nhận")
	text = act(desk, "act-transfer")
	has("the dossier page after the transfer", text, "Đang xử lý")
	mailed(code, "đang giải quyết")

	officer := official("chuyenvien-a")
	text = act(officer, "act-request-payment", chromedp.SetValue("#act-request-payment-amount", "50000"))
	has("the dossier page after asking for the fee", text, "Yêu cầu thực hiện nghĩa vụ tài chính", "50.000")
	shot(officer, "06-fee-requested.png")
	m := mailed(code, "chờ nộp phí, lệ phí")
	has("the fee email", m.Text, "50.000 đồng", "/ho-so-cua-toi/"+code)

	// The desk makes the payment link for the applicant.
	must(chromedp.Do(desk, chromedp.Navigate(r.srv.URL+"/thanh-toan/"+code), chromedp.WaitVisible(`form[action$="/lien-ket"]`),
		chromedp.Click(`form[action$="/lien-ket"] button`), chromedp.WaitVisible("#pay-link")))
	link, err := chromedp.Run(desk, chromedp.Text("#pay-link"))
	must(err)

	t.Logf("step 4 at %s", time.Since(begin).Round(time.Millisecond))
	// 4. The citizen sees what is asked, pays on the gateway's page and comes back.
	must(chromedp.Do(citizen, chromedp.Navigate(r.srv.URL+"/ho-so-cua-toi"), chromedp.WaitVisible("ul.dossiers")))
	_, text = see(citizen)
	has("my dossiers awaiting the fee", text, code, "Yêu cầu thực hiện nghĩa vụ tài chính")
	must(chromedp.Do(citizen, chromedp.Navigate(link), chromedp.WaitVisible(`form[action$="/cong"]`)))
	_, text = see(citizen)
	has("the payment page", text, "Thanh toán qua cổng", "50.000 đồng", "Năm mươi nghìn đồng")
	shot(citizen, "07-payment.png")
	must(chromedp.Do(citizen, chromedp.Click(`form[action$="/cong"] button`), chromedp.WaitVisible(`button[value="pay"]`)))
	gwText, err := chromedp.Run(citizen, chromedp.Text("body"))
	must(err)
	has("the gateway's page", gwText, "50.000")
	shot(citizen, "08-gateway.png")
	must(chromedp.Do(citizen, chromedp.Click(`button[value="pay"]`), chromedp.WaitVisible("footer")))
	path, text = see(citizen)
	if !strings.HasPrefix(path, "/thanh-toan/"+code+"/ket-qua") {
		t.Fatalf("back from the gateway at %s", path)
	}
	has("the return page", text, "Thanh toán thành công 50.000 đồng cho hồ sơ "+code, "Tải biên lai điện tử")
	shot(citizen, "09-paid.png")
	if a := sim.Answers(); len(a) != 1 {
		t.Errorf("IPN answers: %v", a)
	}
	must(chromedp.Do(citizen, chromedp.Navigate(r.srv.URL+"/ho-so-cua-toi"), chromedp.WaitVisible("ul.dossiers")))
	_, text = see(citizen)
	has("my dossiers after paying", text, code, "Đang xử lý")
	shot(citizen, "10-my-dossiers-paid.png")
	if n := len(smtp.Messages()); n < 5 {
		t.Errorf("%d emails so far", n)
	}

	t.Logf("step 5 at %s", time.Since(begin).Round(time.Millisecond))
	// 5. Processing goes on: forward to the leader, who completes (the result is signed); the desk returns it.
	// The officer attaches the result the agency issued (here the receipt PDF stands for it) and
	// forwards the dossier to the leader.
	st, _, resultPDF := r.fetch(r.tokens["reception-a"], "/api/v1/dossiers/"+code+"/forms/receipt.pdf")
	if st != 200 {
		t.Fatalf("receipt: %d", st)
	}
	result := filepath.Join(t.TempDir(), "giay-xac-nhan.pdf")
	must(os.WriteFile(result, resultPDF, 0o644))
	must(chromedp.Do(officer, chromedp.Navigate(r.srv.URL+"/ho-so/"+code), chromedp.WaitVisible("#file-file"),
		chromedp.SetValue("#file-kind", "result"), chromedp.SetUploadFiles("#file-file", []string{result}),
		chromedp.Click(`form.upload button[type="submit"]`), chromedp.WaitVisible(`//ul[contains(@class, "files")]/li[contains(., "giay-xac-nhan.pdf")]`)))
	_, text = see(officer)
	has("the dossier page with the result attached", text, "giay-xac-nhan.pdf (kết quả")
	act(officer, "act-forward")
	leader := official("lanhdao-a")
	text = act(leader, "act-complete", chromedp.SetValue("#act-complete-result", "Giấy xác nhận tình trạng hôn nhân số 12/2026"))
	has("the dossier page after completing", text, "Đã xử lý xong", "Kết quả điện tử đã ký số")
	shot(leader, "11-completed-signed.png")
	mailed(code, "đã có kết quả")
	text = act(desk, "act-return")
	has("the dossier page after the return", text, "Đã trả kết quả")
	m = mailed(code, "đã trả kết quả")
	if !ratingLink.MatchString(m.Text) {
		t.Errorf("the return email has no rating link:\n%s", m.Text)
	}

	t.Logf("step 6 at %s", time.Since(begin).Round(time.Millisecond))
	// 6. The citizen downloads the signed result and checks it on the verification page.
	must(chromedp.Do(citizen, chromedp.Navigate(r.srv.URL+"/ho-so-cua-toi/"+code), chromedp.WaitVisible("#ket-qua")))
	_, text = see(citizen)
	has("the returned dossier", text, "Đã trả kết quả", "Kết quả điện tử đã ký số", "Đánh giá mức độ hài lòng")
	shot(citizen, "12-result.png")
	downloads := t.TempDir()
	done := make(chan string, 1)
	chromedp.ListenBrowser(citizen, func(ev any) {
		if e, ok := ev.(*cdpbrowser.EventDownloadProgress); ok && e.State == cdpbrowser.DownloadProgressStateCompleted {
			select {
			case done <- e.GUID:
			default:
			}
		}
	})
	events := true
	_, err = chromedp.CallBrowser(citizen, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: &events})
	must(err)
	must(chromedp.Do(citizen, chromedp.Click(`#ket-qua a[download]`)))
	var saved string
	select {
	case guid := <-done:
		saved = filepath.Join(downloads, guid)
	case <-time.After(20 * time.Second):
		t.Fatal("the signed result was not downloaded")
	}
	data, err := os.ReadFile(saved)
	must(err)
	if !strings.HasPrefix(string(data), "%PDF-") {
		t.Fatalf("the download is not a PDF: %.20q", data)
	}
	must(chromedp.Do(citizen, chromedp.Navigate(r.srv.URL+"/xac-thuc"), chromedp.WaitVisible("#verify-file"),
		chromedp.SetUploadFiles("#verify-file", []string{saved}), chromedp.Submit("#verify-file"), chromedp.WaitVisible("#verdict-title")))
	_, text = see(citizen)
	has("the verification of the downloaded result", text, "Hợp lệ", "Văn bản không thay đổi từ khi ký", "Phường Ba Đình", code, "Đang có hiệu lực")
	shot(citizen, "13-verified.png")

	t.Logf("step 7 at %s", time.Since(begin).Round(time.Millisecond))
	// 7. The rating, as the owner account signed in.
	must(chromedp.Do(citizen, chromedp.Navigate(r.srv.URL+"/ho-so-cua-toi/"+code), chromedp.WaitVisible(`a[href="/danh-gia/`+code+`"]`),
		chromedp.Click(`a[href="/danh-gia/`+code+`"]`), chromedp.WaitVisible("#score-1"),
		chromedp.Click("#score-1"), chromedp.SetValue("#comment", "Nhanh, không phải đi lại"),
		chromedp.Click(`form[action="/danh-gia/`+code+`"] button[type="submit"]`), chromedp.WaitVisible("#given-title")))
	_, text = see(citizen)
	has("the rating page after rating", text, "Cảm ơn ông/bà đã đánh giá", "Nhanh, không phải đi lại")
	shot(citizen, "14-rated.png")

	// 8. The public lookup: the status for anyone, the details with the personal ID number.
	must(chromedp.Do(citizen, chromedp.Navigate(r.srv.URL+"/tra-cuu/"+code), chromedp.WaitVisible("#so_dinh_danh"),
		chromedp.SendKeys("#so_dinh_danh", huongAtProvider.PersonalID), chromedp.Submit("#so_dinh_danh"), chromedp.WaitVisible("#chi-tiet")))
	_, text = see(citizen)
	has("the lookup with the ID number", text, "Đã trả kết quả", "Chi tiết quá trình giải quyết", "Hồ sơ đã được tiếp nhận.", "Ngày hẹn trả kết quả là",
		"Cơ quan ghi: Giấy xác nhận tình trạng hôn nhân số 12/2026")
	if strings.Contains(text, huongAtProvider.PersonalID) {
		t.Error("the lookup shows the personal ID number")
	}
	shot(citizen, "15-lookup-details.png")

	// Every state change was told to the citizen by email, and nothing else was.
	var subjects []string
	for _, m := range smtp.Messages() {
		if m.To[0] == huongAtProvider.Email {
			subjects = append(subjects, strings.TrimPrefix(m.Subject, "Hồ sơ "+code+": "))
		}
	}
	want := []string{"đã gửi", "đã tiếp nhận", "đang giải quyết", "chờ nộp phí, lệ phí", "đang giải quyết", "đã có kết quả", "đã trả kết quả"}
	if strings.Join(subjects, "|") != strings.Join(want, "|") {
		t.Errorf("emails to the citizen: %q, want %q", subjects, want)
	}
}
