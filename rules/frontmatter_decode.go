package rules

import (
	"errors"
	"regexp"
	"strconv"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// YAMLNode is a yaml.v3 node: rules read key and value positions from it.
type YAMLNode = yaml.Node

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

func (fm *FrontMatter) decodeYAML(src, raw []byte) {
	first := lineOfOffset(src, fm.Start)
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		fm.Err, fm.ErrLine = err, first
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			fm.ErrLine = first + n - 1
			fm.Err = errors.New(err.Error()[len(m[0]):])
		}
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
	var m map[string]any
	if err := root.Decode(&m); err != nil {
		fm.Err, fm.ErrLine = err, root.Line
		return
	}
	if m == nil {
		m = map[string]any{}
	}
	fm.Data = m
}

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
		}
		return
	}
	if m == nil {
		m = map[string]any{}
	}
	fm.Data = m
}
