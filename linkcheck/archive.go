package linkcheck

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// DefaultArchiveAPI is the Internet Archive's Wayback availability API: it
// answers with the snapshot of a URL closest to a timestamp, if any.
const DefaultArchiveAPI = "https://archive.org/wayback/available"

// A Snapshot is the Internet Archive's copy of a page.
type Snapshot struct {
	// URL is https://web.archive.org/web/TIMESTAMP/ORIGINAL, made here from
	// the timestamp the API gave; "" when it has no copy.
	URL       string    `json:"url,omitempty"`
	Timestamp string    `json:"timestamp,omitempty"` // YYYYMMDDhhmmss
	Near      string    `json:"near,omitempty"`      // the date asked for, YYYYMMDD
	Checked   time.Time `json:"checked"`
}

// archiveAnswer is what the availability API sends.
type archiveAnswer struct {
	Snapshots struct {
		Closest *struct {
			Available bool   `json:"available"`
			Timestamp string `json:"timestamp"`
			Status    string `json:"status"`
		} `json:"closest"`
	} `json:"archived_snapshots"`
}

// Snapshots finds, for each URL of want, the Internet Archive's snapshot
// closest to its date (YYYYMMDD, or "" for the latest): one request per
// URL, one at a time and Options.ArchiveInterval apart, answers kept in
// the Cache. A 429 or 503 is waited out as Retry-After asks (within
// MaxRetryWait), else the URLs left are not asked this run. Only
// snapshots of pages that answered 2xx count.
func (c *Checker) Snapshots(ctx context.Context, want map[string]string) map[string]Snapshot {
	out := make(map[string]Snapshot, len(want))
	api, err := url.Parse(c.opts.ArchiveAPI)
	if err != nil {
		return out
	}
	var last time.Time
	for _, u := range sortedKeys(want) {
		if c.opts.Cache != nil {
			if s, ok := c.opts.Cache.Snapshot(u); ok && s.Near == want[u] {
				out[u] = s
				continue
			}
		}
		for tries := 0; ; tries++ {
			if err := sleep(ctx, c.opts.ArchiveInterval-time.Since(last)); err != nil {
				return out
			}
			last = time.Now()
			s, wait, err := c.snapshot(ctx, api, u, want[u])
			if err == nil {
				out[u] = s
				if c.opts.Cache != nil {
					c.opts.Cache.PutSnapshot(u, s)
				}
				break
			}
			if wait <= 0 || wait > c.opts.MaxRetryWait || tries >= 2 {
				return out // refused, or asked to wait too long: the rest another time
			}
			if err := sleep(ctx, wait); err != nil {
				return out
			}
		}
	}
	return out
}

// snapshot asks the API once. A refusal gives the wait it asked for, or
// -1 when it asked for none.
func (c *Checker) snapshot(ctx context.Context, api *url.URL, u, near string) (Snapshot, time.Duration, error) {
	q := *api
	v := url.Values{"url": {u}}
	if near != "" {
		v.Set("timestamp", near)
	}
	q.RawQuery = v.Encode()
	resp, body, err := c.get(ctx, &q, 1<<20)
	if err != nil {
		return Snapshot{}, -1, err
	}
	if resp.StatusCode != http.StatusOK {
		wait := time.Duration(-1)
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok && (resp.StatusCode == 429 || resp.StatusCode == 503) {
			wait = max(d, time.Second)
		} else if resp.StatusCode == 429 || resp.StatusCode == 503 {
			wait = 5 * time.Second
		}
		return Snapshot{}, wait, fmt.Errorf("the archive answers %s", statusText(resp.StatusCode))
	}
	var a archiveAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return Snapshot{}, -1, fmt.Errorf("the archive's answer: %v", err)
	}
	s := Snapshot{Near: near, Checked: time.Now()}
	if cl := a.Snapshots.Closest; cl != nil && cl.Available && len(cl.Timestamp) == 14 && digits(cl.Timestamp) &&
		len(cl.Status) == 3 && cl.Status[0] == '2' {
		s.Timestamp = cl.Timestamp
		s.URL = "https://web.archive.org/web/" + cl.Timestamp + "/" + u
	}
	return s, 0, nil
}

// get sends one GET when the host's turn comes and reads at most max bytes
// of the answer.
func (c *Checker) get(ctx context.Context, u *url.URL, max int64) (*http.Response, []byte, error) {
	release, err := c.acquire(ctx, hostKey(u))
	if err != nil {
		return nil, nil, err
	}
	defer release()
	rctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	c.requests.Add(1)
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, max))
	return resp, body, err
}
