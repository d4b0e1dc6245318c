package stats

// Points is the composite score of a report, out of 100, for ranking units: every indicator with
// a value (not N/A, not unavailable, not 2.2, which is an average) is worth the same share, and
// earns it by the QĐ 766 scoring rule (Score: full at the indicator's threshold, proportional
// below it; proportional to the rate when the document gives no threshold). The document gives no
// maximum points per indicator (domain-vn §8, UNCONFIRMED), so equal shares are our choice
// (DESIGN); counted is the number of indicators that took part.
func (r *Report) Points() (points float64, counted int) {
	var sum float64
	for _, v := range r.Indicators {
		if v.NA || v.Unavailable != "" || v.ID == "2.2" {
			continue
		}
		sum += Score(v.Percent, v.Full, 1)
		counted++
	}
	if counted == 0 {
		return 0, 0
	}
	return roundTo2(sum * 100 / float64(counted)), counted
}

// Situation is one row of the periodic report on the reception and handling of dossiers (báo cáo
// tình hình, kết quả giải quyết TTHC), read from a report in its KPI 2.1 mode.
//
// The columns follow the reports provinces send upward (the national reporting form, biểu mẫu
// báo cáo định kỳ về tình hình, kết quả giải quyết TTHC): received (carried over from the
// previous period + newly received, online / direct / by post), handled (early, on time, late)
// and in progress (within the due date, overdue). domain-vn §8 confirms the buckets (daXuLyTruocHan,
// daXuLyDungHan, daXuLyQuaHan, dangXuLyTrongHan, dangXuLyQuaHan); the exact form, its number
// and column order are UNCONFIRMED there.
type Situation struct {
	// Total is every dossier received or in processing in the period: CarriedOver + Received.
	Total int64
	// CarriedOver is the dossiers received before the period and still in processing at its
	// start (kỳ trước chuyển sang).
	CarriedOver int64
	// Received in the period (mới tiếp nhận), by channel.
	Received, Online, Direct, Post int64
	// Handled is the dossiers whose processing ended in the period (9, 10, and also 7 and 8, which
	// end processing for KPI 2.1): early, on time, late.
	Handled, Early, OnTime, Late int64
	// InProgress is the dossiers still in processing at the cutoff: within due, overdue.
	InProgress, OpenOnTime, OpenLate int64
	// OnTimePercent is KPI 2.1 (early, on time and within due over Total).
	OnTimePercent float64
}

// SituationOf reads the situation row of a report, in the report's mode.
func SituationOf(r *Report) Situation {
	p := r.WorkingTime
	if r.Mode == Literal766 {
		p = r.Literal766
	}
	return Situation{Total: p.Total(), CarriedOver: p.Total() - r.Received, Received: r.Received, Online: r.Online,
		Direct: r.Direct, Post: r.Post, Handled: p.Early + p.OnTime + p.Late, Early: p.Early, OnTime: p.OnTime,
		Late: p.Late, InProgress: p.OpenOnTime + p.OpenLate, OpenOnTime: p.OpenOnTime, OpenLate: p.OpenLate,
		OnTimePercent: Percent(p.Good(), p.Total())}
}

// Add sums two rows (for totals); the percent is recomputed from the sums.
func (s Situation) Add(o Situation) Situation {
	s.Total += o.Total
	s.CarriedOver += o.CarriedOver
	s.Received += o.Received
	s.Online += o.Online
	s.Direct += o.Direct
	s.Post += o.Post
	s.Handled += o.Handled
	s.Early += o.Early
	s.OnTime += o.OnTime
	s.Late += o.Late
	s.InProgress += o.InProgress
	s.OpenOnTime += o.OpenOnTime
	s.OpenLate += o.OpenLate
	s.OnTimePercent = Percent(s.Early+s.OnTime+s.OpenOnTime, s.Total)
	return s
}

func roundTo2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// DecimalVN writes a number with two decimals and a decimal comma: 77,60.
func DecimalVN(f float64) string { return decimalVN(f) }
