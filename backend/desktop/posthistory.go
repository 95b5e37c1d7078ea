package desktop

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"time"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/postimport"
	"iescp/backend/queries"
	"iescp/sync/client"
)

// PostHistoryService is bound to the UI: the signed-in influencer's post history
// (typed in, edited, deleted, imported from a CSV file with a mapping step), their
// audience breakdown and their media kit with its PDF (issue 12, 1(b)/(c);
// docs/import.md). Everything works offline: the changes are mutations that queue.
type PostHistoryService struct{ s *Services }

// NewPostHistoryService binds the signed-in influencer's post history.
func NewPostHistoryService(s *Services) *PostHistoryService { return &PostHistoryService{s: s} }

// ImportReport is what an import did: the file's counts (postimport.Counts), its
// refused rows with their reasons, and of the accepted rows how many are new,
// updated (a figure changed), unchanged (already there as they are) or left deleted
// (the influencer had deleted that post); only new and updated rows are sent.
// NothingNew: the file brought nothing new or changed (a second import of it).
type ImportReport struct {
	Shape      string               `json:"shape"`
	Counts     postimport.Counts    `json:"counts"`
	Refused    []postimport.Refused `json:"refused"`
	New        int                  `json:"new"`
	Updated    int                  `json:"updated"`
	Unchanged  int                  `json:"unchanged"`
	Deleted    int                  `json:"deleted"`
	Batches    int                  `json:"batches"` // posts.import mutations queued
	NothingNew bool                 `json:"nothing_new"`
}

// List is a page of the influencer's posts, newest first, with the totals.
func (ps *PostHistoryService) List(q queries.PostQuery) (queries.PostPage, error) {
	ctx, sess, err := ps.s.begin()
	if err != nil {
		return queries.PostPage{}, toUI(err)
	}
	page, err := queries.OwnPosts(ctx, sess.db.R, viewer(sess), q)
	return page, toUI(err)
}

// Record records a post typed in (post.record), or corrects one (its id). A new
// post without a platform id gets a UUIDv7 here; with one, the mutator derives the
// id. It answers the post's id.
func (ps *PostHistoryService) Record(a mutate.PostRecord) (string, error) {
	if a.ID == "" && a.Post.ExternalID == "" {
		a.ID = domain.NewID()
	}
	if err := ps.s.act(&a); err != nil {
		return "", err
	}
	if a.ID == "" {
		_, sess, err := ps.s.begin()
		if err != nil {
			return "", toUI(err)
		}
		a.ID = mutate.PostID(sess.info.AccountID, a.Post.Platform, a.Post.ExternalID)
	}
	return a.ID, nil
}

// Delete removes one of the influencer's posts (post.delete).
func (ps *PostHistoryService) Delete(id string) error { return ps.s.act(&mutate.PostDelete{ID: id}) }

// decodeFile decodes a picked file's base64 content, refusing one over the
// import's size limit before decoding it.
func decodeFile(content string) ([]byte, error) {
	if base64.StdEncoding.DecodedLen(len(content)) > postimport.MaxBytes+3 {
		return nil, &postimport.FileError{Reason: postimport.FileTooLarge,
			Params: map[string]string{"max_bytes": strconv.Itoa(postimport.MaxBytes)}}
	}
	b, err := base64.StdEncoding.DecodeString(content)
	if err != nil {
		return nil, domain.Errorf(domain.CodeInvalidArgument, "the file's data is not base64")
	}
	return b, nil
}

// Inspect reads a picked post history file (base64; name is only for messages)
// and answers its preview: the shape, the first rows, the suggested mapping and
// what still needs a column or a default (postimport.Inspect). A file refused
// whole answers its postimport.FileError as an invalid_argument or
// payload_too_large whose message is "postimport: <reason> <param>=<value> ...".
func (ps *PostHistoryService) Inspect(name, content string) (postimport.Preview, error) {
	if _, _, err := ps.s.begin(); err != nil {
		return postimport.Preview{}, toUI(err)
	}
	b, err := decodeFile(content)
	if err != nil {
		return postimport.Preview{}, toUI(err)
	}
	p, err := postimport.Inspect(bytes.NewReader(b))
	return p, toUI(err)
}

// Import parses the file with the mapping and options (the service's clock is
// Options.Now), counts its accepted rows against the replica (new, updated,
// unchanged, left deleted) and queues the new and updated ones as posts.import
// mutations of at most mutate.MaxImportBatch posts. Two accepted rows that are the
// same post (no platform id, same platform and second) keep the first; the second
// is reported refused as a duplicate.
func (ps *PostHistoryService) Import(content string, m postimport.Mapping, opt postimport.Options) (ImportReport, error) {
	ctx, sess, err := ps.s.begin()
	if err != nil {
		return ImportReport{}, toUI(err)
	}
	v := viewer(sess)
	if v.Role != domain.RoleInfluencer {
		return ImportReport{}, toUI(domain.Errorf(domain.CodeForbidden, "only an influencer imports a post history"))
	}
	b, err := decodeFile(content)
	if err != nil {
		return ImportReport{}, toUI(err)
	}
	opt.Now = ps.s.cfg.Now()
	res, err := postimport.Parse(bytes.NewReader(b), m, opt)
	if err != nil {
		return ImportReport{}, toUI(err)
	}
	rep := ImportReport{Shape: res.Shape, Counts: res.Counts, Refused: res.Refused}
	if rep.Refused == nil {
		rep.Refused = []postimport.Refused{}
	}
	ids := make([]string, 0, len(res.Accepted))
	posts := make([]mutate.PostFields, 0, len(res.Accepted))
	firstLine := map[string]int{}
	for _, row := range res.Accepted {
		f := postFields(row)
		id := mutate.ImportedPostID(v.AccountID, f)
		if line, dup := firstLine[id]; dup {
			rep.Refused = append(rep.Refused, postimport.Refused{Line: row.Line, Column: -1, Field: "posted_at",
				Reason: "duplicate", Params: map[string]string{"first_line": strconv.Itoa(line)},
				Value: postimport.Quote(f.PostedAt.Format(time.RFC3339))})
			rep.Counts.Accepted--
			rep.Counts.Refused++
			if rep.Counts.ByReason == nil {
				rep.Counts.ByReason = map[string]int{}
			}
			rep.Counts.ByReason["duplicate"]++
			continue
		}
		firstLine[id] = row.Line
		ids = append(ids, id)
		posts = append(posts, f)
	}
	stored, err := queries.OwnPostsByID(ctx, sess.db.R, v, ids)
	if err != nil {
		return ImportReport{}, toUI(err)
	}
	var send []mutate.PostFields
	for i, f := range posts {
		old, ok := stored[ids[i]]
		switch {
		case !ok:
			rep.New++
			send = append(send, f)
		case old.Deleted:
			rep.Deleted++
		case samePost(old.PostRow, f):
			rep.Unchanged++
		default:
			rep.Updated++
			send = append(send, f)
		}
	}
	// Each batch is its own client.Apply (a mutation and its outbox row, one
	// transaction), as s.apply does; the UI and the engine hear of them once, at
	// the end, not once per batch (a 50,000-row file is 334 batches).
	defer func() {
		if rep.Batches > 0 {
			ps.s.localChange(ctx, sess)
		}
	}()
	for start := 0; start < len(send); start += mutate.MaxImportBatch {
		batch := &mutate.PostsImport{Posts: send[start:min(start+mutate.MaxImportBatch, len(send))]}
		if _, err := client.Apply(ctx, sess.db, sess.info.AccountID, batch, ps.s.cfg.Now()); err != nil {
			return ImportReport{}, toUI(err)
		}
		rep.Batches++
	}
	rep.NothingNew = len(send) == 0
	return rep, nil
}

func postFields(r postimport.Row) mutate.PostFields {
	p := r.Post
	return mutate.PostFields{Platform: p.Platform, ContentType: p.ContentType, ExternalID: r.ExternalID,
		PostedAt: p.PostedAt.UTC().Truncate(time.Second), Followers: p.Followers, Views: p.Views, Reach: p.Reach,
		Likes: p.Likes, Comments: p.Comments, Shares: p.Shares, Saves: p.Saves, Sponsored: p.Sponsored}
}

// samePost is whether a stored post already holds f (what posts.import would
// leave alone).
func samePost(old queries.PostRow, f mutate.PostFields) bool {
	return old.Platform == f.Platform && old.ContentType == f.ContentType && old.ExternalID == f.ExternalID &&
		old.PostedAt.Equal(f.PostedAt) && old.Followers == f.Followers && old.Views == f.Views && old.Reach == f.Reach &&
		old.Likes == f.Likes && old.Comments == f.Comments && old.Shares == f.Shares && old.Saves == f.Saves &&
		old.Sponsored == f.Sponsored
}
