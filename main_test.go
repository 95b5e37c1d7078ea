package main

import (
	"bytes"
	"image/png"
	"io/fs"
	"testing"
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
