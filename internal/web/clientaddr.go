package web

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// TrustedProxies are the reverse proxies in front of egov (nginx, a load balancer) whose
// X-Forwarded-For header is believed. The zero value trusts no one: the client is the peer of
// the connection.
type TrustedProxies struct {
	prefixes []netip.Prefix
}

// ParseTrustedProxies reads a comma-separated list of CIDRs and single addresses, IPv4 or IPv6
// ("127.0.0.1,10.0.0.0/8,::1"). Blank entries are skipped, so "" trusts no one. An entry that is
// neither a CIDR nor an address is an error naming it.
func ParseTrustedProxies(s string) (TrustedProxies, error) {
	var t TrustedProxies
	for _, e := range strings.Split(s, ",") {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		var p netip.Prefix
		if strings.Contains(e, "/") {
			var err error
			if p, err = netip.ParsePrefix(e); err != nil {
				return TrustedProxies{}, fmt.Errorf("%q is not an IP address or a CIDR (e.g. 10.0.0.0/8)", e)
			}
			p = unmapPrefix(p.Masked())
		} else {
			a, err := netip.ParseAddr(e)
			if err != nil {
				return TrustedProxies{}, fmt.Errorf("%q is not an IP address or a CIDR (e.g. 10.0.0.0/8)", e)
			}
			a = a.WithZone("").Unmap()
			p = netip.PrefixFrom(a, a.BitLen())
		}
		t.prefixes = append(t.prefixes, p)
	}
	return t, nil
}

// unmapPrefix turns an IPv4-mapped IPv6 prefix (::ffff:10.0.0.0/104) into its IPv4 prefix, as
// addresses are compared unmapped.
func unmapPrefix(p netip.Prefix) netip.Prefix {
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		return netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p
}

// String lists the trusted prefixes, comma-separated.
func (t TrustedProxies) String() string {
	s := make([]string, len(t.prefixes))
	for i, p := range t.prefixes {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

// trusts reports whether a (without zone, unmapped) is a trusted proxy.
func (t TrustedProxies) trusts(a netip.Addr) bool {
	for _, p := range t.prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientAddr is the address of the client of a request that came from the peer remoteAddr
// (host:port, as in http.Request.RemoteAddr) with the X-Forwarded-For header values xff (each may
// be a comma-separated list; several header lines are read as one list, in order).
//
// When the peer is not a trusted proxy, the headers are ignored and the answer is the peer's
// address. When it is, the list is walked from the right, as each proxy appends the address it
// got the request from: trusted proxies are skipped, and the first address that is not trusted is
// the client. Values further left were written by the client and are never believed. When every
// address is trusted, the leftmost is the answer. An entry that is not an address ("unknown",
// garbage) stops the walk: the answer is then the last address read before it, or the peer.
// Entries may carry a port and IPv6 addresses brackets ("[2001:db8::1]:4711"). The address is
// returned in its canonical form, IPv4-mapped IPv6 addresses as IPv4; a peer that is not an
// address at all is returned as it is.
func (t TrustedProxies) ClientAddr(remoteAddr string, xff []string) string {
	peer, ok := parseForwardedAddr(remoteAddr)
	if !ok {
		return remoteAddr
	}
	if !t.trusts(peer) {
		return peer.String()
	}
	var entries []string
	for _, v := range xff {
		entries = append(entries, strings.Split(v, ",")...)
	}
	client := peer
	for i := len(entries) - 1; i >= 0; i-- {
		e := strings.TrimSpace(entries[i])
		if e == "" {
			continue
		}
		a, ok := parseForwardedAddr(e)
		if !ok {
			break
		}
		client = a
		if !t.trusts(a) {
			break
		}
	}
	return client.String()
}

// parseForwardedAddr reads an address with or without a port, IPv6 with or without brackets:
// "192.0.2.1", "192.0.2.1:80", "2001:db8::1", "[2001:db8::1]", "[2001:db8::1]:80". The zone
// is dropped and an IPv4-mapped address becomes IPv4.
func parseForwardedAddr(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		if ap, perr := netip.ParseAddrPort(s); perr == nil {
			a, err = ap.Addr(), nil
		} else if len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' && strings.Contains(s, ":") {
			a, err = netip.ParseAddr(s[1 : len(s)-1])
		}
	}
	if err != nil {
		return netip.Addr{}, false
	}
	return a.WithZone("").Unmap(), true
}

type clientAddrKey struct{}

// clientAddress finds the client's address once per request (see TrustedProxies.ClientAddr) and
// puts it in the context, where clientIP reads it: the rate limits, sessions, payments and audit
// records all name the same client.
func (s *Server) clientAddress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := s.cfg.TrustedProxies.ClientAddr(r.RemoteAddr, r.Header.Values("X-Forwarded-For"))
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientAddrKey{}, ip)))
	})
}

// clientIP is the address of the client who sent r: the one clientAddress found, or the peer's
// when the request did not pass through it.
func clientIP(r *http.Request) string {
	if ip, ok := r.Context().Value(clientAddrKey{}).(string); ok {
		return ip
	}
	return TrustedProxies{}.ClientAddr(r.RemoteAddr, nil)
}
