package cli

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestFetchRedirects: a redirect to another host is refused and its query is not shown; a
// redirect on the same host is followed without a Referer.
func TestFetchRedirects(t *testing.T) {
	other := server(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the other host was asked: %s", r.URL)
	})
	var referer string
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.URL+"/api/v2/incidents.json?token=CANARY_redirect", http.StatusFound)
		case "/here":
			http.Redirect(w, r, "/api/v2/incidents.json", http.StatusFound)
		default:
			referer = r.Header.Get("Referer")
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"page":{"id":"x","name":"Claude","url":"https://status.claude.com"},"incidents":[]}`))
		}
	})
	_, err := fetchStatusPage(context.Background(), s.URL+"/away", nil)
	if err == nil || !strings.Contains(err.Error(), "another host") || strings.Contains(err.Error(), "CANARY") {
		t.Errorf("redirect to another host: err %v", err)
	}
	if _, err := fetchStatusPage(context.Background(), s.URL+"/here", nil); err != nil {
		t.Fatalf("same-host redirect: %v", err)
	}
	if referer != "" {
		t.Errorf("sent Referer %q", referer)
	}
}
