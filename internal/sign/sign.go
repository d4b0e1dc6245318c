package sign

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/digitorus/pdf"
	pdfsign "github.com/digitorus/pdfsign/sign"
)

// Info is what the signature dictionary says besides the signature.
type Info struct {
	Name     string // the signer (the agency)
	Reason   string // e.g. "Ký số kết quả giải quyết hồ sơ …"
	Location string // e.g. "Hà Nội"
	Contact  string // e.g. the verification address
	// Time is the signing time written in the dictionary (/M). The CMS signing-time attribute
	// is set by the CMS library from the system clock.
	Time time.Time
}

// Sign signs the PDF doc with id and returns the signed document: doc followed by an incremental
// update carrying the signature.
func Sign(doc []byte, id Identity, info Info) (out []byte, err error) {
	if id.Key == nil || len(id.Chain) == 0 {
		return nil, errors.New("sign: no key or certificate")
	}
	if info.Time.IsZero() {
		return nil, errors.New("sign: signing time required")
	}
	defer func() {
		// The PDF reader under pdfsign panics on some malformed input.
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("sign: malformed PDF (%v)", r)
		}
	}()
	rdr, err := pdf.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		return nil, fmt.Errorf("sign: read PDF: %w", err)
	}
	var buf bytes.Buffer
	err = pdfsign.Sign(bytes.NewReader(doc), &buf, rdr, int64(len(doc)), pdfsign.SignData{
		Signature: pdfsign.SignDataSignature{
			Info: pdfsign.SignDataSignatureInfo{Name: info.Name, Location: info.Location, Reason: info.Reason,
				ContactInfo: info.Contact, Date: info.Time},
			CertType:   pdfsign.CertificationSignature,
			DocMDPPerm: pdfsign.AllowFillingExistingFormFieldsAndSignaturesPerms,
		},
		Signer:            id.Key,
		DigestAlgorithm:   crypto.SHA256,
		Certificate:       id.Chain[0],
		CertificateChains: [][]*x509.Certificate{id.Chain},
	})
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	return buf.Bytes(), nil
}
