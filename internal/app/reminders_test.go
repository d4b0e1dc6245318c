package app_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/mail"
	"github.com/egov-vn/egov/internal/mail/mailtest"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// remindWorld is the dossier world with officials who have an email address.
type remindWorld struct {
	*dossierWorld
	users map[string]*org.User
	ctx   map[string]context.Context
}

func newRemindWorld(t *testing.T, db *store.DB) *remindWorld {
	t.Helper()
	w := &remindWorld{dossierWorld: newDossierWorld(t, db), users: map[string]*org.User{}, ctx: map[string]context.Context{}}
	for _, u := range []struct {
		name, full string
		unit       *org.Unit
		role       org.Role
	}{
		{"hoa.desk", "Nguyễn Thị Hoà", w.a.centre, org.RoleReception},
		{"duc.officer", "Trần Minh Đức", w.a.unit, org.RoleProcessing},
		{"lan.officer", "Lê Thị Lan", w.a.unit, org.RoleProcessing},
		{"phuong.leader", "Phạm Văn Phương", w.a.unit, org.RoleAgencyLeader},
		{"khanh.officer", "Đỗ Quốc Khánh", w.b.unit, org.RoleProcessing},
	} {
		created, err := w.svc.CreateUser(w.sys, app.NewUser{Username: u.name, FullName: u.full, Email: u.name + "@hanoi.gov.vn",
			Password: "Mat-khau-2025!", UnitID: u.unit.ID, Roles: []org.Role{u.role}})
		if err != nil {
			t.Fatal(err)
		}
		w.users[u.name] = created
		w.ctx[u.name] = app.WithActor(context.Background(), &org.Actor{UserID: created.ID, Username: created.Username, Grants: created.Grants})
	}
	return w
}

// receive receives a dossier at the desk of ward A (or B) and, unless keep, transfers it at once
// to the ward's processing step, assigned to toUser when not 0.
func (w *remindWorld) receive(t *testing.T, desk context.Context, paper, keep bool, toUser int64) string {
	t.Helper()
	in := reception("1.004873")
	in.Electronic = !paper
	d, err := w.svc.ReceiveDossier(desk, in)
	if err != nil {
		t.Fatal(err)
	}
	if !keep {
		if _, err := w.svc.Act(desk, d.Code, app.ActionInput{Action: dossier.ActionTransfer, ToUserID: toUser}); err != nil {
			t.Fatal(err)
		}
	}
	return d.Code
}

func codes(rs []*app.Reminder) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

func reminders(t *testing.T, w *remindWorld, ctx context.Context) *app.Reminders {
	t.Helper()
	r, err := w.svc.Reminders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReminders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRemindWorld(t, db)
		desk := w.ctx["hoa.desk"]
		// Monday 02/03/2026 09:00. The processing step takes 1.5 working days: due Tuesday 14:00.
		a1 := w.receive(t, desk, false, false, 0)
		b1 := w.receive(t, w.b.desk, false, false, 0)
		// A paper dossier left at the desk: it had to be transferred by Monday 17:00 (G6).
		a2 := w.receive(t, desk, true, true, 0)
		// Paused for a supplement: the clock stops, no reminder.
		a3 := w.receive(t, desk, false, false, 0)
		if _, err := w.svc.Act(w.ctx["duc.officer"], a3, app.ActionInput{Action: dossier.ActionRequestSupplement, Items: []string{"Bản sao giấy khai sinh"}}); err != nil {
			t.Fatal(err)
		}
		// Assigned to Lan: hers, not her colleague Đức's.
		a4 := w.receive(t, desk, false, false, w.users["lan.officer"].ID)

		w.clk.Set(time.Date(2026, 3, 3, 10, 0, 0, 0, vn)) // Tuesday 10:00
		r := reminders(t, w, w.ctx["duc.officer"])
		if got := codes(r.DueSoon); !slices.Equal(got, []string{a1}) || len(r.Overdue) != 0 {
			t.Errorf("Đức on Tuesday 10:00: due soon %v, overdue %v; want due soon [%s]", got, codes(r.Overdue), a1)
		}
		if len(r.DueSoon) == 1 {
			rem := r.DueSoon[0]
			if rem.Step != "Công chức chuyên môn thẩm định, đề xuất" || !rem.StepDue || rem.Status() != "Còn 3 giờ làm việc" ||
				rem.Due.In(vn).Format("02/01 15:04") != "03/03 14:00" || rem.DossierDueAt.In(vn).Format("02/01 15:04") != "05/03 09:00" {
				t.Errorf("reminder %+v: %s", rem, rem.Status())
			}
		}
		if r := reminders(t, w, w.ctx["lan.officer"]); !slices.Equal(codes(r.DueSoon), []string{a1, a4}) {
			t.Errorf("Lan: due soon %v, want [%s %s]", codes(r.DueSoon), a1, a4)
		}
		r = reminders(t, w, desk)
		if got := codes(r.Overdue); !slices.Equal(got, []string{a2}) || len(r.DueSoon) != 0 {
			t.Errorf("desk: overdue %v, due soon %v; want overdue [%s]", got, codes(r.DueSoon), a2)
		} else if rem := r.Overdue[0]; rem.Step != "Chuyển hồ sơ đến cơ quan giải quyết" || rem.Status() != "Quá hạn 2 giờ làm việc" {
			t.Errorf("desk reminder %q: %s", rem.Step, rem.Status())
		}
		// The leader signs later: nothing to do yet. Ward B sees only its own.
		if r := reminders(t, w, w.ctx["phuong.leader"]); !r.Empty() {
			t.Errorf("the leader is reminded of %v %v", codes(r.DueSoon), codes(r.Overdue))
		}
		if r := reminders(t, w, w.ctx["khanh.officer"]); !slices.Equal(codes(r.DueSoon), []string{b1}) || len(r.Overdue) != 0 {
			t.Errorf("ward B: %v %v", codes(r.DueSoon), codes(r.Overdue))
		}

		// Wednesday 09:00: the step is 4 working hours late (Tuesday 14:00–17:00, Wednesday 08:00–09:00).
		w.clk.Set(time.Date(2026, 3, 4, 9, 0, 0, 0, vn))
		r = reminders(t, w, w.ctx["duc.officer"])
		if got := codes(r.Overdue); !slices.Equal(got, []string{a1}) {
			t.Fatalf("Đức on Wednesday: overdue %v", got)
		}
		if s := r.Overdue[0].Status(); s != "Quá hạn 4 giờ làm việc" {
			t.Errorf("lateness %q", s)
		}

		// Across a weekend: received and transferred Thursday 15:30, the step is due Monday
		// 10:30. Friday 09:00 leaves 9.5 working hours: not yet; Friday 14:00 leaves 5.5: due soon.
		w.clk.Set(time.Date(2026, 3, 5, 15, 30, 0, 0, vn))
		a5 := w.receive(t, desk, false, false, 0)
		w.clk.Set(time.Date(2026, 3, 6, 9, 0, 0, 0, vn))
		if r := reminders(t, w, w.ctx["duc.officer"]); slices.Contains(codes(r.DueSoon), a5) {
			t.Errorf("due soon on Friday 09:00 with 9.5 working hours left")
		}
		w.clk.Set(time.Date(2026, 3, 6, 14, 0, 0, 0, vn))
		r = reminders(t, w, w.ctx["duc.officer"])
		i := slices.Index(codes(r.DueSoon), a5)
		if i < 0 {
			t.Fatalf("not due soon on Friday afternoon: %v", codes(r.DueSoon))
		}
		if s := r.DueSoon[i].Status(); s != "Còn 5 giờ 30 phút làm việc" {
			t.Errorf("left %q", s)
		}
	})
}

func TestReminderDigestsByEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRemindWorld(t, db)
		desk := w.ctx["hoa.desk"]
		a1 := w.receive(t, desk, false, false, 0)
		b1 := w.receive(t, w.b.desk, false, false, 0)
		a2 := w.receive(t, desk, true, true, 0)
		a4 := w.receive(t, desk, false, false, w.users["lan.officer"].ID)
		// Due in three working days: not yet on Tuesday.
		w.clk.Set(time.Date(2026, 3, 3, 9, 0, 0, 0, vn))
		late := w.receive(t, desk, false, true, 0)
		_ = late

		srv := mailtest.Start(t)
		cfg, err := mail.ParseURL(srv.URL(), "Một cửa điện tử Hà Nội <noreply@hanoi.gov.vn>")
		if err != nil {
			t.Fatal(err)
		}
		sender := mail.NewSender(cfg)
		srv.Reject("lan.officer@hanoi.gov.vn")

		// Wednesday 04/03/2026 07:30.
		w.clk.Set(time.Date(2026, 3, 4, 7, 30, 0, 0, vn))
		run, err := w.svc.SendDigests(w.sys, sender, "https://motcua.hanoi.gov.vn/")
		if err != nil {
			t.Fatal(err)
		}
		if run.Sent != 3 || run.Failed != 1 || run.AlreadySent != 0 || run.Day.String() != "2026-03-04" {
			t.Errorf("first run: %+v", run)
		}
		byTo := map[string]*mailtest.Message{}
		for _, m := range srv.Messages() {
			if m.Err != nil {
				t.Fatalf("message to %v does not decode: %v", m.To, m.Err)
			}
			if len(m.To) != 1 || m.From != "noreply@hanoi.gov.vn" {
				t.Errorf("envelope from %s to %v", m.From, m.To)
			}
			byTo[m.To[0]] = m
		}
		if len(byTo) != 3 {
			t.Fatalf("received for %v", keys(byTo))
		}
		// Each official gets exactly the dossiers they must act on.
		want := map[string]struct {
			overdue, dueSoon []string
		}{
			"duc.officer@hanoi.gov.vn":   {[]string{a1}, nil},
			"hoa.desk@hanoi.gov.vn":      {[]string{a2}, nil},
			"khanh.officer@hanoi.gov.vn": {[]string{b1}, nil},
		}
		all := []string{a1, a2, a4, b1, late}
		for to, wt := range want {
			m := byTo[to]
			if m == nil {
				t.Errorf("nothing for %s", to)
				continue
			}
			for _, code := range all {
				in := slices.Contains(wt.overdue, code) || slices.Contains(wt.dueSoon, code)
				for part, body := range map[string]string{"text": m.Text, "html": m.HTML} {
					if strings.Contains(body, code) != in {
						t.Errorf("%s, %s part: dossier %s listed %v, want %v", to, part, code, !in, in)
					}
				}
			}
			if !strings.Contains(m.Text, "/ho-so/"+wt.overdue[0]) || !strings.Contains(m.HTML, `href="https://motcua.hanoi.gov.vn/ho-so/`+wt.overdue[0]+`"`) {
				t.Errorf("%s: no link to the dossier:\n%s", to, m.Text)
			}
			wantSubject := "Nhắc việc ngày 04/03/2026: 0 hồ sơ sắp đến hạn, 1 hồ sơ quá hạn"
			if m.Subject != wantSubject {
				t.Errorf("%s: subject %q", to, m.Subject)
			}
			if !strings.Contains(m.Header.Get("Content-Type"), "multipart/alternative") {
				t.Errorf("%s: content type %s", to, m.Header.Get("Content-Type"))
			}
		}
		duc := byTo["duc.officer@hanoi.gov.vn"]
		for _, s := range []string{"Kính gửi Trần Minh Đức,", "HỒ SƠ QUÁ HẠN (1)", "Cấp Giấy xác nhận tình trạng hôn nhân",
			"Việc cần làm: Công chức chuyên môn thẩm định, đề xuất", "Hạn của bước: 14:00 03/03/2026. Quá hạn 3 giờ làm việc.",
			"https://motcua.hanoi.gov.vn/ho-so?view=overdue"} {
			if !strings.Contains(duc.Text, s) {
				t.Errorf("text part lacks %q:\n%s", s, duc.Text)
			}
		}
		if !strings.Contains(duc.HTML, "<strong>Quá hạn 3 giờ làm việc</strong>") || !strings.Contains(duc.HTML, "view=overdue") {
			t.Errorf("html part:\n%s", duc.HTML)
		}
		if to := duc.Header.Get("To"); !strings.Contains(to, "duc.officer@hanoi.gov.vn") {
			t.Errorf("To: %s", to)
		}
		if name, _ := duc.Header.AddressList("To"); len(name) != 1 || name[0].Name != "Trần Minh Đức" {
			t.Errorf("To name: %+v", name)
		}
		if from, _ := duc.Header.AddressList("From"); len(from) != 1 || from[0].Name != "Một cửa điện tử Hà Nội" {
			t.Errorf("From: %+v", from)
		}

		// A second run the same day sends nothing new; only the refused one is tried again.
		srv2 := len(srv.Messages())
		run, err = w.svc.SendDigests(w.sys, sender, "https://motcua.hanoi.gov.vn")
		if err != nil {
			t.Fatal(err)
		}
		if run.Sent != 0 || run.AlreadySent != 3 || run.Failed != 1 || len(srv.Messages()) != srv2 {
			t.Errorf("second run: %+v, %d messages", run, len(srv.Messages()))
		}
		var recs []store.DigestRecord
		db.Read(context.Background(), func(tx *store.Tx) (err error) {
			recs, err = tx.Digests(context.Background(), run.Day)
			return err
		})
		if len(recs) != 3 {
			t.Errorf("recorded %d digests", len(recs))
		}
		for _, r := range recs {
			if r.SentAt.IsZero() || r.Items != 1 {
				t.Errorf("record %+v", r)
			}
		}
		// The audit log has one record per run that sent or failed, with the counts.
		recsA, err := w.svc.AuditRecords(w.sys, store.AuditFilter{Action: "reminders.send"})
		if err != nil {
			t.Fatal(err)
		}
		if len(recsA) != 2 || !strings.Contains(recsA[len(recsA)-1].After, `"sent":3`) {
			for _, r := range recsA {
				t.Logf("audit: %s", r.After)
			}
			t.Errorf("%d audit records", len(recsA))
		}

		// Saturday: not a working day, nothing is sent though plenty is overdue.
		w.clk.Set(time.Date(2026, 3, 7, 7, 30, 0, 0, vn))
		run, err = w.svc.SendDigests(w.sys, sender, "https://motcua.hanoi.gov.vn")
		if err != nil {
			t.Fatal(err)
		}
		if run.Sent != 0 || run.NotWorkingDay == 0 || len(srv.Messages()) != srv2 {
			t.Errorf("Saturday: %+v", run)
		}
		// Monday: a new day, new digests, sent by two egov processes at once: each official
		// gets one.
		w.clk.Set(time.Date(2026, 3, 9, 7, 30, 0, 0, vn))
		other := app.New(db, w.clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
		runs := make(chan *app.DigestRun, 2)
		var wg sync.WaitGroup
		for _, svc := range []*app.Service{w.svc, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				run, err := svc.SendDigests(w.sys, sender, "https://motcua.hanoi.gov.vn")
				if err != nil {
					t.Error(err)
					return
				}
				runs <- run
			}()
		}
		wg.Wait()
		close(runs)
		sent := 0
		for run := range runs {
			sent += run.Sent
		}
		monday := map[string]int{}
		for _, m := range srv.Messages()[srv2:] {
			monday[m.To[0]]++
		}
		if sent != 3 || len(monday) != 3 {
			t.Errorf("Monday: %d sent, received %v", sent, monday)
		}
		for to, n := range monday {
			if n != 1 {
				t.Errorf("%s got %d digests on Monday", to, n)
			}
		}

		// Only the system sends digests.
		if _, err := w.svc.SendDigests(w.ctx["phuong.leader"], sender, ""); err == nil {
			t.Error("an official sent the digests")
		}
	})
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
