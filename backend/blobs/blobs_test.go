package blobs

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

func pngOf(t *testing.T, w, h int, seed uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{seed, 1, 2, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegOf(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 4)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The smallest lossless WebP (1×1).
var webp1x1, _ = base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")

const pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

// The type comes from the bytes alone: the four allowed types pass; an
// executable, HTML, SVG (scripts), a PNG signature on other bytes, a huge
// canvas, an empty file and one byte over the limit are refused with their codes.
func TestSniff(t *testing.T) {
	for name, c := range map[string]struct {
		b    []byte
		want string
	}{
		"png":  {pngOf(t, 3, 2, 1), TypePNG},
		"jpeg": {jpegOf(t), TypeJPEG},
		"webp": {webp1x1, TypeWebP},
		"pdf":  {[]byte(pdf), TypePDF},
	} {
		if got, err := Sniff(c.b); err != nil || got != c.want {
			t.Errorf("%s: got %q, %v; want %s", name, got, err, c.want)
		}
	}
	huge := pngOf(t, 1, 1, 0)
	// Rewrite IHDR's width and height (bytes 16–23) to 100000 × 100000; the CRC
	// is not what DecodeConfig checks.
	copy(huge[16:24], []byte{0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0})
	for name, c := range map[string]struct {
		b    []byte
		code domain.Code
	}{
		"empty":               {nil, domain.CodeInvalidArgument},
		"elf executable":      {append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 64)...), domain.CodeUnsupportedMediaType},
		"windows executable":  {append([]byte("MZ\x90\x00"), make([]byte, 64)...), domain.CodeUnsupportedMediaType},
		"html":                {[]byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), domain.CodeUnsupportedMediaType},
		"svg":                 {[]byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), domain.CodeUnsupportedMediaType},
		"png signature only":  {[]byte("\x89PNG\r\n\x1a\n<html><script>x</script>"), domain.CodeUnsupportedMediaType},
		"damaged png header":  {append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), make([]byte, 3)...), domain.CodeUnsupportedMediaType},
		"huge canvas":         {huge, domain.CodeUnsupportedMediaType},
		"gif":                 {[]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), domain.CodeUnsupportedMediaType},
		"over the size limit": {append([]byte(pdf), make([]byte, MaxBytes)...), domain.CodePayloadTooLarge},
	} {
		if ct, err := Sniff(c.b); domain.ErrorCode(err) != c.code {
			t.Errorf("%s: got %q, %v; want %s", name, ct, err, c.code)
		}
	}
	if _, err := Sniff(append([]byte(pdf), make([]byte, MaxBytes-len(pdf))...)); err != nil {
		t.Errorf("exactly MaxBytes: %v", err)
	}
	// One plain PUT carries the largest blob (the server bounds every body).
	if MaxBytes > protocol.MaxBodyBytes {
		t.Errorf("MaxBytes %d is over the server's body bound %d", MaxBytes, protocol.MaxBodyBytes)
	}
}

func TestCheckRefAndNames(t *testing.T) {
	good := Ref{SHA256: strings.Repeat("0f", 32), Name: "../../etc/pass\x00wd\n", Size: 1, ContentType: TypePNG}
	if msg := CheckRef(&good); msg != "" || good.Name != "passwd" {
		t.Fatalf("good ref: %q, name %q", msg, good.Name)
	}
	for _, r := range []Ref{
		{SHA256: strings.Repeat("0F", 32), Size: 1, ContentType: TypePNG},
		{SHA256: strings.Repeat("0f", 31), Size: 1, ContentType: TypePNG},
		{SHA256: strings.Repeat("0f", 32), Size: 0, ContentType: TypePNG},
		{SHA256: strings.Repeat("0f", 32), Size: MaxBytes + 1, ContentType: TypePNG},
		{SHA256: strings.Repeat("0f", 32), Size: 1, ContentType: "image/svg+xml"},
	} {
		if CheckRef(&r) == "" {
			t.Errorf("accepted %+v", r)
		}
	}
	if n := CleanName(strings.Repeat("é", 300)); len([]rune(n)) != MaxNameLen {
		t.Errorf("long name kept %d characters", len([]rune(n)))
	}
	if CleanName(" \t") != "attachment" {
		t.Error("empty name not replaced")
	}
}

// The store keeps bytes under their hash, atomically, and never hands back
// bytes that no longer hash to their name.
func TestStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blobs")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	img := pngOf(t, 2, 2, 7)
	ref, err := s.Put("C:\\Users\\me\\shot.png", img)
	if err != nil || ref.SHA256 != Hash(img) || ref.Name != "shot.png" || ref.Size != int64(len(img)) || ref.ContentType != TypePNG {
		t.Fatalf("put: %+v, %v", ref, err)
	}
	if _, err := s.Put("x.png", []byte("<html>")); domain.ErrorCode(err) != domain.CodeUnsupportedMediaType {
		t.Fatalf("put html: %v", err)
	}
	got, err := s.Get(ref.SHA256)
	if err != nil || !bytes.Equal(got, img) || !s.Has(ref.SHA256) || s.Uploaded(ref.SHA256) {
		t.Fatalf("get: %v", err)
	}
	if err := s.MarkUploaded(ref.SHA256); err != nil || !s.Uploaded(ref.SHA256) {
		t.Fatalf("mark: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 { // the blob and its mark; no temp file left behind
		t.Fatalf("dir holds %d entries", len(entries))
	}
	// A damaged file is dropped, mark and all, and reads as missing.
	if err := os.WriteFile(filepath.Join(dir, ref.SHA256), append(img, 0), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ref.SHA256); err != ErrMissing || s.Has(ref.SHA256) || s.Uploaded(ref.SHA256) {
		t.Fatalf("damaged: %v", err)
	}
	if _, err := s.Get("../../etc/passwd"); domain.ErrorCode(err) != domain.CodeInvalidArgument {
		t.Fatalf("path name: %v", err)
	}
	// Keep (a fetched blob) checks the hash and the type, and marks it uploaded.
	if _, err := s.Keep(strings.Repeat("00", 32), img); domain.ErrorCode(err) != domain.CodeInvalidArgument {
		t.Fatalf("keep under the wrong hash: %v", err)
	}
	if ct, err := s.Keep(Hash(img), img); err != nil || ct != TypePNG || !s.Uploaded(Hash(img)) {
		t.Fatalf("keep: %q, %v", ct, err)
	}
}

// magic, on its own: stricter than DetectContentType (which a PNG signature or
// "%PDF-" alone satisfies), so each of its checks is tried here directly.
func TestMagic(t *testing.T) {
	for name, c := range map[string]struct {
		b    string
		want string
	}{
		"png without IHDR":  {"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIDAT", ""},
		"png with IHDR":     {"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", TypePNG},
		"webp without VP8":  {"RIFF\x1a\x00\x00\x00WEBPXXXX", ""},
		"pdf without digit": {"%PDF-x.4\n", ""},
		"pdf 2.0":           {"%PDF-2.0\n", TypePDF},
		"short":             {"\xff\xd8", ""},
	} {
		if got := magic([]byte(c.b)); got != c.want {
			t.Errorf("%s: got %q, want %q", name, got, c.want)
		}
	}
}
