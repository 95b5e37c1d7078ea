// Package localdata is the desktop's data dir: its layout (the directory
// database and one replica per account), the directory of accounts known on this
// machine with the desktop's own settings, and demo provisioning. Typed CRUD of
// the directory goes through gorm; the replicas' hand-written queries live in
// backend/queries over sqlx.
package localdata

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// DefaultDataDir is the OS user data directory for IESCP: $XDG_DATA_HOME/iescp
// (~/.local/share/iescp) on Linux, the user config dir elsewhere.
func DefaultDataDir() (string, error) {
	if x := os.Getenv("XDG_DATA_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "iescp"), nil
	}
	home, err := os.UserHomeDir()
	if err == nil && home != "" && runtime.GOOS == "linux" {
		return filepath.Join(home, ".local", "share", "iescp"), nil
	}
	cfg, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("localdata: no user data directory: %w", err)
	}
	return filepath.Join(cfg, "iescp"), nil
}

// DirectoryPath is the data dir's directory database: accounts known on this
// machine and the desktop's settings.
func DirectoryPath(dataDir string) string { return filepath.Join(dataDir, "directory.db") }

// BlobDir is where one account's attachments are kept, one file per SHA-256
// (backend/blobs).
func BlobDir(dataDir, accountID string) string {
	return filepath.Join(dataDir, "accounts", accountID+".blobs")
}

// AccountDBPath is the replica of one account.
func AccountDBPath(dataDir, accountID string) string {
	return filepath.Join(dataDir, "accounts", accountID+".db")
}
