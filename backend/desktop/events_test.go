package desktop

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The UI declares the event topics once, in frontend/src/api/events.js; they are
// exactly the ones declared here.
func TestTopics_MatchTheUIs(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "frontend", "src", "api", "events.js"))
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	start := strings.Index(src, "export const TOPICS = Object.freeze({")
	end := strings.Index(src[max(start, 0):], "})")
	if start < 0 || end < 0 {
		t.Fatal("events.js has no TOPICS = Object.freeze({...})")
	}
	var js []string
	for _, m := range regexp.MustCompile(`:\s*'([^']+)'`).FindAllStringSubmatch(src[start:start+end], -1) {
		js = append(js, m[1])
	}
	goTopics := slices.Clone(Topics)
	slices.Sort(js)
	slices.Sort(goTopics)
	if !slices.Equal(js, goTopics) {
		t.Fatalf("events.js declares %v, events.go %v", js, goTopics)
	}
	if len(slices.Compact(slices.Clone(goTopics))) != len(goTopics) {
		t.Fatalf("a topic is declared twice: %v", goTopics)
	}
}
