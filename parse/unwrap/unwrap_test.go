package unwrap

import (
	"bufio"
	"bytes"
	"io"
	"testing"
	"unicode/utf16"
)

func TestJSONPPrefix(t *testing.T) {
	for in, want := range map[string]int{
		`onInputData({"log":{}});`: len("onInputData("),
		`  cb . x ({`:              0, // a space inside the name is not a call
		`ns.cb_1 ({`:               len("ns.cb_1 ("),
		`{"log":{}}`:               0,
		`1abc({`:                   0,
		``:                         0,
	} {
		if got := JSONPPrefix([]byte(in)); got != want {
			t.Errorf("JSONPPrefix(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestMagic(t *testing.T) {
	if !IsGzip([]byte{0x1f, 0x8b, 8}) || IsGzip([]byte("x")) {
		t.Error("IsGzip")
	}
	if !IsZlib([]byte{0x78, 0xda}) || IsZlib([]byte("x ")) || IsZlib([]byte("x^")[:1]) {
		t.Error("IsZlib")
	}
	for in, want := range map[string]BOM{"\xef\xbb\xbf{": UTF8, "\xff\xfe{\x00": UTF16LE, "\xfe\xff\x00{": UTF16BE, "{": NoBOM} {
		if got, _ := DetectBOM([]byte(in)); got != want {
			t.Errorf("DetectBOM(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestUTF16(t *testing.T) {
	text := `{"log":"naïve 𝄞"}`
	units := utf16.Encode([]rune(text))
	for _, big := range []bool{false, true} {
		var b bytes.Buffer
		for _, u := range units {
			if big {
				b.Write([]byte{byte(u >> 8), byte(u)})
			} else {
				b.Write([]byte{byte(u), byte(u >> 8)})
			}
		}
		b.Write([]byte{0xD8}) // an odd trailing byte is dropped
		got, err := io.ReadAll(UTF16(bufio.NewReader(&b), big))
		if err != nil || string(got) != text {
			t.Errorf("big=%v: %q, %v", big, got, err)
		}
	}
	// An unpaired surrogate becomes U+FFFD and the unit after it is kept.
	got, _ := io.ReadAll(UTF16(bufio.NewReader(bytes.NewReader([]byte{0x00, 0xD8, 'A', 0x00})), false))
	if string(got) != "\uFFFDA" {
		t.Errorf("unpaired surrogate: %q", got)
	}
}
