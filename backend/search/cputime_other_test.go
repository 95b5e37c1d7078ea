//go:build !linux

package search_test

import "time"

// threadCPU is not measured outside Linux (the benchmark then reports 0).
func threadCPU() time.Duration { return 0 }

func lockThread() func() { return func() {} }
