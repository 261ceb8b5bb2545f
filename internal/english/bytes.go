package english

import (
	"fmt"
	"strconv"
)

// Bytes renders a size in binary units the way a person reads it at a glance: "512 bytes",
// "40 KB", "1.5 MB", "12 MB", "2.1 GB". One decimal only where it says something (a
// megabyte or gigabyte count under ten that is not whole); kilobytes are whole.
func Bytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		v := float64(n) / (1 << 20)
		if v >= 9.95 || v == float64(int64(v)) {
			return fmt.Sprintf("%.0f MB", v)
		}
		return fmt.Sprintf("%.1f MB", v)
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return strconv.FormatInt(n, 10) + " " + Plural(int(n), "byte", "bytes")
}
