package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cenkalti/backoff/v5"
	"github.com/go-resty/resty/v2"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/sync/protocol"
)

// attachmentPath is a blob on the server (sync/server/attachments.go).
func attachmentPath(sha string) string { return "/v1/attachments/" + sha }

// PutAttachment uploads a blob's bytes under their hash.
func (e *Engine) PutAttachment(ctx context.Context, sha string, b []byte) error {
	_, err := e.raw(ctx, http.MethodPut, attachmentPath(sha), b)
	return err
}

// GetAttachment downloads a blob and checks that its bytes hash to sha (a
// server or proxy that answers other bytes is an error, never a cached blob).
// A blob its author has not uploaded yet is an *HTTPError with code not_uploaded.
func (e *Engine) GetAttachment(ctx context.Context, sha string) ([]byte, error) {
	resp, err := e.raw(ctx, http.MethodGet, attachmentPath(sha), nil)
	if err != nil {
		return nil, err
	}
	b := resp.Body()
	if got := blobs.Hash(b); got != sha {
		return nil, fmt.Errorf("client: the server's bytes for attachment %s hash to %s", sha, got)
	}
	return b, nil
}

// raw is one authenticated request with raw bytes both ways (body nil: none),
// refreshing the token once after a 401, like send.
func (e *Engine) raw(ctx context.Context, method, path string, body []byte) (*resty.Response, error) {
	for attempt := 0; ; attempt++ {
		tok, err := e.cfg.Tokens.AccessToken(ctx)
		if err != nil {
			return nil, tokenError(err)
		}
		req := e.http.R().SetContext(ctx).SetAuthToken(tok).SetDoNotParseResponse(false)
		if body != nil {
			req.SetHeader("Content-Type", "application/octet-stream").SetBody(body)
		}
		resp, err := req.Execute(method, path)
		if err != nil {
			return nil, fmt.Errorf("server unreachable: %w", err)
		}
		switch {
		case resp.StatusCode() == http.StatusUnauthorized && attempt == 0:
			if _, err := e.cfg.Tokens.Refresh(ctx); err != nil {
				return nil, tokenError(err)
			}
			continue
		case resp.StatusCode() == http.StatusUnauthorized:
			return nil, ErrSignedOut
		case resp.IsError():
			var apiErr protocol.ErrorBody
			_ = json.Unmarshal(resp.Body(), &apiErr)
			he := &HTTPError{Status: resp.StatusCode(), Detail: apiErr.Error}
			if he.Status == http.StatusTooManyRequests || he.Status == http.StatusServiceUnavailable {
				he.RetryAfter = retryAfter(resp.Header())
			}
			return nil, he
		}
		return resp, nil
	}
}

// Upload states of a blob, as the UI shows them.
const (
	BlobLocal     = "local"     // held here, not on the server yet
	BlobUploading = "uploading" // being uploaded now
	BlobUploaded  = "uploaded"  // held here and on the server
	BlobRemote    = "remote"    // not held here: fetched when opened
	BlobRefused   = "refused"   // the server refused it (it says why); not tried again this session
)

// Uploader uploads, in the background, the blobs that the replica's
// deliverables and deal messages reference, that the local store holds and that the server does
// not have yet (their author's own attachments). It never blocks the outbox: a
// mutation naming a blob may reach the server first, and the other party's
// fetch answers not_uploaded until the blob follows. Failures back off like the
// engine's loop (exponential, full jitter, the server's Retry-After respected);
// Kick retries at once (a new attachment, the server reachable again).
type Uploader struct {
	eng   *Engine
	blobs *blobs.Store
	// OnUploaded is called after each blob reaches the server (the UI re-reads
	// the states).
	OnUploaded func(sha string)
	// Poll is the wait after a round that had nothing left to do; zero: 30 s.
	Poll time.Duration

	kick  chan struct{}
	retry *backoff.ExponentialBackOff
	after func(d time.Duration) <-chan time.Time // tests replace it

	mu      sync.Mutex
	current string            // the blob being uploaded
	refused map[string]string // sha -> the server's reason

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewUploader makes the uploader of the engine's replica and a blob store.
func NewUploader(eng *Engine, store *blobs.Store) *Uploader {
	return &Uploader{eng: eng, blobs: store, kick: make(chan struct{}, 1), retry: newBackoff(syncRetryBase<<1, syncRetryCap),
		after: time.After, refused: map[string]string{}}
}

// Kick asks for a round now.
func (u *Uploader) Kick() {
	select {
	case u.kick <- struct{}{}:
	default:
	}
}

// Start runs the uploader in the background, until Stop or ctx's end.
func (u *Uploader) Start(ctx context.Context) {
	ctx, u.cancel = context.WithCancel(ctx)
	u.wg.Add(1)
	go func() { defer u.wg.Done(); u.run(ctx) }()
}

// Stop ends the background uploads and waits for them (before the replica closes).
func (u *Uploader) Stop() {
	if u.cancel != nil {
		u.cancel()
		u.wg.Wait()
	}
}

func (u *Uploader) run(ctx context.Context) {
	poll := u.Poll
	if poll == 0 {
		poll = 30 * time.Second
	}
	for {
		next := poll
		if err := u.UploadPending(ctx); err != nil && ctx.Err() == nil {
			next = u.eng.jittered(syncRetryMin, u.retry.NextBackOff())
			var he *HTTPError
			if errors.As(err, &he) && he.RetryAfter > next {
				next = he.RetryAfter
			}
		} else {
			u.retry.Reset()
		}
		select {
		case <-ctx.Done():
			return
		case <-u.kick:
		case <-u.after(next):
		}
	}
}

// State is a blob's upload state.
func (u *Uploader) State(sha string) (state, reason string) {
	u.mu.Lock()
	cur, why := u.current, u.refused[sha]
	u.mu.Unlock()
	switch {
	case why != "":
		return BlobRefused, why
	case cur == sha:
		return BlobUploading, ""
	case !u.blobs.Has(sha):
		return BlobRemote, ""
	case u.blobs.Uploaded(sha):
		return BlobUploaded, ""
	}
	return BlobLocal, ""
}

// UploadPending uploads every pending blob once, oldest reference first; it
// stops at the first failure that is the network's or the server's (to retry
// later) and skips a blob the server refuses for what it is.
func (u *Uploader) UploadPending(ctx context.Context) error {
	shas, err := u.pending(ctx)
	if err != nil {
		return err
	}
	for _, sha := range shas {
		b, err := u.blobs.Get(sha)
		if errors.Is(err, blobs.ErrMissing) {
			continue // not ours (or damaged and dropped): nothing to send
		}
		if err != nil {
			return err
		}
		u.mu.Lock()
		u.current = sha
		u.mu.Unlock()
		err = u.eng.PutAttachment(ctx, sha, b)
		u.mu.Lock()
		u.current = ""
		var he *HTTPError
		if errors.As(err, &he) && he.Status >= 400 && he.Status < 500 && he.Status != http.StatusTooManyRequests {
			u.refused[sha] = he.Detail.Message
			err = nil
		}
		u.mu.Unlock()
		if err != nil {
			return err
		}
		if he == nil {
			if err := u.blobs.MarkUploaded(sha); err != nil {
				return err
			}
			if u.OnUploaded != nil {
				u.OnUploaded(sha)
			}
		}
	}
	return nil
}

// pending lists the blobs the replica's deliverables and deal messages reference that this store
// holds and has not marked uploaded, each once.
func (u *Uploader) pending(ctx context.Context) ([]string, error) {
	var rows []struct {
		Atts string `db:"draft_attachments"`
		Shot string `db:"proof_screenshot"`
	}
	// A deal message's attachments come after the deliverables' (the same shape
	// as a draft's, with no screenshot).
	if err := u.eng.cfg.DB.R.SelectContext(ctx, &rows, `SELECT draft_attachments, proof_screenshot FROM (
		SELECT draft_attachments, proof_screenshot, 0 AS src, updated_at AS at, id FROM deliverables
			WHERE draft_attachments <> '[]' OR proof_screenshot <> ''
		UNION ALL SELECT attachments, '', 1, created_at, id FROM deal_messages WHERE attachments <> '[]')
		ORDER BY src, at, id`); err != nil {
		return nil, fmt.Errorf("client: attachments to upload: %w", err)
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range rows {
		for _, ref := range RefsOf(r.Atts, r.Shot) {
			if seen[ref.SHA256] {
				continue
			}
			seen[ref.SHA256] = true
			u.mu.Lock()
			_, refused := u.refused[ref.SHA256]
			u.mu.Unlock()
			if !refused && u.blobs.Has(ref.SHA256) && !u.blobs.Uploaded(ref.SHA256) {
				out = append(out, ref.SHA256)
			}
		}
	}
	return out, nil
}

// RefsOf decodes a deliverable's attachment columns (draft_attachments, a JSON
// array; proof_screenshot, one object or ""); a malformed column names nothing.
func RefsOf(draftAttachments, proofScreenshot string) []blobs.Ref {
	var refs []blobs.Ref
	_ = json.Unmarshal([]byte(draftAttachments), &refs)
	if strings.TrimSpace(proofScreenshot) != "" {
		var shot blobs.Ref
		if json.Unmarshal([]byte(proofScreenshot), &shot) == nil && shot.SHA256 != "" {
			refs = append(refs, shot)
		}
	}
	return refs
}

// IsNotUploaded tells whether a fetch failed because the blob's author has not
// uploaded it yet.
func IsNotUploaded(err error) bool {
	var he *HTTPError
	return errors.As(err, &he) && he.Code() == domain.CodeNotUploaded
}
