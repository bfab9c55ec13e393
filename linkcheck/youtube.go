package linkcheck

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// DefaultYouTubeOEmbed is YouTube's oEmbed endpoint. The page of a removed
// video answers 200 like any other; oEmbed tells: 404 for a video that is
// gone, 401 or 403 for one that is private or may not be embedded.
const DefaultYouTubeOEmbed = "https://www.youtube.com/oembed"

// youTubeVideo returns the id of the video a YouTube URL shows.
func youTubeVideo(u *url.URL) (string, bool) {
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	host = strings.TrimPrefix(host, "m.")
	var id string
	switch host {
	case "youtu.be":
		id = strings.Trim(u.Path, "/")
	case "youtube.com", "youtube-nocookie.com", "music.youtube.com":
		if u.Path == "/watch" {
			id = u.Query().Get("v")
			break
		}
		for _, p := range []string{"/embed/", "/shorts/", "/live/", "/v/"} {
			if rest, ok := strings.CutPrefix(u.Path, p); ok {
				id = strings.TrimSuffix(rest, "/")
			}
		}
	default:
		return "", false
	}
	return id, videoID(id)
}

// videoID reports the form of a YouTube video id: 11 of A-Z a-z 0-9 - _.
func videoID(s string) bool {
	if len(s) != 11 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// youTube checks the video id that u shows with one request to oEmbed.
func (c *Checker) youTube(ctx context.Context, u *url.URL, id string) attempt {
	q, err := url.Parse(c.opts.YouTubeOEmbed)
	if err != nil {
		return attempt{Result: Result{Status: Unreachable, Reason: "links: bad YouTube oEmbed address"}}
	}
	q.RawQuery = url.Values{"format": {"json"}, "url": {"https://www.youtube.com/watch?v=" + id}}.Encode()
	resp, err := c.do(ctx, http.MethodGet, q, nil)
	if err != nil {
		return c.failure(ctx, err, q, false)
	}
	code := resp.StatusCode
	r := Result{Code: code}
	switch {
	case code >= 200 && code <= 299:
		r.Status, r.Reason = OK, "the video is there"
	case code == http.StatusNotFound:
		r.Status, r.Reason = Dead, fmt.Sprintf("the video %s is gone (YouTube's oEmbed answers %s)", id, statusText(code))
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		r.Status, r.Reason = Unverified, fmt.Sprintf("the video %s is private or may not be embedded (YouTube's oEmbed answers %s)", id, statusText(code))
	default:
		a := c.verdict(q, resp, "", 0)
		a.Reason = "YouTube's oEmbed answers " + a.Reason
		return a
	}
	return attempt{Result: r}
}
