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
			raw, _ := os.ReadFile(in)
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
