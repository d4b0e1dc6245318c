package sign_test

import (
	"bytes"
	"crypto/x509"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/pdf"
	"github.com/egov-vn/egov/internal/sign"
)

var now = time.Date(2026, 3, 5, 2, 30, 0, 0, time.UTC)

func notice(t *testing.T) []byte {
	t.Helper()
	var src bytes.Buffer
	if err := pdf.WriteResultNotice(&src, pdf.ResultNotice{Agency: pdf.Agency{Parent: "Thành phố Hà Nội", Name: "Ủy ban nhân dân phường Ba Đình"},
		Place: "Hà Nội", IssuedAt: now, Code: "001.01.90.H24-260302-0001", Procedure: "Cấp bản sao trích lục hộ tịch",
		Applicant: "Nguyễn Thị Hương", ReceivedAt: now.Add(-72 * time.Hour), ProcessedAt: now, Result: "Trích lục số 15/TLKS"}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := pdf.Stamp(&out, src.Bytes(), pdf.StampInfo{Agency: "Ủy ban nhân dân phường Ba Đình", At: now,
		VerifyURL: "https://dichvucong.example.vn/xac-thuc/ABCD2345EFGH6789", Code: "ABCD2345EFGH6789", RoomAtFoot: true}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func pool(cs ...*x509.Certificate) *x509.CertPool {
	p := x509.NewCertPool()
	for _, c := range cs {
		p.AddCert(c)
	}
	return p
}

func need(t *testing.T, tool string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI", tool)
		}
		t.Skipf("%s not installed", tool)
	}
}

// pdfsig runs poppler's pdfsig on doc and returns its output.
func pdfsig(t *testing.T, doc []byte) string {
	t.Helper()
	need(t, "pdfsig")
	f := t.TempDir() + "/signed.pdf"
	if err := os.WriteFile(f, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("pdfsig", f).CombinedOutput()
	return string(out)
}

// TestSignVerify: a stamped notice signed by an agency of the development CA verifies with our
// verifier and with pdfsig; one changed byte, an appended update, and a foreign CA do not.
func TestSignVerify(t *testing.T) {
	ca, err := sign.NewRootCA("egov CA phát triển", now)
	if err != nil {
		t.Fatal(err)
	}
	agency, err := sign.IssueAgency(ca, sign.Agency{Name: "Ủy ban nhân dân phường Ba Đình", OrganID: "000.01.90.H24", Place: "Hà Nội"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if cn := agency.Certificate().Subject.CommonName; cn != "Ủy ban nhân dân phường Ba Đình" {
		t.Errorf("subject %q", cn)
	}
	src := notice(t)
	signed, err := sign.Sign(src, agency, sign.Info{Name: "Ủy ban nhân dân phường Ba Đình", Reason: "Ký số kết quả", Location: "Hà Nội", Time: now})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(signed, src) {
		t.Error("the signature is not an incremental update")
	}
	if dir := os.Getenv("EGOV_SIGN_SHOTS"); dir != "" {
		os.MkdirAll(dir, 0o755)
		os.WriteFile(dir+"/signed.pdf", signed, 0o644)
	}
	res := sign.Verify(signed, pool(ca.Certificate()))
	if !res.OK() || len(res.Signatures) != 1 || res.Last.Agency() != "Ủy ban nhân dân phường Ba Đình" || res.Last.OrganID() != "000.01.90.H24" {
		t.Fatalf("verify: %+v %+v", res, res.Last)
	}
	if out := pdfsig(t, signed); !strings.Contains(out, "Signature Validation: Signature is Valid.") || !strings.Contains(out, "Total document signed") {
		t.Errorf("pdfsig:\n%s", out)
	}

	// One byte changed inside the signed range.
	bad := bytes.Clone(signed)
	k := bytes.Index(bad, []byte("Creator"))
	bad[k] = 'X'
	if res := sign.Verify(bad, pool(ca.Certificate())); res.OK() || res.Problem() != sign.ProblemBadSignature {
		t.Errorf("tampered: %s", res.Problem())
	}
	if out := pdfsig(t, bad); strings.Contains(out, "Signature is Valid.") {
		t.Errorf("pdfsig on tampered:\n%s", out)
	}
	// Bytes appended after signing.
	if res := sign.Verify(append(bytes.Clone(signed), "\n% appended\n"...), pool(ca.Certificate())); res.OK() || res.Problem() != sign.ProblemModified {
		t.Errorf("appended: %s", res.Problem())
	}
	// Another CA.
	other, _ := sign.NewRootCA("Some other CA", now)
	if res := sign.Verify(signed, pool(other.Certificate())); res.OK() || res.Problem() != sign.ProblemUntrusted || !res.Last.Valid {
		t.Errorf("other CA: %s", res.Problem())
	}
	// Not signed at all.
	if res := sign.Verify(src, pool(ca.Certificate())); res.OK() || res.Problem() != sign.ProblemNotSigned {
		t.Errorf("unsigned: %s", res.Problem())
	}
}

func TestSeal(t *testing.T) {
	secret := bytes.Repeat([]byte{7}, 32)
	box, err := sign.Seal(secret, []byte("khóa"), []byte("serial"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := sign.Open(secret, box, []byte("serial")); err != nil || string(got) != "khóa" {
		t.Errorf("open: %q %v", got, err)
	}
	if _, err := sign.Open(secret, box, []byte("other")); err != sign.ErrSecret {
		t.Errorf("other aad: %v", err)
	}
	if _, err := sign.Open(bytes.Repeat([]byte{8}, 32), box, []byte("serial")); err != sign.ErrSecret {
		t.Errorf("other secret: %v", err)
	}
}
