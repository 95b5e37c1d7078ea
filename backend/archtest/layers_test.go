package archtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strings"
	"testing"
)

const module = "iescp"

// The layers, bottom to top. A package may import its own layer and those below.
const (
	core      = 1 // domain, rules, storage, visibility, the wire protocol
	readModel = 2 // read models and documents over a replica
	machinery = 3 // sync client and server, jobs, secrets, the data directory
	services  = 4 // the desktop's bound services and the commands
	shell     = 5 // main.go, app.go: Wails itself
)

var layerNames = map[int]string{core: "core", readModel: "read models", machinery: "sync and machinery", services: "desktop services and commands", shell: "shell"}

// layers places every package of the module (path relative to the module root, ""
// for the root package). A package missing here fails the test: place it.
var layers = map[string]int{
	"backend/domain":          core,
	"backend/auth":            core,
	"backend/store":           core,
	"backend/store/pgtest":    core,
	"backend/version":         core,
	"backend/replica":         core,
	"backend/mutate":          core,
	"backend/search":          core,
	"backend/cards":           core,
	"backend/bank":            core,
	"backend/ledger":          core,
	"backend/analytics":       core,
	"backend/analytics/synth": core,
	"backend/predict":         core,
	"backend/blobs":           core,
	"sync/protocol":           core,

	"backend/postimport": core, // issue 12: reading post-history CSV files
	"backend/bulkinvite": core, // issue 13: planning a bulk invitation

	"backend/queries": readModel,
	"backend/export":  readModel,
	"backend/report":  readModel,

	"sync/client":       machinery,
	"sync/server":       machinery,
	"backend/jobs":      machinery,
	"backend/statsjob":  machinery,
	"backend/secrets":   machinery,
	"backend/localdata": machinery,

	"backend/desktop":     services,
	"backend/seed":        services,
	"sync/cmd/iescp-sync": services,

	"": shell,

	// Test support: imported by tests only (see testOnly), placed where their own
	// imports may reach.
	"backend/archtest":          core,
	"backend/jobs/smtptest":     core,
	"sync/bench":                services,
	"sync/bench/cmd/benchtable": services,
	"sync/faulttest":            services,
	"sync/securitytest":         services,
	"scripts/barewindow":        shell, // the bare Wails window scripts/desktop-memory.sh compares the app with
	"scripts/notifyd":           core,  // the notification daemon scripts/background-test.sh runs (imports none of ours)
}

// testOnly are the packages no production package may import.
var testOnly = map[string]bool{
	"backend/archtest":          true,
	"backend/jobs/smtptest":     true,
	"sync/bench":                true,
	"sync/bench/cmd/benchtable": true,
	"sync/faulttest":            true,
	"sync/securitytest":         true,
	"scripts/barewindow":        true,
	"scripts/notifyd":           true,
}

// forbidden are imports that the layers allow but the design does not.
var forbidden = map[[2]string]string{
	{"backend/seed", "backend/desktop"}: "seed provisions through backend/localdata, never the UI services",
}

// wailsRuntime belongs to the shell: services emit through an interface the shell
// implements, so backend/ and sync/ run (and test) without a window.
const wailsRuntime = "github.com/wailsapp/wails/v2/pkg/runtime"

type pkg struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

// listPackages runs `go list` over the module (with the Linux Wails tag, so the root
// package's files are all seen; go list runs no cgo, so GTK is not needed).
func listPackages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-tags", "webkit2_41", "-json=ImportPath,Imports,TestImports,XTestImports", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < len(layers)/2 {
		t.Fatalf("go list found %d packages; is the module %q?", len(pkgs), module)
	}
	return pkgs
}

// rel gives a module path relative to the module root ("" for the root package);
// ok is false for a path outside the module.
func rel(path string) (string, bool) {
	if path == module {
		return "", true
	}
	r, ok := strings.CutPrefix(path, module+"/")
	return r, ok
}

func show(r string) string {
	if r == "" {
		return module + " (root)"
	}
	return module + "/" + r
}

// violations checks every package against the rules and returns one line per broken rule.
func violations(pkgs []pkg) []string {
	var bad []string
	for _, p := range pkgs {
		from, _ := rel(p.ImportPath)
		fromLayer, placed := layers[from]
		if !placed {
			bad = append(bad, fmt.Sprintf("%s is in no layer: place it in the table in backend/archtest/layers_test.go (and docs/architecture.md)", show(from)))
			continue
		}
		for _, imp := range p.Imports {
			to, inModule := rel(imp)
			if !inModule {
				continue
			}
			toLayer, known := layers[to]
			switch {
			case !known:
				// Reported once, as that package's own finding.
			case testOnly[to] && !testOnly[from]:
				bad = append(bad, fmt.Sprintf("%s imports %s, which is test support: only tests may import it", show(from), show(to)))
			case toLayer > fromLayer:
				bad = append(bad, fmt.Sprintf("%s (layer %d, %s) imports %s (layer %d, %s): imports run down, never up",
					show(from), fromLayer, layerNames[fromLayer], show(to), toLayer, layerNames[toLayer]))
			}
			if why, no := forbidden[[2]string{from, to}]; no {
				bad = append(bad, fmt.Sprintf("%s imports %s: %s", show(from), show(to), why))
			}
		}
		if fromLayer != shell { // the root package, and the bare window beside it for measurements
			for _, imp := range append(append(append([]string(nil), p.Imports...), p.TestImports...), p.XTestImports...) {
				if imp == wailsRuntime || strings.HasPrefix(imp, wailsRuntime+"/") {
					bad = append(bad, fmt.Sprintf("%s imports %s: the Wails runtime belongs to the shell (main.go, app.go) only", show(from), imp))
					break
				}
			}
		}
	}
	sort.Strings(bad)
	return bad
}

func TestImportDirection(t *testing.T) {
	bad := violations(listPackages(t))
	for _, b := range bad {
		t.Error(b)
	}
	failed := len(bad) > 0
	if failed {
		t.Log("the layers and what lives where: docs/architecture.md")
	}
}

// TestRulesCatch feeds the checker a made-up module with one of each mistake, so a
// rule that silently stopped firing shows here.
func TestRulesCatch(t *testing.T) {
	ok := []pkg{
		{ImportPath: "iescp/backend/domain"},
		{ImportPath: "iescp/backend/desktop", Imports: []string{"iescp/backend/domain", "iescp/sync/client", "context"}},
		{ImportPath: "iescp", Imports: []string{"iescp/backend/desktop", wailsRuntime}},
		{ImportPath: "iescp/backend/jobs", TestImports: []string{"iescp/backend/jobs/smtptest"}},
	}
	if bad := violations(ok); len(bad) > 0 {
		t.Fatalf("a sound module fails: %q", bad)
	}
	for _, tc := range []struct {
		name string
		p    pkg
		want string
	}{
		{"upward import", pkg{ImportPath: "iescp/backend/store", Imports: []string{"iescp/backend/queries"}},
			"iescp/backend/store (layer 1, core) imports iescp/backend/queries (layer 2, read models)"},
		{"service reached from the sync client", pkg{ImportPath: "iescp/sync/client", Imports: []string{"iescp/backend/desktop"}},
			"iescp/sync/client (layer 3, sync and machinery) imports iescp/backend/desktop (layer 4"},
		{"seed on the UI services", pkg{ImportPath: "iescp/backend/seed", Imports: []string{"iescp/backend/desktop"}},
			"iescp/backend/seed imports iescp/backend/desktop: seed provisions through backend/localdata"},
		{"Wails runtime in a service", pkg{ImportPath: "iescp/backend/desktop", Imports: []string{wailsRuntime}},
			"iescp/backend/desktop imports " + wailsRuntime},
		{"Wails runtime in a test", pkg{ImportPath: "iescp/sync/client", XTestImports: []string{wailsRuntime}},
			"iescp/sync/client imports " + wailsRuntime},
		{"unplaced package", pkg{ImportPath: "iescp/backend/newthing"},
			"iescp/backend/newthing is in no layer"},
		{"test support in production", pkg{ImportPath: "iescp/backend/desktop", Imports: []string{"iescp/backend/jobs/smtptest"}},
			"iescp/backend/desktop imports iescp/backend/jobs/smtptest, which is test support"},
		{"the shell imported", pkg{ImportPath: "iescp/backend/desktop", Imports: []string{"iescp"}},
			"imports iescp (root) (layer 5, shell)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := violations([]pkg{tc.p})
			if len(bad) != 1 || !strings.Contains(bad[0], tc.want) {
				t.Fatalf("got %q, want one finding containing %q", bad, tc.want)
			}
		})
	}
}
