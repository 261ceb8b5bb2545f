package har

// A HAR as some tools save it is not always {"log": …}: a test fixture or an API may nest it
// one level down ({"test_response": {"log": …}}), and a tool that works on one entry saves
// that entry alone ({"startedDateTime": …, "request": …, "response": …}). Both decoders
// read these the same way: the first member of the top-level object that is an object
// holding a log is the HAR (Log.Wrapper names its key), and a top-level object with a
// member only an entry has (request, response, startedDateTime) is one entry (Log.Lone).
// The entry's members that may come before those (serverIPAddress, time, timings,
// _resourceType) are read into a loneHead while it is not known yet what the object is.

// loneHead is what of an entry may be read before the object is known to be one.
type loneHead struct {
	time         Num
	timings      Timings
	serverIP     Str
	resourceType Str
}

// into copies the head into an entry about to be read.
func (h *loneHead) into(e *Entry) {
	e.Time, e.Timings, e.ServerIPAddress, e.ResourceType = h.time, h.timings, h.serverIP, h.resourceType
}

// from copies the head's members from an entry.
func (h *loneHead) from(e *Entry) {
	h.time, h.timings, h.serverIP, h.resourceType = e.Time, e.Timings, e.ServerIPAddress, e.ResourceType
}

// What a top-level member's key (folded as foldKey does) says about the object.
const (
	loneNo     = iota // nothing: a member of any object
	loneMaybe         // a member an entry has, and other objects too
	loneStarts        // a member only an entry has: the object is one
)

func loneKey(folded string) int {
	switch folded {
	case "request", "response", "starteddatetime":
		return loneStarts
	case "time", "timings", "serveripaddress", "_resourcetype":
		return loneMaybe
	}
	return loneNo
}
