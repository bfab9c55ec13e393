package frontmatter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/postlint/postlint/rules"
)

// alongside are keys that also file a post in a taxonomy: a post with one
// of them is not missing its tags.
var alongside = []string{"categories", "category"}

func runTags(pass *rules.Pass) {
	doc := pass.Doc
	cfg := pass.Section("tags").(*TagsConfig)
	x := doc.Fields()
	if x == nil {
		return // no front matter, or a broken one: see front-matter
	}
	key := cfg.key()
	st := standingOf(doc)
	f := x.ByKey[key]
	for _, k := range alongside {
		if g := x.ByKey[k]; g != nil && k != key && g.Value.Kind == rules.List {
			checkItems(pass, g, nil)
		}
	}
	if f == nil {
		if !cfg.Required || st != post {
			return
		}
		for _, k := range alongside {
			if v, ok := doc.Field(k); ok && !isEmpty(v) {
				return
			}
		}
		if !reportCase(pass, x, key, "key") {
			pass.Reportf(x.Open.Start, x.Open.End, "no %s: add a %q list to the front matter (tags.required is on)", key, key)
		}
		return
	}
	v, _ := doc.Field(key)
	if isEmpty(v) {
		if cfg.Required && st == post {
			pass.Reportf(f.KeySpan.Start, valueEnd(doc, f), "%s is empty; a post needs at least one", key)
		}
		return
	}
	switch f.Value.Kind {
	case rules.Mapping:
		start, end := doc.ValueSpan(f)
		pass.Reportf(start, end, "%s is a mapping; it should be a list of names", key)
	case rules.Scalar:
		reportString(pass, x, f, key, v)
	case rules.List:
		checkItems(pass, f, cfg.Allowed)
	}
}

// reportString reports tags written as one string, with the fix that
// writes them as a list.
func reportString(pass *rules.Pass, x *rules.FieldIndex, f *rules.Field, key string, v any) {
	s, ok := v.(string)
	if !ok {
		start, end := pass.Doc.ValueSpan(f)
		pass.Reportf(start, end, "%s is %v, not a list", key, v)
		return
	}
	names := splitTags(s)
	d := rules.Diagnostic{Start: f.Value.Start, End: f.Value.End}
	if len(names) == 1 {
		d.Message = fmt.Sprintf("%s is the string %q, not a list", key, s)
	} else {
		d.Message = fmt.Sprintf("%s is one string %q, not a list: Hugo reads it as one tag, Jekyll as %d", key, s, len(names))
	}
	// A tag given twice is written once; two spellings of one tag are
	// left for a person to choose between.
	names, variants := uniqueTags(names)
	if edit, ok := listEdit(pass.Doc, x, f, names); ok {
		d.Fixes = []rules.Fix{{Message: "Write " + key + " as a list", Edits: []rules.Edit{edit}, Safe: !variants}}
	}
	pass.Report(d)
}

// uniqueTags drops repeats of a name, and reports whether two names are
// one tag spelt two ways.
func uniqueTags(names []string) (out []string, variants bool) {
	seen := map[string]bool{}
	norms := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		norm := normalizeTag(n)
		variants = variants || norms[norm]
		norms[norm] = true
		out = append(out, n)
	}
	return out, variants
}

// splitTags splits a string of tags at commas if it has any, else at
// blanks, as Jekyll does.
func splitTags(s string) []string {
	var parts []string
	if strings.Contains(s, ",") {
		parts = strings.Split(s, ",")
	} else {
		parts = strings.Fields(s)
	}
	var names []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			names = append(names, p)
		}
	}
	return names
}

// listEdit writes names as a list in place of f's value, in the style of
// the file.
func listEdit(doc *rules.Document, x *rules.FieldIndex, f *rules.Field, names []string) (rules.Edit, bool) {
	if !f.Value.Exact || len(names) == 0 {
		return rules.Edit{}, false
	}
	quoted := make([]string, len(names))
	switch doc.FrontMatter.Format {
	case "yaml":
		if x.BlockIndent >= 0 && !x.FlowLists && f.Colon >= 0 {
			nl := "\n"
			if x.CRLF {
				nl = "\r\n"
			}
			_, keyCol := doc.Lines.Position(f.KeySpan.Start)
			indent := strings.Repeat(" ", keyCol-1+x.BlockIndent)
			var b strings.Builder
			for _, n := range names {
				b.WriteString(nl + indent + "- " + yamlScalar(n, false))
			}
			// Replace from the colon on, so no blank is left after it.
			return rules.Edit{Start: f.Colon, End: f.Value.End, NewText: b.String()}, true
		}
		for i, n := range names {
			quoted[i] = yamlScalar(n, true)
		}
	case "toml":
		for i, n := range names {
			quoted[i] = tomlString(n, f.Value.Quote)
		}
	case "json":
		for i, n := range names {
			quoted[i] = jsonString(n)
		}
	default:
		return rules.Edit{}, false
	}
	return rules.Edit{Start: f.Value.Start, End: f.Value.End, NewText: "[" + strings.Join(quoted, ", ") + "]"}, true
}

// yamlScalar writes s as a YAML string: plain when that reads back as the
// same string, else double-quoted.
func yamlScalar(s string, inFlow bool) string {
	if plainYAML(s, inFlow) {
		return s
	}
	return jsonString(s) // a JSON string is a YAML double-quoted scalar
}

func plainYAML(s string, inFlow bool) bool {
	if s == "" {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~":
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(first) && first != '_' {
		return false // digits may read as numbers or dates, and most signs are YAML's
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		case r == '_' || r == '-' || r == '.' || r == '/' || r == '+' || r == ' ':
		default:
			return false
		}
	}
	return !strings.HasSuffix(s, " ") && (!inFlow || !strings.ContainsAny(s, ",[]{}"))
}

func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// tomlString writes s as a TOML string, with the quotes q of the original
// when they can hold it.
func tomlString(s string, q byte) string {
	if q == '\'' && !strings.ContainsAny(s, "'\n\r") {
		return "'" + s + "'"
	}
	return jsonString(s) // TOML basic strings escape as JSON does
}

// checkItems reports empty and nested items, tags outside allowed (when
// allowed is not empty) and tags given twice.
func checkItems(pass *rules.Pass, f *rules.Field, allowed []string) {
	doc := pass.Doc
	var allowedSet map[string]bool
	if len(allowed) > 0 {
		allowedSet = map[string]bool{}
		for _, a := range allowed {
			allowedSet[a] = true
		}
	}
	seen := map[string]rules.Item{}
	for _, it := range f.Value.Items {
		switch {
		case it.Kind == rules.List || it.Kind == rules.Mapping:
			pass.Reportf(it.Start, it.End, "a tag in %s is itself a %s; it should be a name", f.Key, map[rules.ValueKind]string{rules.List: "list", rules.Mapping: "mapping"}[it.Kind])
			continue
		case it.Kind == rules.Null || strings.TrimSpace(it.Text) == "":
			pass.Reportf(it.Start, max(it.End, it.Start), "empty tag in %s", f.Key)
			continue
		}
		norm := normalizeTag(it.Text)
		prev, twice := seen[norm]
		if allowedSet != nil && !allowedSet[it.Text] {
			if twice && allowedSet[prev.Text] {
				// One report, not two on one span: the allowed spelling
				// is there already, and a fix to it would list it twice.
				line, _ := doc.Lines.Position(prev.Start)
				pass.Reportf(it.Start, it.End, "tag %q is not in tags.allowed, and the allowed %q is already listed (line %d); remove this one", it.Text, prev.Text, line)
				continue
			}
			reportNotAllowed(pass, f, it, allowed)
		}
		if twice {
			line, _ := doc.Lines.Position(prev.Start)
			if prev.Text == it.Text {
				pass.Reportf(it.Start, it.End, "tag %q is listed twice in %s (first on line %d)", it.Text, f.Key, line)
			} else {
				pass.Reportf(it.Start, it.End, "tags %q and %q (line %d) differ only in case or separators; use one spelling", it.Text, prev.Text, line)
			}
			continue
		}
		seen[norm] = it
	}
}

func reportNotAllowed(pass *rules.Pass, f *rules.Field, it rules.Item, allowed []string) {
	tag := normalizeTag(it.Text)
	tagRunes := []rune(tag)
	best, near, bestDist := "", "", -1
	for _, a := range allowed {
		na := normalizeTag(a)
		d := rules.EditDistance(tagRunes, []rune(na), math.MaxInt)
		if na != tag {
			d++ // a case or separator variant comes first
		}
		if bestDist < 0 || d < bestDist {
			best, near, bestDist = a, na, d
		}
	}
	slip := bestDist <= 1 || bestDist <= 3 && utf8.RuneCountInString(best) >= 8
	// The closest tag is named when it is likely the one meant: a slip, a
	// third of the letters or fewer off ("evnets" for "events"), or the
	// tag with more after it ("golang" for "go").
	likely := slip || 3*(bestDist-1) <= max(utf8.RuneCountInString(tag), utf8.RuneCountInString(near)) || extends(tag, near)
	d := rules.Diagnostic{Start: it.Start, End: it.End}
	switch {
	case likely:
		d.Message = fmt.Sprintf("tag %q is not in tags.allowed; the closest allowed tag is %q", it.Text, best)
	case len(allowed) <= maxListedTags:
		d.Message = fmt.Sprintf("tag %q is not in tags.allowed (%s)", it.Text, quoteAll(allowed))
	default:
		// The closest of many is no hint: "Kubecon" is not "go".
		d.Message = fmt.Sprintf("tag %q is not in tags.allowed", it.Text)
	}
	// Offer the closest tag when the difference looks like a slip.
	if it.Exact && slip {
		var text string
		switch pass.Doc.FrontMatter.Format {
		case "yaml":
			text = yamlScalar(best, f.Value.Flow)
			if it.Quote != 0 {
				text = jsonString(best)
				if it.Quote == '\'' && !strings.Contains(best, "'") {
					text = "'" + best + "'"
				}
			}
		case "toml":
			text = tomlString(best, it.Quote)
		default:
			text = jsonString(best)
		}
		d.Fixes = []rules.Fix{{Message: fmt.Sprintf("Replace with %q", best), Edits: []rules.Edit{{Start: it.Start, End: it.End, NewText: text}}}}
	}
	pass.Report(d)
}

// maxListedTags is how many allowed tags a report lists when none of them
// is close to the tag: a short list is the answer, a long one is noise.
const maxListedTags = 6

// extends reports whether one tag is the other with more after it
// ("golang" and "go", "kubecon" and "kubeconeu"): not a slip, but the
// closest allowed tag is then likely the one meant.
func extends(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	return utf8.RuneCountInString(b) >= 2 && strings.HasPrefix(a, b)
}

func quoteAll(tags []string) string {
	q := make([]string, len(tags))
	for i, t := range tags {
		q[i] = strconv.Quote(t)
	}
	return strings.Join(q, ", ")
}

// normalizeTag folds case and drops separators: K8s, k8s and k-8s are
// one tag to a reader.
func normalizeTag(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case ' ', '-', '_', '.', '\t':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
