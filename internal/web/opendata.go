package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/opendata"
)

// Open data (dữ liệu mở), public: the list of datasets (/du-lieu-mo), a page per dataset, the
// downloads as CSV and JSON, the DCAT-AP catalogue in JSON-LD, and a subset of CKAN's Action API
// (/api/3/action/…) for harvesters. None of it needs signing in; the downloads and the API may
// be read from any origin.

// siteURL is the site's public address without the final slash: the configured one, else the
// address the request came to.
func (s *Server) siteURL(r *http.Request) string {
	if base := strings.TrimSuffix(s.cfg.PublicURL, "/"); base != "" {
		return base
	}
	scheme := "http"
	if s.cfg.Secure || r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

type openDataPageData struct {
	Catalog *opendata.Catalog
	Dataset *opendata.Dataset
	Formats []opendata.Format
	Site    string
}

// openDataPage: GET /du-lieu-mo, the datasets with their download links.
func (s *Server) openDataPage(w http.ResponseWriter, r *http.Request) {
	c, err := s.svc.OpenData(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "opendata", &page{Title: "Dữ liệu mở", Data: &openDataPageData{Catalog: c, Formats: opendata.Formats, Site: s.siteURL(r)}})
}

// openDataFile: GET /du-lieu-mo/{file}, a dataset's page ({name}) or its download
// ({name}.csv, {name}.json).
func (s *Server) openDataFile(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	name, ext, download := strings.Cut(file, ".")
	if !download {
		c, err := s.svc.OpenData(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d := c.Dataset(name)
		if d == nil {
			s.fail(w, r, errs.New(errs.NotFound, "unknown_dataset", "Không có bộ dữ liệu mở "+name+".", "No open dataset "+name+"."))
			return
		}
		s.render(w, r, http.StatusOK, "opendata_dataset", &page{Title: d.Title.Vi,
			Data: &openDataPageData{Catalog: c, Dataset: d, Formats: opendata.Formats, Site: s.siteURL(r)}})
		return
	}
	f, ok := opendata.FormatOf(ext)
	if !ok {
		s.fail(w, r, errs.New(errs.NotFound, "unknown_format", "Bộ dữ liệu chỉ tải về được dạng .csv hoặc .json.", "Datasets download as .csv or .json only."))
		return
	}
	d, t, err := s.svc.OpenDataset(r.Context(), name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	switch f.Ext {
	case "csv":
		err = opendata.WriteCSV(&buf, t)
	default:
		err = opendata.WriteJSON(&buf, d, t)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.MediaType+"; charset=utf-8")
	if f.Ext == "csv" {
		h.Set("Content-Type", f.MediaType+"; charset=utf-8; header=present")
		h.Set("Content-Disposition", `attachment; filename="`+d.Name+`.csv"`)
	}
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "public, max-age=300")
	if !d.Modified.IsZero() {
		h.Set("Last-Modified", d.Modified.UTC().Format(http.TimeFormat))
	}
	w.Write(buf.Bytes())
}

// openDataCatalog: GET /du-lieu-mo/catalog.jsonld, the DCAT-AP catalogue.
func (s *Server) openDataCatalog(w http.ResponseWriter, r *http.Request) {
	c, err := s.svc.OpenData(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := json.MarshalIndent(c.DCAT(s.siteURL(r)), "", " ")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/ld+json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(b)
}

// The CKAN Action API subset.

// ckanHelp documents each action answered, as CKAN's "help" does.
var ckanHelp = map[string]string{
	"package_list":      "Return the names of the site's datasets. Parameters: limit, offset.",
	"package_show":      "Return the metadata of a dataset and its resources. Parameters: id (name or id).",
	"package_search":    "Search the datasets by words of their titles, descriptions and tags, diacritics ignored. Parameters: q, rows (default 10, at most 1000), start.",
	"organization_list": "Return the names of the publishing organisations. Parameters: all_fields.",
	"organization_show": "Return a publishing organisation. Parameters: id (name or id).",
	"status_show":       "Return the site's title, address and the CKAN API version answered.",
	"site_read":         "Return true: the site may be read.",
}

// ckanError is a CKAN error object: __type and message, and for a validation error the
// problems by field.
type ckanError map[string]any

func ckanNotFound(msg string) ckanError {
	return ckanError{"__type": "Not Found Error", "message": "Not found: " + msg}
}

func ckanValidation(field, problem string) ckanError {
	return ckanError{"__type": "Validation Error", "message": field + ": " + problem, field: []string{problem}}
}

// ckanAction: GET and POST /api/3/action/{action}. Parameters come from the query string, or for
// POST from a JSON object in the body, as CKAN takes them.
func (s *Server) ckanAction(w http.ResponseWriter, r *http.Request) {
	action := r.PathValue("action")
	help, known := ckanHelp[action]
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if !known {
		writeCKAN(w, http.StatusBadRequest, "", nil, ckanError{"__type": "Bad Request", "message": "Bad request - Action name not known: " + action})
		return
	}
	params, err := ckanParams(w, r)
	if err != nil {
		writeCKAN(w, http.StatusBadRequest, help, nil, ckanError{"__type": "Bad Request", "message": "Bad request - JSON Error: " + err.Error()})
		return
	}
	c, err := s.svc.OpenData(r.Context())
	if err != nil {
		s.log.Error("internal error", "request_id", app.RequestIDFrom(r.Context()), "err", err.Error())
		writeCKAN(w, http.StatusInternalServerError, help, nil, ckanError{"__type": "Internal Server Error", "message": "Internal error, request id " + app.RequestIDFrom(r.Context())})
		return
	}
	site := s.siteURL(r)
	org := opendata.CKANOrg(c.Publisher, c.Datasets[0].Created, len(c.Datasets))
	switch action {
	case "package_list":
		limit, e1 := naturalParam(params, "limit", len(c.Datasets), -1)
		offset, e2 := naturalParam(params, "offset", 0, -1)
		if e := firstErr(e1, e2); e != nil {
			writeCKAN(w, http.StatusConflict, help, nil, e)
			return
		}
		names := []string{}
		for i, d := range c.Datasets {
			if i >= offset && len(names) < limit {
				names = append(names, d.Name)
			}
		}
		writeCKAN(w, http.StatusOK, help, names, nil)
	case "package_show":
		id := params["id"]
		if id == "" {
			id = params["name_or_id"]
		}
		if id == "" {
			writeCKAN(w, http.StatusConflict, help, nil, ckanValidation("id", "Missing value"))
			return
		}
		d := c.Dataset(id)
		if d == nil {
			writeCKAN(w, http.StatusNotFound, help, nil, ckanNotFound("Dataset "+id+" was not found"))
			return
		}
		writeCKAN(w, http.StatusOK, help, d.CKAN(site, len(c.Datasets)), nil)
	case "package_search":
		rows, e1 := naturalParam(params, "rows", 10, 1000)
		start, e2 := naturalParam(params, "start", 0, -1)
		if e := firstErr(e1, e2); e != nil {
			writeCKAN(w, http.StatusConflict, help, nil, e)
			return
		}
		var found []*opendata.Dataset
		for _, d := range c.Datasets {
			if d.Matches(params["q"]) {
				found = append(found, d)
			}
		}
		results := []opendata.CKANPackage{}
		for i, d := range found {
			if i >= start && len(results) < rows {
				results = append(results, d.CKAN(site, len(c.Datasets)))
			}
		}
		writeCKAN(w, http.StatusOK, help, map[string]any{"count": len(found), "results": results, "sort": "score desc, metadata_modified desc",
			"facets": map[string]any{}, "search_facets": map[string]any{}}, nil)
	case "organization_list":
		if all := params["all_fields"]; all == "true" || all == "True" || all == "1" {
			writeCKAN(w, http.StatusOK, help, []opendata.CKANOrganization{org}, nil)
			return
		}
		writeCKAN(w, http.StatusOK, help, []string{org.Name}, nil)
	case "organization_show":
		id := params["id"]
		if id == "" {
			writeCKAN(w, http.StatusConflict, help, nil, ckanValidation("id", "Missing value"))
			return
		}
		if id != org.Name && id != org.ID {
			writeCKAN(w, http.StatusNotFound, help, nil, ckanNotFound("Organization was not found"))
			return
		}
		writeCKAN(w, http.StatusOK, help, org, nil)
	case "status_show":
		writeCKAN(w, http.StatusOK, help, map[string]any{"site_title": c.Title.Vi, "site_description": c.Description.Vi, "site_url": site,
			"locale_default": "vi", "error_emails_to": nil, "ckan_version": ckanVersion, "extensions": []string{}, "egov_version": s.cfg.Version}, nil)
	case "site_read":
		writeCKAN(w, http.StatusOK, help, true, nil)
	}
}

// ckanVersion is the version of CKAN's Action API whose subset is answered.
const ckanVersion = "2.10.0"

// ckanParams reads the action's parameters: the query string, and for POST a JSON object.
func ckanParams(w http.ResponseWriter, r *http.Request) (map[string]string, error) {
	out := map[string]string{}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			out[k] = v[0]
		}
	}
	if r.Method != http.MethodPost {
		return out, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return out, nil
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	for k, v := range m {
		switch x := v.(type) {
		case string:
			out[k] = x
		case nil:
		default:
			b, _ := json.Marshal(x)
			out[k] = string(b)
		}
	}
	return out, nil
}

// naturalParam reads a natural number parameter, def when absent, capped at max (when max ≥ 0) as
// CKAN caps rows; a malformed one is a validation error in CKAN's words.
func naturalParam(params map[string]string, name string, def, max int) (int, ckanError) {
	v, ok := params[name]
	if !ok || v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return 0, ckanValidation(name, "Must be a natural number")
		}
		return 0, ckanValidation(name, "Invalid integer")
	}
	if n < 0 {
		return 0, ckanValidation(name, "Must be a natural number")
	}
	if max >= 0 && n > max {
		n = max
	}
	return n, nil
}

func firstErr(es ...ckanError) ckanError {
	for _, e := range es {
		if e != nil {
			return e
		}
	}
	return nil
}

// writeCKAN writes CKAN's envelope: help, success, and the result or the error.
func writeCKAN(w http.ResponseWriter, status int, help string, result any, e ckanError) {
	body := map[string]any{"help": help, "success": e == nil}
	if e != nil {
		body["error"] = e
	} else {
		body["result"] = result
	}
	b, err := json.Marshal(body)
	if err != nil {
		b = []byte(fmt.Sprintf(`{"help":"","success":false,"error":{"__type":"Internal Server Error","message":%q}}`, err.Error()))
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
}

// RightsVi and RightsEn are the terms of use of open data, for the pages.
func (p *page) RightsVi() string { return opendata.Rights.Vi }

// RightsEn is RightsVi in English.
func (p *page) RightsEn() string { return opendata.Rights.En }
