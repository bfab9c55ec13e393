package rules

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in                 string
		want               string // RFC 3339 of Time
		floating, dateOnly bool
	}{
		{"2024-05-01", "2024-05-01T00:00:00Z", true, true},
		{"2024-5-1", "2024-05-01T00:00:00Z", true, true},
		{"2019-05-20T23:30:00-07:00", "2019-05-20T23:30:00-07:00", false, false},
		{"2019-05-20T23:30:00.123Z", "2019-05-20T23:30:00.123Z", false, false},
		{"2019-05-20T23:30", "2019-05-20T23:30:00Z", true, false},
		{"2024-05-01 10:00:00 +0100", "2024-05-01T10:00:00+01:00", false, false},
		{"2024-05-01 10:00:00", "2024-05-01T10:00:00Z", true, false},
		{"  2024-05-01  ", "2024-05-01T00:00:00Z", true, true},
		{"Mon, 02 Jan 2006 15:04:05 -0700", "2006-01-02T15:04:05-07:00", false, false},
		{"January 2, 2006", "2006-01-02T00:00:00Z", true, true},
	} {
		d, ok := ParseDate(c.in)
		if !ok {
			t.Errorf("ParseDate(%q): not a date", c.in)
			continue
		}
		if got := d.Time.Format(time.RFC3339Nano); got != c.want || d.Floating != c.floating || d.DateOnly != c.dateOnly {
			t.Errorf("ParseDate(%q) = %s floating=%v dateOnly=%v; want %s %v %v", c.in, got, d.Floating, d.DateOnly, c.want, c.floating, c.dateOnly)
		}
	}
	for _, bad := range []string{"", "2024-02-30", "yesterday", "2024-13-01", "2024"} {
		if d, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) = %v; want not a date", bad, d)
		}
	}
}

func TestDateIn(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	floating, _ := ParseDate("2019-05-21 01:00:00")
	if got := floating.In(tokyo).UTC().Format(time.RFC3339); got != "2019-05-20T16:00:00Z" {
		t.Errorf("floating date in +09:00 = %s; want 2019-05-20T16:00:00Z", got)
	}
	if got := floating.In(nil).Format(time.RFC3339); got != "2019-05-21T01:00:00Z" {
		t.Errorf("floating date in nil = %s; want UTC", got)
	}
	zoned, _ := ParseDate("2019-05-20T23:30:00-07:00")
	if !zoned.In(tokyo).Equal(zoned.Time) {
		t.Errorf("a date with an offset moved with the site's zone: %v", zoned.In(tokyo))
	}
}

func TestFileNameDate(t *testing.T) {
	d, ok := FileNameDate("posts/_posts/2017-03-30-kubecon.md")
	if !ok || d.Time.Format("2006-01-02") != "2017-03-30" || !d.Floating || !d.DateOnly {
		t.Errorf("FileNameDate = %v, %v; want floating 2017-03-30", d, ok)
	}
	for _, p := range []string{"2017-13-30-x.md", "2017-03-30.md", "x-2017-03-30-y.md", "2017-03/30-x.md"} {
		if _, ok := FileNameDate(p); ok {
			t.Errorf("FileNameDate(%q) found a date", p)
		}
	}
}

func TestPostDate(t *testing.T) {
	for _, c := range []struct {
		name, path, src string
		key, text       string // the key and the bytes of Span; "" key: the file name
		want            string
		floating        bool
	}{
		{"yaml", "a.md", "---\ntitle: A\ndate: 2019-05-20T23:30:00-07:00\n---\n", "date", "2019-05-20T23:30:00-07:00", "2019-05-20T23:30:00-07:00", false},
		{"yaml quoted", "a.md", "---\ndate: \"2024-05-01 10:00:00 +0100\"\n---\n", "date", `"2024-05-01 10:00:00 +0100"`, "2024-05-01T10:00:00+01:00", false},
		{"crlf bom", "a.md", "\ufeff---\r\ntitle: A\r\ndate: 2024-05-01\r\n---\r\n", "date", "2024-05-01", "2024-05-01T00:00:00Z", true},
		{"toml offset", "a.md", "+++\ntitle = \"A\"\ndate = 2019-05-20T23:30:00-07:00\n+++\n", "date", "2019-05-20T23:30:00-07:00", "2019-05-20T23:30:00-07:00", false},
		{"toml local", "a.md", "+++\ndate = 2019-05-20T23:30:00\n+++\n", "date", "2019-05-20T23:30:00", "2019-05-20T23:30:00Z", true},
		{"toml local date", "a.md", "+++\ndate = 2019-05-20\n+++\n", "date", "2019-05-20", "2019-05-20T00:00:00Z", true},
		{"json", "a.md", "{\n  \"date\": \"2019-05-20\"\n}\n\n", "date", `"2019-05-20"`, "2019-05-20T00:00:00Z", true},
		{"publishDate", "a.md", "---\npublishDate: 2021-01-02\n---\n", "publishDate", "2021-01-02", "2021-01-02T00:00:00Z", true},
		{"front matter first", "2017-03-30-x.md", "---\ndate: 2017-03-31\n---\n", "date", "2017-03-31", "2017-03-31T00:00:00Z", true},
		{"created_at", "2017-03-30-x.md", "---\ncreated_at: 2017-03-29\n---\n", "created_at", "2017-03-29", "2017-03-29T00:00:00Z", true},
		{"date before created_at", "a.md", "---\ncreated_at: 2017-03-29\ndate: 2017-03-28\n---\n", "date", "2017-03-28", "2017-03-28T00:00:00Z", true},
		{"file name", "2017-03-30-x.md", "---\ntitle: X\n---\n", "", "", "2017-03-30T00:00:00Z", true},
		{"bad date passed over", "2017-03-30-x.md", "---\ndate: 2017-02-30\n---\n", "", "", "2017-03-30T00:00:00Z", true},
		{"published boolean", "2017-03-30-x.md", "---\npublished: true\n---\n", "", "", "2017-03-30T00:00:00Z", true},
		{"no front matter", "2017-03-30-x.md", "# X\n", "", "", "2017-03-30T00:00:00Z", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := Parse(c.path, []byte(c.src))
			pd, ok := doc.PostDate()
			if !ok {
				t.Fatal("no date")
			}
			if got := pd.Time.Format(time.RFC3339); got != c.want || pd.Floating != c.floating {
				t.Errorf("date %s floating=%v; want %s %v", got, pd.Floating, c.want, c.floating)
			}
			if pd.Key != c.key || string(doc.Src[pd.Span.Start:pd.Span.End]) != c.text {
				t.Errorf("key %q at %q; want %q at %q", pd.Key, doc.Src[pd.Span.Start:pd.Span.End], c.key, c.text)
			}
		})
	}
	if pd, ok := Parse("post.md", []byte("---\ntitle: X\n---\n")).PostDate(); ok {
		t.Errorf("a post without a date has one: %v", pd)
	}
}
