package mutate_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"iescp/backend/mutate"
)

// TestDocs_ListEveryMutator keeps docs/mutations.md true: a section per mutator
// that names every argument.
func TestDocs_ListEveryMutator(t *testing.T) {
	b, err := os.ReadFile("../../docs/mutations.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, name := range mutate.Names() {
		i := strings.Index(doc, "### `"+name+"`")
		if i < 0 {
			t.Errorf("docs/mutations.md has no section for %s", name)
			continue
		}
		section := doc[i:]
		if j := strings.Index(section[4:], "\n### "); j >= 0 {
			section = section[:j+4]
		}
		m, _ := mutate.Lookup(name)
		typ := reflect.TypeOf(m.NewArgs()).Elem()
		for f := range typ.Fields() {
			field := strings.Split(f.Tag.Get("json"), ",")[0]
			if !strings.Contains(section, "`"+field+"`") {
				t.Errorf("docs/mutations.md section %s does not mention argument %s", name, field)
			}
		}
	}
}
