package app

import (
	"bytes"
	"context"
	"strings"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/pdf"
	"github.com/egov-vn/egov/internal/stats"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/xlsx"
)

// Report formats of SituationReport (as those of Ledger).
const (
	ReportPDF  = "pdf"
	ReportXLSX = "xlsx"
)

// SituationReport writes the periodic report on the reception and handling of dossiers (báo cáo
// tình hình, kết quả giải quyết TTHC, pdf.Situation) of the official's scope for the period of q,
// as a PDF or an XLSX workbook: one row per unit under the scope (LeaderDashboard's units), the
// scope's total last. The issuing unit is the scope's unit, or the city. Errors: Invalid
// (invalid_format), else as LeaderDashboard.
func (s *Service) SituationReport(ctx context.Context, q StatsQuery, format string) ([]byte, error) {
	if format != ReportPDF && format != ReportXLSX {
		return nil, errs.Invalidf("format", "invalid_format", "Định dạng báo cáo phải là pdf hoặc xlsx.", "The format must be pdf or xlsx.")
	}
	d, err := s.LeaderDashboard(ctx, q)
	if err != nil {
		return nil, err
	}
	f := pdf.Situation{Period: d.Period.Label(), From: d.Period.Start(), To: d.Period.End().Add(-1), At: d.At,
		IssuedAt: s.clock.Now(), Total: pdf.SituationRow{Unit: "Tổng cộng", Situation: stats.SituationOf(d.Report)}}
	if d.Mode == stats.Literal766 {
		f.ModeNote = "Đúng hạn tính theo văn bản QĐ 766 (trừ thời gian bổ sung hồ sơ theo lịch)."
	} else {
		f.ModeNote = "Đúng hạn tính theo thời gian làm việc (thời gian tạm dừng được cộng vào hạn)."
	}
	for _, u := range d.Units {
		f.Rows = append(f.Rows, pdf.SituationRow{Unit: u.Unit.Name, Situation: u.Situation})
	}
	err = s.read(ctx, func(tx *store.Tx) error {
		unit := d.Unit
		if unit == nil {
			roots, err := tx.Units(ctx, store.UnitFilter{Kinds: []org.Kind{org.KindCity}})
			if err != nil {
				return err
			}
			for _, r := range roots {
				if r.ParentID == 0 {
					unit = r
					break
				}
			}
		}
		if unit == nil {
			f.Agency = pdf.Agency{Name: "Thành phố"}
			return nil
		}
		f.Agency = pdf.Agency{Name: unit.Name}
		root := unit
		if unit.ParentID != 0 {
			p, err := tx.Unit(ctx, unit.ParentID)
			if err != nil {
				return err
			}
			f.Agency.Parent = p.Name
			root = p
		}
		for _, pre := range []string{"Thành phố ", "Tỉnh "} {
			if strings.HasPrefix(root.Name, pre) {
				f.Place = strings.TrimPrefix(root.Name, pre)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if format == ReportXLSX {
		err = xlsx.Write(&b, pdf.SituationSheet(f))
	} else {
		err = pdf.WriteSituation(&b, f)
	}
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
