package desktop

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/localdata"
	"iescp/sync/client"
)

// AttachmentService is bound to the UI: attachments by content hash
// (docs/sync.md, "Attachments"). Adding one keeps it in the account's local
// blob store (offline too) and returns the reference a draft or proof carries;
// the session's uploader sends it when online. Opening one reads it here, or
// fetches it from the server on demand, verifies and caches it.
type AttachmentService struct{ s *Services }

// NewAttachmentService makes the attachment service over the desktop services.
func NewAttachmentService(s *Services) *AttachmentService { return &AttachmentService{s: s} }

// AttachmentLimits are the rules the picker checks before sending (Go's, served).
type AttachmentLimits struct {
	MaxBytes       int64    `json:"max_bytes"`
	MaxAttachments int      `json:"max_attachments"`
	ContentTypes   []string `json:"content_types"`
	ImageTypes     []string `json:"image_types"`
}

// AttachmentInput is a file the user picked: its name (display only) and its
// bytes in standard base64.
type AttachmentInput struct {
	Name string `json:"name"`
	Data string `json:"data"`
}

// AttachmentState is where a blob is: local, uploading, uploaded, remote (to
// fetch when opened) or refused (Reason says why).
type AttachmentState struct {
	State  string `json:"state"`
	Reason string `json:"reason,omitempty"`
}

// AttachmentContent is an opened blob: its sniffed type and bytes (base64).
// Images are shown from a data: URL; PDFs are only offered for saving.
type AttachmentContent struct {
	SHA256      string `json:"sha256"`
	ContentType string `json:"content_type"`
	Data        string `json:"data"`
}

// Limits are the attachment rules.
func (as *AttachmentService) Limits() (AttachmentLimits, error) {
	var images []string
	for _, ct := range blobs.ContentTypes {
		if blobs.IsImage(ct) {
			images = append(images, ct)
		}
	}
	return AttachmentLimits{MaxBytes: blobs.MaxBytes, MaxAttachments: blobs.MaxAttachments,
		ContentTypes: blobs.ContentTypes, ImageTypes: images}, nil
}

// Add keeps a picked file in the local store after checking it (size, type
// sniffed from the bytes) and returns its reference. It works offline; the
// uploader sends it once a draft or proof names it and the server answers.
func (as *AttachmentService) Add(in AttachmentInput) (blobs.Ref, error) {
	_, sess, err := as.s.begin()
	if err != nil {
		return blobs.Ref{}, toUI(err)
	}
	if base64.StdEncoding.DecodedLen(len(in.Data)) > blobs.MaxBytes+2 {
		return blobs.Ref{}, toUI(domain.Errorf(domain.CodePayloadTooLarge, "%s is larger than %d bytes", blobs.CleanName(in.Name), blobs.MaxBytes))
	}
	b, err := base64.StdEncoding.DecodeString(in.Data)
	if err != nil {
		return blobs.Ref{}, toUI(domain.Errorf(domain.CodeInvalidArgument, "the file's data is not base64"))
	}
	st, err := as.s.blobStore(sess)
	if err != nil {
		return blobs.Ref{}, toUI(err)
	}
	ref, err := st.Put(in.Name, b)
	if err != nil {
		return blobs.Ref{}, toUI(err)
	}
	if u := sess.uploader.Load(); u != nil {
		u.Kick()
	}
	return ref, nil
}

// States tells where each named blob is.
func (as *AttachmentService) States(shas []string) (map[string]AttachmentState, error) {
	_, sess, err := as.s.begin()
	if err != nil {
		return nil, toUI(err)
	}
	st, err := as.s.blobStore(sess)
	if err != nil {
		return nil, toUI(err)
	}
	out := make(map[string]AttachmentState, len(shas))
	u := sess.uploader.Load()
	for _, sha := range shas {
		if !blobs.ValidHash(sha) {
			return nil, toUI(domain.Errorf(domain.CodeInvalidArgument, "%q is not an attachment's SHA-256", sha))
		}
		switch {
		case u != nil:
			state, reason := u.State(sha)
			out[sha] = AttachmentState{State: state, Reason: reason}
		case !st.Has(sha):
			out[sha] = AttachmentState{State: client.BlobRemote}
		case st.Uploaded(sha):
			out[sha] = AttachmentState{State: client.BlobUploaded}
		default:
			out[sha] = AttachmentState{State: client.BlobLocal}
		}
	}
	return out, nil
}

// Open returns a blob's bytes: from the local store, or fetched from the server
// (verified against the hash and the type rules, then cached). A blob its
// author has not uploaded yet answers not_uploaded; offline, unavailable.
func (as *AttachmentService) Open(sha string) (AttachmentContent, error) {
	ctx, sess, err := as.s.begin()
	if err != nil {
		return AttachmentContent{}, toUI(err)
	}
	st, err := as.s.blobStore(sess)
	if err != nil {
		return AttachmentContent{}, toUI(err)
	}
	b, err := st.Get(sha)
	if errors.Is(err, blobs.ErrMissing) {
		if sess.engine == nil {
			return AttachmentContent{}, toUI(errAttachmentsOffline)
		}
		fetched, ferr := sess.engine.GetAttachment(ctx, sha)
		if ferr != nil {
			return AttachmentContent{}, toUI(attachmentError(ferr))
		}
		if _, err := st.Keep(sha, fetched); err != nil {
			return AttachmentContent{}, toUI(err)
		}
		b, err = fetched, nil
	}
	if err != nil {
		return AttachmentContent{}, toUI(err)
	}
	ct, err := blobs.Sniff(b)
	if err != nil {
		return AttachmentContent{}, toUI(err)
	}
	return AttachmentContent{SHA256: sha, ContentType: ct, Data: base64.StdEncoding.EncodeToString(b)}, nil
}

// Save writes a blob (fetched first if need be) where the user chooses in the
// native save dialog, under name by default; it returns the path, "" when the
// dialog was cancelled. Nothing is opened or run.
func (as *AttachmentService) Save(sha, name string) (string, error) {
	if as.s.SaveDialog == nil {
		return "", toUI(domain.Errorf(codeUnavailable, "no save dialog here: use the browser's download"))
	}
	c, err := as.Open(sha)
	if err != nil {
		return "", err // already the UI's
	}
	b, _ := base64.StdEncoding.DecodeString(c.Data)
	path, err := as.s.SaveDialog(saveName(name, c.ContentType))
	if err != nil {
		return "", toUI(domain.Errorf(domain.CodeInternal, "save dialog: %v", err))
	}
	if path == "" {
		return "", nil
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return "", toUI(fmt.Errorf("saving the attachment: %w", err))
	}
	return path, nil
}

// saveName is the dialog's default file name: the picked name with the
// extension of its sniffed type.
func saveName(name, contentType string) string {
	name = blobs.CleanName(name)
	ext := map[string]string{blobs.TypePNG: ".png", blobs.TypeJPEG: ".jpg", blobs.TypeWebP: ".webp", blobs.TypePDF: ".pdf"}[contentType]
	if !strings.EqualFold(filepath.Ext(name), ext) {
		name += ext
	}
	return name
}

var errAttachmentsOffline = domain.Errorf(codeUnavailable, "this attachment is not on this desktop yet: connect to the IESCP server to fetch it")

// attachmentError is the typed error of a fetch: the server's own code when it
// answered one (not_uploaded, not_found), unauthenticated when the session needs
// a new sign-in, and unavailable when the server cannot be reached.
func attachmentError(err error) error {
	var he *client.HTTPError
	switch {
	case errors.As(err, &he) && he.Detail.Code != "":
		return &domain.Error{Code: he.Code(), Message: he.Detail.Message}
	case errors.Is(err, client.ErrSignedOut):
		return domain.Errorf(domain.CodeUnauthenticated, "sign in again to fetch attachments")
	case isUnreachable(err):
		return errAttachmentsOffline
	}
	return err
}

// blobStore is the session's local blob store (under the data directory).
func (s *Services) blobStore(sess *session) (*blobs.Store, error) {
	return blobs.Open(localdata.BlobDir(s.cfg.DataDir, sess.info.AccountID))
}

// startUploader starts the session's background uploads of its attachments;
// they stop with the session (stopBackground).
func (s *Services) startUploader(sess *session) {
	if sess.engine == nil {
		return
	}
	st, err := s.blobStore(sess)
	if err != nil {
		fmt.Fprintf(s.logWriter(), "iescp: attachments of %s: %v\n", sess.info.Email, err)
		return
	}
	u := client.NewUploader(sess.engine, st)
	id := sess.info.AccountID
	u.OnUploaded = func(string) { s.emit(TopicDataChanged, DataChanged{AccountID: id, Source: "attachments"}) }
	u.Poll = s.cfg.SyncPoll
	sess.uploader.Store(u)
	u.Start(sess.ctx)
}
