package sign

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// Identity is a signing key with its certificate chain, the signer's certificate first and its
// issuers after it (the root may be left out).
type Identity struct {
	Key   crypto.Signer
	Chain []*x509.Certificate
}

// Certificate is the signer's certificate.
func (id Identity) Certificate() *x509.Certificate {
	if len(id.Chain) == 0 {
		return nil
	}
	return id.Chain[0]
}

// Agency names the subject of an agency certificate.
type Agency struct {
	Name    string // tên cơ quan, e.g. "Ủy ban nhân dân phường Ba Đình"
	OrganID string // mã định danh, e.g. "000.01.90.H24"
	Place   string // locality, e.g. "Hà Nội"
}

// oidDocumentSigning is the document signing extended key usage (RFC 9336).
var oidDocumentSigning = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}

func serial() (*big.Int, error) {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	return n.Add(n, big.NewInt(1)), nil
}

// NewRootCA makes a development root certificate authority named name, valid for 20 years from
// an hour before now.
func NewRootCA(name string, now time.Time) (Identity, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Identity{}, err
	}
	sn, err := serial()
	if err != nil {
		return Identity{}, err
	}
	tpl := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               pkix.Name{CommonName: name, Organization: []string{name}, Country: []string{"VN"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(20, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLen:            0,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, key.Public(), key)
	if err != nil {
		return Identity{}, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return Identity{}, err
	}
	return Identity{Key: key, Chain: []*x509.Certificate{cert}}, nil
}

// IssueAgency makes a key and a certificate for agency a, issued by ca, valid for 10 years from an
// hour before now (and not after the CA).
func IssueAgency(ca Identity, a Agency, now time.Time) (Identity, error) {
	if strings.TrimSpace(a.Name) == "" {
		return Identity{}, errors.New("sign: agency name required")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Identity{}, err
	}
	sn, err := serial()
	if err != nil {
		return Identity{}, err
	}
	caCert := ca.Certificate()
	notAfter := now.AddDate(10, 0, 0)
	if notAfter.After(caCert.NotAfter) {
		notAfter = caCert.NotAfter
	}
	subject := pkix.Name{CommonName: a.Name, Organization: []string{a.Name}, SerialNumber: a.OrganID, Country: []string{"VN"}}
	if a.Place != "" {
		subject.Locality = []string{a.Place}
	}
	tpl := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               subject,
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		UnknownExtKeyUsage:    []asn1.ObjectIdentifier{oidDocumentSigning},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, caCert, key.Public(), ca.Key)
	if err != nil {
		return Identity{}, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return Identity{}, err
	}
	return Identity{Key: key, Chain: []*x509.Certificate{cert, caCert}}, nil
}

// MarshalKey encodes a private key as PKCS #8 DER.
func MarshalKey(k crypto.Signer) ([]byte, error) { return x509.MarshalPKCS8PrivateKey(k) }

// ParseKey decodes a PKCS #8, PKCS #1 or SEC 1 private key, DER or PEM.
func ParseKey(b []byte) (crypto.Signer, error) {
	if blk, _ := pem.Decode(b); blk != nil {
		b = blk.Bytes
	}
	if k, err := x509.ParsePKCS8PrivateKey(b); err == nil {
		if s, ok := k.(crypto.Signer); ok {
			return s, nil
		}
		return nil, errors.New("sign: the key cannot sign")
	}
	if k, err := x509.ParsePKCS1PrivateKey(b); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(b); err == nil {
		return k, nil
	}
	return nil, errors.New("sign: not a PKCS #8, PKCS #1 or SEC 1 private key")
}

// ParseCertificates decodes the PEM certificates in b, in order.
func ParseCertificates(b []byte) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("sign: certificate %d: %w", len(out)+1, err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("sign: no PEM certificate found")
	}
	return out, nil
}

// CheckPair reports whether key is the key of cert.
func CheckPair(key crypto.Signer, cert *x509.Certificate) error {
	type equaler interface{ Equal(crypto.PublicKey) bool }
	if pk, ok := key.Public().(equaler); ok && pk.Equal(cert.PublicKey) {
		return nil
	}
	return errors.New("sign: the key does not belong to the certificate")
}

// Seal encrypts plaintext with AES-256-GCM under secret (32 bytes), binding aad.
func Seal(secret, plaintext, aad []byte) ([]byte, error) {
	g, err := gcm(secret)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, g.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return g.Seal(nonce, nonce, plaintext, aad), nil
}

// ErrSecret is returned by Open when the secret or the additional data do not match.
var ErrSecret = errors.New("sign: the signing secret does not open this key")

// Open decrypts what Seal made.
func Open(secret, sealed, aad []byte) ([]byte, error) {
	g, err := gcm(secret)
	if err != nil {
		return nil, err
	}
	if len(sealed) < g.NonceSize() {
		return nil, ErrSecret
	}
	out, err := g.Open(nil, sealed[:g.NonceSize()], sealed[g.NonceSize():], aad)
	if err != nil {
		return nil, ErrSecret
	}
	return out, nil
}

func gcm(secret []byte) (cipher.AEAD, error) {
	if len(secret) != 32 {
		return nil, errors.New("sign: the secret must be 32 bytes")
	}
	b, err := aes.NewCipher(secret)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}
