package logs

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// findNetTokenSlow is findNetToken without the literals: every regexp in turn.
func findNetTokenSlow(b []byte) (int, []int) {
	for i, t := range netTokens {
		if loc := t.re.FindIndex(b); loc != nil {
			return i, loc
		}
	}
	return -1, nil
}

// netSeeds are transport failures in every wording the tokens know, and near misses.
var netSeeds = []string{
	"peer closed connection without sending complete message body (incomplete chunked read)", "UND_ERR_SOCKET",
	"other side closed", "ERR_STREAM_PREMATURE_CLOSE", "TypeError: terminated", "[SSL: CERTIFICATE_VERIFY_FAILED]",
	"SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "read ECONNRESET", "ESOCKETTIMEDOUT", "ERR_SOCKET_CLOSED",
	"x509: certificate signed by unknown authority", "tls: handshake failure", "SSL certificate problem: self signed",
	"ssl CERTIFICATE verification failed", "Self-Signed Certificate in certificate chain", "ſelf signed certificate",
	"CERTIFICATE VERIFY FAILED", "Proxy Authentication Required", "Tunnel connection failed: 407 x", "Could not resolve proxy: p",
	"ERR_PROXY_CONNECTION_FAILED", "Server disconnected without sending a response", "Connection RESET by peer",
	"connection refuſed", "CONNECTION REFUSED", "nodename nor servname provided, or not known", "no such host",
	"Could not resolve host: api.anthropic.com", "i/o timeout", "TLS handshake timeout", "socket hang up", "fetch failed",
	"Failed to connect to api.anthropic.com port 443", "httpx.ReadTimeout", "httpcore.ConnectError", "Read timed out",
	"connection timed out", "unable to get local issuer certificate", "", "timeout", "Timeout", "certificate",
}

// TestNetTokenLiterals: findNetToken finds what trying every regexp finds, on the seeds,
// on the test logs' lines and on random lines made of the seeds' pieces.
func TestNetTokenLiterals(t *testing.T) {
	inputs := slices.Clone(netSeeds)
	for _, in := range blockCorpus(t) {
		inputs = append(inputs, strings.Split(string(in[:min(len(in), 1<<20)]), "\n")...)
	}
	rng := rand.New(rand.NewPCG(4, 4))
	for range 30000 {
		var b strings.Builder
		for range rng.IntN(4) {
			s := netSeeds[rng.IntN(len(netSeeds))]
			i, j := rng.IntN(len(s)+1), rng.IntN(len(s)+1)
			b.WriteString(s[min(i, j):max(i, j)])
			b.WriteString(" ")
		}
		inputs = append(inputs, b.String())
	}
	for _, s := range inputs {
		checkNetToken(t, s)
	}
}

func checkNetToken(t *testing.T, s string) {
	t.Helper()
	gi, gl := findNetToken([]byte(s))
	wi, wl := findNetTokenSlow([]byte(s))
	if gi != wi || !slices.Equal(gl, wl) {
		t.Fatalf("findNetToken(%q) = %d %v; the regexps in turn find %d %v", s, gi, gl, wi, wl)
	}
}

func FuzzNetTokenLiterals(f *testing.F) {
	for _, s := range netSeeds {
		f.Add(s)
	}
	f.Fuzz(checkNetToken)
}
