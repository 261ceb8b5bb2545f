package main

// The 95 HARs written by other tools (../shared/hars-foreign, see its README): a
// tolerance corpus for reading and for sanitize.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

const foreignDir = "../shared/hars-foreign/files"

// TestForeignHARs: each file is read without a panic; sanitize, when it takes the file,
// writes valid UTF-8 JSON with the same entries and the same findings, and no cookie value
// of the input is left anywhere in it.
func TestForeignHARs(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(foreignDir, "*"))
	var hars []string
	for _, f := range files {
		if strings.HasSuffix(f, ".har") || strings.HasSuffix(f, ".json") {
			hars = append(hars, f)
		}
	}
	if len(hars) == 0 {
		t.Skip("no foreign HARs at " + foreignDir)
	}
	if len(hars) < 95 {
		t.Errorf("%d foreign HARs, want 95", len(hars))
	}
	sanitized := 0
	for _, in := range hars {
		t.Run(filepath.Base(in), func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run([]string{"analyze", "-f", "json", "--tz", "UTC", in}, strings.NewReader(""), &out, &errb)
			var before jsonReport
			if code != 2 {
				if err := json.Unmarshal(out.Bytes(), &before); err != nil {
					t.Fatalf("exit %d and no JSON report: %v", code, err)
				}
			}
			raw, _ := os.ReadFile(in)
			entries, failed, isHAR := foreignFailures(raw)
			switch {
			case !isHAR && code != 2:
				t.Errorf("not a HAR, yet read with exit %d (%d calls)", code, before.Summary.Events)
			case isHAR && code == 2:
				t.Errorf("a HAR of %d entries refused: %s", entries, errb.String())
			case isHAR && (before.Summary.Events != entries || before.Summary.Failures != failed):
				t.Errorf("%d calls, %d failed; the file has %d entries, %d failed (status 0, -1 or >= 400, or an _error)",
					before.Summary.Events, before.Summary.Failures, entries, failed)
			}
			dst := filepath.Join(t.TempDir(), "s.har")
			var sout, serr bytes.Buffer
			scode := run([]string{"sanitize", "-o", dst, in}, strings.NewReader(""), &sout, &serr)
			if scode != 0 {
				if code != 2 && len(before.Inputs) == 1 && before.Inputs[0].Format == "har" && before.Summary.Events > 0 {
					t.Errorf("sanitize refused (exit %d: %s) a file analyze reads as a HAR with %d calls", scode, serr.String(), before.Summary.Events)
				}
				return
			}
			sanitized++
			data, err := os.ReadFile(dst)
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.Valid(data) || !json.Valid(data) {
				t.Fatal("sanitized output is not valid UTF-8 JSON")
			}
			after, _, acode := analyzeJSON(t, "", dst)
			if code == 2 {
				return
			}
			if acode != code || before.Summary.Events != after.Summary.Events || before.Summary.Failures != after.Summary.Failures {
				t.Errorf("calls %d/%d failed (exit %d) before, %d/%d (exit %d) after", before.Summary.Failures, before.Summary.Events, code, after.Summary.Failures, after.Summary.Events, acode)
			}
			if a, b := fmt.Sprint(findingCounts(before)), fmt.Sprint(findingCounts(after)); a != b {
				t.Errorf("findings differ: original %s, sanitized %s", a, b)
			}
			for _, v := range cookieValues(raw) {
				if bytes.Contains(data, []byte(v)) {
					t.Errorf("cookie value %.40q survives in the sanitized file", v)
				}
			}
		})
	}
	if sanitized < 80 {
		t.Errorf("sanitize took only %d of %d files", sanitized, len(hars))
	}
}

// foreignFailures counts a HAR's entries and its failed ones from the raw JSON, apart from
// claudelog's reader: an entry failed when its status is 0, -1 or at least 400, or when it
// has an _error (text or an object). The HAR may be nested one level down under a wrapper
// key, or be one entry alone, as claudelog reads it. Entries that never touched the
// network (data:, blob:, about:… URLs) and entries with no request are not calls. isHAR is
// false for a file that is none of these.
func foreignFailures(raw []byte) (entries, failed int, isHAR bool) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil {
		return 0, 0, false
	}
	type entry struct {
		Request  *struct{ URL string }
		Response struct {
			Status any
			Error  any `json:"_error"`
		}
	}
	var list []json.RawMessage
	logOf := func(m json.RawMessage) bool {
		var h struct {
			Log *struct{ Entries *[]json.RawMessage }
		}
		if json.Unmarshal(m, &h) != nil || h.Log == nil || h.Log.Entries == nil {
			return false
		}
		list = *h.Log.Entries
		return true
	}
	switch {
	case logOf(raw):
	case top["request"] != nil:
		list = []json.RawMessage{raw}
	default:
		found := false
		var keys []string
		for k := range top {
			keys = append(keys, k)
		}
		slices.Sort(keys) // the first wrapper in the file: its keys are in order in these files
		for _, k := range keys {
			if !found && bytes.HasPrefix(bytes.TrimSpace(top[k]), []byte("{")) {
				found = logOf(top[k])
			}
		}
		if !found {
			return 0, 0, false
		}
	}
	for _, m := range list {
		var e entry
		if json.Unmarshal(m, &e) != nil || e.Request == nil {
			continue
		}
		scheme, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(e.Request.URL)), ":")
		if slices.Contains([]string{"data", "blob", "about", "javascript", "chrome", "chrome-extension", "moz-extension", "file"}, scheme) {
			entries++
			continue
		}
		entries++
		status := -999.0
		switch v := e.Response.Status.(type) {
		case float64:
			status = v
		case string:
			fmt.Sscan(v, &status)
		}
		hasErr := false
		switch v := e.Response.Error.(type) {
		case string:
			hasErr = strings.TrimSpace(v) != ""
		case map[string]any:
			hasErr = len(v) > 0
		}
		if status == 0 || status == -1 || status >= 400 && status <= 599 || hasErr {
			failed++
		}
	}
	return entries, failed, true
}

// cookieValues are the cookie values of a HAR that sanitize must remove everywhere:
// request and response cookies (array or IE11 object) and the values in Cookie and
// Set-Cookie headers. Values too short or too plain to be secrets (see sanitize's
// echo.go) are left out: "1", "true" or "desktop" occur everywhere for other reasons.
func cookieValues(raw []byte) []string {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	var h struct {
		Log struct {
			Entries []struct {
				Request  struct{ Cookies, Headers json.RawMessage }
				Response struct{ Cookies, Headers json.RawMessage }
			}
		}
	}
	if json.Unmarshal(raw, &h) != nil {
		return nil
	}
	var vals []string
	add := func(v string) {
		v = strings.TrimSpace(v)
		if len(v) >= 6 && !(len(v) <= 12 && strings.Trim(strings.ToLower(v), "abcdefghijklmnopqrstuvwxyz") == "") && strings.ContainsFunc(v, func(r rune) bool { return !strings.ContainsRune("0123456789.eE+-truefalsn \t,:[]{}", r) }) &&
			!strings.ContainsAny(v, "\"\\") && !slices.Contains(vals, v) {
			vals = append(vals, v)
		}
	}
	cookies := func(m json.RawMessage) {
		var list []struct{ Value any }
		if json.Unmarshal(m, &list) == nil {
			for _, c := range list {
				if s, ok := c.Value.(string); ok {
					add(s)
				}
			}
			return
		}
		var obj map[string]any
		if json.Unmarshal(m, &obj) == nil {
			for _, v := range obj {
				if s, ok := v.(string); ok {
					add(s)
				}
			}
		}
	}
	headers := func(m json.RawMessage) {
		var list []struct {
			Name  string
			Value any
		}
		if json.Unmarshal(m, &list) != nil {
			return
		}
		for _, hd := range list {
			n := strings.ToLower(hd.Name)
			if n != "cookie" && n != "set-cookie" {
				continue
			}
			var lines []string
			switch v := hd.Value.(type) {
			case string:
				lines = strings.Split(v, "\n")
			case []any:
				for _, x := range v {
					if s, ok := x.(string); ok {
						lines = append(lines, s)
					}
				}
			}
			for _, l := range lines {
				for i, part := range strings.Split(l, ";") {
					if n == "set-cookie" && i > 0 {
						continue
					}
					if _, v, ok := strings.Cut(part, "="); ok {
						add(v)
					}
				}
			}
		}
	}
	for _, e := range h.Log.Entries {
		cookies(e.Request.Cookies)
		cookies(e.Response.Cookies)
		headers(e.Request.Headers)
		headers(e.Response.Headers)
	}
	return vals
}

// TestJSONThatIsNotAHAR: a JSON document that is not a HAR, not a HAR entry, not an API
// error body and not log records is refused with exit 2 and a message naming the file,
// where it was once analysed as "0 calls, no failures"; a HAR under a wrapper key and an
// entry alone are read, with a warning naming the file.
func TestJSONThatIsNotAHAR(t *testing.T) {
	files, _ := filepath.Glob("testdata/refused/*.json")
	if len(files) < 4 {
		t.Fatalf("%d files in testdata/refused", len(files))
	}
	for _, f := range files {
		var out, errb bytes.Buffer
		code := run([]string{"analyze", "-q", f}, strings.NewReader(""), &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), f+"") || !strings.Contains(errb.String(), "not a HAR") {
			t.Errorf("%s: exit %d, stderr %q", f, code, errb.String())
		}
	}
	doc := `{"log":{"entries":[{"startedDateTime":"2026-11-20T09:14:03Z","request":{"method":"POST","url":"https://api.anthropic.com/v1/messages"},"response":{"status":529}}]}}`
	for name, in := range map[string]string{
		"wrapped.json": `{"recording": ` + doc + `}`,
		"lone.json":    `{"startedDateTime":"2026-11-20T09:14:03Z","request":{"method":"POST","url":"https://api.anthropic.com/v1/messages"},"response":{"status":529}}`,
	} {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(in), 0o600); err != nil {
			t.Fatal(err)
		}
		r, stderr, code := analyzeJSON(t, "", p)
		if code == 2 || r.Summary.Events != 1 || r.Summary.Failures != 1 || !strings.Contains(stderr, p) ||
			!strings.Contains(stderr, map[string]string{"wrapped.json": `nested under the key "recording"`, "lone.json": "one HAR entry"}[name]) {
			t.Errorf("%s: exit %d, %d calls, %d failed, stderr %q", name, code, r.Summary.Events, r.Summary.Failures, stderr)
		}
	}
}
