package report

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Progress draws one line on a terminal's stderr while big inputs are read: bytes done of
// the total, the rate and the time left. It is for people watching: the caller only makes
// one when stderr is a terminal and neither -q nor --no-progress was given. Safe for
// concurrent use, since inputs are read in parallel.
type Progress struct {
	w       io.Writer
	total   int64 // bytes of all inputs whose size is known; -1 when some are not
	start   time.Time
	every   time.Duration
	mu      sync.Mutex
	done    map[string]int64
	last    time.Time
	drawn   bool
	current string
}

// NewProgress makes a progress line for inputs of total bytes (-1 when unknown, such as
// standard input).
func NewProgress(w io.Writer, total int64) *Progress {
	now := time.Now()
	return &Progress{w: w, total: total, start: now, last: now, every: 200 * time.Millisecond, done: map[string]int64{}}
}

// Update records that done bytes of path were read; it redraws at most five times a second
// and only after the first second, so small inputs never flicker a bar.
func (p *Progress) Update(path string, done, _ int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done[path] = done
	p.current = path
	now := time.Now()
	if now.Sub(p.last) < p.every || now.Sub(p.start) < time.Second {
		return
	}
	p.last = now
	p.draw(now)
}

func (p *Progress) draw(now time.Time) {
	var sum int64
	for _, n := range p.done {
		sum += n
	}
	elapsed := now.Sub(p.start).Seconds()
	rate := float64(sum) / elapsed
	line := fmt.Sprintf("claudelog: reading %s  %s", shorten(p.current, 40), humanBytes(sum))
	if p.total > 0 {
		frac := min(float64(sum)/float64(p.total), 1)
		line += fmt.Sprintf(" of %s  %s %3.0f%%", humanBytes(p.total), bar(frac, 20), frac*100)
		if rate > 0 && frac < 1 {
			left := time.Duration(float64(p.total-sum) / rate * float64(time.Second)).Round(time.Second)
			line += fmt.Sprintf("  %s left", left)
		}
	}
	line += fmt.Sprintf("  %s/s", humanBytes(int64(rate)))
	fmt.Fprintf(p.w, "\r%-100s", line)
	p.drawn = true
}

// Done clears the line, so the report and warnings start on a clean line.
func (p *Progress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintf(p.w, "\r%-100s\r", "")
		p.drawn = false
	}
}

func bar(frac float64, width int) string {
	full := int(frac * float64(width))
	b := make([]rune, width)
	for i := range b {
		if i < full {
			b[i] = '█'
		} else {
			b[i] = '░'
		}
	}
	return string(b)
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n+1:])
}
