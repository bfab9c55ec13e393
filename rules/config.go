package rules

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// ConfigNames are the file names looked for, in this order, walking up
// from the current directory.
var ConfigNames = []string{".postlint.yml", ".postlint.yaml"}

// A Config is a parsed .postlint.yml, or the built-in defaults.
type Config struct {
	File   string   // where it came from; "" for the defaults
	Dir    string   // the directory ignore globs are relative to
	Ignore []string // path globs not linted while walking
	Limits Limits   // what one file may cost

	ignore   []*Glob // Ignore, compiled
	rules    map[string]RuleSetting
	source   []byte // the config file's bytes, for CacheKey
	sections map[string]any
	reg      *Registry
}

// RuleSetting is what the config says about one rule.
type RuleSetting struct {
	Severity Severity
	Set      bool // the config named a severity for the rule
	Options  any
}

// A ConfigError points at the line of the config file that is wrong.
type ConfigError struct {
	File string
	Line int
	Msg  string
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// DefaultConfig is the configuration used when there is no config file.
func DefaultConfig(reg *Registry) *Config {
	c := &Config{reg: reg, rules: map[string]RuleSetting{}, sections: map[string]any{}, Limits: DefaultLimits()}
	for _, r := range reg.Rules {
		s := RuleSetting{Severity: r.Severity}
		if r.Options != nil {
			s.Options = r.Options()
		}
		c.rules[r.Name] = s
	}
	for _, s := range reg.Sections {
		c.sections[s.Key] = s.New()
	}
	if wd, err := os.Getwd(); err == nil {
		c.Dir = wd
	}
	return c
}

// FindConfig returns the nearest config file at or above dir, or "".
func FindConfig(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		for _, name := range ConfigNames {
			p := filepath.Join(dir, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// ParseConfig checks and decodes the bytes of a config file.
func ParseConfig(reg *Registry, file string, data []byte) (*Config, error) {
	c := DefaultConfig(reg)
	c.File = file
	c.source = data
	fail := func(n *yaml.Node, format string, args ...any) error {
		line := 0
		if n != nil {
			line = n.Line
		}
		return &ConfigError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(file, err)
	}
	if len(doc.Content) == 0 {
		return c, nil // an empty file: defaults
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fail(root, "the config must be a mapping of keys to values")
	}
	known := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if known[k.Value] {
			return nil, fail(k, "key %q appears twice", k.Value)
		}
		known[k.Value] = true
		switch k.Value {
		case "ignore":
			if err := decodeStrict(file, v, &c.Ignore); err != nil {
				return nil, err
			}
			c.ignore = make([]*Glob, len(c.Ignore))
			for i, g := range c.Ignore {
				var err error
				if c.ignore[i], err = CompileGlob(g); err != nil {
					at := v
					if v.Kind == yaml.SequenceNode && i < len(v.Content) {
						at = v.Content[i]
					}
					return nil, fail(at, "ignore: bad glob %q: %v", g, err)
				}
			}
		case "limits":
			if err := decodeStrict(file, v, &c.Limits); err != nil {
				return nil, err
			}
		case "rules":
			if v.Kind != yaml.MappingNode {
				return nil, fail(v, "rules: want a mapping of rule names to settings")
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				if err := c.setRule(file, v.Content[j], v.Content[j+1]); err != nil {
					return nil, err
				}
			}
		default:
			sec, ok := c.sections[k.Value]
			if !ok {
				return nil, fail(k, "unknown key %q (known: %s)", k.Value, strings.Join(c.topKeys(), ", "))
			}
			if err := decodeStrict(file, v, sec); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

func (c *Config) topKeys() []string {
	keys := []string{"ignore", "rules", "limits"}
	for _, s := range c.reg.Sections {
		keys = append(keys, s.Key)
	}
	return keys
}

func (c *Config) setRule(file string, k, v *yaml.Node) error {
	rule := c.reg.Rule(k.Value)
	if rule == nil {
		return &ConfigError{File: file, Line: k.Line, Msg: "rules: " + c.reg.unknownRule(k.Value)}
	}
	s := c.rules[rule.Name]
	switch v.Kind {
	case yaml.ScalarNode:
		sev, err := ParseSeverity(v.Value)
		if err != nil {
			return &ConfigError{File: file, Line: v.Line, Msg: fmt.Sprintf("rules: %s: %v", k.Value, err)}
		}
		s.Severity, s.Set = sev, true
	case yaml.MappingNode:
		opts := &yaml.Node{Kind: yaml.MappingNode, Line: v.Line, Column: v.Column}
		for j := 0; j+1 < len(v.Content); j += 2 {
			if v.Content[j].Value == "severity" {
				sev, err := ParseSeverity(v.Content[j+1].Value)
				if err != nil {
					return &ConfigError{File: file, Line: v.Content[j+1].Line, Msg: fmt.Sprintf("rules: %s: %v", k.Value, err)}
				}
				s.Severity, s.Set = sev, true
				continue
			}
			opts.Content = append(opts.Content, v.Content[j], v.Content[j+1])
		}
		if len(opts.Content) > 0 {
			if s.Options == nil {
				return &ConfigError{File: file, Line: opts.Content[0].Line, Msg: fmt.Sprintf("rules: %s: unknown key %q (this rule has no options)", k.Value, opts.Content[0].Value)}
			}
			if err := decodeStrict(file, opts, s.Options); err != nil {
				return err
			}
		}
	default:
		return &ConfigError{File: file, Line: v.Line, Msg: fmt.Sprintf("rules: %s: want off, error, warning, info or a mapping", k.Value)}
	}
	c.rules[rule.Name] = s
	return nil
}

// Rule returns the setting of the rule called name.
func (c *Config) Rule(name string) RuleSetting { return c.rules[name] }

// SetEnabled switches a rule on (at its configured or default severity,
// or Error if the config had it off) or off, as --enable/--disable do.
func (c *Config) SetEnabled(name string, on bool) error {
	r := c.reg.Rule(name)
	if r == nil {
		return c.reg.UnknownRule(name)
	}
	s := c.rules[name]
	switch {
	case !on:
		s.Severity = Off
	case s.Severity == Off && r.Severity != Off:
		s.Severity = r.Severity
	case s.Severity == Off:
		s.Severity = Warning
	}
	c.rules[name] = s
	return nil
}

// Section returns the decoded config section called key; it panics if no
// rule family declared it, which is a programming error.
func (c *Config) Section(key string) any {
	s, ok := c.sections[key]
	if !ok {
		panic("postlint: config section " + key + " is not registered")
	}
	return s
}

// Registry returns the registry the config was made for.
func (c *Config) Registry() *Registry { return c.reg }

// Ignored reports whether the path (as walked) matches an ignore glob,
// relative to the config's directory or to the walked root.
func (c *Config) Ignored(root, p string) bool {
	if len(c.ignore) != len(c.Ignore) {
		// Set by a program, not read from a file: compile them now.
		c.ignore = make([]*Glob, len(c.Ignore))
		for i, g := range c.Ignore {
			c.ignore[i], _ = CompileGlob(g) // nil, matching nothing, if bad
		}
	}
	if len(c.ignore) == 0 {
		return false
	}
	var cands []string
	if abs, err := filepath.Abs(p); err == nil && c.Dir != "" {
		if rel, err := filepath.Rel(c.Dir, abs); err == nil && !strings.HasPrefix(rel, "..") {
			cands = append(cands, filepath.ToSlash(rel))
		}
	}
	if rel, err := filepath.Rel(root, p); err == nil {
		cands = append(cands, filepath.ToSlash(rel))
	}
	for _, g := range c.ignore {
		for _, cand := range cands {
			if g != nil && g.Match(cand) {
				return true
			}
		}
	}
	return false
}

// decodeStrict decodes n into v (a pointer), rejecting keys that v's
// struct types do not have, with the line of the offending key.
func decodeStrict(file string, n *yaml.Node, v any) error {
	if err := checkKeys(file, n, reflect.TypeOf(v)); err != nil {
		return err
	}
	if err := n.Decode(v); err != nil {
		return yamlError(file, err)
	}
	return nil
}

func checkKeys(file string, n *yaml.Node, t reflect.Type) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		fields := map[string]reflect.Type{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := strings.Split(f.Tag.Get("yaml"), ",")[0]
			if name == "-" {
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			fields[name] = f.Type
			names = append(names, name)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			ft, ok := fields[k.Value]
			if !ok {
				return &ConfigError{File: file, Line: k.Line, Msg: fmt.Sprintf("unknown key %q (known: %s)", k.Value, strings.Join(names, ", "))}
			}
			if err := checkKeys(file, n.Content[i+1], ft); err != nil {
				return err
			}
		}
	case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && n.Kind == yaml.SequenceNode:
		for _, c := range n.Content {
			if err := checkKeys(file, c, t.Elem()); err != nil {
				return err
			}
		}
	case t.Kind() == reflect.Map && n.Kind == yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			if err := checkKeys(file, n.Content[i], t.Elem()); err != nil {
				return err
			}
		}
	}
	return nil
}

func yamlError(file string, err error) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if m := yamlLine.FindStringSubmatch("yaml: " + msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &ConfigError{File: file, Line: line, Msg: msg[len(m[0])-len("yaml: "):]}
	}
	return &ConfigError{File: file, Msg: msg}
}
