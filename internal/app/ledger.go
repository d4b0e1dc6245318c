package app

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/pdf"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/xlsx"
)

// MaxLedgerRows bounds one printed register; a longer period must be split.
const MaxLedgerRows = 20000

// MaxLedgerDays bounds the period of one register.
const MaxLedgerDays = 366

// Ledger formats.
const (
	LedgerPDF  = "pdf"
	LedgerXLSX = "xlsx"
)

// Ledger writes the dossier register (sổ theo dõi hồ sơ, Mẫu 06) of unit unitID for the days
// from..to inclusive, as a PDF or an XLSX workbook: the dossiers received at the unit or below it,
// oldest first. The caller needs a dossier role on the unit. Errors: Invalid (bad period: inverted,
// longer than MaxLedgerDays; unknown format; too_many_dossiers), NotFound (unknown unit),
// Forbidden.
func (s *Service) Ledger(ctx context.Context, unitID int64, from, to calendar.Date, format string) ([]byte, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if format != LedgerPDF && format != LedgerXLSX {
		return nil, errs.Invalidf("format", "invalid_format", "Định dạng sổ phải là pdf hoặc xlsx.", "The format must be pdf or xlsx.")
	}
	if !from.Valid() || !to.Valid() || to.Before(from) {
		return nil, errs.Invalidf("from", "invalid_period", "Khoảng thời gian không hợp lệ: ngày bắt đầu phải trước hoặc bằng ngày kết thúc (dạng NNNN-TT-NN).",
			"Invalid period: from must not be after to (YYYY-MM-DD).")
	}
	if from.DaysUntil(to) >= MaxLedgerDays {
		return nil, errs.Invalidf("to", "period_too_long", fmt.Sprintf("Mỗi lần in sổ tối đa %d ngày.", MaxLedgerDays),
			fmt.Sprintf("A register covers %d days at most.", MaxLedgerDays))
	}
	var unit *org.Unit
	var rows []*store.LedgerRow
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		if unit, err = tx.Unit(ctx, unitID); err != nil {
			return err
		}
		if !a.System && !slices.ContainsFunc(rolesOn(a, unit.Path), func(r org.Role) bool { return slices.Contains(dossierRoles, r) }) {
			return errs.ErrForbidden
		}
		rows, err = tx.LedgerDossiers(ctx, unit.Path, from.In(vietnam), to.AddDays(1).In(vietnam), MaxLedgerRows+1)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(rows) > MaxLedgerRows {
		return nil, errs.Invalidf("to", "too_many_dossiers", fmt.Sprintf("Khoảng thời gian có hơn %d hồ sơ: hãy in từng phần ngắn hơn.", MaxLedgerRows),
			fmt.Sprintf("More than %d dossiers in the period: print shorter periods.", MaxLedgerRows))
	}
	l := pdf.Ledger{Agency: s.agencyOf(ctx, unit), From: from, To: to, IssuedAt: s.clock.Now()}
	for _, r := range rows {
		e := pdf.LedgerEntry{Code: r.Code, Procedure: r.ProcedureName, Applicant: r.ApplicantName, Address: r.ApplicantAddress,
			Phone: r.ApplicantPhone, LeadAgency: r.LeadUnitName, ReceivedAt: r.ReceivedAt, DueAt: r.DueAt,
			TransferredAt: r.TransferredAt, ResultReceivedAt: r.ProcessedAt, ReturnedAt: r.ReturnedAt}
		if r.ApologyCount > 0 && r.DueAt.After(r.OriginalDueAt) {
			e.Note = "Hẹn lại ngày trả"
		}
		if dossier.Late(r.State, r.DueAt, r.ProcessedAt, l.IssuedAt) {
			e.Note = "Trễ hạn"
		}
		l.Entries = append(l.Entries, e)
	}
	var buf bytes.Buffer
	if format == LedgerXLSX {
		err = xlsx.Write(&buf, pdf.LedgerSheet(l))
	} else {
		err = pdf.WriteLedger(&buf, l)
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
