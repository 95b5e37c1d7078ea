package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"image/png"
	"io/fs"
	"os/exec"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/wailsapp/wails/v2/pkg/options"
)

func TestRun_RejectsUnknownFlags(t *testing.T) {
	if err := run([]string{"--no-such-flag"}); err == nil {
		t.Fatal("got nil error for an unknown flag, want one")
	}
}

func TestIcon_IsPNG(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(icon))
	if err != nil {
		t.Fatalf("build/appicon.png: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 256 || b.Dx() != b.Dy() {
		t.Fatalf("got icon %dx%d, want a square of at least 256px", b.Dx(), b.Dy())
	}
}

func TestAssets_EmbedFrontendDist(t *testing.T) {
	// frontend/dist holds only .gitkeep until `make build`; either way it must be embedded.
	if _, err := fs.Stat(assets, "frontend/dist"); err != nil {
		t.Fatalf("frontend/dist not embedded: %v", err)
	}
}

func TestRun_RejectsABadServerAddress(t *testing.T) {
	if err := run([]string{"--data-dir", t.TempDir(), "--server", "ftp://example.com"}); err == nil {
		t.Fatal("got nil error for --server ftp://example.com, want one")
	}
}

func TestParseArgs_HiddenAndADeepLink(t *testing.T) {
	l, err := parseArgs([]string{"--hidden", "--data-dir", "/d", "iescp://ad-requests/r1"})
	if err != nil || !l.hidden || l.route != "/ad-requests/r1" || l.dataDir != "/d" || !l.dataDirSet || l.serverSet {
		t.Fatalf("got %+v, %v", l, err)
	}
	if l, err := parseArgs(nil); err != nil || l.hidden || l.route != "" {
		t.Fatalf("no args: %+v, %v", l, err)
	}
	for _, bad := range [][]string{{"https://evil.example/x"}, {"iescp://a", "iescp://b"}, {"iescp://../x"}} {
		if _, err := parseArgs(bad); err == nil {
			t.Errorf("parseArgs(%q): got nil error", bad)
		}
	}
}

func TestLaunch_CommandKeepsExplicitDataDirAndServer(t *testing.T) {
	l, _ := parseArgs([]string{"--data-dir", "/srv/d", "--server", "http://127.0.0.1:9", "--sign-in", "a@b.c", "--hidden"})
	got := strings.Join(l.command("/usr/bin/iescp"), " ")
	if got != "/usr/bin/iescp --data-dir /srv/d --server http://127.0.0.1:9" {
		t.Fatalf("command %q: want the program with its data dir and server, nothing else", got)
	}
	l, _ = parseArgs(nil)
	if got := l.command("/usr/bin/iescp"); len(got) != 1 {
		t.Fatalf("command %q, want the program alone", got)
	}
}

func TestInstanceID_OnePerDataDir(t *testing.T) {
	a, b := instanceID("/home/u/.local/share/iescp"), instanceID("/tmp/other")
	if a == b || a != instanceID("/home/u/.local/share/iescp/") {
		t.Fatalf("ids %q %q: want one per data dir, stable", a, b)
	}
	name, path := dbusNames(a)
	if !strings.HasPrefix(name, "org.wails_app_io_iescp_desktop_") || !strings.HasSuffix(name, ".SingleInstance") ||
		!path.IsValid() || strings.ContainsAny(string(path), ".-") {
		t.Fatalf("bus name %q, path %q", name, path)
	}
}

// A second launch hands its arguments to the app that owns the lock's bus name,
// by the call Wails' lock answers; with nobody owning it, it runs itself.
func TestPassToRunningInstance(t *testing.T) {
	sessionBus(t)
	id := instanceID(t.TempDir())
	if passed, err := passToRunningInstance(id, []string{"x"}); passed || err != nil {
		t.Fatalf("nobody running: passed %v, %v", passed, err)
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	name, path := dbusNames(id)
	got := make(chan string, 1)
	if err := conn.Export(sendMessage(func(m string) { got <- m }), path, name); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", name, reply, err)
	}
	if passed, err := passToRunningInstance(id, []string{"iescp://settings"}); !passed || err != nil {
		t.Fatalf("running: passed %v, %v", passed, err)
	}
	var data options.SecondInstanceData
	if err := json.Unmarshal([]byte(<-got), &data); err != nil || len(data.Args) != 1 || data.Args[0] != "iescp://settings" ||
		data.WorkingDirectory == "" {
		t.Fatalf("the running app received %+v, %v", data, err)
	}
}

// sendMessage is the method Wails' lock exports (its dbusHandler).
type sendMessage func(string)

func (f sendMessage) SendMessage(m string) *dbus.Error { f(m); return nil }

// sessionBus gives the test a D-Bus session bus of its own (dbus-daemon), so it
// never talks to the desktop's.
func sessionBus(t *testing.T) {
	t.Helper()
	bin, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("dbus-daemon is not installed (make deps installs it)")
	}
	cmd := exec.Command(bin, "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", strings.TrimSpace(addr))
}
