package archtest

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The desktop services stay thin (issue 10, docs/architecture.md): each bound
// method a few lines over a query or a mutation, so no file of backend/desktop
// grows past maxDesktopLines and none of them writes SQL. Tests are exempt.

// desktopDir is backend/desktop, from this package's directory (where go test runs).
const desktopDir = "../desktop"

// maxDesktopLines is the most lines a non-test file of backend/desktop may have.
const maxDesktopLines = 250

// sqlVerbs are the statements a string literal of backend/desktop may not open
// with: reads belong in backend/queries, changes in the mutators (backend/mutate),
// the directory and settings in backend/localdata. Upper case only, as the
// module writes SQL, so an English message ("update the app") is no finding.
var sqlVerbs = []string{"SELECT", "INSERT", "UPDATE", "DELETE"}

// lineCount counts lines as wc -l does, plus an unterminated last line.
func lineCount(src []byte) int {
	n := bytes.Count(src, []byte("\n"))
	if len(src) > 0 && src[len(src)-1] != '\n' {
		n++
	}
	return n
}

// startsWithSQL reports the SQL verb a string's text opens with (after any
// leading white space), or "" when it opens with none.
func startsWithSQL(s string) string {
	s = strings.TrimLeft(s, " \t\r\n")
	for _, verb := range sqlVerbs {
		rest, ok := strings.CutPrefix(s, verb)
		if !ok {
			continue
		}
		if rest == "" || !isWordByte(rest[0]) {
			return verb
		}
	}
	return ""
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// desktopFindings checks one non-test file of backend/desktop (name as shown in
// the findings) and returns one line per broken rule.
func desktopFindings(name string, src []byte) []string {
	var bad []string
	if n := lineCount(src); n > maxDesktopLines {
		bad = append(bad, fmt.Sprintf("%s has %d lines, over %d: split it by responsibility into files named for what they hold",
			name, n, maxDesktopLines))
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return append(bad, fmt.Sprintf("%s does not parse: %v", name, err))
	}
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		text, err := strconv.Unquote(lit.Value)
		if err != nil {
			text = lit.Value
		}
		if verb := startsWithSQL(text); verb != "" {
			bad = append(bad, fmt.Sprintf("%s: a string literal opens with %s: backend/desktop writes no SQL "+
				"(reads go in backend/queries, changes in the mutators, settings in backend/localdata)",
				fset.Position(lit.Pos()), verb))
		}
		return true
	})
	return bad
}

func TestDesktopFiles(t *testing.T) {
	entries, err := os.ReadDir(desktopDir)
	if err != nil {
		t.Fatalf("backend/desktop: %v", err)
	}
	checked := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(desktopDir, name))
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, b := range desktopFindings("backend/desktop/"+name, src) {
			t.Error(b)
		}
	}
	if checked < 10 {
		t.Fatalf("found %d non-test files in %s; has backend/desktop moved?", checked, desktopDir)
	}
}

// TestDesktopRulesCatch feeds the checker made-up files, one mistake each, so a
// rule that silently stopped firing shows here.
func TestDesktopRulesCatch(t *testing.T) {
	lines := func(n int) string { // a file of exactly n lines
		return "package desktop\n" + strings.Repeat("\n", n-1)
	}
	sound := map[string]string{
		"English messages": "package desktop\n\n" +
			"// SELECT in a comment is no SQL.\n" +
			"var a = \"update the app\"\n" +
			"var b = \"Delete this campaign?\"\n" +
			"var c = \"SELECTED\"\n" +
			"var d = \"UPDATED_AT\"\n" +
			"var e = \"ask: SELECT is not at the start\"\n",
		"exactly the limit": lines(maxDesktopLines),
	}
	for name, src := range sound {
		if bad := desktopFindings("ok.go", []byte(src)); len(bad) > 0 {
			t.Errorf("%s: a sound file fails: %q", name, bad)
		}
	}
	for _, tc := range []struct {
		name, src, want string
	}{
		{"one line too many", lines(maxDesktopLines + 1),
			fmt.Sprintf("x.go has %d lines, over %d", maxDesktopLines+1, maxDesktopLines)},
		{"unterminated last line", lines(maxDesktopLines) + "var x = 1",
			fmt.Sprintf("x.go has %d lines", maxDesktopLines+1)},
		{"a read", "package desktop\n\nconst q = \"SELECT id FROM campaigns\"\n",
			"x.go:3:11: a string literal opens with SELECT"},
		{"an insert in a raw string", "package desktop\n\nconst q = `\n\tINSERT INTO campaigns (id) VALUES (?)`\n",
			"opens with INSERT"},
		{"an update in a call", "package desktop\n\nfunc f(g func(string)) { g(\"UPDATE accounts SET name = ?\") }\n",
			"opens with UPDATE"},
		{"a delete after a space", "package desktop\n\nvar q = \" DELETE FROM offers\"\n",
			"opens with DELETE"},
		{"a bare verb", "package desktop\n\nvar b = \"SELECT \" + \"id\"\n",
			"opens with SELECT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := desktopFindings("x.go", []byte(tc.src))
			if len(bad) != 1 || !strings.Contains(bad[0], tc.want) {
				t.Fatalf("got %q, want one finding containing %q", bad, tc.want)
			}
		})
	}
}
