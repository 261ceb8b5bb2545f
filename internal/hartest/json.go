package hartest

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// obj is a JSON object whose keys keep the order an exporter writes them in: parsers must not
// depend on key order, and fixtures that all share encoding/json's sorted order would hide it.
type obj []field

// pyFloat is a float written the way Python writes it, for mitmproxy's exports.
type pyFloat float64

type field struct {
	key   string
	value any
}

// set appends key unless it is already present, in which case it replaces the value in place.
func (o *obj) set(key string, value any) {
	for i := range *o {
		if (*o)[i].key == key {
			(*o)[i].value = value
			return
		}
	}
	*o = append(*o, field{key, value})
}

// writeJSON renders v the way JSON.stringify(v, null, indent) and Python's json.dumps(v,
// indent=indent) do: one member per line, empty containers as [] and {}, no HTML escaping.
func writeJSON(buf *bytes.Buffer, v any, indent string, depth int) {
	switch x := v.(type) {
	case obj:
		if len(x) == 0 {
			buf.WriteString("{}")
			return
		}
		buf.WriteString("{\n")
		for i, f := range x {
			buf.WriteString(strings.Repeat(indent, depth+1))
			writeString(buf, f.key)
			buf.WriteString(": ")
			writeJSON(buf, f.value, indent, depth+1)
			if i < len(x)-1 {
				buf.WriteByte(',')
			}
			buf.WriteByte('\n')
		}
		buf.WriteString(strings.Repeat(indent, depth))
		buf.WriteByte('}')
	case []any:
		if len(x) == 0 {
			buf.WriteString("[]")
			return
		}
		buf.WriteString("[\n")
		for i, e := range x {
			buf.WriteString(strings.Repeat(indent, depth+1))
			writeJSON(buf, e, indent, depth+1)
			if i < len(x)-1 {
				buf.WriteByte(',')
			}
			buf.WriteByte('\n')
		}
		buf.WriteString(strings.Repeat(indent, depth))
		buf.WriteByte(']')
	case string:
		writeString(buf, x)
	case int:
		buf.WriteString(strconv.Itoa(x))
	case int64:
		buf.WriteString(strconv.FormatInt(x, 10))
	case float64:
		// Shortest round-trip digits, as JavaScript and Python print doubles.
		buf.WriteString(strconv.FormatFloat(x, 'f', -1, 64))
	case pyFloat:
		// Python prints a float that happens to be whole as "-1.0", never "-1".
		f := strconv.FormatFloat(float64(x), 'f', -1, 64)
		if !strings.ContainsAny(f, ".eE") {
			f += ".0"
		}
		buf.WriteString(f)
	case bool:
		buf.WriteString(strconv.FormatBool(x))
	case nil:
		buf.WriteString("null")
	default:
		panic("hartest: cannot write JSON for a value of this type")
	}
}

func writeString(buf *bytes.Buffer, s string) {
	var tmp bytes.Buffer
	enc := json.NewEncoder(&tmp)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	buf.Write(bytes.TrimSuffix(tmp.Bytes(), []byte{'\n'}))
}
