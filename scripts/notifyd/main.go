// Command notifyd is a desktop notification server for tests: it owns
// org.freedesktop.Notifications on the session bus (DBUS_SESSION_BUS_ADDRESS), as
// a desktop's notification daemon does, and writes every notification it is asked
// to show as a line "<app>\t<summary>\t<body>" to the file it is given, instead of
// drawing it. scripts/background-test.sh runs it to see a reminder a hidden app
// sends reach the desktop.
//
//	go build -o build/bin/notifyd ./scripts/notifyd && notifyd FILE
//
// It prints "notifyd: ready" once it owns the name, and runs until killed.
package main

import (
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/godbus/dbus/v5"
)

const (
	name = "org.freedesktop.Notifications"
	path = "/org/freedesktop/Notifications"
)

// server answers the Desktop Notifications Specification's methods.
type server struct {
	mu   sync.Mutex
	out  *os.File
	next uint32
}

// Notify records the notification and answers its id.
func (s *server) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	clean := func(v string) string { return strings.NewReplacer("\t", " ", "\n", " ").Replace(v) }
	if _, err := fmt.Fprintf(s.out, "%s\t%s\t%s\n", clean(app), clean(summary), clean(body)); err != nil {
		return 0, dbus.MakeFailedError(err)
	}
	if replaces != 0 {
		return replaces, nil
	}
	s.next++
	return s.next, nil
}

func (s *server) CloseNotification(id uint32) *dbus.Error { return nil }

func (s *server) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"body", "actions"}, nil
}

func (s *server) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "notifyd", "iescp", "1", "1.2", nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: notifyd FILE")
		os.Exit(2)
	}
	out, err := os.OpenFile(os.Args[1], os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600) //nolint:gosec // G703: a test tool writing where its caller says
	if err != nil {
		fmt.Fprintln(os.Stderr, "notifyd:", err)
		os.Exit(1)
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		fmt.Fprintln(os.Stderr, "notifyd: session bus:", err)
		os.Exit(1)
	}
	if err := conn.Export(&server{out: out}, path, name); err != nil {
		fmt.Fprintln(os.Stderr, "notifyd: export:", err)
		os.Exit(1)
	}
	reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		fmt.Fprintln(os.Stderr, "notifyd: the name is taken or refused:", reply, err)
		os.Exit(1)
	}
	fmt.Println("notifyd: ready")
	select {}
}
