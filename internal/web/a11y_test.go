package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// axePath is axe-core as installed from the pinned testdata/axe/package-lock.json (.ci/run runs
// npm ci there when it is missing).
const axePath = "testdata/axe/node_modules/axe-core/axe.min.js"

// loadAxe reads axe-core, or skips when it is not installed (a failure in CI).
func loadAxe(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(axePath)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core is not installed (%v): run npm ci in internal/web/testdata/axe", err)
		}
		t.Skip("axe-core not installed: run `npm ci` in internal/web/testdata/axe to run the accessibility check")
	}
	return string(b)
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axeRun runs axe-core on the page shown with the WCAG 2.1 A and AA rules.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
	.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))}))))`

// TestAccessibility checks the main pages (public, the portal for a signed-in citizen, the
// officials') against WCAG 2.1 level AA with axe-core in headless Chromium, at desktop width
// and at 390 px, and lists every violation with its selectors.
func TestAccessibility(t *testing.T) {
	axe := loadAxe(t)
	ctx := newBrowser(t)
	r, o := newPortalRig(t, storetest.SQLite(t), nil)
	// A citizen with a dossier submitted online, and one received at the counter.
	tok, to, err := r.svc.Register(context.Background(), app.RegistrationInput{Kind: citizen.Person, FullName: "Nguyễn Thị Hương", Contact: "huong@example.vn", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	_, ca, err := r.svc.VerifyRegistration(context.Background(), tok, o.code(to), "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	huong := app.WithCitizen(context.Background(), ca)
	if _, err := r.svc.UpdateMyProfile(huong, citizen.Profile{FullName: "Nguyễn Thị Hương", PersonalID: "001199012345", BirthDate: "1999-05-04"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.svc.SetMyAddress(huong, r.units["A"].ID, "12 Hàng Bạc"); err != nil {
		t.Fatal(err)
	}
	mine, err := r.svc.SubmitDossier(huong, app.SubmissionInput{ProcedureCode: "1.004873", Components: []string{"tp01", "tp02", "tp03"}, UnitID: r.units["deskA"].ID})
	if err != nil {
		t.Fatal(err)
	}
	d := r.receive()

	public := []string{"/thu-tuc", "/thu-tuc/1.004873", "/tra-cuu/" + d.Code, "/lich-lam-viec", "/du-lieu-mo", "/xac-thuc", "/dang-nhap", "/dang-ky"}
	portal := []string{"/tai-khoan", "/ho-so-cua-toi", "/ho-so-cua-toi/" + mine.Code, "/nop-ho-so", "/danh-gia/" + mine.Code}
	officials := []string{"/home", "/quay", "/ho-so", "/ho-so/" + d.Code, "/tong-quan"}

	run := func(p string) []axeViolation {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+"\n;true")); err != nil {
			t.Fatalf("inject axe-core on %s: %v", p, err)
		}
		res, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("axe on %s: %v", p, err)
		}
		var vs []axeViolation
		if err := json.Unmarshal([]byte(res), &vs); err != nil {
			t.Fatalf("axe result on %s: %v", p, err)
		}
		return vs
	}
	// The check itself works: an image without a text alternative is found.
	if err := chromedp.Do(ctx, chromedp.Navigate(r.srv.URL+"/thu-tuc"), chromedp.WaitReady("main")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("main").append(document.createElement("img")); true`)); err != nil {
		t.Fatal(err)
	}
	if vs := run("/thu-tuc"); len(vs) != 1 || vs[0].ID != "image-alt" {
		t.Fatalf("axe-core did not find the image without alt: %+v", vs)
	}

	var failures []string
	check := func(paths []string) {
		t.Helper()
		for _, width := range []int64{1280, 390} {
			for _, p := range paths {
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(r.srv.URL+p), chromedp.WaitReady("main")); err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				at, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
				if err != nil || at != strings.SplitN(p, "?", 2)[0] {
					t.Fatalf("%s shows %s instead (%v)", p, at, err)
				}
				vs := run(p)
				for _, v := range vs {
					var b strings.Builder
					fmt.Fprintf(&b, "%s at %d px: %s (%s): %s", p, width, v.ID, v.Impact, v.Help)
					for _, n := range v.Nodes {
						fmt.Fprintf(&b, "\n    %v\n      %s", n.Target, strings.ReplaceAll(n.Summary, "\n", "\n      "))
					}
					failures = append(failures, b.String())
				}
			}
		}
	}
	check(public)

	// The citizen signs in through the portal's page.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(r.srv.URL+"/dang-nhap"), chromedp.WaitVisible("#contact"),
		chromedp.SendKeys("#contact", "huong@example.vn"), chromedp.SendKeys("#password", testPassword), chromedp.Submit("#password"),
		chromedp.WaitNotPresent("#contact")); err != nil {
		t.Fatal(err)
	}
	check(portal)

	// The official signs in at the counter's desk.
	if err := chromedp.Do(ctx, chromedp.Navigate(r.srv.URL+"/login"), chromedp.WaitVisible("#username"),
		chromedp.SendKeys("#username", "reception-a"), chromedp.SendKeys("#password", testPassword), chromedp.Submit("#password"),
		chromedp.WaitNotPresent("#username")); err != nil {
		t.Fatal(err)
	}
	check(officials)
	if len(failures) > 0 {
		t.Errorf("%d WCAG 2.1 AA violations:\n%s", len(failures), strings.Join(failures, "\n"))
	}
}
