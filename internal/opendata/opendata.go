// Package opendata publishes the city's public information as open data (dữ liệu mở): the
// datasets (their descriptions, columns and rows), the CSV and JSON files a dataset downloads as,
// and the two ways harvesters find them: a subset of the CKAN Action API and a DCAT-AP catalogue
// in JSON-LD. Nothing personal is ever published: the dossier figures are counts, and small
// counts are withheld (see MinCount).
//
// Legal frame (Nghị định 47/2020/NĐ-CP, CONFIRMED (secondary): article texts read on
// hethongphapluat.vn, "nghi-dinh-47-2020-nd-cp-…/dieu-18", and in summaries of Điều 17):
// open data of state agencies is free of charge, needs no identification to use, is published
// in open formats, must not disclose personal information (Điều 17), and anyone may copy, share,
// combine and use it, commercially or not, citing the source, without selling it on as is
// (Điều 18). The decree names no licence document; see DefaultLicence. Whether the decree is
// still in force after the Law on Data (Luật Dữ liệu 2024) is UNCONFIRMED.
package opendata

import (
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/vntext"
)

// Text is a text in Vietnamese and English.
type Text struct {
	Vi string
	En string
}

// Frequency is how often a dataset is updated, as a code of the EU frequency vocabulary that
// DCAT-AP uses (http://publications.europa.eu/resource/authority/frequency).
type Frequency string

// The frequencies used.
const (
	Irregular  Frequency = "IRREG"       // when the data change
	Monthly    Frequency = "MONTHLY"     // once a month
	Continuous Frequency = "UPDATE_CONT" // continuously
)

// URI is the frequency's identifier in the EU vocabulary.
func (f Frequency) URI() string {
	return "http://publications.europa.eu/resource/authority/frequency/" + string(f)
}

// Label names the frequency.
func (f Frequency) Label() Text {
	switch f {
	case Irregular:
		return Text{"Khi có thay đổi", "When the data change"}
	case Monthly:
		return Text{"Hằng tháng", "Monthly"}
	case Continuous:
		return Text{"Cập nhật liên tục", "Continuously"}
	}
	return Text{string(f), string(f)}
}

// Licence is the licence data are published under.
type Licence struct {
	// ID is the licence's identifier for CKAN (license_id), its SPDX identifier.
	ID    string
	Title Text
	URL   string
}

// DefaultLicence is Creative Commons Attribution 4.0 International. Nghị định 47/2020/NĐ-CP
// Điều 18 grants every user the freedom to copy, share, combine and use the open data of state
// agencies, commercially or not, provided the source is cited; it names no licence document (as
// noted by Tia Sáng, "Sử dụng dữ liệu mở của khu vực công", 2020). CC BY 4.0 grants the same
// freedoms on the same condition and is understood by every open-data tool. The decree's further
// rule (no reselling of the data as is, Điều 18.4) binds users by law whatever licence is named,
// so Rights repeats it.
var DefaultLicence = Licence{
	ID:    "CC-BY-4.0",
	Title: Text{"Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)", "Creative Commons Attribution 4.0 International (CC BY 4.0)"},
	URL:   "https://creativecommons.org/licenses/by/4.0/",
}

// Rights is the rights statement published with every dataset (Nghị định 47/2020/NĐ-CP Điều 18).
var Rights = Text{
	Vi: "Dữ liệu mở theo Nghị định 47/2020/NĐ-CP (Điều 18): được tự do sao chép, chia sẻ, trao đổi, kết hợp với dữ liệu khác và sử dụng cho mục đích thương mại hoặc phi thương mại; phải ghi nguồn; không được bán lại dữ liệu nguyên trạng; cơ quan nhà nước không chịu trách nhiệm về thiệt hại do việc sử dụng dữ liệu gây ra.",
	En: "Open data under Decree 47/2020/ND-CP (Article 18): free to copy, share, exchange, combine with other data and use commercially or not; cite the source; do not sell the data on as is; the state agencies are not liable for losses caused by using the data.",
}

// Publisher is the agency that publishes the datasets: the city's People's Committee.
type Publisher struct {
	// Name is the publisher's name, e.g. "Ủy ban nhân dân Thành phố Hà Nội".
	Name Text
	// Slug is the publisher's name in URLs and in CKAN ("ubnd-thanh-pho-ha-noi").
	Slug    string
	OrganID string // mã định danh of the city
}

// Spatial is the area a dataset covers: the city.
type Spatial struct {
	Name    string // "Thành phố Hà Nội"
	GSOCode string // the city's GSO code, "01"
}

// Catalog is everything published: the datasets and who publishes them, under which licence.
type Catalog struct {
	Title       Text
	Description Text
	Publisher   Publisher
	Licence     Licence
	Spatial     Spatial
	Datasets    []*Dataset
}

// Dataset returns the dataset with the given name (or CKAN id), or nil.
func (c *Catalog) Dataset(name string) *Dataset {
	for _, d := range c.Datasets {
		if d.Name == name || d.ID() == name {
			return d
		}
	}
	return nil
}

// Modified is the latest modification of any dataset.
func (c *Catalog) Modified() time.Time {
	var m time.Time
	for _, d := range c.Datasets {
		if d.Modified.After(m) {
			m = d.Modified
		}
	}
	return m
}

// ColumnType is the type of a column's values.
type ColumnType string

// The column types. A list is written as values joined by "; " in CSV and as an array in JSON.
const (
	TypeString  ColumnType = "string"
	TypeInteger ColumnType = "integer"
	TypeNumber  ColumnType = "number"
	TypeDate    ColumnType = "date" // YYYY-MM-DD
	TypeMonth   ColumnType = "month"
	TypeBoolean ColumnType = "boolean"
	TypeList    ColumnType = "list"
)

// Column is one column of a dataset: its name in files (lower_snake_case English, stable) and
// what it holds in both languages.
type Column struct {
	Name  string
	Type  ColumnType
	Label Text
}

// Dataset describes one dataset. The definition (Name to Columns) is fixed in this package; the
// rest is filled from the data when the catalogue is built.
type Dataset struct {
	// Name is the dataset's identifier in URLs and its CKAN name: lower case, digits and dashes.
	Name        string
	Title       Text
	Description Text
	Keywords    []Text
	Frequency   Frequency
	Columns     []Column

	Publisher Publisher
	Licence   Licence
	Spatial   Spatial
	// Created and Modified bound the changes of the data; TemporalStart and TemporalEnd the
	// period the data cover (TemporalEnd zero while it runs on).
	Created, Modified          time.Time
	TemporalStart, TemporalEnd org.Date
}

// ID is the dataset's stable CKAN id, a name-based UUID.
func (d *Dataset) ID() string { return nameUUID("dataset:" + d.Name) }

// Format is a file format a dataset downloads as.
type Format struct {
	Ext       string // "csv"
	Name      string // CKAN's format name, "CSV"
	MediaType string // "text/csv"
	// FileType is the format's identifier in the EU file-type vocabulary.
	FileType string
}

// Formats are the formats every dataset downloads as.
var Formats = []Format{
	{"csv", "CSV", "text/csv", "http://publications.europa.eu/resource/authority/file-type/CSV"},
	{"json", "JSON", "application/json", "http://publications.europa.eu/resource/authority/file-type/JSON"},
}

// FormatOf returns the format with the given extension.
func FormatOf(ext string) (Format, bool) {
	for _, f := range Formats {
		if f.Ext == ext {
			return f, true
		}
	}
	return Format{}, false
}

// Path is where the public pages list the datasets.
const Path = "/du-lieu-mo"

// PagePath is the address of a dataset's page.
func (d *Dataset) PagePath() string { return Path + "/" + d.Name }

// DownloadPath is the address of the dataset's file in format f.
func (d *Dataset) DownloadPath(f Format) string { return Path + "/" + d.Name + "." + f.Ext }

// CatalogPath is the address of the DCAT catalogue.
const CatalogPath = Path + "/catalog.jsonld"

// Matches reports whether every word of q occurs in the dataset's name, titles, descriptions
// or keywords, diacritics ignored (a simple full-text search).
func (d *Dataset) Matches(q string) bool {
	words := strings.Fields(vntext.Fold(q))
	if len(words) == 0 || q == "*:*" {
		return true
	}
	parts := []string{d.Name, d.Title.Vi, d.Title.En, d.Description.Vi, d.Description.En}
	for _, k := range d.Keywords {
		parts = append(parts, k.Vi, k.En)
	}
	hay := vntext.Fold(strings.Join(parts, " "))
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// Slug makes a URL name from s: folded, ASCII letters and digits, words joined by dashes.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range vntext.Fold(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
