package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/godbus/dbus/v5"
	"github.com/wailsapp/wails/v2/pkg/options"
)

// Single instance. Wails' lock (options.SingleInstanceLock) owns a D-Bus name
// per id and passes a second launch's arguments to the first, but only once the
// second has started its window and services; by then a second launch would have
// opened the account, resumed its session and started its jobs. So a launch
// first asks the bus whether the name is owned, and if so hands its arguments to
// the running app by the same D-Bus call Wails' lock makes, and stops there.
// Two launches at the same instant both find the name free; Wails' own lock then
// still keeps one.

// dbusNames are the bus name and object path Wails' lock uses for id
// (wails/v2 internal/frontend/desktop/linux/single_instance.go).
func dbusNames(id string) (name string, path dbus.ObjectPath) {
	app := "wails_app_" + strings.NewReplacer("-", "_", ".", "_").Replace(id)
	return "org." + app + ".SingleInstance", dbus.ObjectPath("/org/" + app + "/SingleInstance")
}

// secondInstanceMessage is what the running app receives: this launch's
// arguments and working directory.
func secondInstanceMessage(args []string) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(options.SecondInstanceData{Args: args, WorkingDirectory: wd})
	return string(b), err
}

// passToRunningInstance hands args to the app already running under id; passed
// is false when there is none (or no session bus: then every launch runs).
func passToRunningInstance(id string, args []string) (passed bool, err error) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return false, nil // no session bus: no lock either
	}
	defer func() { _ = conn.Close() }()
	name, path := dbusNames(id)
	var owned bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&owned); err != nil {
		return false, fmt.Errorf("ask the session bus: %w", err)
	}
	if !owned {
		return false, nil
	}
	msg, err := secondInstanceMessage(args)
	if err != nil {
		return false, err
	}
	if err := conn.Object(name, path).Call(name+".SendMessage", 0, msg).Store(); err != nil {
		return false, fmt.Errorf("reach the running app: %w", err)
	}
	return true, nil
}
