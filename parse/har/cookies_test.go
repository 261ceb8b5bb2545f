package har

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Cookies are never read by claudelog (the scanner skips them); this lenient reading of a
// cookies field is what TestCookies holds to the shapes exporters write.

// Cookie is one cookie as exporters write it, with the bools some write as strings.
type Cookie struct {
	Name     Str  `json:"name"`
	Value    Str  `json:"value"`
	Path     Str  `json:"path"`
	Domain   Str  `json:"domain"`
	Expires  Str  `json:"expires"`
	HTTPOnly Bool `json:"httpOnly"`
	Secure   Bool `json:"secure"`
}

// Bool is a HAR bool that may be written as true, "true", 1 or null.
type Bool bool

// UnmarshalJSON accepts true/false, "true"/"false", numbers and null.
func (v *Bool) UnmarshalJSON(b []byte) error {
	s := strings.Trim(strings.ToLower(string(bytes.TrimSpace(b))), `"`)
	*v = Bool(s == "true" || s == "1" || s == "yes")
	return nil
}

// Cookies parses a cookies field leniently: an array of cookies, a single cookie object (IE11),
// or null. ok is false when the field is something else; the cookies read so far are returned.
// Values are secrets: callers must not let them leave the program.
func Cookies(raw json.RawMessage) (cookies []Cookie, ok bool) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return nil, true
	case raw[0] == '{':
		var c Cookie
		if json.Unmarshal(raw, &c) != nil {
			return nil, false
		}
		return []Cookie{c}, true
	case raw[0] == '[':
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil, false
		}
		ok = true
		for _, item := range items {
			var c Cookie
			if json.Unmarshal(item, &c) != nil {
				ok = false
				continue
			}
			cookies = append(cookies, c)
		}
		return cookies, ok
	}
	return nil, false
}
