package app

import "net/url"

// GatewayOrigin is the scheme and host of the payment gateway's page ("" when no gateway is
// configured): the payment page's form is sent to egov, which redirects the browser there, and
// browsers check that redirect against the page's Content-Security-Policy form-action.
func (s *Service) GatewayOrigin() string {
	g := s.payments.Gateway
	if !g.Configured() {
		return ""
	}
	u, err := url.Parse(g.GatewayURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
