package report

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/postlint/postlint/rules"
)

// Checkstyle writes the Checkstyle XML format that many CI tools read:
// one <file> per path, in the diagnostics' order, one <error> per
// diagnostic, its source "postlint.RULE".
func Checkstyle(w io.Writer, diags []rules.Diagnostic) error {
	bw := bufio.NewWriter(w)
	fmt.Fprint(bw, xml.Header+`<checkstyle version="4.3">`+"\n")
	for i, d := range diags {
		if i == 0 || d.Path != diags[i-1].Path {
			if i > 0 {
				fmt.Fprint(bw, "  </file>\n")
			}
			fmt.Fprintf(bw, "  <file name=\"%s\">\n", xmlAttr(d.Path))
		}
		fmt.Fprintf(bw, "    <error line=\"%d\" column=\"%d\" severity=\"%s\" message=\"%s\" source=\"postlint.%s\"/>\n",
			d.Line, d.Column, d.Severity, xmlAttr(d.Message), xmlAttr(d.Rule))
	}
	if len(diags) > 0 {
		fmt.Fprint(bw, "  </file>\n")
	}
	fmt.Fprint(bw, "</checkstyle>\n")
	return bw.Flush()
}

// xmlAttr escapes s for a double-quoted attribute, newlines and tabs
// included (a raw newline in an attribute reads back as a space).
func xmlAttr(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
