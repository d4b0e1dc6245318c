package web_test

import (
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/web"
)

func TestParseTrustedProxies(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{" , ", ""},
		{"127.0.0.1", "127.0.0.1/32"},
		{"127.0.0.1, 10.0.0.0/8 ,::1", "127.0.0.1/32,10.0.0.0/8,::1/128"},
		{"10.1.2.3/8", "10.0.0.0/8"},                         // masked
		{"2001:db8::/32", "2001:db8::/32"},                   // IPv6 CIDR
		{"::ffff:10.0.0.0/104", "10.0.0.0/8"},                // IPv4-mapped, as IPv4
		{"::ffff:192.0.2.7", "192.0.2.7/32"},                 // IPv4-mapped address
		{"fe80::1%eth0", "fe80::1/128"},                      // zone dropped
		{"192.0.2.1,192.0.2.1", "192.0.2.1/32,192.0.2.1/32"}, // repeats are harmless
	} {
		tp, err := web.ParseTrustedProxies(c.in)
		if err != nil || tp.String() != c.want {
			t.Errorf("%q: %q %v, want %q", c.in, tp.String(), err, c.want)
		}
	}
	for _, c := range []struct{ in, bad string }{
		{"localhost", "localhost"},
		{"127.0.0.1,10.0.0.300", "10.0.0.300"},
		{"10.0.0.0/33", "10.0.0.0/33"},
		{"::1,[::1]", "[::1]"},
		{"10.0.0.0/8;192.168.0.0/16", "10.0.0.0/8;192.168.0.0/16"},
		{"127.0.0.1:8080", "127.0.0.1:8080"},
		{"*", "*"},
	} {
		_, err := web.ParseTrustedProxies(c.in)
		if err == nil || !strings.Contains(err.Error(), `"`+c.bad+`"`) {
			t.Errorf("%q: %v, want an error naming %q", c.in, err, c.bad)
		}
	}
}

// TestClientAddr: the X-Forwarded-For header is believed only from a trusted peer, and then only
// from the right up to the first address that is not a trusted proxy.
func TestClientAddr(t *testing.T) {
	trusted, err := web.ParseTrustedProxies("127.0.0.1,10.0.0.0/8,::1,2001:db8:ffff::/48")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		tp     web.TrustedProxies
		remote string
		xff    []string
		want   string
	}{
		// Trusting no one: the peer, whatever the headers say.
		{"no proxy trusted", web.TrustedProxies{}, "203.0.113.5:4711", []string{"198.51.100.1"}, "203.0.113.5"},
		{"no proxy trusted, no header", web.TrustedProxies{}, "127.0.0.1:4711", nil, "127.0.0.1"},
		{"IPv6 peer", web.TrustedProxies{}, "[2001:db8::5]:4711", nil, "2001:db8::5"},
		{"IPv4-mapped peer", web.TrustedProxies{}, "[::ffff:203.0.113.5]:4711", nil, "203.0.113.5"},
		{"peer without port", web.TrustedProxies{}, "203.0.113.5", nil, "203.0.113.5"},
		{"peer not an address", web.TrustedProxies{}, "@", nil, "@"},
		// An untrusted peer's header is ignored, whatever it claims.
		{"untrusted peer, spoofed header", trusted, "203.0.113.5:4711", []string{"198.51.100.1"}, "203.0.113.5"},
		{"untrusted peer naming a proxy", trusted, "203.0.113.5:4711", []string{"127.0.0.1"}, "203.0.113.5"},
		// A trusted peer.
		{"trusted peer, no header", trusted, "127.0.0.1:4711", nil, "127.0.0.1"},
		{"trusted peer, empty header", trusted, "127.0.0.1:4711", []string{""}, "127.0.0.1"},
		{"one proxy", trusted, "127.0.0.1:4711", []string{"198.51.100.1"}, "198.51.100.1"},
		{"spoofed leftmost value", trusted, "127.0.0.1:4711", []string{"1.2.3.4, 198.51.100.1"}, "198.51.100.1"},
		{"spoofed leftmost proxy address", trusted, "127.0.0.1:4711", []string{"10.0.0.1, 198.51.100.1"}, "198.51.100.1"},
		{"chain of proxies", trusted, "127.0.0.1:4711", []string{"1.2.3.4, 198.51.100.1, 10.0.0.7, 10.1.0.9"}, "198.51.100.1"},
		{"several header lines", trusted, "127.0.0.1:4711", []string{"1.2.3.4", "198.51.100.1, 10.0.0.7"}, "198.51.100.1"},
		{"all trusted: the leftmost", trusted, "127.0.0.1:4711", []string{"10.0.0.3, 10.0.0.2, 127.0.0.1"}, "10.0.0.3"},
		{"empty entries skipped", trusted, "127.0.0.1:4711", []string{"198.51.100.1,, 10.0.0.7 ,"}, "198.51.100.1"},
		// IPv6, with brackets and ports.
		{"IPv6 client", trusted, "[::1]:4711", []string{"2001:db8::1"}, "2001:db8::1"},
		{"IPv6 with brackets", trusted, "[::1]:4711", []string{"[2001:db8::1]"}, "2001:db8::1"},
		{"IPv6 with brackets and port", trusted, "[::1]:4711", []string{"[2001:db8::1]:5000"}, "2001:db8::1"},
		{"IPv4 with port", trusted, "[::1]:4711", []string{"198.51.100.1:5000"}, "198.51.100.1"},
		{"IPv6 proxy chain", trusted, "[::1]:4711", []string{"2001:db8::1, [2001:db8:ffff::2]:443"}, "2001:db8::1"},
		{"IPv4-mapped client", trusted, "127.0.0.1:4711", []string{"::ffff:198.51.100.1"}, "198.51.100.1"},
		{"IPv6 zone dropped", trusted, "127.0.0.1:4711", []string{"fe80::1%eth0"}, "fe80::1"},
		{"IPv4-mapped trusted peer", trusted, "[::ffff:10.2.3.4]:4711", []string{"198.51.100.1"}, "198.51.100.1"},
		// Garbage stops the walk: the last good address, or the peer.
		{"garbage", trusted, "127.0.0.1:4711", []string{"nonsense"}, "127.0.0.1"},
		{"unknown", trusted, "127.0.0.1:4711", []string{"unknown"}, "127.0.0.1"},
		{"garbage after a proxy", trusted, "127.0.0.1:4711", []string{"198.51.100.1, garbage, 10.0.0.7"}, "10.0.0.7"},
		{"garbage left of the client", trusted, "127.0.0.1:4711", []string{"<script>, 198.51.100.1"}, "198.51.100.1"},
		{"IPv6 without brackets but with port", trusted, "127.0.0.1:4711", []string{"2001:db8::1:5000:x"}, "127.0.0.1"},
		{"bracketed IPv4", trusted, "127.0.0.1:4711", []string{"[198.51.100.1]"}, "127.0.0.1"},
		{"bad port", trusted, "127.0.0.1:4711", []string{"198.51.100.1:http"}, "127.0.0.1"},
		{"RFC 7239 syntax is not X-Forwarded-For", trusted, "127.0.0.1:4711", []string{`for="[2001:db8::1]"`}, "127.0.0.1"},
	} {
		if got := c.tp.ClientAddr(c.remote, c.xff); got != c.want {
			t.Errorf("%s: ClientAddr(%q, %q) = %q, want %q", c.name, c.remote, c.xff, got, c.want)
		}
	}
}
