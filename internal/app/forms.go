package app

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/pdf"
	"github.com/egov-vn/egov/internal/store"
)

// The printable forms of a dossier (domain-vn §7), by the name used in URLs.
const (
	FormReceipt      = "receipt"       // Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả
	FormSupplement   = "supplement"    // Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
	FormRefusal      = "refusal"       // Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ
	FormApology      = "apology"       // Mẫu 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả
	FormControlSheet = "control-sheet" // Mẫu 05 Phiếu kiểm soát quá trình giải quyết hồ sơ
)

// Forms lists the form names.
var Forms = []string{FormReceipt, FormSupplement, FormRefusal, FormApology, FormControlSheet}

// FormOptions are installation settings printed on forms.
type FormOptions struct {
	// LookupBase is the public address the receipt's QR code points to, followed by the code
	// (e.g. "https://dichvucong.hanoi.gov.vn/tra-cuu/"); "" prints no QR code.
	LookupBase string
	Place      string // địa danh of date lines; "" means "Hà Nội"
}

// DossierForm renders one of Forms for a dossier the caller may see, as PDF. A form whose event
// has not happened (no supplement request, refusal or apology) is a NotFound "form_not_available".
// Errors: NotFound, Invalid (unknown form), Unauthorized.
func (s *Service) DossierForm(ctx context.Context, code, form string, opts FormOptions) ([]byte, error) {
	det, err := s.Dossier(ctx, code)
	if err != nil {
		return nil, err
	}
	if opts.Place == "" {
		opts.Place = "Hà Nội"
	}
	agency := s.agencyOf(ctx, det.Units[det.ReceivingUnitID])
	applicant := pdf.Person{Name: det.ApplicantName, IDNumber: det.ApplicantIDNumber, Address: det.ApplicantAddress,
		Phone: det.ApplicantPhone, Email: det.ApplicantEmail}
	var comps []pdf.Component
	for _, c := range det.Components {
		if c.Provided {
			comps = append(comps, pdf.Component{Name: c.Name, Originals: c.Originals, Certified: c.CertifiedCopies, Copies: c.Photocopies})
		}
	}
	duration := ""
	if vr := det.Version.Variant(det.VariantCode); vr != nil {
		duration = vr.For(det.Channel == ChannelOnline).String()
	}
	receiver := ""
	if len(det.Events) > 0 {
		receiver = det.Events[0].ActorName
	}
	last := func(action dossier.Action) *store.EventRow {
		for i := len(det.Events) - 1; i >= 0; i-- {
			if det.Events[i].Action == string(action) {
				return det.Events[i]
			}
		}
		return nil
	}
	unavailable := errs.New(errs.NotFound, "form_not_available", "Hồ sơ chưa có phiếu này.", "This dossier has no such form yet.")
	var buf bytes.Buffer
	switch form {
	case FormReceipt:
		if det.ReceivedAt.IsZero() {
			return nil, unavailable
		}
		f := pdf.Receipt{Agency: agency, Place: opts.Place, Code: det.Code, Submitter: applicant, Procedure: det.ProcedureName,
			Components: comps, Duration: duration, ReceivedAt: det.ReceivedAt, DueAt: det.DueAt, ResultAt: agency.Name, Receiver: receiver}
		if opts.LookupBase != "" {
			f.LookupURL = opts.LookupBase + det.Code
		}
		if det.FeesPaid && det.FeeAmount > 0 {
			f.FeeMethod = "Thu trước"
		} else if det.FeeAmount > 0 {
			f.FeeMethod = "Thu khi trả kết quả"
		}
		err = pdf.WriteReceipt(&buf, f)
	case FormSupplement:
		e := last(dossier.ActionRequestSupplement)
		stage := pdf.DuringProcessing
		if e == nil {
			e, stage = last(dossier.ActionRequestReceptionSupplement), pdf.AtReception
		}
		if e == nil {
			return nil, unavailable
		}
		var data struct {
			Items []string `json:"items"`
		}
		_ = json.Unmarshal([]byte(e.Data), &data)
		var items []pdf.SupplementItem
		for _, it := range data.Items {
			items = append(items, pdf.SupplementItem{Component: pdf.Component{Name: it}})
		}
		err = pdf.WriteSupplementRequest(&buf, pdf.SupplementRequest{Agency: agency, Place: opts.Place, IssuedAt: e.At, Code: det.Code,
			Applicant: applicant, Procedure: det.ProcedureName, Stage: stage, Items: items, Reason: strings.Join(data.Items, "; "),
			Guide: e.ActorName, Contact: e.ActorName})
	case FormRefusal:
		e := last(dossier.ActionRefuse)
		stage := pdf.RefusedAtReception
		if e == nil {
			e, stage = last(dossier.ActionStop), pdf.RefusedAfterAppraisal
		}
		if e == nil {
			return nil, unavailable
		}
		err = pdf.WriteRefusal(&buf, pdf.Refusal{Agency: agency, Place: opts.Place, IssuedAt: e.At, Code: det.Code, Applicant: applicant,
			Procedure: det.ProcedureName, Stage: stage, Reasons: []string{e.Reason}, Receiver: e.ActorName})
	case FormApology:
		e := last(dossier.ActionReschedule)
		if e == nil {
			return nil, unavailable
		}
		var data struct {
			Original time.Time `json:"original_due_at"`
			NewDue   time.Time `json:"new_due_at"`
		}
		_ = json.Unmarshal([]byte(e.Data), &data)
		err = pdf.WriteApology(&buf, pdf.Apology{Agency: agency, Place: opts.Place, IssuedAt: e.At, To: det.ApplicantName,
			ReceivedAt: det.ReceivedAt, Procedure: det.ProcedureName, Code: det.Code, OriginalDueAt: data.Original,
			Reason: e.Reason, Status: det.State.Label(), NewDueAt: data.NewDue, ReturnPlace: agency.Name,
			Signer: pdf.Signer{Title: "Lãnh đạo", Name: e.ActorName}})
	case FormControlSheet:
		var hs []pdf.Handover
		for _, st := range det.Steps {
			h := pdf.Handover{At: st.HandedAt, Result: st.Outcome, Note: st.Name}
			if u := det.Units[st.FromUnitID]; u != nil {
				h.From = u.Name
			} else {
				h.From = "Người nộp hồ sơ: " + det.ApplicantName // row 1: the applicant hands the dossier in
			}
			if u := det.Units[st.ToUnitID]; u != nil {
				h.To = u.Name
			}
			hs = append(hs, h)
		}
		err = pdf.WriteControlSheet(&buf, pdf.ControlSheet{Agency: agency, Place: opts.Place, Code: det.Code, Submitter: applicant,
			Procedure: det.ProcedureName, ReceivedAt: det.ReceivedAt, Duration: duration, DueAt: det.DueAt, Components: comps, Handovers: hs})
	default:
		return nil, errs.Invalidf("form", "unknown_form", "Không có biểu mẫu "+form+": dùng receipt, supplement, refusal, apology hoặc control-sheet.",
			"Unknown form "+form+".")
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// agencyOf is the agency heading of a form issued by unit u: its name under its parent's.
func (s *Service) agencyOf(ctx context.Context, u *org.Unit) pdf.Agency {
	agency := pdf.Agency{Name: "Bộ phận Một cửa"}
	if u == nil {
		return agency
	}
	agency.Name = u.Name
	if u.ParentID != 0 {
		var parent *org.Unit
		_ = s.read(ctx, func(tx *store.Tx) (err error) {
			parent, err = tx.Unit(ctx, u.ParentID)
			return err
		})
		if parent != nil {
			agency.Parent = parent.Name
		}
	}
	return agency
}
