package desktop

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// AutostartFile is the name of the autostart entry.
const AutostartFile = "iescp.desktop"

// AutostartPath is where the XDG autostart entry goes:
// $XDG_CONFIG_HOME/autostart/iescp.desktop, else ~/.config/autostart/... .
// getenv is os.Getenv (injected for tests).
func AutostartPath(getenv func(string) string) (string, error) {
	if d := getenv("XDG_CONFIG_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "autostart", AutostartFile), nil
	}
	home := getenv("HOME")
	if home == "" || !filepath.IsAbs(home) {
		return "", errors.New("desktop: neither $XDG_CONFIG_HOME nor $HOME is an absolute path")
	}
	return filepath.Join(home, ".config", "autostart", AutostartFile), nil
}

// AutostartEntry is the desktop entry that starts the app hidden at login:
// command is the program and its arguments (--hidden is added).
func AutostartEntry(command []string) string {
	args := make([]string, 0, len(command)+1)
	for _, a := range append(append([]string{}, command...), "--hidden") {
		args = append(args, execQuote(a))
	}
	return "[Desktop Entry]\n" +
		"Type=Application\n" +
		"Name=IESCP\n" +
		"Comment=Keeps IESCP's reminders running in the background\n" +
		"Exec=" + strings.Join(args, " ") + "\n" +
		"Icon=iescp\n" +
		"Terminal=false\n" +
		"X-GNOME-Autostart-enabled=true\n"
}

// execQuote quotes one argument of a desktop entry's Exec key (the Desktop
// Entry Specification: reserved characters inside double quotes, with ", `, $
// and \ escaped by a backslash; the backslash itself is doubled again by the
// string escaping of the key's value, and % is doubled as a field code).
func execQuote(a string) string {
	a = strings.ReplaceAll(a, "%", "%%")
	if a != "" && !strings.ContainsAny(a, " \t\n\"'\\><~|&;$*?#()`=") {
		return a
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range a {
		switch r {
		case '"', '`', '$':
			b.WriteString(`\\`)
		case '\\':
			b.WriteString(`\\\`)
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// WriteAutostart writes the entry at path (creating its directory), atomically.
func WriteAutostart(path string, command []string) error {
	if len(command) == 0 || !filepath.IsAbs(command[0]) {
		return errors.New("desktop: autostart needs the program's absolute path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("desktop: autostart: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".iescp-*.desktop")
	if err != nil {
		return fmt.Errorf("desktop: autostart: %w", err)
	}
	_, werr := tmp.WriteString(AutostartEntry(command))
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), 0o600)); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("desktop: autostart: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("desktop: autostart: %w", err)
	}
	return nil
}

// RemoveAutostart removes the entry; a missing entry is not an error.
func RemoveAutostart(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("desktop: autostart: %w", err)
	}
	return nil
}
