package logs

import (
	"strconv"
	"sync"
	"testing"
)

func TestMemoIsBounded(t *testing.T) {
	c := memo[int]{max: 3}
	for i := range 10 {
		c.put(strconv.Itoa(i), i)
	}
	if len(c.m) != 3 {
		t.Fatalf("memo holds %d keys, want its max 3", len(c.m))
	}
	for i := range 10 {
		v, ok := c.get(strconv.Itoa(i))
		if want := i < 3; ok != want || (ok && v != i) {
			t.Errorf("get(%d) = %d, %v; want the first three kept and nothing after", i, v, ok)
		}
	}
	if v, ok := c.getBytes([]byte("2")); !ok || v != 2 {
		t.Errorf("getBytes(2) = %d, %v", v, ok)
	}
}

func TestMemoKeepsItsOwnKey(t *testing.T) {
	c := memo[string]{max: 4}
	b := []byte("host")
	c.put(string(b), "v")
	k := []byte("host")
	copy(b, "xxxx") // the caller's buffer is reused
	if _, ok := c.getBytes(k); !ok {
		t.Error("the memo's key changed with the caller's buffer")
	}
}

func TestMemoConcurrent(t *testing.T) {
	c := memo[int]{max: 64}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				k := strconv.Itoa((i * (g + 1)) % 100)
				if _, ok := c.get(k); !ok {
					c.put(k, i)
				}
			}
		}()
	}
	wg.Wait()
	if len(c.m) > 64 {
		t.Fatalf("memo grew to %d past its max", len(c.m))
	}
}
