//go:build unix

package server

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// flockAnalytics takes an exclusive, non-blocking flock(2) on path (created if
// missing) and returns its release, or busy when another open file holds it:
// flock locks belong to an open file, so two Servers in one process exclude each
// other as two processes do.
func flockAnalytics(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600) //nolint:gosec // G304: beside the database the operator named
	if err != nil {
		return nil, fmt.Errorf("server: analytics: lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errRefreshBusy()
		}
		return nil, fmt.Errorf("server: analytics: lock %s: %w", path, err)
	}
	return func() { _ = f.Close() }, nil // closing the file releases the lock
}
