package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReadyScreens_LogsEachScreenOnceWithTheTimeSinceStart(t *testing.T) {
	start := time.Date(2026, 12, 1, 5, 0, 0, 0, time.UTC)
	now := start.Add(1234500 * time.Microsecond)
	var log bytes.Buffer
	r := newReadyScreens(start, func() time.Time { return now }, &log, "")
	if !r.ready("sign-in") {
		t.Fatal("the first sign-in ready was not logged")
	}
	now = now.Add(time.Second)
	if r.ready("sign-in") {
		t.Fatal("a second sign-in ready was logged again")
	}
	if !r.ready("dashboard") {
		t.Fatal("the dashboard's first ready was not logged")
	}
	want := "iescp: ui ready: sign-in after 1234.5 ms\niescp: ui ready: dashboard after 2234.5 ms\n"
	if log.String() != want {
		t.Fatalf("log:\n%s\nwant:\n%s", log.String(), want)
	}
}

func TestReadyScreens_IgnoresWhatIsNotOneScreenName(t *testing.T) {
	var log bytes.Buffer
	r := newReadyScreens(time.Now(), time.Now, &log, "")
	for _, data := range [][]any{nil, {}, {42}, {"a", "b"}, {""}, {"../etc"}, {"Sign In"}, {strings.Repeat("a", 41)}} {
		if r.ready(data...) {
			t.Errorf("ready(%v) logged", data)
		}
	}
	if log.Len() != 0 {
		t.Fatalf("logged %q", log.String())
	}
}

func TestReadyScreens_WritesAHeapProfile(t *testing.T) {
	prefix := filepath.Join(t.TempDir(), "heap")
	var log bytes.Buffer
	r := newReadyScreens(time.Now(), time.Now, &log, prefix)
	r.ready("sign-in")
	f, err := os.Open(prefix + "-sign-in.pprof")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// a profile is a gzipped protocol buffer
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("not a profile: %v", err)
	}
	if b, err := io.ReadAll(z); err != nil || len(b) == 0 {
		t.Fatalf("an empty or broken profile (%d bytes): %v", len(b), err)
	}
	if !strings.Contains(log.String(), "iescp: go memory at sign-in: heap in use") {
		t.Fatalf("no memory figures logged: %q", log.String())
	}
}
