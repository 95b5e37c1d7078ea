//go:build !unix

package server

// flockAnalytics: without flock(2), one process's Server mutex is the whole claim
// (the sync server ships for Linux; docs/operations.md).
func flockAnalytics(string) (func(), error) { return func() {}, nil }
