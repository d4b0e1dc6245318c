package opendata

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"
)

// WriteCSV writes t as CSV: UTF-8 with a byte order mark (so that Excel reads the diacritics),
// a header row of column names, fields quoted as RFC 4180 says and lines ending in CRLF. A list
// is written joined by "; ", nil as an empty field, booleans as true and false. A text that
// begins with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so that a
// spreadsheet shows it instead of running it as a formula.
func WriteCSV(w io.Writer, t *Table) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("\uFEFF")
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i, v := range row {
			rec[i] = csvCell(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func csvCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if x != "" && strings.ContainsRune("=+-@\t\r", rune(x[0])) {
			return "'" + x
		}
		return x
	case []string:
		return csvCell(strings.Join(x, "; "))
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	panic("opendata: unexpected value type")
}

// WriteJSON writes the dataset's rows as one JSON object: the dataset's name, title, licence and
// modification time, its fields (name, type, labels) and its records, one object per row with
// the keys in column order. A list is an array and an empty value is null.
func WriteJSON(w io.Writer, d *Dataset, t *Table) error {
	type field struct {
		ID      string     `json:"id"`
		Type    ColumnType `json:"type"`
		LabelVi string     `json:"label_vi"`
		LabelEn string     `json:"label_en"`
	}
	head := struct {
		Dataset  string  `json:"dataset"`
		TitleVi  string  `json:"title_vi"`
		TitleEn  string  `json:"title_en"`
		License  string  `json:"license_id"`
		Modified string  `json:"modified,omitempty"`
		Fields   []field `json:"fields"`
	}{Dataset: d.Name, TitleVi: d.Title.Vi, TitleEn: d.Title.En, License: d.Licence.ID, Modified: isoTime(d.Modified)}
	for _, c := range t.Columns {
		head.Fields = append(head.Fields, field{c.Name, c.Type, c.Label.Vi, c.Label.En})
	}
	b, err := json.Marshal(head)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.Write(b[:len(b)-1]) // without the closing brace: the records follow
	bw.WriteString(`,"records":[`)
	keys := make([][]byte, len(t.Columns))
	for i, c := range t.Columns {
		keys[i], _ = json.Marshal(c.Name)
	}
	var rec bytes.Buffer
	for n, row := range t.Rows {
		rec.Reset()
		if n > 0 {
			rec.WriteString(",\n")
		} else {
			rec.WriteString("\n")
		}
		rec.WriteByte('{')
		for i, v := range row {
			if i > 0 {
				rec.WriteByte(',')
			}
			rec.Write(keys[i])
			rec.WriteByte(':')
			if l, ok := v.([]string); ok && l == nil {
				v = []string{}
			}
			vb, err := json.Marshal(v)
			if err != nil {
				return err
			}
			rec.Write(vb)
		}
		rec.WriteByte('}')
		bw.Write(rec.Bytes())
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// isoTime formats t in Vietnam time, RFC 3339; "" for the zero time.
func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vietnam).Format(time.RFC3339)
}

var vietnam = time.FixedZone("ICT", 7*3600)
