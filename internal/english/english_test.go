package english

import "testing"

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "calls", 1: "call", 2: "calls", -1: "calls"} {
		if got := Plural(n, "call", "calls"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 1: "1 byte", 1023: "1023 bytes", 1024: "1 KB", 40 << 10: "40 KB",
		1536 << 10: "1.5 MB", 2 << 20: "2 MB", 6502195: "6.2 MB", 10 << 20: "10 MB",
		10480000: "10 MB", 10433331: "9.9 MB", 12 << 20: "12 MB", 3 << 30: "3.0 GB", 2254857830: "2.1 GB",
	} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}
