package report

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/claudelog/claudelog/internal/english"
	"golang.org/x/term"
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
	// Width is the terminal's width in columns; the line is fitted to one less, so that
	// the cursor never wraps and every redraw lands on the same line. NewProgress
	// detects it; set it before the first Update to override.
	Width int
}

// NewProgress makes a progress line for inputs of total bytes (-1 when unknown, such as
// standard input).
func NewProgress(w io.Writer, total int64) *Progress {
	now := time.Now()
	return &Progress{w: w, total: total, start: now, last: now, every: 200 * time.Millisecond, done: map[string]int64{}, Width: terminalWidth(w)}
}

// terminalWidth is w's width when it is a terminal that answers, else COLUMNS, else 80.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	return 80
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
	// The parts after the name, and which to drop first when the line is too long: the
	// bar, then the rate, the time left and the total; the name is shortened last.
	var size, of, barPart, pct, left string
	size = english.Bytes(sum)
	if p.total > 0 {
		frac := min(float64(sum)/float64(p.total), 1)
		of = " of " + english.Bytes(p.total)
		barPart = "  " + bar(frac, 20)
		pct = fmt.Sprintf(" %.0f%%", frac*100)
		if rate > 0 && frac < 1 {
			l := time.Duration(float64(p.total-sum) / rate * float64(time.Second)).Round(time.Second)
			left = fmt.Sprintf("  %s left", l)
		}
	}
	ratePart := fmt.Sprintf("  %s/s", english.Bytes(int64(rate)))
	room := max(p.lineWidth(), 20)
	render := func(name string) string {
		return "claudelog: reading " + name + "  " + size + of + barPart + pct + left + ratePart
	}
	line := render(shorten(p.current, 40))
	for _, drop := range []*string{&barPart, &ratePart, &left, &of} {
		if utf8.RuneCountInString(line) <= room {
			break
		}
		*drop = ""
		line = render(shorten(p.current, 40))
	}
	if n := utf8.RuneCountInString(line); n > room {
		line = render(shorten(p.current, max(40-(n-room), 8)))
	}
	if r := []rune(line); len(r) > room {
		line = string(r[:room])
	}
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", room-utf8.RuneCountInString(line)))
	p.drawn = true
}

// lineWidth is the columns a line may take: one less than the terminal, so that the
// cursor stays on the line.
func (p *Progress) lineWidth() int {
	if p.Width <= 0 {
		return 79
	}
	return p.Width - 1
}

// Done clears the line, so the report and warnings start on a clean line.
func (p *Progress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", max(p.lineWidth(), 20)))
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
