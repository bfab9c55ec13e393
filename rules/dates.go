package rules

import (
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// A Date is a date as a post writes it, in its front matter or its file
// name.
type Date struct {
	// Time is the date and time as written. When Floating is set, no UTC
	// offset was written and Time holds the written clock reading in UTC:
	// the instant depends on the site's time zone (see In).
	Time     time.Time
	Floating bool // no UTC offset was written: the site's time zone applies
	DateOnly bool // no time of day was written: midnight
}

// In returns the instant the date stands for on a site whose time zone is
// loc: a floating date is read as a clock reading in loc, a date written
// with an offset keeps it. A nil loc is UTC.
func (d Date) In(loc *time.Location) time.Time {
	if !d.Floating {
		return d.Time
	}
	if loc == nil {
		loc = time.UTC
	}
	t := d.Time
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

// dateLayout is one form of date that site generators read.
type dateLayout struct {
	layout   string
	zoned    bool // the form carries a UTC offset or a zone name
	dateOnly bool // the form has no time of day
}

// dateLayouts are the date forms site generators read: YAML's timestamp
// forms, RFC 3339, Jekyll's "2006-01-02 15:04:05 -0700", and the others
// Hugo's date parser takes. Go's parser also takes fractional seconds
// after the seconds of any of them.
var dateLayouts = makeLayouts(
	"2006-01-02",
	"2006-1-2",
	time.RFC3339,
	"2006-1-2T15:4:5Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02T15:04:05-0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-1-2 15:4:5",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05 MST",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC822Z,
	time.RFC822,
	time.RFC850,
	time.ANSIC,
	time.UnixDate,
	time.RubyDate,
	"02 Jan 2006",
	"2 January 2006",
	"January 2, 2006",
	"Jan 2, 2006",
)

func makeLayouts(layouts ...string) []dateLayout {
	out := make([]dateLayout, len(layouts))
	for i, l := range layouts {
		out[i] = dateLayout{
			layout:   l,
			zoned:    strings.Contains(l, "Z07") || strings.Contains(l, "-07") || strings.Contains(l, "MST"),
			dateOnly: !strings.Contains(l, "15"),
		}
	}
	return out
}

// ParseDate reads a date in any of the forms the front-matter rule accepts
// (2024-05-01, 2024-05-01T10:00:00Z, Jekyll's 2024-05-01 10:00:00 +0100,
// RFC 1123, "May 1, 2024", ...), keeping the offset it was written with.
func ParseDate(s string) (Date, bool) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l.layout, s); err == nil {
			return Date{Time: t, Floating: !l.zoned, DateOnly: l.dateOnly}, true
		}
	}
	return Date{}, false
}

// jekyllName matches the date at the start of a Jekyll post's file name.
var jekyllName = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})-`)

// FileNameDate returns the date of a Jekyll file name such as
// 2017-03-30-slug.md: a floating date, with no time of day.
func FileNameDate(path string) (Date, bool) {
	m := jekyllName.FindStringSubmatch(filepath.Base(path))
	if m == nil {
		return Date{}, false
	}
	t, err := time.Parse("2006-01-02", m[1])
	if err != nil {
		return Date{}, false
	}
	return Date{Time: t, Floating: true, DateOnly: true}, true
}

// A PostDate is a date of a post and where it is written.
type PostDate struct {
	Date
	// Key is the front-matter key the date is the value of; "" when it
	// comes from the file name.
	Key string
	// Span is the value in the file; empty (0, 0) for a file name.
	Span Span
}

// PostDateKeys are the front-matter keys that date a post, in the order
// PostDate reads them: Jekyll's and Hugo's date, Hugo's publishDate and
// its aliases, then nanoc's created_at.
var PostDateKeys = []string{"date", "publishDate", "pubdate", "published", "created_at"}

// PostDate returns when the post says it was published: the first of
// PostDateKeys whose value is a date, else the date of a Jekyll file name
// (2017-03-30-slug.md). A value that is not a date is passed over (the
// front-matter rule reports it).
func (d *Document) PostDate() (PostDate, bool) {
	if pd, ok := d.DateField(PostDateKeys...); ok {
		return pd, true
	}
	if fd, ok := FileNameDate(d.Path); ok {
		return PostDate{Date: fd}, true
	}
	return PostDate{}, false
}

// DateField returns the date in the first of keys whose front-matter value
// is a date, with the value's position.
func (d *Document) DateField(keys ...string) (PostDate, bool) {
	x := d.Fields()
	if x == nil {
		return PostDate{}, false
	}
	for _, key := range keys {
		f := x.ByKey[key]
		v, ok := d.Field(key)
		if f == nil || !ok {
			continue
		}
		var date Date
		switch v := v.(type) {
		case string:
			if date, ok = ParseDate(v); !ok {
				continue
			}
		case time.Time:
			// A TOML date, or a YAML one tagged !!timestamp: the decoder
			// dropped whether an offset was written, the text has it.
			if date, ok = ParseDate(string(d.Src[f.Value.Start:f.Value.End])); !ok {
				date = Date{Time: v}
			}
		default:
			continue
		}
		return PostDate{Date: date, Key: key, Span: f.Value.Span}, true
	}
	return PostDate{}, false
}
