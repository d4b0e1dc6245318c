package app_test

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// pdfText extracts a PDF's text with poppler's pdftotext.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is required in CI")
		}
		t.Skip("pdftotext not installed")
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// The forms of a stored dossier carry its code, applicant, dates and the event they record.
func TestDossierForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		svc, a := w.svc, w.a
		d, err := svc.ReceiveDossier(a.desk, reception("1.004873"))
		if err != nil {
			t.Fatal(err)
		}
		opts := app.FormOptions{LookupBase: "https://dichvucong.example.vn/tra-cuu/"}
		b, err := svc.DossierForm(a.desk, d.Code, app.FormReceipt, opts)
		if err != nil {
			t.Fatal(err)
		}
		txt := pdfText(t, b)
		for _, want := range []string{d.Code, "Nguyễn Thị Hương", "Cấp Giấy xác nhận tình trạng hôn nhân", "ngày 05 tháng 3 năm 2026", "Trung tâm Phục vụ hành chính công"} {
			if !strings.Contains(txt, want) && !strings.Contains(strings.Join(strings.Fields(txt), " "), want) {
				t.Errorf("receipt lacks %q:\n%s", want, txt)
			}
		}
		if _, err := svc.DossierForm(a.desk, d.Code, app.FormApology, opts); errs.CodeOf(err) != "form_not_available" {
			t.Errorf("apology before any: %v", err)
		}
		if _, err := svc.DossierForm(a.desk, d.Code, "passport", opts); errs.CodeOf(err) != "unknown_form" {
			t.Errorf("unknown form: %v", err)
		}
		if _, err := svc.DossierForm(w.b.desk, d.Code, app.FormReceipt, opts); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another ward printed the receipt: %v", err)
		}
		for _, in := range []app.ActionInput{{Action: dossier.ActionTransfer}} {
			if _, err := svc.Act(a.desk, d.Code, in); err != nil {
				t.Fatal(err)
			}
		}
		w.clk.Advance(time.Hour)
		if _, err := svc.Act(a.leader, d.Code, app.ActionInput{Action: dossier.ActionRequestSupplement, Items: []string{"Bản sao trích lục ly hôn có chứng thực"}}); err != nil {
			t.Fatal(err)
		}
		w.clk.Advance(time.Hour)
		if _, err := svc.Act(a.leader, d.Code, app.ActionInput{Action: dossier.ActionReschedule, Reason: "Chờ kết quả xác minh của Ủy ban nhân dân nơi cư trú trước đây", ExtraDays: 2}); err != nil {
			t.Fatal(err)
		}
		checks := map[string][]string{
			app.FormSupplement:   {"Bản sao trích lục ly hôn có chứng thực", d.Code},
			app.FormApology:      {"Chờ kết quả xác minh", d.Code, "Nguyễn Thị Hương"},
			app.FormControlSheet: {d.Code, "Phường Hoàn Kiếm"},
		}
		for form, wants := range checks {
			b, err := svc.DossierForm(a.leader, d.Code, form, opts)
			if err != nil {
				t.Fatalf("%s: %v", form, err)
			}
			flat := strings.Join(strings.Fields(pdfText(t, b)), " ")
			for _, want := range wants {
				if !strings.Contains(flat, want) {
					t.Errorf("%s lacks %q:\n%s", form, want, flat)
				}
			}
		}
	})
}
