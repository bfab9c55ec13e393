package links

import (
	"fmt"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
)

// TestImages checks what the collector finds of each kind of image and
// that every offset indexes the file as it is on disk: BOM, front matter
// and CRLF line ends included.
func TestImages(t *testing.T) {
	src := "\ufeff---\r\ntitle: x\r\n---\r\n\r\n" +
		"Text ![An *emphasised* alt](a.png \"t\") and ![](b.png) and [![](c.png)](https://x.org/).\r\n\r\n" +
		"![ref alt][r] `![](code.png)` [image](link.png) \\![](escaped.png)\r\n\r\n" +
		"[r]: d.png\r\n\r\n" +
		"<p><img src=\"e.png\" alt=\"E &amp; F\"> <img alt src=f.png> <img src='g.png' role=presentation alt=\"\"></p>\r\n\r\n" +
		"<figure><img src=\"h.png\"><figcaption>H</figcaption></figure>\r\n\r\n" +
		"<!-- <img src=\"comment.png\"> -->\r\n\r\n" +
		"{{< figure src=\"i.png\" caption=\"The [I](https://x.org/) caption\" >}} {{< figure src=\"j.png\" >}}\r\n\r\n" +
		"{{% figure\r\n  src=\"k.png\"\r\n  alt=\"K\"\r\n%}} `{{< figure src=\"code.png\" >}}` {{</* figure src=\"escaped.png\" */>}}\r\n\r\n" +
		"{% include image.html url=\"/l.png\" alt='L' %} {% include toc.html %}\r\n"
	doc := rules.Parse("x.md", []byte(src))
	var got []string
	for _, img := range Images(doc) {
		alt := "-"
		if img.HasAlt {
			alt = fmt.Sprintf("%q@%q", img.Alt, src[img.AltStart:img.AltEnd])
		} else if img.AltStart != img.Start || img.AltEnd != img.End {
			t.Errorf("%s: no alt, but the alt span %d-%d is not the image's %d-%d", img.Src, img.AltStart, img.AltEnd, img.Start, img.End)
		}
		flags := ""
		if img.Decorative {
			flags += " decorative"
		}
		if img.Captioned {
			flags += " captioned"
		}
		got = append(got, fmt.Sprintf("%d %s %s %q %s%s", img.Kind, img.Name, img.Src, src[img.Start:img.End], alt, flags))
	}
	want := []string{
		`0  a.png "![An *emphasised* alt](a.png" "An emphasised alt"@"An *emphasised* alt"`,
		`0  b.png "![](b.png" -`,
		`0  c.png "![](c.png" -`,
		`0  d.png "![ref alt]" "ref alt"@"ref alt"`,
		`1  e.png "<img" "E & F"@"E &amp; F"`,
		`1  f.png "<img" ""@""`,
		`1  g.png "<img" ""@"" decorative`,
		`1  h.png "<img" - captioned`,
		`2 figure i.png "{{< figure" "The I caption"@"The [I](https://x.org/) caption"`,
		`2 figure j.png "{{< figure" -`,
		`2 figure k.png "{{% figure" "K"@"K"`,
		`3 image.html /l.png "{% include image.html" "L"@"L"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
