package incidents

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/claudelog/claudelog/parse/statuspage"
)

// fixtures are the saved status pages the reader's own tests use.
var fixtures = filepath.Join("..", "..", "parse", "statuspage", "testdata")

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func loadFixture(t testing.TB, name string) *statuspage.Page {
	t.Helper()
	p, err := statuspage.LoadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}
