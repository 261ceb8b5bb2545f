package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/claudelog/claudelog/parse/redact"
	"github.com/claudelog/claudelog/parse/statuspage"
)

// statusFetchTimeout bounds Fetch when the caller's context has no deadline: a status page
// answers in well under a second, and an analysis must not hang on the network.
const statusFetchTimeout = 10 * time.Second

// fetchStatusPage reads a Statuspage export over HTTP, for --status-url. A bare site address
// ("https://status.claude.com") means its /api/v2/incidents.json. The body is capped at
// statuspage.MaxBytes; anything but a 200 with a JSON export is an error that says what came back.
// client may be nil (http.DefaultClient's behaviour).
func fetchStatusPage(ctx context.Context, rawURL string, client *http.Client) (*statuspage.Page, error) {
	u, err := exportURL(rawURL)
	if err != nil {
		return nil, err
	}
	shown := redact.URL(u.String())
	limit := "the caller's deadline"
	if _, ok := ctx.Deadline(); !ok {
		limit = statusFetchTimeout.String()
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, statusFetchTimeout)
		defer cancel()
	}
	if client == nil {
		client = http.DefaultClient
	}
	client = sameHostClient(client)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("--status-url %s: %w", shown, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "claudelog (status page correlation)")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fetchError(ctx, shown, limit, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
		return nil, fmt.Errorf("--status-url %s: HTTP %s", shown, resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
			return nil, fmt.Errorf("--status-url %s: the server sent HTML, not JSON: use the JSON API, e.g. %s", shown, statuspage.DefaultURL)
		}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, statuspage.MaxBytes+1))
	if err != nil {
		return nil, fetchError(ctx, shown, limit, err)
	}
	p, err := statuspage.Decode(data, shown, u.Path)
	if err != nil {
		return nil, err
	}
	p.Fetched = time.Now()
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		// The server's clock says when the page was true, whatever the local clock says.
		p.Fetched = d
	}
	return p, nil
}

// exportURL checks the URL and completes a bare site address.
func exportURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw != "" && !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--status-url %q: want an http or https URL such as %s", redact.URL(raw), statuspage.DefaultURL)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/api/v2/incidents.json"
	}
	return u, nil
}

// sameHostClient is client following redirects only within the first request's host and
// without a Referer: a status page that sends claudelog elsewhere is not followed (the
// user named one server, and only that one is asked), and no page learns where the
// request came from.
func sameHostClient(client *http.Client) *http.Client {
	c := *client
	prev := client.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		req.Header.Del("Referer")
		if !strings.EqualFold(req.URL.Host, via[0].URL.Host) {
			return fmt.Errorf("redirected to another host, %s; pass that address to --status-url if you trust it", req.URL.Hostname())
		}
		if len(via) >= 5 {
			return errors.New("stopped after 5 redirects")
		}
		if prev != nil {
			return prev(req, via)
		}
		return nil
	}
	return &c
}

func fetchError(ctx context.Context, shown, limit string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		// The URL in the error may be a redirect's target, with its query: redacted too.
		ue.URL = redact.URL(ue.URL)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("--status-url %s: no complete answer within %s; save the page with curl and pass --status FILE instead", shown, limit)
	}
	return fmt.Errorf("--status-url %s: %w", shown, err)
}
