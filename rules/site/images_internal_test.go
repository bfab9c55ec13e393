package site

import (
	"path"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules/links"
)

// FuzzPoorAlt holds poorAlt to the same verdicts without the byte screens
// in front of its regular expressions.
func FuzzPoorAlt(f *testing.F) {
	for _, alt := range []string{"", "IMG_2041.jpg", "DSC-1", "https://x.io/a.png", "www.x", "/a/b", "span-list",
		"image", "An image (2)", "Screenshot 2024-05-01 at 10.22.13", "ſcreenshot", "PICTURE", "Span_List",
		"A dashboard of latency", "photo1", "kubecon.JPG", "İmage", " www.example.com "} {
		f.Add(alt, "span-list.png")
	}
	f.Fuzz(func(t *testing.T, alt, src string) {
		img := links.Image{Alt: alt, Src: src}
		for _, english := range []bool{true, false} {
			if got, want := poorAlt(img, english), poorAltPlain(img, english); got != want {
				t.Errorf("poorAlt(%q, %q, %v) = %q, want %q", alt, src, english, got, want)
			}
		}
	})
}

// poorAltPlain is poorAlt as it was: every regular expression tried.
func poorAltPlain(img links.Image, english bool) string {
	alt := strings.TrimSpace(img.Alt)
	src := img.Src
	if i := strings.IndexAny(src, "?#"); i >= 0 {
		src = src[:i]
	}
	base := path.Base(src)
	stem := strings.TrimSuffix(base, path.Ext(base))
	switch {
	case imageFile.MatchString(alt) || cameraName.MatchString(alt) || strings.EqualFold(alt, base):
		return "a file name"
	case urlLike.MatchString(alt):
		return "a URL"
	case slugLike.MatchString(alt) && sameSlug(alt, stem):
		return "its file name"
	case english && (placeholder.MatchString(alt) || osShot.MatchString(alt)):
		return "a placeholder"
	}
	return ""
}
