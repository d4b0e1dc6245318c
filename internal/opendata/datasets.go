package opendata

import (
	"crypto/sha1"
	"fmt"
)

// The datasets' names.
const (
	ProceduresName = "thu-tuc-hanh-chinh"
	UnitsName      = "don-vi-hanh-chinh"
	MonthlyName    = "ho-so-theo-thang"
)

// MinCount is the smallest dossier count published: a figure from 1 to MinCount−1 is withheld
// (an empty cell in CSV, null in JSON), so that nobody can be singled out from a count of one or
// two dossiers for one procedure at one desk in one month.
const MinCount = 3

// Definitions returns the datasets' fixed descriptions, in the order they are listed.
func Definitions() []*Dataset {
	return []*Dataset{
		{
			Name:  ProceduresName,
			Title: Text{"Danh mục thủ tục hành chính đang có hiệu lực", "Administrative procedures in force"},
			Description: Text{
				"Các thủ tục hành chính đang có hiệu lực trong danh mục của thành phố, mỗi dòng là một trường hợp của thủ tục: mã thủ tục, tên, lĩnh vực, cấp thực hiện, cơ quan giải quyết, mức dịch vụ công trực tuyến, thời hạn giải quyết (trực tiếp và trực tuyến), phí và lệ phí, căn cứ pháp lý. Không gồm bản dự thảo và phiên bản đã hết hiệu lực. Cột illustrative = true đánh dấu giá trị minh họa chưa đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính.",
				"The administrative procedures in force in the city's catalogue, one row per variant of a procedure: code, name, field, implementing levels, deciding agency, online service level, processing time (in person and online), fees, legal basis. Drafts and versions no longer in force are left out. The column illustrative = true marks values not yet checked against the national procedure database.",
			},
			Keywords:  []Text{{"thủ tục hành chính", "administrative procedures"}, {"dịch vụ công", "public services"}, {"phí và lệ phí", "fees"}},
			Frequency: Irregular,
			Columns: []Column{
				{"procedure_code", TypeString, Text{"Mã thủ tục (mã TTHC quốc gia)", "National procedure code"}},
				{"local_code", TypeString, Text{"Mã thủ tục áp dụng tại địa phương", "Local procedure code"}},
				{"name", TypeString, Text{"Tên thủ tục", "Procedure name"}},
				{"field", TypeString, Text{"Lĩnh vực", "Field"}},
				{"levels", TypeList, Text{"Cấp thực hiện (commune, district, province, ministry)", "Implementing levels (commune, district, province, ministry)"}},
				{"competent_unit_kind", TypeString, Text{"Loại cơ quan có thẩm quyền giải quyết", "Kind of deciding agency"}},
				{"online_level", TypeString, Text{"Mức dịch vụ công trực tuyến (none, partial = một phần, full = toàn trình)", "Online service level (none, partial, full)"}},
				{"version", TypeInteger, Text{"Phiên bản", "Version"}},
				{"effective_from", TypeDate, Text{"Có hiệu lực từ ngày", "In force from"}},
				{"effective_to", TypeDate, Text{"Có hiệu lực đến ngày (trống: chưa xác định)", "In force until (empty: open)"}},
				{"publication", TypeString, Text{"Quyết định công bố", "Publication decision"}},
				{"variant_code", TypeString, Text{"Mã trường hợp", "Variant code"}},
				{"variant_name", TypeString, Text{"Trường hợp", "Variant"}},
				{"duration", TypeNumber, Text{"Thời hạn giải quyết (nộp trực tiếp)", "Processing time (in person)"}},
				{"duration_unit", TypeString, Text{"Đơn vị thời hạn (working_days, working_hours, calendar_days, same_day)", "Unit of the processing time"}},
				{"duration_text", TypeString, Text{"Thời hạn giải quyết (diễn giải)", "Processing time (in words, Vietnamese)"}},
				{"online_duration", TypeNumber, Text{"Thời hạn giải quyết khi nộp trực tuyến (trống: như trực tiếp)", "Processing time online (empty: as in person)"}},
				{"online_duration_unit", TypeString, Text{"Đơn vị thời hạn trực tuyến", "Unit of the online processing time"}},
				{"fee_vnd", TypeInteger, Text{"Tổng phí, lệ phí cố định (đồng)", "Total fixed fees (VND)"}},
				{"fee_by_case", TypeBoolean, Text{"Có khoản phí tùy trường hợp", "Has fees that depend on the case"}},
				{"fees", TypeList, Text{"Phí, lệ phí (diễn giải)", "Fees (described, Vietnamese)"}},
				{"result_kind", TypeString, Text{"Loại kết quả (paper_document, electronic_only, none)", "Kind of result"}},
				{"results", TypeList, Text{"Kết quả giải quyết", "Results issued"}},
				{"legal_basis", TypeList, Text{"Căn cứ pháp lý", "Legal basis"}},
				{"illustrative", TypeBoolean, Text{"Giá trị minh họa, chưa đối chiếu", "Illustrative values, not yet checked"}},
			},
		},
		{
			Name:  UnitsName,
			Title: Text{"Đơn vị hành chính, cơ quan và lịch sử sắp xếp", "Administrative units, agencies and their history"},
			Description: Text{
				"Mọi phiên bản của đơn vị hành chính (thành phố, quận, huyện, phường, xã) và cơ quan (sở, trung tâm phục vụ hành chính công, bộ phận một cửa) của thành phố, kể cả đơn vị đã giải thể hoặc sáp nhập: mã đơn vị hành chính (GSO), mã định danh điện tử cơ quan, tên, loại, đơn vị cấp trên, ngày bắt đầu và hết hiệu lực, và các đơn vị kế thừa theo đợt sắp xếp đơn vị hành chính từ ngày 01/07/2025. Mỗi phiên bản có mã số (id) riêng; parent_id và successor_ids trỏ tới mã số đó.",
				"Every version of the city's administrative units (city, districts, wards, communes) and agencies (departments, public administration service centres, one-stop desks), including those dissolved or merged: GSO code, electronic agency code, name, kind, parent, start and end of validity, and the units that took them over in the reorganisation of 1 July 2025. Each version has its own id; parent_id and successor_ids refer to it.",
			},
			Keywords:  []Text{{"đơn vị hành chính", "administrative units"}, {"sắp xếp đơn vị hành chính", "administrative reorganisation"}, {"mã định danh", "agency codes"}},
			Frequency: Irregular,
			Columns: []Column{
				{"id", TypeInteger, Text{"Mã số phiên bản đơn vị", "Unit version id"}},
				{"organ_id", TypeString, Text{"Mã định danh điện tử cơ quan", "Electronic agency code"}},
				{"gso_code", TypeString, Text{"Mã đơn vị hành chính (GSO)", "GSO administrative unit code"}},
				{"name", TypeString, Text{"Tên", "Name"}},
				{"short_name", TypeString, Text{"Tên viết tắt", "Short name"}},
				{"kind", TypeString, Text{"Loại (city, department, district, commune, service_centre, one_stop_desk, division)", "Kind"}},
				{"category", TypeString, Text{"Loại đơn vị hành chính (Phường, Xã, Quận…)", "Category as published (ward, commune, district…)"}},
				{"parent_id", TypeInteger, Text{"Mã số đơn vị cấp trên", "Parent's id"}},
				{"valid_from", TypeDate, Text{"Có hiệu lực từ ngày", "Valid from"}},
				{"valid_to", TypeDate, Text{"Hết hiệu lực sau ngày (trống: đang hoạt động)", "Valid until (empty: current)"}},
				{"successor_ids", TypeList, Text{"Mã số các đơn vị kế thừa", "Ids of the successors"}},
				{"partial_successor_ids", TypeList, Text{"Trong đó, đơn vị kế thừa một phần", "Of which, successors of a part"}},
			},
		},
		{
			Name:  MonthlyName,
			Title: Text{"Số liệu hồ sơ thủ tục hành chính theo tháng", "Monthly figures of administrative procedure dossiers"},
			Description: Text{
				fmt.Sprintf("Số hồ sơ theo tháng (giờ Việt Nam), theo đơn vị tiếp nhận, thủ tục và kênh nộp (1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích): số hồ sơ được tiếp nhận trong tháng; số hồ sơ kết thúc xử lý trong tháng, trong đó đúng hạn và quá hạn (quá hạn: kết thúc sau ngày hẹn trả, hoặc phải bổ sung hơn một lần, theo Quyết định 766/QĐ-TTg). Tỷ lệ nộp trực tuyến của một thủ tục là số tiếp nhận ở kênh 2 chia cho tổng số tiếp nhận ở các kênh. Chỉ có số đếm: không có tên, số định danh, địa chỉ hay mã hồ sơ. Để không ai bị nhận diện, số từ 1 đến %d được để trống (null); khi một trong hai số đúng hạn, quá hạn bị để trống thì số còn lại cũng để trống. Tháng hiện tại chưa trọn tháng.", MinCount-1),
				fmt.Sprintf("Dossier counts per month (Vietnam time), receiving unit, procedure and channel (1 in person, 2 online, 3 public postal service): dossiers received in the month; dossiers whose processing ended in the month, of which on time and late (late: ended after the promised date, or asked to supplement more than once, as Decision 766/QD-TTg counts). A procedure's online share is its channel 2 receptions over all its receptions. Counts only: no names, identity numbers, addresses or dossier codes. So that nobody can be singled out, counts from 1 to %d are withheld (null); when one of on time and late is withheld the other is too. The current month is incomplete.", MinCount-1),
			},
			Keywords:  []Text{{"thống kê", "statistics"}, {"hồ sơ thủ tục hành chính", "dossiers"}, {"Quyết định 766", "Decision 766"}, {"dịch vụ công trực tuyến", "online public services"}},
			Frequency: Continuous,
			Columns: []Column{
				{"month", TypeMonth, Text{"Tháng (YYYY-MM)", "Month (YYYY-MM)"}},
				{"unit_id", TypeInteger, Text{"Mã số đơn vị tiếp nhận (như bộ dữ liệu đơn vị)", "Receiving unit id (as in the units dataset)"}},
				{"unit_organ_id", TypeString, Text{"Mã định danh đơn vị tiếp nhận", "Receiving unit's agency code"}},
				{"unit_name", TypeString, Text{"Đơn vị tiếp nhận", "Receiving unit"}},
				{"procedure_code", TypeString, Text{"Mã thủ tục", "Procedure code"}},
				{"procedure_name", TypeString, Text{"Tên thủ tục", "Procedure name"}},
				{"channel", TypeInteger, Text{"Kênh nộp (1 trực tiếp, 2 trực tuyến, 3 bưu chính)", "Channel (1 in person, 2 online, 3 post)"}},
				{"received", TypeInteger, Text{"Số hồ sơ tiếp nhận trong tháng", "Dossiers received in the month"}},
				{"processed", TypeInteger, Text{"Số hồ sơ kết thúc xử lý trong tháng", "Dossiers whose processing ended in the month"}},
				{"processed_on_time", TypeInteger, Text{"Trong đó: đúng hạn", "Of which on time"}},
				{"processed_late", TypeInteger, Text{"Trong đó: quá hạn", "Of which late"}},
			},
		},
	}
}

// nameUUID is a stable UUID derived from name (the SHA-1 name-based form of RFC 9562, in a
// namespace of our own).
func nameUUID(name string) string {
	h := sha1.Sum([]byte("egov/opendata/" + name))
	h[6] = (h[6] & 0x0f) | 0x50
	h[8] = (h[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
