package rules

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// YAMLNode is a yaml.v3 node: rules read key and value positions from it.
type YAMLNode = yaml.Node

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlParserErrors are the messages of yaml.v3's parser (as opposed to its
// scanner). For these, yaml.v3 reports a 0-based line number (the line of
// the construct being parsed, or of the problem), one less than the 1-based
// line numbers of its scanner errors.
var yamlParserErrors = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

func (fm *FrontMatter) decodeYAML(src, raw []byte) {
	first := lineOfOffset(src, fm.Start)
	var doc yaml.Node
	if fastYAML(raw, &doc) {
		// The tree yaml.v3 would build: no error.
	} else if err := yaml.Unmarshal(raw, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		fm.ErrLine = first
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			msg = err.Error()[len(m[0]):]
			if yamlParserErrors[msg] {
				n++
			}
			// The problem may be the end of the block: keep the line
			// inside it.
			last := lineOfOffset(src, max(fm.Start, fm.End-1))
			fm.ErrLine = min(first+n-1, last)
		}
		fm.Err = errors.New(msg)
		return
	}
	shiftYAML(&doc, first-1)
	fm.Node = &doc
	if len(doc.Content) == 0 { // an empty block
		fm.Data = map[string]any{}
		return
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		fm.Err = errors.New("front matter is not a mapping of keys to values")
		fm.ErrLine = root.Line
		return
	}
	// Not root.Decode: see yamlDecoder. The nodes were shifted, so the
	// error's line is a file line.
	m, err := decodeYAMLMapping(root)
	if err != nil {
		var ye *yamlValueError
		if errors.As(err, &ye) {
			fm.Err, fm.ErrLine = errors.New(ye.msg), ye.line
		} else {
			fm.Err, fm.ErrLine = err, root.Line
		}
		return
	}
	fm.Data = m
}

var typeErrLine = regexp.MustCompile(`^line (\d+): `)

// shiftYAML makes node lines count from the top of the file.
func shiftYAML(n *yaml.Node, by int) {
	if n.Line > 0 {
		n.Line += by
	}
	for _, c := range n.Content {
		shiftYAML(c, by)
	}
}

// YAMLKey returns the key and value nodes of a top-level key of YAML front
// matter, or nils.
func (fm *FrontMatter) YAMLKey(key string) (k, v *yaml.Node) {
	if fm == nil || fm.Node == nil || len(fm.Node.Content) == 0 {
		return nil, nil
	}
	root := fm.Node.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			return root.Content[i], root.Content[i+1]
		}
	}
	return nil, nil
}

func (fm *FrontMatter) decodeTOML(src, raw []byte) {
	first := lineOfOffset(src, fm.Start)
	var m map[string]any
	if _, err := toml.Decode(string(raw), &m); err != nil {
		fm.Err, fm.ErrLine = err, first
		var pe toml.ParseError
		if errors.As(err, &pe) {
			fm.Err = errors.New(pe.Message)
			fm.ErrLine = first + pe.Position.Line - 1
			if pe.Position.Start >= 0 && pe.Position.Start <= len(raw) {
				fm.ErrOffset = fm.Start + pe.Position.Start
			}
		}
		return
	}
	if m == nil {
		m = map[string]any{}
	}
	fm.Data = m
}
