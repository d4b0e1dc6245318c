package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// What a portal account does on its own dossier after submitting it: upload the documents a
// supplement request asks for and send the supplement (resubmit before reception, supplement
// during processing, domain-vn §4.2 and §6.6), or withdraw the dossier with a reason. The account
// acts with the applicant's role of the transition table; any other dossier does not exist for
// it.

// ownDossier reads dossier code in tx when it is the account's own, else unknown_dossier.
func ownDossier(ctx context.Context, tx *store.Tx, citizenID int64, code string) (*store.DossierRow, error) {
	d, err := tx.Dossier(ctx, code)
	if err != nil {
		return nil, err
	}
	owner, err := tx.DossierOwner(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	if owner != citizenID {
		return nil, store.ErrUnknownDossier(code)
	}
	return d, nil
}

func awaitingApplicant(s dossier.State) bool {
	return s == dossier.ReceptionSupplement || s == dossier.AwaitingSupplement
}

// AttachMyFile uploads a document to the signed-in account's own dossier while it waits for the
// applicant's supplement, for one of its components. Errors: Unauthorized, NotFound, Invalid
// (file_* with field "file.<component>", unknown_component), Conflict not_awaiting_supplement.
func (s *Service) AttachMyFile(ctx context.Context, code, component, name string, data []byte) (*store.FileRow, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	code, component = strings.TrimSpace(code), strings.TrimSpace(component)
	if _, err := dossier.ParseCode(code); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var out *store.FileRow
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		d, err := ownDossier(ctx, tx, c.Account.ID, code)
		if err != nil {
			return nil, err
		}
		if !awaitingApplicant(d.State) {
			return nil, errs.New(errs.Conflict, "not_awaiting_supplement", "Hồ sơ không ở trạng thái chờ bổ sung nên không tải thêm giấy tờ được.",
				"The dossier is not waiting for a supplement.")
		}
		comps, err := tx.Components(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(comps, func(x store.ComponentRow) bool { return x.Code == component }) {
			return nil, errs.Invalidf("component", "unknown_component", "Hồ sơ không có thành phần "+component+".", "The dossier has no component "+component+".")
		}
		ct, err := checkUpload(data, component, nil)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		hash := hex.EncodeToString(sum[:])
		if err := tx.PutBlob(ctx, hash, ct, data, now); err != nil {
			return nil, err
		}
		acc, err := tx.Citizen(ctx, c.Account.ID)
		if err != nil {
			return nil, err
		}
		out = &store.FileRow{DossierID: d.ID, Kind: FileComponent, ComponentCode: component, Name: cleanFileName(name, ct), SHA256: hash,
			Size: int64(len(data)), ContentType: ct, UploadedAt: now, UploadedBy: acc.FullName}
		if err := tx.InsertDossierFile(ctx, out); err != nil {
			return nil, err
		}
		return []change{{Action: "dossier.attach_file", ObjectType: "dossier", ObjectID: d.ID, UnitPath: d.CurrentUnitPath,
			After: map[string]any{"code": d.Code, "file_id": out.ID, "kind": out.Kind, "component": component, "name": out.Name,
				"sha256": hash, "size": out.Size, "by": "applicant"}}}, nil
	})
	return out, err
}

// SupplementMyDossier sends the supplement of the signed-in account's own dossier: the files
// uploaded since the request are the documents handed in. Before reception it is resubmitted
// (back to Submitted); during processing the clock resumes and the due date moves by the working
// time of the pause (§6.6). note is an optional message to the officials. Errors: Unauthorized,
// NotFound, Invalid supplement_files_required, Conflict illegal_transition.
func (s *Service) SupplementMyDossier(ctx context.Context, code, note string) (*store.DossierRow, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	code = strings.TrimSpace(code)
	if _, err := dossier.ParseCode(code); err != nil {
		return nil, err
	}
	note = org.NormalizeText(note)
	if len([]rune(note)) > 2000 {
		return nil, errs.Invalidf("note", "text_too_long", "Lời nhắn quá dài (tối đa 2000 ký tự).", "The note is too long (2000 characters at most).")
	}
	var out *store.DossierRow
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		d, err := ownDossier(ctx, tx, c.Account.ID, code)
		if err != nil {
			return nil, err
		}
		action := dossier.ActionSupplement
		if d.State == dossier.ReceptionSupplement {
			action = dossier.ActionResubmit
		}
		events, err := tx.Events(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		files, err := tx.DossierFiles(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		var since time.Time
		if e := lastRequest(events); e != nil {
			since = e.At
		}
		var items []string
		for _, f := range files {
			if f.Kind == FileComponent && f.UploadedByID == 0 && !f.UploadedAt.Before(since) && !slices.Contains(items, f.ComponentCode) {
				items = append(items, f.ComponentCode)
			}
		}
		if awaitingApplicant(d.State) && len(items) == 0 {
			return nil, errs.Invalidf("file", "supplement_files_required", "Hãy tải lên giấy tờ cần bổ sung trước khi gửi.",
				"Upload the documents asked for before sending the supplement.")
		}
		acc, err := tx.Citizen(ctx, c.Account.ID)
		if err != nil {
			return nil, err
		}
		ch, err := s.actAs(ctx, tx, citizenActor(acc), []org.Role{dossier.RoleApplicant}, d, ActionInput{Action: action, Items: items, Reason: note})
		if err != nil {
			return nil, err
		}
		out = d
		return []change{ch}, nil
	})
	return out, err
}

// WithdrawMyDossier asks to withdraw the signed-in account's own dossier (rút hồ sơ), with a
// reason; the officials then confirm it. Errors: Unauthorized, NotFound, Invalid
// (reason_required, text_too_long), Conflict illegal_transition.
func (s *Service) WithdrawMyDossier(ctx context.Context, code, reason string) (*store.DossierRow, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	code = strings.TrimSpace(code)
	if _, err := dossier.ParseCode(code); err != nil {
		return nil, err
	}
	reason = org.NormalizeText(reason)
	if reason == "" {
		return nil, errs.Invalidf("reason", dossier.CodeReasonRequired, "Hãy ghi lý do rút hồ sơ.", "Give the reason for withdrawing.")
	}
	if len([]rune(reason)) > 2000 {
		return nil, errs.Invalidf("reason", "text_too_long", "Lý do quá dài (tối đa 2000 ký tự).", "The reason is too long (2000 characters at most).")
	}
	var out *store.DossierRow
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		d, err := ownDossier(ctx, tx, c.Account.ID, code)
		if err != nil {
			return nil, err
		}
		acc, err := tx.Citizen(ctx, c.Account.ID)
		if err != nil {
			return nil, err
		}
		ch, err := s.actAs(ctx, tx, citizenActor(acc), []org.Role{dossier.RoleApplicant}, d, ActionInput{Action: dossier.ActionWithdraw, Reason: reason})
		if err != nil {
			return nil, err
		}
		out = d
		return []change{ch}, nil
	})
	return out, err
}

// MyFileContent returns a file of the signed-in account's own dossier with its content.
// Errors: Unauthorized, NotFound.
func (s *Service) MyFileContent(ctx context.Context, code string, id int64) (*store.FileRow, []byte, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	code = strings.TrimSpace(code)
	if _, err := dossier.ParseCode(code); err != nil {
		return nil, nil, err
	}
	var f *store.FileRow
	var data []byte
	err = s.read(ctx, func(tx *store.Tx) error {
		d, err := ownDossier(ctx, tx, c.Account.ID, code)
		if err != nil {
			return err
		}
		if f, err = tx.DossierFile(ctx, d.ID, id); err != nil {
			return err
		}
		data, err = tx.Blob(ctx, f.SHA256)
		return err
	})
	return f, data, err
}

// TimelineEntry is one step of a dossier's history told to its applicant.
type TimelineEntry struct {
	At time.Time `json:"at"`
	// Action is the action's code; Text says what happened in plain Vietnamese.
	Action string `json:"action"`
	Text   string `json:"text"`
	// Message is what the officials wrote (the reason of a supplement request, a refusal, a stop,
	// an apology), or the applicant's own note or reason.
	Message string `json:"message,omitempty"`
	// FromOfficials marks a message written by the officials.
	FromOfficials bool `json:"from_officials,omitempty"`
	// Items are the documents asked for (supplement requests).
	Items []string `json:"items,omitempty"`
	// NewDueAt is the new appointment of a reschedule or a supplement.
	NewDueAt time.Time `json:"new_due_at,omitzero"`
}

// citizenTexts tell each action to the applicant, without the officials' terms.
var citizenTexts = map[string]string{
	"submit":                       "Bạn đã nộp hồ sơ trực tuyến. Bộ phận một cửa sẽ kiểm tra hồ sơ.",
	"receive_direct":               "Hồ sơ đã được nhận tại bộ phận một cửa.",
	"accept":                       "Hồ sơ đã được tiếp nhận. Thời hạn giải quyết bắt đầu được tính.",
	"request_reception_supplement": "Bộ phận một cửa đề nghị bạn bổ sung giấy tờ trước khi tiếp nhận hồ sơ.",
	"resubmit":                     "Bạn đã gửi giấy tờ bổ sung. Bộ phận một cửa sẽ kiểm tra lại.",
	"refuse":                       "Hồ sơ không được tiếp nhận.",
	"withdraw":                     "Bạn đã đề nghị rút hồ sơ.",
	"transfer":                     "Hồ sơ đã được chuyển đến cơ quan giải quyết.",
	"forward":                      "Hồ sơ đang được giải quyết.",
	"send_to_coop":                 "Hồ sơ được gửi đến một cơ quan khác để phối hợp giải quyết.",
	"coop_return":                  "Cơ quan phối hợp đã xong phần việc của mình.",
	"request_supplement":           "Cơ quan giải quyết đề nghị bạn bổ sung giấy tờ. Thời hạn giải quyết tạm dừng trong khi chờ bạn bổ sung.",
	"supplement":                   "Bạn đã gửi giấy tờ bổ sung. Thời hạn giải quyết được tính tiếp.",
	"request_payment":              "Bạn cần nộp phí, lệ phí để hồ sơ được giải quyết tiếp.",
	"pay":                          "Đã nhận được phí, lệ phí bạn nộp.",
	"complete":                     "Đã có kết quả giải quyết hồ sơ.",
	"return":                       "Kết quả đã được trả cho bạn.",
	"confirm_withdrawal":           "Cơ quan đã đồng ý cho bạn rút hồ sơ. Hồ sơ kết thúc.",
	"stop":                         "Hồ sơ bị dừng giải quyết.",
	"reschedule":                   "Cơ quan giải quyết xin lỗi vì chưa trả kết quả đúng hẹn và hẹn lại ngày trả kết quả.",
	"calendar_change":              "Ngày hẹn trả thay đổi theo lịch làm việc mới của cơ quan nhà nước.",
}

// officialMessages are the actions whose reason the officials (or the payment gateway) write to
// the applicant: the result note of "complete" and the payment's record of "pay" among them.
var officialMessages = []string{"request_reception_supplement", "request_supplement", "refuse", "stop", "reschedule", "confirm_withdrawal",
	"complete", "pay", "request_payment", "return"}

func eventItems(e *store.EventRow) []string {
	var data struct {
		Items []string `json:"items"`
	}
	json.Unmarshal([]byte(e.Data), &data)
	return data.Items
}

// lastRequest returns the latest supplement request of a timeline, or nil.
func lastRequest(events []*store.EventRow) *store.EventRow {
	for i := len(events) - 1; i >= 0; i-- {
		if a := events[i].Action; a == string(dossier.ActionRequestSupplement) || a == string(dossier.ActionRequestReceptionSupplement) {
			return events[i]
		}
	}
	return nil
}

func citizenTimeline(events []*store.EventRow) []TimelineEntry {
	out := make([]TimelineEntry, 0, len(events))
	for _, e := range events {
		t := TimelineEntry{At: e.At, Action: e.Action, Text: citizenTexts[e.Action], Message: e.Reason,
			FromOfficials: slices.Contains(officialMessages, e.Action)}
		if t.Text == "" {
			t.Text = "Hồ sơ được cập nhật."
		}
		var data struct {
			Items    []string  `json:"items"`
			DueAt    time.Time `json:"due_at"`
			NewDueAt time.Time `json:"new_due_at"`
		}
		json.Unmarshal([]byte(e.Data), &data)
		if t.FromOfficials && len(data.Items) > 0 {
			t.Items = data.Items
			if len(data.Items) == 1 && data.Items[0] == e.Reason {
				t.Items = nil
			}
		}
		switch e.Action {
		case "reschedule":
			t.NewDueAt = data.NewDueAt
		case "supplement", "accept":
			t.NewDueAt = data.DueAt
		}
		out = append(out, t)
	}
	return out
}

// dueNote explains the due date of a dossier to its applicant.
func dueNote(d *CitizenDossier) string {
	var dur string
	if d.Version != nil {
		if vr := d.Version.Variant(d.VariantCode); vr != nil {
			dur = vr.For(d.Channel == ChannelOnline).String()
		}
	}
	rule := "Thời hạn giải quyết"
	if dur != "" {
		rule += " là " + dur
	}
	rule += ", tính theo ngày làm việc: không tính thứ Bảy, Chủ nhật và các ngày nghỉ lễ, Tết."
	switch {
	case d.State == dossier.WithdrawalRequested || d.State.Closed() || d.State == dossier.ResultReady:
		if d.DueAt.IsZero() {
			return "Hồ sơ không còn thời hạn giải quyết."
		}
		return "Ngày hẹn trả kết quả là " + vnTime(d.DueAt) + "."
	case d.DueAt.IsZero():
		return "Ngày hẹn trả kết quả sẽ có khi bộ phận một cửa tiếp nhận hồ sơ: tính từ ngày tiếp nhận. " + rule
	}
	note := fmt.Sprintf("Ngày hẹn trả kết quả là %s, tính từ khi hồ sơ được tiếp nhận (%s). %s", vnTime(d.DueAt), vnTime(d.ReceivedAt), rule)
	if !d.PausedAt.IsZero() {
		note += " Từ " + vnTime(d.PausedAt) + " thời hạn tạm dừng trong khi chờ bạn bổ sung giấy tờ hoặc nộp phí; ngày hẹn sẽ lùi thêm đúng khoảng thời gian chờ đó."
	} else if d.PausedMinutes > 0 {
		note += " Thời gian chờ bạn bổ sung giấy tờ hoặc nộp phí không tính vào thời hạn, nên ngày hẹn đã được lùi lại tương ứng."
	}
	if d.ApologyCount > 0 {
		note += " Cơ quan giải quyết đã xin lỗi và hẹn lại ngày trả kết quả."
	}
	return note
}

func vnTime(t time.Time) string { return t.In(vietnam).Format("15:04 ngày 02/01/2006") }
