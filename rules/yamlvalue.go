package rules

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// maxAliasValues bounds the values that YAML aliases may expand to in one
// front matter. Ten aliases of ten aliases of ten... ("billion laughs")
// would otherwise expand a few hundred bytes into billions of values.
const maxAliasValues = 100_000

// A yamlValueError is a decoding problem at a line of the file.
type yamlValueError struct {
	line int
	msg  string
}

func (e *yamlValueError) Error() string { return e.msg }

// yamlDecoder turns a yaml.v3 node tree into the values yaml.v3's own
// Decode into map[string]any gives, in time linear in the values made:
// yaml.v3 compares every key of a mapping with every other one, which
// takes minutes for a front matter of 100,000 keys, and it expands
// aliases up to a ratio of the document rather than to a fixed bound.
type yamlDecoder struct {
	aliasDepth  int
	aliasValues int
	outerAlias  *yaml.Node // the alias being expanded, outermost
	expanding   map[*yaml.Node]bool
}

// decodeYAMLMapping decodes the top-level mapping of a front matter, as
// yaml.v3 decodes it into a map[string]any: scalar keys of any type are
// read as the text they are written as.
func decodeYAMLMapping(n *yaml.Node) (m map[string]any, err error) {
	d := &yamlDecoder{}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*yamlValueError)
			if !ok {
				panic(r)
			}
			m, err = nil, e
		}
	}()
	return d.mapping(n, true).(map[string]any), nil
}

func (d *yamlDecoder) fail(n *yaml.Node, format string, args ...any) {
	panic(&yamlValueError{line: n.Line, msg: fmt.Sprintf(format, args...)})
}

func (d *yamlDecoder) value(n *yaml.Node) any { return d.valueAs(n, false) }

// valueAs decodes n; a mapping, or an alias of one, into map[string]any
// when asString is set (see mapping).
func (d *yamlDecoder) valueAs(n *yaml.Node, asString bool) any {
	if d.aliasDepth > 0 {
		d.aliasValues++
		if d.aliasValues > maxAliasValues {
			d.fail(d.outerAlias, "its aliases expand to more than %d values (an alias bomb?)", maxAliasValues)
		}
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return d.value(n.Content[0])
	case yaml.AliasNode:
		if n.Alias == nil {
			d.fail(n, "unknown anchor %q referenced", n.Value)
		}
		if d.expanding[n.Alias] {
			d.fail(n, "anchor %q value contains itself", n.Value)
		}
		if d.expanding == nil {
			d.expanding = map[*yaml.Node]bool{}
		}
		d.expanding[n.Alias] = true
		if d.aliasDepth == 0 {
			d.outerAlias = n
		}
		d.aliasDepth++
		v := d.valueAs(n.Alias, asString)
		d.aliasDepth--
		delete(d.expanding, n.Alias)
		return v
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = d.value(c)
		}
		return s
	case yaml.MappingNode:
		return d.mapping(n, asString)
	default: // a scalar: yaml.v3 resolves its tag and type
		if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
			// What Decode gives for a string, without a decoder for
			// each value: most values are strings.
			return n.Value
		}
		if n.Kind == yaml.ScalarNode && n.Tag == "!!timestamp" && n.Style == 0 {
			if t, ok := dayOf(n.Value); ok {
				return t // and for the date of a post
			}
		}
		var v any
		if err := n.Decode(&v); err != nil {
			d.fail(n, "%s", yamlErrorText(err))
		}
		return v
	}
}

func yamlErrorText(err error) string {
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		msg := te.Errors[0]
		if m := typeErrLine.FindStringSubmatch(msg); m != nil {
			msg = msg[len(m[0]):]
		}
		return msg
	}
	return err.Error()
}

// mapping decodes a mapping as yaml.v3 does: into map[string]any when every
// key is a string (or asString is set), map[any]any otherwise; a key given
// twice is an error; "<<" merges the keys of other mappings that the
// mapping lacks.
func (d *yamlDecoder) mapping(n *yaml.Node, asString bool) any {
	type keyID struct {
		kind  yaml.Kind
		value string
	}
	// yaml.v3 reports the key whose first use comes first, at its first
	// repeat.
	first := make(map[keyID]int, len(n.Content)/2)
	dupI, dupJ := -1, -1
	for j := 0; j+1 < len(n.Content); j += 2 {
		k := n.Content[j]
		id := keyID{k.Kind, k.Value}
		if i, ok := first[id]; ok {
			if dupI < 0 || i < dupI {
				dupI, dupJ = i, j
			}
			continue
		}
		first[id] = j
	}
	if dupI >= 0 {
		k := n.Content[dupJ]
		d.fail(k, "mapping key %q already defined at line %d", k.Value, n.Content[dupI].Line)
	}
	strKeys := true
	for i := 0; i < len(n.Content) && !asString; i += 2 {
		if t := n.Content[i].ShortTag(); t != "!!str" && t != "!!merge" {
			strKeys = false
		}
	}
	var merges []*yaml.Node
	// set stores an own key: a later one that decodes the same wins.
	set := func(put func(k, v any), k *yaml.Node, v any) {
		if asString {
			// As yaml.v3 reads a key into a string: 1.50 is "1.50", and a
			// null key is dropped.
			t := k
			if t.Kind == yaml.AliasNode && t.Alias != nil {
				t = t.Alias
			}
			if t.ShortTag() == "!!null" {
				return
			}
			if k.Kind == yaml.ScalarNode && k.Tag == "!!str" {
				put(k.Value, v) // as Decode would, sooner
				return
			}
			var s string
			if err := k.Decode(&s); err != nil {
				d.fail(k, "%s", yamlErrorText(err))
			}
			put(s, v)
			return
		}
		key := d.value(k)
		switch key.(type) {
		case map[string]any, map[any]any, []any:
			d.fail(k, "invalid map key: %v", key)
		}
		put(key, v)
	}
	if strKeys {
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			if isMergeKey(n.Content[i]) {
				merges = append(merges, n.Content[i+1])
				continue
			}
			set(func(k, v any) { m[k.(string)] = v }, n.Content[i], d.value(n.Content[i+1]))
		}
		// Merged keys only fill in what the mapping lacks. Into a mapping
		// of string keys, yaml.v3 reads merged keys as strings too.
		d.merge(merges, true, func(k, v any) {
			if s, ok := k.(string); ok {
				if _, set := m[s]; !set {
					m[s] = v
				}
			}
		})
		return m
	}
	m := make(map[any]any, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		if isMergeKey(n.Content[i]) {
			merges = append(merges, n.Content[i+1])
			continue
		}
		set(func(k, v any) { m[k] = v }, n.Content[i], d.value(n.Content[i+1]))
	}
	d.merge(merges, false, func(k, v any) {
		if _, set := m[k]; !set {
			m[k] = v
		}
	})
	return m
}

// merge adds the keys of the "<<" values, mappings or lists of mappings,
// that are not set yet: the mapping's own keys win, then earlier merges.
func (d *yamlDecoder) merge(merges []*yaml.Node, asString bool, put func(k, v any)) {
	for _, mn := range merges {
		srcs := []*yaml.Node{mn}
		if mn.Kind == yaml.SequenceNode {
			srcs = mn.Content
		}
		for _, s := range srcs {
			t := s
			if t.Kind == yaml.AliasNode && t.Alias != nil {
				t = t.Alias
			}
			if t.Kind != yaml.MappingNode {
				d.fail(s, "map merge requires map or sequence of maps as the value")
			}
			switch v := d.valueAs(s, asString).(type) {
			case map[string]any:
				for k, x := range v {
					put(k, x)
				}
			case map[any]any:
				for k, x := range v {
					put(k, x)
				}
			}
		}
	}
}

func isMergeKey(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Value == "<<" && (n.Tag == "" || n.Tag == "!" || n.ShortTag() == "!!merge")
}
