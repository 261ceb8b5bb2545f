package har

import "errors"

// entryDecoder walks one HAR document entry by entry. Read uses scanEntries (scan.go);
// jsonEntries, on encoding/json (decode_ref_test.go, a test tool), is the reference the
// tests hold it to. The reader around
// it does not care how the bytes become an Entry. Offsets are positions in
// the stream the decoder reads; the reader maps them back to the file.
type entryDecoder interface {
	// open reads up to the first entry, filling what of log comes before it. It fails
	// when the stream is not a HAR (not JSON, no log object, no entries array).
	open(log *Log) error
	// next decodes the next entry into e, which the caller has reset. It returns io.EOF
	// after the last entry, a *entryTypeError when the entry was read but had fields of
	// the wrong type (the rest of e is filled), and any other error when the stream broke.
	// start is the offset of the entry's first byte.
	next(e *Entry) (start int64, err error)
	// close reads what follows the entries, filling what of log comes after them.
	close(log *Log) error
	// offset is the position reached so far, for errors that carry none.
	offset() int64
}

// entryTypeError is a field of the wrong type inside an entry that was otherwise read.
type entryTypeError struct{ err error }

func (e *entryTypeError) Error() string { return e.err.Error() }

// notHAR is a stream that is JSON or almost, but not a HAR; nothing is read from it.
type notHAR struct {
	off int64
	msg string
}

func (e *notHAR) Error() string { return e.msg }

var errEndObject = errors.New("end of object")
