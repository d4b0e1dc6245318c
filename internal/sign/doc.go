// Package sign signs PDF documents with an agency's key and verifies signed PDFs: the signed
// electronic result (kết quả giải quyết điện tử) of a dossier. It imports no storage and no HTTP.
//
// # Signatures
//
// Sign writes a PAdES baseline B signature (ETSI EN 319 142-1, level B-B) through
// digitorus/pdfsign: an incremental update adding a /Sig dictionary of SubFilter
// adbe.pkcs7.detached whose CMS SignedData carries the signer's certificate chain and the
// signed signing-certificate-v2 attribute (ESS, RFC 5035), over a ByteRange that covers the
// whole file but the signature value. The signature is a certification signature that allows
// later form filling and signatures (DocMDP P=2), so a later countersignature or a document
// timestamp does not break it. The key is any crypto.Signer: a key held in memory today, a
// hardware token (PKCS#11) or a remote signing service tomorrow.
//
// Verify reads a PDF without trusting its structure: it finds every signature value by its
// ByteRange, checks the CMS signature and the message digest over the ranges, the signing
// certificate attribute against the signer's certificate, and whether the ranges cover the whole
// file (nothing was appended or changed since signing); then it builds the chain from the
// certificates in the signature to the given trust anchors at the signing time.
//
// # Development certificates
//
// NewRootCA makes a development root (CA) and IssueAgency a certificate for one agency under it:
// the subject's common name and organisation are the agency's Vietnamese name (UTF8String), its
// serialNumber attribute the agency code (mã định danh, e.g. 000.01.90.H24). The keys are ECDSA
// P-256. They are for testing and demonstration: a real deployment configures a key and chain
// issued by a licensed CA (Nghị định 130/2018/NĐ-CP; the government CA for state agencies).
//
// Seal and Open protect a private key at rest with AES-256-GCM under a 32-byte secret, the
// certificate serial bound as additional data so a sealed key cannot be swapped between rows.
package sign
