// Package heaptest measures the heap a piece of code needs, for the tests that hold
// claudelog to bounded memory on hostile and huge inputs. It is imported by tests only.
package heaptest

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Peak runs f while sampling the heap every interval, and returns the highest HeapInuse
// seen (after a collection before f, so that earlier garbage does not count).
func Peak(interval time.Duration, f func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(interval):
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	return peak.Load()
}
