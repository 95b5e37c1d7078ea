// Package blobs holds attachments by content hash: the rules every side checks
// (which types, how large, what a reference looks like) and a desktop's local
// store of the bytes, one file per SHA-256 under the account's data directory.
//
// A blob's type is sniffed from its bytes, never taken from a file name or a
// declared type: net/http.DetectContentType and this package's own magic-number
// and header check must agree on one of ContentTypes. Blobs are data to show or
// save, never to run: the desktop shows images in an <img> and offers PDFs for
// saving; the server serves them with nosniff and PDFs as attachments.
package blobs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig of JPEG headers
	_ "image/png"  // DecodeConfig of PNG headers
	"mime"
	"net/http"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	_ "golang.org/x/image/webp" // DecodeConfig of WebP headers

	"iescp/backend/domain"
)

// Limits of attachments.
const (
	// MaxBytes is the largest blob: 8 MiB, the sync server's bound on any request
	// body (protocol.MaxBodyBytes), so an upload is one plain PUT.
	MaxBytes = 8 << 20
	// MaxAttachments bounds the attachments of one draft.
	MaxAttachments = 10
	// MaxPixels bounds an image's width × height (a small file may claim a huge
	// canvas; the UI decodes it to show a thumbnail).
	MaxPixels = 50_000_000
	// MaxNameLen bounds an attachment's display name, in characters.
	MaxNameLen = 200
)

// The content types an attachment may have.
const (
	TypePNG  = "image/png"
	TypeJPEG = "image/jpeg"
	TypeWebP = "image/webp"
	TypePDF  = "application/pdf"
)

// ContentTypes are the allowed types, in the order the UI lists them.
var ContentTypes = []string{TypePNG, TypeJPEG, TypeWebP, TypePDF}

// IsImage tells whether an allowed content type is shown as an image.
func IsImage(contentType string) bool {
	return contentType != TypePDF && slices.Contains(ContentTypes, contentType)
}

// Ref names an attachment in a mutation and a row: the hash of its bytes, the
// name the user picked (for display only), its size and its sniffed type.
type Ref struct {
	SHA256      string `json:"sha256"`
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
}

// Hash is the SHA-256 of b in lowercase hex: a blob's name.
func Hash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ValidHash tells whether s is a SHA-256 in lowercase hex.
func ValidHash(s string) bool {
	if len(s) != sha256.Size*2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Sniff checks b as an attachment and returns its content type: not empty, at
// most MaxBytes (payload_too_large), and of an allowed type by both
// net/http.DetectContentType and magic (unsupported_media_type otherwise: an
// executable or HTML named .png is refused).
func Sniff(b []byte) (string, error) {
	if len(b) == 0 {
		return "", domain.Errorf(domain.CodeInvalidArgument, "the attachment is empty")
	}
	if len(b) > MaxBytes {
		return "", domain.Errorf(domain.CodePayloadTooLarge, "the attachment is %d bytes; at most %d are allowed", len(b), MaxBytes)
	}
	detected, _, err := mime.ParseMediaType(http.DetectContentType(b))
	if err != nil {
		detected = ""
	}
	own := magic(b)
	if own == "" || detected != own {
		return "", domain.Errorf(domain.CodeUnsupportedMediaType,
			"the attachment is not a PNG, JPEG, WebP or PDF file (its bytes look like %s)", describe(detected))
	}
	if own != TypePDF {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			return "", domain.Errorf(domain.CodeUnsupportedMediaType, "the attachment starts like %s but its header is damaged", own)
		}
		if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
			return "", domain.Errorf(domain.CodeUnsupportedMediaType, "the image is %d×%d pixels; at most %d pixels are allowed",
				cfg.Width, cfg.Height, MaxPixels)
		}
	}
	return own, nil
}

func describe(detected string) string {
	if detected == "" {
		return "nothing known"
	}
	return detected
}

// magic is this package's own check of the leading bytes, stricter than
// DetectContentType's: a PNG's first chunk is IHDR, a WebP's RIFF form names
// a VP8 chunk, a PDF names its version.
func magic(b []byte) string {
	switch {
	case len(b) >= 16 && bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) && string(b[12:16]) == "IHDR":
		return TypePNG
	case len(b) >= 4 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return TypeJPEG
	case len(b) >= 16 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WEBP" &&
		(string(b[12:16]) == "VP8 " || string(b[12:16]) == "VP8L" || string(b[12:16]) == "VP8X"):
		return TypeWebP
	case len(b) >= 8 && string(b[0:5]) == "%PDF-" && (b[5] == '1' || b[5] == '2') && b[6] == '.':
		return TypePDF
	}
	return ""
}

// CleanName is a display name for a picked file: its base name without
// control characters, at most MaxNameLen characters, "attachment" when empty.
func CleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > MaxNameLen {
		name = string(r[:MaxNameLen])
	}
	if name == "" {
		return "attachment"
	}
	return name
}

// CheckRef checks a reference as a mutation carries it and cleans its name;
// it returns what is wrong, or "". The bytes are checked where they travel (Put,
// the server's upload), not here: a mutation may sync before its blob.
func CheckRef(r *Ref) string {
	switch {
	case !ValidHash(r.SHA256):
		return "sha256 must be a SHA-256 in lowercase hex"
	case r.Size < 1 || r.Size > MaxBytes:
		return fmt.Sprintf("size must be between 1 and %d bytes", MaxBytes)
	case !slices.Contains(ContentTypes, r.ContentType):
		return fmt.Sprintf("content_type must be one of %s", strings.Join(ContentTypes, ", "))
	}
	r.Name = CleanName(r.Name)
	return ""
}
