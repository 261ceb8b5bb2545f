package logs

import (
	"strings"
	"sync"
)

// memo remembers what was worked out from a short text a log repeats (a host, a path, a
// URL, an error body): the first max distinct keys are kept and then nothing more is
// added, so memory stays bounded whatever the input, and the keys kept are those seen
// first, which in a log are the ones that repeat. Parsers of several inputs share a memo,
// so it is safe for concurrent use. The zero value with max set is ready.
type memo[V any] struct {
	mu  sync.Mutex
	m   map[string]V
	max int
}

// get returns what was remembered for k.
func (c *memo[V]) get(k string) (V, bool) {
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	return v, ok
}

// getBytes is get for a key in bytes, without copying it.
func (c *memo[V]) getBytes(k []byte) (V, bool) {
	c.mu.Lock()
	v, ok := c.m[string(k)]
	c.mu.Unlock()
	return v, ok
}

// put remembers v for a copy of k, unless the memo is full.
func (c *memo[V]) put(k string, v V) {
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[string]V)
	}
	if len(c.m) < c.max {
		c.m[strings.Clone(k)] = v
	}
	c.mu.Unlock()
}
