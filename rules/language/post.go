package language

import "github.com/postlint/postlint/rules"

// PostLanguage is the language a post is written in, as its front matter
// (lang, language) or its path ("/ja/", "post.ja.md") says, as a
// lower-case primary subtag ("en" for "en-GB" or "English"); "" when
// nothing says. Other rule families use it to know which posts their
// English word lists fit.
func PostLanguage(doc *rules.Document) string {
	if lang := postLanguage(doc); lang != "" {
		return primary(lang)
	}
	return ""
}

// Primary is the lower-case primary subtag of a language tag or name, as
// configs list languages ("en" for "en-US").
func Primary(lang string) string { return primary(lang) }
