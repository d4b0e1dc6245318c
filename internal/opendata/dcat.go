package opendata

import "time"

// The DCAT-AP mapping: the catalogue as a dcat:Catalog in JSON-LD, with compact IRIs under the
// prefixes of the @context (DCAT-AP 2/3 property names: dct:title, dct:description,
// dct:publisher, dct:license, dcat:distribution, dcat:accessURL, dcat:downloadURL,
// dcat:mediaType, dct:accrualPeriodicity, dct:temporal, dct:spatial, dcat:keyword).

// dcatContext declares the prefixes. Values that are IRIs are written as {"@id": …}.
var dcatContext = map[string]any{
	"dcat": "http://www.w3.org/ns/dcat#",
	"dct":  "http://purl.org/dc/terms/",
	"foaf": "http://xmlns.com/foaf/0.1/",
	"skos": "http://www.w3.org/2004/02/skos/core#",
	"xsd":  "http://www.w3.org/2001/XMLSchema#",
}

// langs is a text as language-tagged values, Vietnamese first.
func langs(t Text) []map[string]string {
	out := []map[string]string{{"@value": t.Vi, "@language": "vi"}}
	if t.En != "" {
		out = append(out, map[string]string{"@value": t.En, "@language": "en"})
	}
	return out
}

func iri(s string) map[string]string { return map[string]string{"@id": s} }

func typed(value, typ string) map[string]string {
	return map[string]string{"@value": value, "@type": typ}
}

func dateTime(t time.Time) map[string]string { return typed(isoTime(t), "xsd:dateTime") }

// The EU vocabularies DCAT-AP asks for.
const (
	euLanguage   = "http://publications.europa.eu/resource/authority/language/"
	euTheme      = "http://publications.europa.eu/resource/authority/data-theme/"
	ianaMediaURI = "https://www.iana.org/assignments/media-types/"
)

// DCAT returns the catalogue as a JSON-LD document (a dcat:Catalog); site is the site's address
// without the final slash.
func (c *Catalog) DCAT(site string) map[string]any {
	publisher := map[string]any{
		"@id":            site + Path + "#publisher",
		"@type":          "foaf:Agent",
		"foaf:name":      langs(c.Publisher.Name),
		"dct:identifier": c.Publisher.OrganID,
	}
	licence := map[string]any{"@id": c.Licence.URL, "@type": "dct:LicenseDocument", "dct:title": langs(c.Licence.Title)}
	spatial := map[string]any{"@type": "dct:Location", "skos:prefLabel": map[string]string{"@value": c.Spatial.Name, "@language": "vi"},
		"dct:identifier": c.Spatial.GSOCode}
	languages := []map[string]string{iri(euLanguage + "VIE"), iri(euLanguage + "ENG")}
	var datasets []map[string]any
	for _, d := range c.Datasets {
		var keywords []map[string]string
		for _, k := range d.Keywords {
			keywords = append(keywords, langs(k)...)
		}
		temporal := map[string]any{"@type": "dct:PeriodOfTime"}
		if !d.TemporalStart.IsZero() {
			temporal["dcat:startDate"] = typed(d.TemporalStart.String(), "xsd:date")
		}
		if !d.TemporalEnd.IsZero() {
			temporal["dcat:endDate"] = typed(d.TemporalEnd.String(), "xsd:date")
		}
		var dists []map[string]any
		for _, f := range Formats {
			u := site + d.DownloadPath(f)
			dists = append(dists, map[string]any{
				"@id":              u,
				"@type":            "dcat:Distribution",
				"dct:title":        langs(Text{d.Title.Vi + " (" + f.Name + ")", d.Title.En + " (" + f.Name + ")"}),
				"dcat:accessURL":   iri(u),
				"dcat:downloadURL": iri(u),
				"dcat:mediaType":   iri(ianaMediaURI + f.MediaType),
				"dct:format":       iri(f.FileType),
				"dct:license":      iri(d.Licence.URL),
				"dct:rights":       map[string]any{"@type": "dct:RightsStatement", "dct:description": langs(Rights)},
				"dct:modified":     dateTime(d.Modified),
			})
		}
		ds := map[string]any{
			"@id":                    site + d.PagePath(),
			"@type":                  "dcat:Dataset",
			"dct:identifier":         d.Name,
			"dct:title":              langs(d.Title),
			"dct:description":        langs(d.Description),
			"dct:publisher":          iri(publisher["@id"].(string)),
			"dct:license":            iri(d.Licence.URL),
			"dct:language":           languages,
			"dct:accrualPeriodicity": iri(d.Frequency.URI()),
			"dct:temporal":           temporal,
			"dct:spatial":            spatial,
			"dcat:keyword":           keywords,
			"dcat:theme":             iri(euTheme + "GOVE"),
			"dcat:landingPage":       iri(site + d.PagePath()),
			"dct:issued":             dateTime(d.Created),
			"dct:modified":           dateTime(d.Modified),
			"dcat:distribution":      dists,
		}
		datasets = append(datasets, ds)
	}
	return map[string]any{
		"@context":        dcatContext,
		"@id":             site + CatalogPath,
		"@type":           "dcat:Catalog",
		"dct:title":       langs(c.Title),
		"dct:description": langs(c.Description),
		"dct:publisher":   publisher,
		"dct:license":     licence,
		"dct:language":    languages,
		"dct:spatial":     spatial,
		"foaf:homepage":   iri(site + Path),
		"dct:modified":    dateTime(c.Modified()),
		"dcat:dataset":    datasets,
	}
}
