package cli

import (
	"fmt"
	"strings"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/pay"
)

// payConfig is how egov serve offers online payment of fees: the VNPAY gateway (terminal code
// and gateway address as flags, the secret only from the environment) and the account VietQR
// transfers go to.
type payConfig struct {
	getenv                         func(string) string
	tmnCode, gatewayURL            string
	bin, account, holder, bankName string
}

func addPayFlags(f *flagSet, c *payConfig) {
	c.getenv = f.getenv
	f.String(&c.tmnCode, "vnpay-tmn-code", "EGOV_VNPAY_TMN_CODE", "", "CODE", "VNPAY terminal code (vnp_TmnCode); unset: no gateway payments")
	f.String(&c.gatewayURL, "vnpay-url", "EGOV_VNPAY_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html", "URL", "VNPAY payment page")
	f.EnvOnly("EGOV_VNPAY_SECRET", "VNPAY hash secret (vnp_HashSecret) of the terminal; required with --vnpay-tmn-code")
	f.String(&c.bin, "vietqr-bin", "EGOV_VIETQR_BIN", "", "BIN", "NAPAS BIN (6 digits) of the bank holding the fee account; unset: no VietQR transfers")
	f.String(&c.account, "vietqr-account", "EGOV_VIETQR_ACCOUNT", "", "NUMBER", "the fee account VietQR transfers go to")
	f.String(&c.holder, "vietqr-holder", "EGOV_VIETQR_HOLDER", "", "NAME", "the fee account's holder, shown beside the QR code")
	f.String(&c.bankName, "vietqr-bank", "EGOV_VIETQR_BANK", "", "NAME", "the bank's name, shown beside the QR code")
}

// settings checks the payment flags and returns the service's settings.
func (c *payConfig) settings() (app.PaymentSettings, error) {
	var s app.PaymentSettings
	if c.tmnCode != "" {
		secret := strings.TrimSpace(c.getenv("EGOV_VNPAY_SECRET"))
		if secret == "" {
			return s, usageError{"--vnpay-tmn-code needs the terminal's secret in EGOV_VNPAY_SECRET"}
		}
		if !strings.HasPrefix(c.gatewayURL, "https://") && !strings.HasPrefix(c.gatewayURL, "http://") {
			return s, usageError{fmt.Sprintf("--vnpay-url %q: want an http(s) address", c.gatewayURL)}
		}
		s.Gateway = &pay.VNPAY{TmnCode: c.tmnCode, Secret: secret, GatewayURL: c.gatewayURL}
	}
	if c.bin != "" || c.account != "" {
		s.Bank = app.BankAccount{BIN: c.bin, Account: c.account, Holder: c.holder, BankName: c.bankName}
		if err := app.CheckPaymentSettings(s); err != nil {
			msg := err.Error()
			if e := errs.Public(err); e != nil {
				msg = e.English
			}
			return s, usageError{"--vietqr-bin/--vietqr-account: " + msg}
		}
	}
	return s, nil
}
