package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/jmoiron/sqlx"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/replica"
)

// attachmentsPath is where blobs are uploaded and fetched, by SHA-256
// (docs/sync.md, "Attachments").
const attachmentsPath = "/v1/attachments/"

// DefaultMaxAttachmentBytes is how many bytes of blobs one account may have
// uploaded in all (Config.MaxAttachmentBytes): 1 GiB, about 128 full-size files.
const DefaultMaxAttachmentBytes int64 = 1 << 30

func (s *Server) maxAttachmentBytes() int64 {
	if s.cfg.MaxAttachmentBytes > 0 {
		return s.cfg.MaxAttachmentBytes
	}
	return DefaultMaxAttachmentBytes
}

// AttachmentInfo is what a PUT answers: the blob as the server keeps it.
type AttachmentInfo struct {
	SHA256      string `json:"sha256"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
}

func (s *Server) attachmentRoutes() {
	s.mux.HandleFunc("PUT "+attachmentsPath+"{sha256}", s.requireUser(s.handlePutAttachment))
	s.mux.HandleFunc("GET "+attachmentsPath+"{sha256}", s.requireUser(s.handleGetAttachment))
}

// errNoAttachment is every "you may not have it" answer, in the words of a blob
// that does not exist: a stranger learns nothing, not even that it exists.
func errNoAttachment(sha string) error {
	return domain.Errorf(domain.CodeNotFound, "attachment %s not found", clipHash(sha))
}

func clipHash(sha string) string {
	if len(sha) > 64 {
		return sha[:64] + "…"
	}
	return sha
}

// handlePutAttachment keeps the body as the blob named by the path: at most
// blobs.MaxBytes (413), a PNG, JPEG, WebP or PDF by its bytes (415: an
// executable or HTML named .png is refused), hashing to the name (400). The
// uploader is recorded; uploading bytes already held answers 200, new ones 201.
func (s *Server) handlePutAttachment(w http.ResponseWriter, r *http.Request, accountID string) {
	sha := r.PathValue("sha256")
	if !blobs.ValidHash(sha) {
		s.writeErr(w, r, domain.Errorf(domain.CodeInvalidArgument, "the path must name the attachment by its SHA-256 in lowercase hex"))
		return
	}
	role, err := s.moneyRole(r.Context(), accountID) // an active account's role
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if role != domain.RoleSponsor && role != domain.RoleInfluencer {
		s.writeErr(w, r, domain.Errorf(domain.CodeForbidden, "only sponsors and influencers upload attachments"))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, blobs.MaxBytes))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		s.writeErr(w, r, domain.Errorf(domain.CodePayloadTooLarge, "an attachment may have at most %d bytes", blobs.MaxBytes))
		return
	case err != nil:
		s.writeErr(w, r, domain.Errorf(domain.CodeInvalidArgument, "reading the attachment: %v", err))
		return
	}
	ct, err := blobs.Sniff(body)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if got := blobs.Hash(body); got != sha {
		s.writeErr(w, r, domain.Errorf(domain.CodeInvalidArgument, "the body hashes to %s, not %s: nothing was kept", got, sha))
		return
	}
	created := false
	err = s.db.Write(r.Context(), func(tx *sqlx.Tx) error {
		now := s.cfg.Now().UTC()
		// The account's quota, counted over what it has uploaded; bytes it has
		// uploaded already cost nothing again.
		var used struct {
			Total int64 `db:"total"`
			Again bool  `db:"again"`
		}
		if err := tx.Get(&used, `SELECT COALESCE(SUM(a.size), 0) AS total,
			COALESCE(MAX(CASE WHEN a.sha256 = ? THEN 1 ELSE 0 END), 0) AS again FROM attachment_uploaders u JOIN attachments a USING (sha256)
			WHERE u.account_id = ?`, sha, accountID); err != nil {
			return err
		}
		if !used.Again && used.Total+int64(len(body)) > s.maxAttachmentBytes() {
			return domain.Errorf(domain.CodeQuotaExceeded, "this account has uploaded %d bytes of attachments; at most %d are kept",
				used.Total, s.maxAttachmentBytes())
		}
		res, err := tx.Exec(`INSERT INTO attachments (sha256, content_type, size, data, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (sha256) DO NOTHING`, sha, ct, len(body), body, now)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		created = n == 1
		_, err = tx.Exec(`INSERT INTO attachment_uploaders (sha256, account_id, uploaded_at) VALUES (?, ?, ?)
			ON CONFLICT (sha256, account_id) DO NOTHING`, sha, accountID, now)
		return err
	})
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	s.log.Info("attachment uploaded", "sha256", sha, "size", len(body), "content_type", ct, "account", accountID, "new", created)
	writeJSON(w, status, AttachmentInfo{SHA256: sha, Size: int64(len(body)), ContentType: ct})
}

// handleGetAttachment serves a blob to one who may have it (mayFetch), with its
// sniffed type, nosniff (hygiene), a sandboxing CSP, and PDFs as downloads.
func (s *Server) handleGetAttachment(w http.ResponseWriter, r *http.Request, accountID string) {
	sha := r.PathValue("sha256")
	if !blobs.ValidHash(sha) {
		s.writeErr(w, r, errNoAttachment(sha))
		return
	}
	if err := s.mayFetch(r.Context(), accountID, sha); err != nil {
		s.writeErr(w, r, err)
		return
	}
	var blob struct {
		ContentType string `db:"content_type"`
		Data        []byte `db:"data"`
	}
	err := s.db.R.GetContext(r.Context(), &blob, `SELECT content_type, data FROM attachments WHERE sha256 = ?`, sha)
	if errors.Is(err, sql.ErrNoRows) {
		s.writeErr(w, r, errNoAttachment(sha)) // mayFetch saw it a moment ago; gone cannot happen, but answer as if so
		return
	}
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", blob.ContentType)
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if blob.ContentType == blobs.TypePDF {
		h.Set("Content-Disposition", `attachment; filename="`+sha+`.pdf"`)
	} else {
		h.Set("Content-Disposition", "inline")
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(blob.Data)
}

// mayFetch decides whether the account may fetch the blob: its uploader may; so
// may anyone who sees (replica.Tables) a deliverable referencing it, once that
// deliverable's influencer (the author of drafts and proofs) uploaded it, or a
// deal message referencing it, once the message's author uploaded it —
// before that, not_uploaded (try later). Anyone else gets not_found: referencing
// a hash one learned elsewhere in one's own deliverable does not fetch another
// account's blob, since only the referencing deliverable's author's upload counts.
func (s *Server) mayFetch(ctx context.Context, accountID, sha string) error {
	var own bool
	if err := s.db.R.GetContext(ctx, &own, `SELECT EXISTS (SELECT 1 FROM attachment_uploaders u JOIN attachments a USING (sha256)
		WHERE u.sha256 = ? AND u.account_id = ?)`, sha, accountID); err != nil {
		return err
	}
	if own {
		return nil
	}
	var role domain.Role
	if err := s.db.R.GetContext(ctx, &role, `SELECT role FROM accounts WHERE id = ?`, accountID); err != nil {
		return err
	}
	tb, _ := replica.Lookup("deliverables")
	like := "%" + sha + "%" // a hex hash has no LIKE wildcards
	q, args := tb.SelectWhere(replica.Viewer{ID: accountID, Role: role}, "",
		"t.draft_attachments LIKE ? OR t.proof_screenshot LIKE ?", like, like)
	var rows []domain.Deliverable
	if err := s.db.R.SelectContext(ctx, &rows, q, args...); err != nil {
		return err
	}
	referenced := false
	for _, d := range rows {
		if !references(d, sha) {
			continue
		}
		referenced = true
		var authored bool
		if err := s.db.R.GetContext(ctx, &authored, `SELECT EXISTS (SELECT 1 FROM attachment_uploaders u
			JOIN ad_requests r ON r.influencer_id = u.account_id JOIN attachments a ON a.sha256 = u.sha256
			WHERE u.sha256 = ? AND r.id = ?)`, sha, d.AdRequestID); err != nil {
			return err
		}
		if authored {
			return nil
		}
	}
	// A deal message the account sees, naming the blob: its author's upload counts.
	mt, _ := replica.Lookup("deal_messages")
	q, args = mt.SelectWhere(replica.Viewer{ID: accountID, Role: role}, "", "t.attachments LIKE ?", like)
	var msgs []domain.DealMessage
	if err := s.db.R.SelectContext(ctx, &msgs, q, args...); err != nil {
		return err
	}
	for _, m := range msgs {
		if !refsName(m.Attachments, sha) {
			continue
		}
		referenced = true
		var authored bool
		if err := s.db.R.GetContext(ctx, &authored, `SELECT EXISTS (SELECT 1 FROM attachment_uploaders u
			JOIN attachments a ON a.sha256 = u.sha256 WHERE u.sha256 = ? AND u.account_id = ?)`, sha, m.AuthorID); err != nil {
			return err
		}
		if authored {
			return nil
		}
	}
	if referenced {
		return domain.Errorf(domain.CodeNotUploaded, "attachment %s is not uploaded yet: its author's desktop sends it when online", sha)
	}
	return errNoAttachment(sha)
}

// refsName tells whether a JSON array of attachment refs names the blob.
func refsName(list, sha string) bool {
	var atts []blobs.Ref
	if err := json.Unmarshal([]byte(list), &atts); err == nil {
		for _, a := range atts {
			if a.SHA256 == sha {
				return true
			}
		}
	}
	return false
}

// references tells whether the deliverable's draft or proof names the blob.
func references(d domain.Deliverable, sha string) bool {
	if refsName(d.DraftAttachments, sha) {
		return true
	}
	if strings.TrimSpace(d.ProofScreenshot) == "" {
		return false
	}
	var shot blobs.Ref
	return json.Unmarshal([]byte(d.ProofScreenshot), &shot) == nil && shot.SHA256 == sha
}
