package app

import (
	htmltemplate "html/template"
	"net/url"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/egov-vn/egov/internal/mail"
)

// digestLimit is how many dossiers of each list the email names; the rest are counted and the
// links lead to the full lists.
const digestLimit = 50

// digestView is what the digest templates get.
type digestView struct {
	Name        string
	When        string
	Site        string
	Overdue     []*Reminder
	DueSoon     []*Reminder
	NOverdue    int
	NDueSoon    int
	MoreOverdue int
	MoreDueSoon int
	OverdueURL  string
	DueSoonURL  string
	HomeURL     string
	DossierURL  string
}

var vnWeekdays = [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

var digestFuncs = map[string]any{
	"at":  func(t time.Time) string { return t.In(vietnam).Format("15:04 02/01/2006") },
	"url": func(prefix, code string) string { return prefix + url.PathEscape(code) },
	"section": func(items []*Reminder, prefix string) digestSection {
		return digestSection{items, prefix}
	},
}

// digestSubject is the subject line: the same counts as the home page's notice.
func digestSubject(v *digestView, day string) string {
	return "Nhắc việc ngày " + day + ": " + itoa(int64(v.NDueSoon)) + " hồ sơ sắp đến hạn, " + itoa(int64(v.NOverdue)) + " hồ sơ quá hạn"
}

var digestText = texttemplate.Must(texttemplate.New("text").Funcs(digestFuncs).Parse(`Kính gửi {{.Name}},

Đến {{.When}}, ông/bà có {{.NDueSoon}} hồ sơ sắp đến hạn (còn không quá một ngày làm việc) và {{.NOverdue}} hồ sơ quá hạn cần xử lý.
{{if .Overdue}}
HỒ SƠ QUÁ HẠN ({{.NOverdue}})
{{range .Overdue}}
- {{.Code}}: {{.ProcedureName}}
  Việc cần làm: {{.Step}}
  {{.DueLabel}}: {{at .Due}}. {{.Status}}.
  {{url $.DossierURL .Code}}
{{end}}{{if .MoreOverdue}}
... và {{.MoreOverdue}} hồ sơ quá hạn khác.
{{end}}
Danh sách hồ sơ quá hạn: {{.OverdueURL}}
{{end}}{{if .DueSoon}}
HỒ SƠ SẮP ĐẾN HẠN ({{.NDueSoon}})
{{range .DueSoon}}
- {{.Code}}: {{.ProcedureName}}
  Việc cần làm: {{.Step}}
  {{.DueLabel}}: {{at .Due}}. {{.Status}}.
  {{url $.DossierURL .Code}}
{{end}}{{if .MoreDueSoon}}
... và {{.MoreDueSoon}} hồ sơ sắp đến hạn khác.
{{end}}
Danh sách hồ sơ sắp đến hạn: {{.DueSoonURL}}
{{end}}
--
Thư này do hệ thống một cửa điện tử {{.Site}} tự động gửi vào đầu mỗi ngày làm việc khi ông/bà có hồ sơ sắp đến hạn hoặc quá hạn. Vui lòng không trả lời thư này.
{{.HomeURL}}
`))

var digestHTML = htmltemplate.Must(htmltemplate.New("html").Funcs(digestFuncs).Parse(`<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Nhắc việc</title></head>
<body style="font-family: Arial, sans-serif; line-height: 1.45; color: #1a1a1a">
<p>Kính gửi {{.Name}},</p>
<p>Đến {{.When}}, ông/bà có <strong>{{.NDueSoon}} hồ sơ sắp đến hạn</strong> (còn không quá một ngày làm việc) và <strong>{{.NOverdue}} hồ sơ quá hạn</strong> cần xử lý.</p>
{{define "list"}}<table cellpadding="6" cellspacing="0" border="1" style="border-collapse: collapse; border-color: #ccc">
<thead><tr><th align="left">Mã hồ sơ</th><th align="left">Thủ tục</th><th align="left">Việc cần làm</th><th align="left">Hạn</th><th align="left">Tình trạng</th></tr></thead>
<tbody>{{range .Items}}<tr><td><a href="{{url $.Prefix .Code}}">{{.Code}}</a></td><td>{{.ProcedureName}}</td><td>{{.Step}}</td><td>{{.DueLabel}}: {{at .Due}}</td><td><strong>{{.Status}}</strong></td></tr>
{{end}}</tbody></table>{{end}}
{{if .Overdue}}<h2 style="font-size: 1.1em">Hồ sơ quá hạn ({{.NOverdue}})</h2>
{{template "list" (section .Overdue .DossierURL)}}
{{if .MoreOverdue}}<p>… và {{.MoreOverdue}} hồ sơ quá hạn khác.</p>{{end}}
<p><a href="{{.OverdueURL}}">Xem danh sách hồ sơ quá hạn</a></p>{{end}}
{{if .DueSoon}}<h2 style="font-size: 1.1em">Hồ sơ sắp đến hạn ({{.NDueSoon}})</h2>
{{template "list" (section .DueSoon .DossierURL)}}
{{if .MoreDueSoon}}<p>… và {{.MoreDueSoon}} hồ sơ sắp đến hạn khác.</p>{{end}}
<p><a href="{{.DueSoonURL}}">Xem danh sách hồ sơ sắp đến hạn</a></p>{{end}}
<hr>
<p style="color: #555; font-size: 0.9em">Thư này do hệ thống một cửa điện tử <a href="{{.HomeURL}}">{{.Site}}</a> tự động gửi vào đầu mỗi ngày làm việc khi ông/bà có hồ sơ sắp đến hạn hoặc quá hạn. Vui lòng không trả lời thư này.</p>
</body></html>
`))

type digestSection struct {
	Items  []*Reminder
	Prefix string
}

// digestMessage writes the email of one official's digest.
func digestMessage(d Digest, baseURL string, now time.Time) (*mail.Message, error) {
	base := strings.TrimRight(baseURL, "/")
	name := d.User.FullName
	if name == "" {
		name = d.User.Username
	}
	local := now.In(vietnam)
	v := &digestView{Name: name, Site: base, When: local.Format("15:04 ngày 02/01/2006") + " (" + vnWeekdays[local.Weekday()] + ")",
		Overdue: d.Reminders.Overdue, DueSoon: d.Reminders.DueSoon, NOverdue: len(d.Reminders.Overdue), NDueSoon: len(d.Reminders.DueSoon),
		OverdueURL: base + "/ho-so?view=overdue", DueSoonURL: base + "/ho-so?view=due_soon", HomeURL: base + "/home",
		DossierURL: base + "/ho-so/"}
	if len(v.Overdue) > digestLimit {
		v.MoreOverdue, v.Overdue = len(v.Overdue)-digestLimit, v.Overdue[:digestLimit]
	}
	if len(v.DueSoon) > digestLimit {
		v.MoreDueSoon, v.DueSoon = len(v.DueSoon)-digestLimit, v.DueSoon[:digestLimit]
	}
	var text, html strings.Builder
	if err := digestText.Execute(&text, v); err != nil {
		return nil, err
	}
	if err := digestHTML.Execute(&html, v); err != nil {
		return nil, err
	}
	return &mail.Message{To: d.User.Email, ToName: d.User.FullName, Subject: digestSubject(v, local.Format("02/01/2006")),
		Text: text.String(), HTML: html.String(), Date: now}, nil
}
