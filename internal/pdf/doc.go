// Package pdf prints the one-stop shop's forms (biểu mẫu, domain-vn §7) as PDF documents in
// Vietnamese, in pure Go. It imports no storage and no HTTP: each form is a plain struct filled by
// the caller and a function that writes it to an io.Writer.
//
// # Forms
//
// The numbering follows Thông tư 01/2018/TT-VPCP (domain-vn §7.1); the content follows the real
// templates described in domain-vn §7.2–§7.7.
//
//	Mẫu 01  Receipt            WriteReceipt            Giấy tiếp nhận hồ sơ và hẹn trả kết quả (§7.2)
//	Mẫu 02  SupplementRequest  WriteSupplementRequest  Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (§7.3)
//	Mẫu 03  Refusal            WriteRefusal            Phiếu từ chối tiếp nhận giải quyết hồ sơ (§7.4)
//	Mẫu 04  Apology            WriteApology            Phiếu xin lỗi và hẹn lại ngày trả kết quả (§6.7, §7.5)
//	Mẫu 05  ControlSheet       WriteControlSheet       Phiếu kiểm soát quá trình giải quyết hồ sơ (§7.6)
//	Mẫu 06  Ledger             WriteLedger             Sổ theo dõi hồ sơ (§7.7), landscape
//
// The Receipt carries a QR code of a lookup URL beside its title. The Apology is laid out as a
// letter (công văn): number and "V/v …" under the issuing body, "Kính gửi", "Nơi nhận". The
// ControlSheet prints one row per hand-over (Handover, from the dossier's processing steps) with
// the time, room for the two signatures and the outcome (calendar.Outcome: Trước hạn, Đúng hạn,
// Quá hạn). The Ledger repeats its column headings on every page and numbers pages "Trang k/n";
// LedgerSheet gives the same register as a spreadsheet for internal/xlsx.
//
// # Presentation
//
// Pages are A4 with the margins of Nghị định 30/2020/NĐ-CP Phụ lục I: top 20 mm, bottom 20 mm,
// left 30 mm, right 15 mm. The header is the one of administrative documents: the governing body
// and the issuing body at the left (upper case, the latter bold, a short rule under it), the
// national name "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and the motto "Độc lập - Tự do - Hạnh phúc"
// at the right (bold, the motto underlined), the place and date in italic under them. Body text
// is 13 pt, tables 12 pt (the ledger 9 pt); long text wraps, paragraphs are justified, tables
// break across pages with their header row repeated, and pages after the first of a form are
// numbered in the top margin.
//
// The typeface is Liberation Serif (metric-compatible with Times New Roman, which NĐ 30/2020
// prescribes), embedded in the binary and subset into each PDF; see fonts/OFL.txt for its licence.
// Every string is normalised to NFC before it is drawn: the font has the precomposed Vietnamese
// letters, and decomposed (NFD) input would otherwise print loose diacritics.
//
// # Times and determinism
//
// Times print in Vietnam time (UTC+7) whatever their location, through LongDate ("ngày 05 tháng
// 3 năm 2025"), LongDateTime ("08 giờ 30 phút, ngày 05 tháng 3 năm 2025"), PlaceDate, ShortDate
// and ShortDateTime. A zero time prints the dotted blank of a paper form. The package never reads
// the clock: the PDF's creation date comes from the form (IssuedAt), so the same input gives the
// same bytes.
//
// # Errors
//
// A Write function checks its input before drawing and returns an errs.Invalid error with code
// "required" (CodeRequired) or "invalid_time_order" (CodeTimeOrder) and Field naming the struct
// field. A failure while drawing or writing is an errs.Internal error.
package pdf
