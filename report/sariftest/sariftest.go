// Package sariftest validates SARIF logs against the SARIF 2.1.0 JSON
// schema kept in ../shared/sarif beside the repository, for tests.
package sariftest

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaPath is where the schema is looked for: ../shared/sarif beside the
// repository, found from this file so that it does not depend on the
// directory a test runs in.
var SchemaPath = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "sarif", "sarif-schema-2.1.0.json")
}()

// Present reports whether the schema is there to validate against.
func Present() bool {
	_, err := os.Stat(SchemaPath)
	return err == nil
}

// Validate checks log against the schema, when it is there.
func Validate(t testing.TB, log []byte) {
	t.Helper()
	if !Present() {
		t.Logf("no SARIF schema at %s: output not validated", SchemaPath)
		return
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(SchemaPath)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(log))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("SARIF log does not validate: %v", err)
	}
}
