package mutate

import (
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
	"iescp/backend/domain"
)

// An influencer's post history (issue 12, docs/analytics.md): posts typed in one
// at a time (post.record), removed (post.delete) or imported from a creator
// dashboard's export in batches (posts.import; backend/postimport parses the file).
// Posts are their owner's alone (docs/sync.md, "Analytics").
const (
	// MaxImportBatch bounds the posts of one posts.import: a batch of posts at
	// their longest values stays within MaxArgsBytes (TestPostsImport_BatchFitsArgs);
	// the desktop sends a longer file as several batches (each is idempotent).
	MaxImportBatch = 150
	// maxExternalID bounds a post's id on its platform.
	maxExternalID = 64
	// postClockSkew is how far in the future (by the mutation's clock) a post's
	// time may be: a desktop's clock a little ahead is not an error.
	postClockSkew = 24 * time.Hour
)

// PostID is the id of an influencer's post known to its platform by externalID:
// the same post imported twice, or recorded by hand with its platform id, is the
// same row.
func PostID(influencerID, platform, externalID string) string {
	return domain.DerivedID("post", influencerID, platform, externalID)
}

// ImportedPostID is the id posts.import gives a post: PostID when the file names
// the post's platform id, otherwise one derived from the platform and the post's
// time (to the second), so importing the same file twice still writes the same rows.
func ImportedPostID(influencerID string, p PostFields) string {
	if p.ExternalID != "" {
		return PostID(influencerID, p.Platform, p.ExternalID)
	}
	return domain.DerivedID("post", influencerID, p.Platform, "", p.PostedAt.UTC().Format(time.RFC3339))
}

// PostFields are one post's platform, content type, platform id, time and figures,
// as post.record and posts.import take them. Counts are whole, 0..MaxMetric;
// Followers is the account's follower count on that platform when the post was
// measured.
type PostFields struct {
	Platform    string    `json:"platform"`
	ContentType string    `json:"content_type"`
	ExternalID  string    `json:"external_id"`
	PostedAt    time.Time `json:"posted_at"`
	Followers   int64     `json:"followers"`
	Views       int64     `json:"views"`
	Reach       int64     `json:"reach"`
	Likes       int64     `json:"likes"`
	Comments    int64     `json:"comments"`
	Shares      int64     `json:"shares"`
	Saves       int64     `json:"saves"`
	Sponsored   bool      `json:"sponsored"`
}

// check validates the fields, naming them with prefix (a batch's "posts[3].").
func (p *PostFields) check(v *checker, prefix string) {
	v.oneOf(prefix+"platform", p.Platform, analytics.Platforms...)
	v.oneOf(prefix+"content_type", p.ContentType, analytics.ContentTypes...)
	v.text(prefix+"external_id", &p.ExternalID, 0, maxExternalID)
	if strings.ContainsAny(p.ExternalID, "\n\r\t") {
		v.fail("%sexternal_id must be one line", prefix)
	}
	p.PostedAt = p.PostedAt.UTC().Truncate(time.Second)
	if y := p.PostedAt.Year(); y < minDateYear || y > maxDateYear {
		v.fail("%sposted_at must be a time between %d and %d", prefix, minDateYear, maxDateYear)
	}
	for _, f := range []struct {
		name string
		n    int64
	}{{"followers", p.Followers}, {"views", p.Views}, {"reach", p.Reach}, {"likes", p.Likes}, {"comments", p.Comments},
		{"shares", p.Shares}, {"saves", p.Saves}} {
		if f.n < 0 {
			v.fail("%s%s must not be negative", prefix, f.name)
		} else if f.n > MaxMetric {
			v.fail("%s%s must be at most %d", prefix, f.name, MaxMetric)
		}
	}
}

// notFuture refuses a post dated after now (plus a little clock skew).
func (p *PostFields) notFuture(now time.Time, prefix string) error {
	if p.PostedAt.After(now.Add(postClockSkew)) {
		return domain.Errorf(domain.CodeInvalidArgument, "%sposted_at %s is in the future", prefix, p.PostedAt.Format(time.RFC3339))
	}
	return nil
}

// PostRecord records one post typed in by its influencer, or corrects one (the
// same id again). ID is PostID(actor, platform, external_id) when external_id is
// given (or "" to let the mutator derive it), otherwise a UUIDv7 the desktop makes.
type PostRecord struct {
	ID   string     `json:"id"`
	Post PostFields `json:"post"`
}

func (*PostRecord) Mutation() string { return "post.record" }

func (a *PostRecord) Validate() error {
	var v checker
	if a.ID != "" || strings.TrimSpace(a.Post.ExternalID) == "" {
		v.id("id", a.ID)
	}
	a.Post.check(&v, "post.")
	return v.result()
}

// PostDelete removes one of the influencer's own posts (a soft delete: the row
// keeps a deleted_at and leaves the replica).
type PostDelete struct {
	ID string `json:"id"`
}

func (*PostDelete) Mutation() string { return "post.delete" }

func (a *PostDelete) Validate() error {
	var v checker
	v.id("id", a.ID)
	return v.result()
}

// PostsImport writes a batch of posts from one file (at most MaxImportBatch): each
// post's id is ImportedPostID, so a post already there is updated (only when a
// figure changed) and importing the same file twice changes nothing. A post the
// influencer deleted stays deleted. The mutation answers nothing but success: the
// desktop counts what is new (ImportedPostID against its replica) before it applies.
type PostsImport struct {
	Posts []PostFields `json:"posts"`
}

func (*PostsImport) Mutation() string { return "posts.import" }

func (a *PostsImport) Validate() error {
	var v checker
	if len(a.Posts) == 0 {
		v.fail("posts is required")
	} else if len(a.Posts) > MaxImportBatch {
		v.fail("posts must be at most %d per batch, got %d", MaxImportBatch, len(a.Posts))
	}
	for i := range a.Posts {
		a.Posts[i].check(&v, "posts["+strconv.Itoa(i)+"].")
	}
	return v.result()
}

// PostIDs returns the id each post of the batch gets when influencerID imports it.
func (a *PostsImport) PostIDs(influencerID string) []string {
	out := make([]string, len(a.Posts))
	for i, p := range a.Posts {
		out[i] = ImportedPostID(influencerID, p)
	}
	return out
}

var (
	MPostRecord = define("post.record",
		"Record one of your posts and its figures by hand, or correct one (the same id).", influencers, postRecord)
	MPostDelete = define("post.delete",
		"Delete one of your posts from your history.", influencers, postDelete)
	MPostsImport = define("posts.import",
		"Import a batch of your posts from a creator dashboard's export; importing the same posts again changes nothing.",
		influencers, postsImport)
)

// ownPost reports whether the actor's post id exists (deleted or not); another
// account's post does not exist for the actor.
func ownPost(c *Ctx, id string) (exists bool, deleted bool, err error) {
	var row struct {
		InfluencerID string     `db:"influencer_id"`
		DeletedAt    *time.Time `db:"deleted_at"`
	}
	err = c.Tx.Get(&row, `SELECT influencer_id, deleted_at FROM posts WHERE id = ?`, id)
	if e := notFound(err, "post", id); e != nil {
		if domain.ErrorCode(e) == domain.CodeNotFound {
			return false, false, nil
		}
		return false, false, e
	}
	if row.InfluencerID != c.Actor.ID {
		return false, false, domain.Errorf(domain.CodeNotFound, "post %s not found", id)
	}
	return true, row.DeletedAt != nil, nil
}

func postRecord(c *Ctx, a *PostRecord) error {
	if a.Post.ExternalID != "" {
		want := PostID(c.Actor.ID, a.Post.Platform, a.Post.ExternalID)
		if a.ID == "" {
			a.ID = want
		} else if a.ID != want {
			return domain.Errorf(domain.CodeInvalidArgument, "id of a post with external_id must be %s", want)
		}
	}
	if err := a.Post.notFuture(c.Now, "post."); err != nil {
		return err
	}
	if _, _, err := ownPost(c, a.ID); err != nil {
		return err
	}
	// A correction may revive a deleted post: recording it again is asking for it.
	return upsertPost(c, a.ID, &a.Post, "manual", true)
}

func postDelete(c *Ctx, a *PostDelete) error {
	found, deleted, err := ownPost(c, a.ID)
	if err != nil {
		return err
	}
	if !found || deleted {
		return domain.Errorf(domain.CodeNotFound, "post %s not found", a.ID)
	}
	return exec(c.Tx, `UPDATE posts SET deleted_at = ?, updated_at = ? WHERE id = ?`, c.Now, c.Now, a.ID)
}

func postsImport(c *Ctx, a *PostsImport) error {
	seen := map[string]int{}
	ids := make([]string, len(a.Posts))
	for i := range a.Posts {
		p := &a.Posts[i]
		prefix := "posts[" + strconv.Itoa(i) + "]."
		if err := p.notFuture(c.Now, prefix); err != nil {
			return err
		}
		id := ImportedPostID(c.Actor.ID, *p)
		if j, dup := seen[id]; dup {
			return domain.Errorf(domain.CodeInvalidArgument, "posts[%d] is the same post as posts[%d]", i, j)
		}
		seen[id] = i
		ids[i] = id
	}
	// One statement for the batch's owners and one for its rows, not two per post:
	// the desktop's SQLite driver compiles every statement it runs (with the
	// table's triggers), which made a 50,000-row import spend most of its time here.
	q, args, err := sqlx.In(`SELECT id FROM posts WHERE id IN (?) AND influencer_id <> ?`, ids, c.Actor.ID)
	if err != nil {
		return err
	}
	var foreign []string
	if err := c.Tx.Select(&foreign, q, args...); err != nil {
		return err
	}
	if len(foreign) > 0 {
		return domain.Errorf(domain.CodeNotFound, "post %s not found", foreign[0])
	}
	return upsertPosts(c, ids, a.Posts, "import", false)
}

// upsertPost is upsertPosts of one post.
func upsertPost(c *Ctx, id string, p *PostFields, source string, revive bool) error {
	return upsertPosts(c, []string{id}, []PostFields{*p}, source, revive)
}

// upsertPosts inserts the actor's posts (ids[i] for posts[i], in one statement) or
// updates each one whose fields differ (an identical post is left alone: no new
// version, nothing to sync). revive clears a deletion; without it a deleted post
// stays as it is.
func upsertPosts(c *Ctx, ids []string, posts []PostFields, source string, revive bool) error {
	cond := `posts.deleted_at IS NULL AND `
	if revive {
		cond = `(posts.deleted_at IS NOT NULL OR `
	}
	differs := `posts.platform IS DISTINCT FROM excluded.platform OR posts.content_type IS DISTINCT FROM excluded.content_type
		OR posts.external_id IS DISTINCT FROM excluded.external_id OR posts.posted_at IS DISTINCT FROM excluded.posted_at
		OR posts.followers IS DISTINCT FROM excluded.followers OR posts.views IS DISTINCT FROM excluded.views OR posts.reach IS DISTINCT FROM excluded.reach
		OR posts.likes IS DISTINCT FROM excluded.likes OR posts.comments IS DISTINCT FROM excluded.comments OR posts.shares IS DISTINCT FROM excluded.shares
		OR posts.saves IS DISTINCT FROM excluded.saves OR posts.sponsored IS DISTINCT FROM excluded.sponsored`
	if revive {
		cond += differs + `)`
	} else {
		cond += `(` + differs + `)`
	}
	values := strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", len(ids)), ", ")
	args := make([]any, 0, 17*len(ids))
	for i := range ids {
		p := &posts[i]
		args = append(args, ids[i], c.Actor.ID, p.Platform, p.ContentType, p.ExternalID, p.PostedAt, p.Followers, p.Views,
			p.Reach, p.Likes, p.Comments, p.Shares, p.Saves, p.Sponsored, source, c.Now, c.Now)
	}
	return exec(c.Tx, `INSERT INTO posts (id, influencer_id, platform, content_type, external_id, posted_at, followers, views,
		reach, likes, comments, shares, saves, sponsored, source, created_at, updated_at)
		VALUES `+values+`
		ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, content_type = excluded.content_type,
			external_id = excluded.external_id, posted_at = excluded.posted_at, followers = excluded.followers,
			views = excluded.views, reach = excluded.reach, likes = excluded.likes, comments = excluded.comments,
			shares = excluded.shares, saves = excluded.saves, sponsored = excluded.sponsored,
			updated_at = excluded.updated_at, deleted_at = NULL
		WHERE posts.influencer_id = excluded.influencer_id AND `+cond, args...)
}
