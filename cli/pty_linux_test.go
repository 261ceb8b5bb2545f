package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
	"unsafe"
)

// mainEnv, when set, makes the test binary run the command line itself on its own
// streams: TestWidthOnPTY starts it on a pseudo-terminal, so what is tested is what a
// user's terminal gets, the width asked of the terminal included.
const mainEnv = "CLAUDELOG_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) == "1" {
		os.Exit(Run(os.Args[1:], Terminal{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}))
	}
	os.Exit(m.Run())
}

// openPTY opens a pseudo-terminal pair with the standard library alone (no module has
// it): the master through /dev/ptmx, unlocked, and its slave under /dev/pts.
func openPTY() (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, err
	}
	var n uint32
	var unlock int32
	err = ioctl(master, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock))
	if err == nil {
		err = ioctl(master, syscall.TIOCGPTN, unsafe.Pointer(&n))
	}
	if err == nil {
		slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	}
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	return master, slave, nil
}

// ioctl runs one ioctl on f without taking f out of the runtime's poller.
func ioctl(f *os.File, req uintptr, arg unsafe.Pointer) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var errno syscall.Errno
	if err := rc.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(arg))
	}); err != nil {
		return err
	}
	if errno != 0 {
		return errno
	}
	return nil
}

// onPTY runs the command line with args on a fresh pseudo-terminal of cols columns as
// its controlling terminal and all three streams, and returns what the terminal got.
// COLUMNS is set to a wrong width on purpose: the terminal's own answer must win.
func onPTY(t *testing.T, cols int, args ...string) string {
	return onPTYTyping(t, cols, "", args...)
}

// onPTYTyping is onPTY with typed typed on the terminal once the command has started.
func onPTYTyping(t *testing.T, cols int, typed string, args ...string) string {
	t.Helper()
	master, slave, err := openPTY()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer master.Close()
	ws := struct{ rows, cols, x, y uint16 }{rows: 50, cols: uint16(cols)}
	if err := ioctl(slave, syscall.TIOCSWINSZ, unsafe.Pointer(&ws)); err != nil {
		slave.Close()
		t.Skipf("cannot set the pseudo-terminal's size: %v", err)
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), mainEnv+"=1", "COLUMNS=300", "TERM=xterm", "NO_COLOR=")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		slave.Close()
		t.Skipf("cannot start a process on a pseudo-terminal: %v", err)
	}
	slave.Close() // the child holds it now; reading the master ends when the child does
	if typed != "" {
		if _, err := master.Write([]byte(typed)); err != nil {
			t.Fatal(err)
		}
	}
	var killed atomic.Bool
	kill := time.AfterFunc(30*time.Second, func() { killed.Store(true); _ = cmd.Process.Kill() })
	defer kill.Stop()
	var out bytes.Buffer
	buf := make([]byte, 32<<10)
	for {
		n, err := master.Read(buf)
		out.Write(buf[:n])
		if err != nil { // EIO once the child has exited and closed the slave
			break
		}
	}
	err = cmd.Wait()
	if killed.Load() {
		t.Errorf("%v (typed %q): still running after 30 s: %q", args, typed, out.String())
	}
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("%v: %v", args, err)
		}
	}
	return out.String()
}

var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)

// widest is the widest line a terminal shows for out: colour codes take no column, and a
// carriage return (the terminal's newline, the progress line's redraw) starts over.
func widest(out string) (int, string) {
	w, line := 0, ""
	for _, l := range strings.Split(ansiEscape.ReplaceAllString(out, ""), "\n") {
		for _, seg := range strings.Split(l, "\r") {
			if n := utf8.RuneCountInString(seg); n > w {
				w, line = n, seg
			}
		}
	}
	return w, line
}

// TestWidthOnPTY runs the command line on a real pseudo-terminal of 80 and 120 columns:
// no line of the report, of help, of diff or of rules is wider than the terminal.
func TestWidthOnPTY(t *testing.T) {
	har := filepath.Join(testdataDir, "hars", "claude-ai-session.har")
	overloaded := filepath.Join(testdataDir, "hars", "api-overloaded.har")
	outage := filepath.Join(testdataDir, "hars", "pattern-outage.har")
	for _, cols := range []int{80, 120} {
		for _, args := range [][]string{
			{"analyze", har},
			{"--help"},
			{"analyze", "--help"},
			{"diff", overloaded, outage},
			{"rules"},
			{"explain", "usage_limit"},
			{"explain", "529"},
			{"analyze", "--fromat", "json"},
		} {
			out := onPTY(t, cols, args...)
			if strings.TrimSpace(out) == "" {
				t.Errorf("%d columns, %v: nothing on the terminal", cols, args)
				continue
			}
			if n, line := widest(out); n > cols {
				t.Errorf("%d columns, %v: a line of %d columns: %q", cols, args, n, line)
			}
		}
		// No argument on a terminal: the hint that stdin is read, and one Ctrl-D ends it.
		out := onPTYTyping(t, cols, "\x04", "analyze")
		if !strings.Contains(out, "reading standard input") {
			t.Errorf("%d columns: no hint that standard input is read: %q", cols, out)
		}
		if n, line := widest(out); n > cols {
			t.Errorf("%d columns, analyze on a terminal's stdin: a line of %d columns: %q", cols, n, line)
		}
		// The width is the terminal's, not a default: the report uses more than 80
		// columns when it has them.
		if n, _ := widest(onPTY(t, cols, "analyze", har)); cols > 80 && n <= 80 {
			t.Errorf("%d columns: the report is at most %d wide, as if the width were not asked", cols, n)
		}
	}
}
