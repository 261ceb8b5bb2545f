package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/parse/statuspage"
)

// server serves the handler on loopback only: the tests never go online.
func server(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

func TestFetch(t *testing.T) {
	incidents, err := os.ReadFile("../parse/statuspage/testdata/incidents.json")
	if err != nil {
		t.Fatal(err)
	}
	var asked string
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		asked = r.URL.Path
		if r.Header.Get("Accept") != "application/json" {
			t.Errorf("Accept %q", r.Header.Get("Accept"))
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Date", "Fri, 20 Nov 2026 12:30:00 GMT")
		w.Write(incidents)
	})
	for _, tt := range []struct{ url, path string }{
		{s.URL + "/api/v2/incidents.json", "/api/v2/incidents.json"},
		{s.URL, "/api/v2/incidents.json"},       // a bare site means its incident history
		{s.URL + "/", "/api/v2/incidents.json"}, // so does its root
		{s.URL + "/api/v2/summary.json", "/api/v2/summary.json"},
	} {
		p, err := fetchStatusPage(context.Background(), tt.url, s.Client())
		if err != nil {
			t.Fatal(err)
		}
		if asked != tt.path {
			t.Errorf("%s asked for %s, want %s", tt.url, asked, tt.path)
		}
		if len(p.Incidents) != 7 || p.Kind != statuspage.KindIncidents || !strings.HasPrefix(p.Source, s.URL) {
			t.Errorf("%d incidents, kind %s, source %s", len(p.Incidents), p.Kind, p.Source)
		}
		// The server's Date says when the page was true.
		if !p.Fetched.Equal(mustTime("2026-11-20T12:30:00Z")) || !p.AsOf().Equal(p.Fetched) {
			t.Errorf("fetched %v", p.Fetched)
		}
	}
}

func TestFetchUnresolvedByPath(t *testing.T) {
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"page":{"url":"https://status.claude.com"},"incidents":[]}`))
	})
	p, err := fetchStatusPage(context.Background(), s.URL+"/api/v2/incidents/unresolved.json", s.Client())
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != statuspage.KindUnresolved {
		t.Errorf("kind %s", p.Kind)
	}
}

func TestFetchErrors(t *testing.T) {
	tests := []struct {
		name string
		h    http.HandlerFunc
		want string
	}{
		{"500", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "internal error", http.StatusInternalServerError)
		}, "HTTP 500 Internal Server Error"},
		{"404", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, "HTTP 404"},
		{"html by content type", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(`{"looks":"like json but is not"}`))
		}, "the server sent HTML, not JSON"},
		{"html without a content type", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write([]byte("\n<!DOCTYPE html><html><head><title>Claude Status</title></head></html>"))
		}, "HTML, not JSON"},
		{"plain text", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte("ok"))
		}, "not a Statuspage JSON export"},
		{"some other JSON", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"status":"ok"}`))
		}, "not a Statuspage export"},
		{"too large", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"incidents":[`))
			chunk := []byte(strings.Repeat(" ", 1<<20))
			for range statuspage.MaxBytes>>20 + 1 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}, "larger than 32 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := server(t, tt.h)
			p, err := fetchStatusPage(context.Background(), s.URL+"/api/v2/incidents.json", s.Client())
			if tt.want == "" {
				if err != nil || p == nil {
					t.Fatalf("err %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
		})
	}
}

func TestFetchTimeout(t *testing.T) {
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := fetchStatusPage(ctx, s.URL, s.Client())
	if err == nil || !strings.Contains(err.Error(), "no complete answer within the caller's deadline") || !strings.Contains(err.Error(), "--status FILE") {
		t.Fatalf("err %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("gave up after %v", d)
	}
}

// A server that sends headers at once and then stalls the body is cut off too.
func TestFetchTimeoutInBody(t *testing.T) {
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"incidents":[`))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := fetchStatusPage(ctx, s.URL, s.Client())
	if err == nil || !strings.Contains(err.Error(), "no complete answer") {
		t.Fatalf("err %v", err)
	}
}

func TestFetchBadURL(t *testing.T) {
	for _, u := range []string{"", "ftp://status.claude.com/x", "http://", "https://%zz"} {
		if _, err := fetchStatusPage(context.Background(), u, nil); err == nil || !strings.Contains(err.Error(), "want an http or https URL") {
			t.Errorf("fetchStatusPage(%q): %v", u, err)
		}
	}
}

func TestExportURL(t *testing.T) {
	for in, want := range map[string]string{
		"status.claude.com":                              "https://status.claude.com/api/v2/incidents.json",
		"https://status.claude.com":                      "https://status.claude.com/api/v2/incidents.json",
		"https://status.claude.com/api/v2/summary.json":  "https://status.claude.com/api/v2/summary.json",
		" http://127.0.0.1:8080/api/v2/incidents.json\n": "http://127.0.0.1:8080/api/v2/incidents.json",
	} {
		u, err := exportURL(in)
		if err != nil || u.String() != want {
			t.Errorf("exportURL(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}
