package opendata

import (
	"strings"
	"time"
)

// The CKAN mapping: a dataset as CKAN's package_show gives it (field names as in CKAN 2.10's
// Action API, ckan.logic.action.get; extras named as ckanext-dcat reads them), so that CKAN
// harvesters and open-data tools take the datasets in. Times are UTC without a zone, as CKAN
// writes them.

// CKANPackage is a dataset in CKAN's form.
type CKANPackage struct {
	ID               string           `json:"id"`
	Name             string           `json:"name"`
	Title            string           `json:"title"`
	Notes            string           `json:"notes"`
	URL              string           `json:"url"`
	Author           string           `json:"author"`
	AuthorEmail      *string          `json:"author_email"`
	Maintainer       string           `json:"maintainer"`
	MaintainerEmail  *string          `json:"maintainer_email"`
	LicenseID        string           `json:"license_id"`
	LicenseTitle     string           `json:"license_title"`
	LicenseURL       string           `json:"license_url"`
	IsOpen           bool             `json:"isopen"`
	Private          bool             `json:"private"`
	State            string           `json:"state"`
	Type             string           `json:"type"`
	Version          *string          `json:"version"`
	MetadataCreated  string           `json:"metadata_created"`
	MetadataModified string           `json:"metadata_modified"`
	OwnerOrg         string           `json:"owner_org"`
	Organization     CKANOrganization `json:"organization"`
	Tags             []CKANTag        `json:"tags"`
	NumTags          int              `json:"num_tags"`
	Groups           []any            `json:"groups"`
	Resources        []CKANResource   `json:"resources"`
	NumResources     int              `json:"num_resources"`
	Extras           []CKANExtra      `json:"extras"`
}

// CKANOrganization is the publishing organisation in CKAN's form.
type CKANOrganization struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Title          string `json:"title"`
	Description    string `json:"description"`
	Type           string `json:"type"`
	State          string `json:"state"`
	IsOrganization bool   `json:"is_organization"`
	ApprovalStatus string `json:"approval_status"`
	ImageURL       string `json:"image_url"`
	Created        string `json:"created"`
	PackageCount   int    `json:"package_count"`
}

// CKANTag is a tag.
type CKANTag struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	DisplayName  string  `json:"display_name"`
	State        string  `json:"state"`
	VocabularyID *string `json:"vocabulary_id"`
}

// CKANResource is one downloadable file of a dataset.
type CKANResource struct {
	ID           string  `json:"id"`
	PackageID    string  `json:"package_id"`
	Name         string  `json:"name"`
	Description  string  `json:"description"`
	Format       string  `json:"format"`
	Mimetype     string  `json:"mimetype"`
	URL          string  `json:"url"`
	URLType      *string `json:"url_type"`
	Created      string  `json:"created"`
	LastModified string  `json:"last_modified"`
	Position     int     `json:"position"`
	State        string  `json:"state"`
	Size         *int64  `json:"size"`
	Hash         string  `json:"hash"`
}

// CKANExtra is a key and a value beyond CKAN's own fields.
type CKANExtra struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// ckanTime is CKAN's time form: UTC, microseconds, no zone.
func ckanTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000")
}

// CKANOrg is the publisher as a CKAN organisation holding n datasets.
func CKANOrg(p Publisher, created time.Time, n int) CKANOrganization {
	return CKANOrganization{ID: nameUUID("organization:" + p.Slug), Name: p.Slug, Title: p.Name.Vi,
		Description: p.Name.En + ". Mã định danh / agency code " + p.OrganID + ".", Type: "organization", State: "active",
		IsOrganization: true, ApprovalStatus: "approved", Created: ckanTime(created), PackageCount: n}
}

// CKAN returns the dataset as a CKAN package; site is the site's address without the final
// slash (e.g. https://dichvucong.hanoi.gov.vn), orgDatasets how many datasets the publisher has.
func (d *Dataset) CKAN(site string, orgDatasets int) CKANPackage {
	p := CKANPackage{ID: d.ID(), Name: d.Name, Title: d.Title.Vi, Notes: d.Description.Vi, URL: site + d.PagePath(),
		Author: d.Publisher.Name.Vi, Maintainer: d.Publisher.Name.Vi,
		LicenseID: d.Licence.ID, LicenseTitle: d.Licence.Title.En, LicenseURL: d.Licence.URL, IsOpen: true,
		State: "active", Type: "dataset", MetadataCreated: ckanTime(d.Created), MetadataModified: ckanTime(d.Modified),
		Organization: CKANOrg(d.Publisher, d.Created, orgDatasets), Groups: []any{}}
	p.OwnerOrg = p.Organization.ID
	seen := map[string]bool{}
	for _, k := range d.Keywords {
		for _, name := range []string{k.Vi, k.En} {
			if name == "" || seen[name] {
				continue
			}
			seen[name] = true
			p.Tags = append(p.Tags, CKANTag{ID: nameUUID("tag:" + name), Name: name, DisplayName: name, State: "active"})
		}
	}
	p.NumTags = len(p.Tags)
	for i, f := range Formats {
		p.Resources = append(p.Resources, CKANResource{ID: nameUUID("resource:" + d.Name + "." + f.Ext), PackageID: p.ID,
			Name: d.Title.Vi + " (" + f.Name + ")", Description: d.Title.En + " (" + f.Name + ")", Format: f.Name, Mimetype: f.MediaType,
			URL: site + d.DownloadPath(f), Created: ckanTime(d.Created), LastModified: ckanTime(d.Modified), Position: i, State: "active"})
	}
	p.NumResources = len(p.Resources)
	p.Extras = []CKANExtra{
		{"title_en", d.Title.En},
		{"notes_en", d.Description.En},
		{"language", "vi,en"},
		{"frequency", d.Frequency.URI()},
		{"temporal_start", d.TemporalStart.String()},
		{"temporal_end", d.TemporalEnd.String()},
		{"spatial_text", d.Spatial.Name},
		{"spatial_gso_code", d.Spatial.GSOCode},
		{"publisher_name", d.Publisher.Name.Vi},
		{"publisher_organ_id", d.Publisher.OrganID},
		{"rights", Rights.Vi},
		{"modified", isoTime(d.Modified)},
	}
	p.Extras = stripEmptyExtras(p.Extras)
	return p
}

func stripEmptyExtras(es []CKANExtra) []CKANExtra {
	out := es[:0]
	for _, e := range es {
		if strings.TrimSpace(e.Value) != "" {
			out = append(out, e)
		}
	}
	return out
}
