package stats

import (
	"fmt"
	"strings"

	"github.com/egov-vn/egov/internal/errs"
)

// Figure names one number of a report whose dossiers can be listed (drill-down).
type Figure string

// The figures. Those of KPI 2.1 are read in a Mode.
const (
	FigTotal         Figure = "kpi21_total"        // 2.1 denominator: received or processed in the period
	FigEarly         Figure = "kpi21_early"        // processed before the due day (trước hạn)
	FigOnTime        Figure = "kpi21_on_time"      // processed on the due day, in time (đúng hạn)
	FigLate          Figure = "kpi21_late"         // processed late (quá hạn)
	FigOpenOnTime    Figure = "kpi21_open_on_time" // in processing at the cutoff, within the due date
	FigOpenLate      Figure = "kpi21_open_late"    // in processing at the cutoff, past the due date
	FigReceived      Figure = "received"           // received in the period (3.3, 4.2 denominators)
	FigDirect        Figure = "direct"             // received at the desk
	FigOnline        Figure = "online"             // submitted online
	FigPost          Figure = "post"               // by post
	FigOnlineCounted Figure = "kpi33"              // 3.3 numerator: online, with an e-result when the result is on paper
	FigPaperResult   Figure = "paper_result"       // 4.1 denominator: procedures with a paper result
	FigEResult       Figure = "kpi41"              // 4.1 numerator: of those, with an electronic result file
	FigDigitised     Figure = "kpi42"              // 4.2 numerator: component files (and e-result when needed)
	FigCompleted     Figure = "completed"          // 2.2: processed (9 or 10), received in the period
	FigDisliked      Figure = "disliked"           // 5.4: received in the period, rated "không hài lòng"
	FigWithFee       Figure = "kpi36_total"        // 3.6 denominator: received in the period, fee above 0
	FigPaidOnline    Figure = "kpi36"              // 3.6 numerator: of those, paid through the payment gateway
)

// Figures lists every figure with its Vietnamese label.
var Figures = []struct {
	Figure Figure
	Label  string
}{
	{FigTotal, "Hồ sơ tiếp nhận hoặc xử lý trong kỳ"},
	{FigEarly, "Đã xử lý trước hạn"},
	{FigOnTime, "Đã xử lý đúng hạn"},
	{FigLate, "Đã xử lý quá hạn"},
	{FigOpenOnTime, "Đang xử lý trong hạn"},
	{FigOpenLate, "Đang xử lý quá hạn"},
	{FigReceived, "Hồ sơ tiếp nhận trong kỳ"},
	{FigDirect, "Tiếp nhận trực tiếp"},
	{FigOnline, "Nộp trực tuyến"},
	{FigPost, "Qua bưu chính công ích"},
	{FigOnlineCounted, "Hồ sơ trực tuyến tính cho chỉ số 3.3"},
	{FigPaperResult, "Hồ sơ của TTHC trả kết quả giấy"},
	{FigEResult, "Hồ sơ có kết quả điện tử (chỉ số 4.1)"},
	{FigDigitised, "Hồ sơ số hóa (chỉ số 4.2)"},
	{FigCompleted, "Hồ sơ đã xử lý xong (chỉ số 2.2)"},
	{FigDisliked, "Hồ sơ bị đánh giá không hài lòng (chỉ số 5.4)"},
	{FigWithFee, "Hồ sơ có phí, lệ phí (chỉ số 3.6)"},
	{FigPaidOnline, "Hồ sơ thanh toán trực tuyến (chỉ số 3.6)"},
}

// ParseFigure reads a figure name. Errors: Invalid "unknown_figure".
func ParseFigure(s string) (Figure, error) {
	for _, f := range Figures {
		if string(f.Figure) == strings.TrimSpace(s) {
			return f.Figure, nil
		}
	}
	return "", ErrUnknownFigure(s)
}

// ErrUnknownFigure is the error for a figure name that is not one of Figures.
func ErrUnknownFigure(s string) error {
	var names []string
	for _, f := range Figures {
		names = append(names, string(f.Figure))
	}
	return errs.Invalidf("figure", CodeUnknownFigure,
		fmt.Sprintf("Số liệu %q không tồn tại; chọn một trong: %s.", s, strings.Join(names, ", ")),
		fmt.Sprintf("Unknown figure %q.", s))
}
