package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/cli"
)

// TestServePaymentFlags: a gateway without its secret in the environment, or a malformed fee
// account, stops egov serve before it opens anything.
func TestServePaymentFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"serve", "--vnpay-tmn-code", "EGOVTEST"}, nil, "EGOV_VNPAY_SECRET"},
		{[]string{"serve", "--vietqr-bin", "9704", "--vietqr-account", "113366668888"}, nil, "BIN"},
		{[]string{"serve", "--vietqr-bin", "970415", "--vietqr-account", "1133 6666"}, nil, "account"},
		{[]string{"serve", "--vnpay-tmn-code", "EGOVTEST", "--vnpay-url", "ftp://x"}, map[string]string{"EGOV_VNPAY_SECRET": "s"}, "--vnpay-url"},
	} {
		var out, errb bytes.Buffer
		getenv := func(k string) string { return tc.env[k] }
		code := cli.Run(context.Background(), tc.args, getenv, strings.NewReader(""), &out, &errb)
		if code == 0 || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%v: exit %d, %s", tc.args, code, errb.String())
		}
	}
}
