// Package english holds the small wording helpers every stage's messages share, so that
// "1 call" and "2 calls" are decided in one place.
package english

// Plural returns one when n is 1 and many otherwise: Plural(n, "call", "calls").
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
