package site

import (
	"path"
	"regexp"
	"strings"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/language"
	"github.com/postlint/postlint/rules/links"
)

var ImageAlt = &rules.Rule{
	Name:     "image-alt",
	Summary:  "an image with no alt text, or one that is a file name, a URL or \"image\"",
	Severity: rules.Warning,
	Run:      runImageAlt,
	Options:  func() any { return &ImageAltOptions{Languages: []string{"en"}} },
	Doc: `A screen reader reads an image's alt text in place of the image; without
one it reads the file name, or nothing. An alt that is itself a file name
("IMG_2041.jpg", or "span-list" for span-list.png), a URL, or a word like
"image", "screenshot", "photo", "picture" or "img" (also "image1",
"Screenshot 2024-05-01 at 10.22.13") tells the reader no more. This rule
reports such images:

- Markdown images, ![alt](src) and ![alt][ref], also inside links;
- HTML <img> tags; alt="" is reported too, unless the image is marked as
  decoration with role="presentation" (or role="none", aria-hidden="true");
- Hugo's figure shortcode with neither alt nor caption (Hugo takes the
  caption for the alt), and other shortcodes and Jekyll includes that
  have an alt parameter ({% include image.html url="..." alt="..." %}).

An <img> without alt inside a <figure> with a <figcaption> is not
reported: HTML lets the caption stand for it. Images in code, in HTML
comments and in <script> are not images, nor [image](photo.png), a link.
Only
posts in the languages of the option languages (default [en]; the
language is the front matter's lang or language, or the path, /ja/ or
post.ja.md; a post that says none counts as English) are checked: the
placeholder words are English ones.

Options:

    rules:
      image-alt:
        languages: [en]   # [en, ja] also checks Japanese posts for missing alt

Bad:

    ![](kubecon-keynote.jpg)
    ![screenshot](grafana.png)
    <img src="logo.png">

Good:

    ![Keynote stage at KubeCon EU, a full hall](kubecon-keynote.jpg)
    ![Grafana dashboard of request latency by route](grafana.png)
    <img src="divider.png" alt="" role="presentation">
`,
}

// ImageAltOptions are the options of image-alt.
type ImageAltOptions struct {
	// Languages are the languages of the posts checked, compared by
	// primary subtag ("en" matches "en-GB").
	Languages []string `yaml:"languages"`
}

func (o *ImageAltOptions) checks(lang string) bool {
	if lang == "" {
		lang = "en"
	}
	for _, l := range o.Languages {
		if language.Primary(l) == lang {
			return true
		}
	}
	return false
}

func runImageAlt(pass *rules.Pass) {
	opts := pass.Options.(*ImageAltOptions)
	lang := language.PostLanguage(pass.Doc)
	if !opts.checks(lang) {
		return
	}
	english := lang == "" || lang == "en"
	for _, img := range links.Images(pass.Doc) {
		if img.Decorative || img.Captioned && !img.HasAlt {
			continue
		}
		what := describe(img)
		switch {
		case !img.HasAlt:
			pass.Reportf(img.Start, img.End, "%s has no alt text: %s", what, missingHint(img))
		case img.Alt == "":
			pass.Reportf(img.AltStart, img.AltEnd, "%s has an empty alt text: screen readers skip it; describe it, or mark it as decoration with role=\"presentation\"", what)
		default:
			if why := poorAlt(img, english); why != "" {
				pass.Reportf(img.AltStart, img.AltEnd, "%s has the alt text %q, %s: describe what the image shows", what, img.Alt, why)
			}
		}
	}
}

// describe names an image in a message: "image kubecon.jpg".
func describe(img links.Image) string {
	name := img.Src
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		name = name[:i]
	}
	if name = path.Base(strings.TrimRight(name, "/")); name == "." || name == "/" || name == "" {
		return "image"
	}
	return "image " + name
}

func missingHint(img links.Image) string {
	switch img.Kind {
	case links.HTMLImage:
		return `screen readers say its file name, or nothing; add alt="what it shows" (alt="" role="presentation" if it is decoration)`
	case links.Shortcode:
		return `screen readers say its file name, or nothing; add alt="what it shows" (or a caption)`
	}
	return "screen readers say its file name, or nothing; write what it shows between the brackets"
}

var (
	imageFile   = regexp.MustCompile(`(?i)^[^\s/]+\.(png|jpe?g|gif|svg|webp|avif|bmp|tiff?|heic|ico)$`)
	cameraName  = regexp.MustCompile(`^(IMG|DSC|DSCN|DSCF|PXL|MVIMG|VID)[_-]?\d`)
	urlLike     = regexp.MustCompile(`(?i)^(https?:|//|www\.)\S*$|^/\S+$`)
	placeholder = regexp.MustCompile(`(?i)^(an? )?(image|img|screenshot|screen ?shot|screen capture|photo|picture|pic|alt|alt text|placeholder)s?[\s_-]*\(?\d*\)?$`)
	osShot      = regexp.MustCompile(`(?i)^screen ?shot \d{4}-\d{2}-\d{2}\b`)
	slugLike    = regexp.MustCompile(`^[\pL\pN]+([-_][\pL\pN]+)+$|^\pL+\d+$`)
)

// poorAlt says why an alt text tells a reader nothing, or "".
func poorAlt(img links.Image, english bool) string {
	alt := strings.TrimSpace(img.Alt)
	src := img.Src
	if i := strings.IndexAny(src, "?#"); i >= 0 {
		src = src[:i]
	}
	base := path.Base(src)
	stem := strings.TrimSuffix(base, path.Ext(base))
	// Most alt texts are a few words that no pattern fits: a byte or two
	// each pattern needs rules them out before its regexp runs.
	switch {
	case strings.IndexByte(alt, '.') >= 0 && imageFile.MatchString(alt) || startsWith(alt, "IDPMV") && cameraName.MatchString(alt) ||
		strings.EqualFold(alt, base):
		return "a file name"
	case startsWith(alt, "hHwW/") && urlLike.MatchString(alt):
		return "a URL"
	case strings.IndexByte(alt, ' ') < 0 && slugLike.MatchString(alt) && sameSlug(alt, stem):
		return "its file name"
	case english && startsWith(alt, "aAiIpPsS") && (placeholder.MatchString(alt) || osShot.MatchString(alt)):
		return "a placeholder"
	}
	return ""
}

// startsWith reports whether s starts with one of the ASCII bytes of
// first, or with a non-ASCII character: (?i) matches "s" to "ſ" too.
func startsWith(s, first string) bool {
	return s != "" && (s[0] >= 0x80 || strings.IndexByte(first, s[0]) >= 0)
}

// sameSlug says whether two names differ only in case and in "-" for "_".
func sameSlug(a, b string) bool {
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), "_", "-") }
	return b != "" && norm(a) == norm(b)
}
