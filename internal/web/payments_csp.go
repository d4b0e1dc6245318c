package web

import (
	"net/http"
	"strings"
)

// allowGatewayForms widens the page's form-action to the payment gateway: the "Thanh toán qua
// cổng" form posts to egov, which answers with a redirect to the gateway's page, and browsers
// block a form's redirect to an origin the form-action directive does not list.
func (s *Server) allowGatewayForms(w http.ResponseWriter) {
	origin := s.svc.GatewayOrigin()
	if origin == "" || strings.ContainsAny(origin, " ;,'\"") {
		return
	}
	w.Header().Set("Content-Security-Policy", strings.Replace(contentSecurityPolicy, "form-action 'self'", "form-action 'self' "+origin, 1))
}
