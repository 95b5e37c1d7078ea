package mutate

import (
	"bytes"
	"encoding/json"
	"strconv"

	"iescp/backend/analytics"
	"iescp/backend/domain"
	"iescp/backend/search"
)

// Shortlists and saved searches (issue 13, docs/mutations.md "Shortlists and saved
// searches"): an organisation's named lists of creators, with a note per creator,
// and its saved creator searches. Its owners and managers write them; its viewers
// only read (forbidden here).
const (
	// MaxListName bounds a list's or a saved search's name, in characters.
	MaxListName = 80
	// MaxListNote bounds an entry's note, in characters.
	MaxListNote = 1000
	// MaxListBatch bounds how many creators one shortlist.add names (and how many
	// entries one shortlist.remove names).
	MaxListBatch = 200
	// maxQueryER bounds an ER filter of a saved search (a fraction: 10 = 1000 %).
	maxQueryER = 10
)

// actorOrg is the organisation the actor acts for and their role in it: the one
// active org_members row of the account (docs/teams.md), else their own
// one-member organisation, named by their account id, which they founded and own.
// This is the one place that says which organisation a list mutation is for.
func actorOrg(c *Ctx) (org, role string, err error) {
	m, err := c.membership()
	return m.org, string(m.role), err
}

// listWriter checks that the actor may write their organisation's lists: an
// owner or a manager of it. A viewer is forbidden. It returns the organisation.
func listWriter(c *Ctx) (string, error) {
	org, role, err := actorOrg(c)
	if err != nil {
		return "", err
	}
	if role != "owner" && role != "manager" {
		return "", domain.Errorf(domain.CodeForbidden, "only an owner or a manager of the organisation may change its lists")
	}
	return org, nil
}

// ShortlistEntryID is the id of an influencer's entry on a list: adding them
// twice is one row.
func ShortlistEntryID(shortlistID, influencerID string) string {
	return domain.DerivedID("shortlist_entry", shortlistID, influencerID)
}

// ShortlistCreate makes a named list, optionally for one of the organisation's
// campaigns.
type ShortlistCreate struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CampaignID string `json:"campaign_id,omitempty"`
}

func (a *ShortlistCreate) Validate() error {
	var v checker
	v.id("id", a.ID)
	v.text("name", &a.Name, 1, MaxListName)
	if a.CampaignID != "" {
		v.id("campaign_id", a.CampaignID)
	}
	return v.result()
}

func (*ShortlistCreate) Mutation() string { return "shortlist.create" }

// ShortlistRename renames a list.
type ShortlistRename struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (a *ShortlistRename) Validate() error {
	var v checker
	v.id("id", a.ID)
	v.text("name", &a.Name, 1, MaxListName)
	return v.result()
}

func (*ShortlistRename) Mutation() string { return "shortlist.rename" }

// ShortlistDelete deletes a list (and so its entries).
type ShortlistDelete struct {
	ID string `json:"id"`
}

func (a *ShortlistDelete) Validate() error {
	var v checker
	v.id("id", a.ID)
	return v.result()
}

func (*ShortlistDelete) Mutation() string { return "shortlist.delete" }

// ShortlistAdd puts creators on a list. A note, when given, is set on every one
// of them; without it an entry already there keeps its note.
type ShortlistAdd struct {
	ShortlistID   string   `json:"shortlist_id"`
	InfluencerIDs []string `json:"influencer_ids"`
	Note          *string  `json:"note,omitempty"`
}

func (a *ShortlistAdd) Validate() error {
	var v checker
	v.id("shortlist_id", a.ShortlistID)
	v.idList("influencer_ids", a.InfluencerIDs)
	if a.Note != nil {
		v.text("note", a.Note, 0, MaxListNote)
	}
	return v.result()
}

func (*ShortlistAdd) Mutation() string { return "shortlist.add" }

// ShortlistNote sets an entry's note ("" clears it).
type ShortlistNote struct {
	ID   string `json:"id"`
	Note string `json:"note"`
}

func (a *ShortlistNote) Validate() error {
	var v checker
	v.id("id", a.ID)
	v.text("note", &a.Note, 0, MaxListNote)
	return v.result()
}

func (*ShortlistNote) Mutation() string { return "shortlist.note" }

// ShortlistRemove takes entries off their lists.
type ShortlistRemove struct {
	IDs []string `json:"ids"`
}

func (a *ShortlistRemove) Validate() error {
	var v checker
	v.idList("ids", a.IDs)
	return v.result()
}

func (*ShortlistRemove) Mutation() string { return "shortlist.remove" }

// idList checks 1 to MaxListBatch ids, none twice.
func (v *checker) idList(field string, ids []string) {
	if len(ids) == 0 || len(ids) > MaxListBatch {
		v.fail("%s must name 1 to %d ids, got %d", field, MaxListBatch, len(ids))
		return
	}
	seen := make(map[string]bool, len(ids))
	for i, id := range ids {
		v.id(field+"["+strconv.Itoa(i)+"]", id)
		if seen[id] {
			v.fail("%s names %s twice", field, id)
		}
		seen[id] = true
	}
}

// SavedQuery is what a saved search keeps: the search screen's filters and sort
// (search.InfluencerQuery without paging and "more like this"). Unknown keys are
// refused.
type SavedQuery struct {
	Text         string  `json:"text,omitempty"`
	Category     string  `json:"category,omitempty"`
	Niche        string  `json:"niche,omitempty"`
	Platform     string  `json:"platform,omitempty"`
	MinReach     int64   `json:"min_reach,omitempty"`
	MaxReach     int64   `json:"max_reach,omitempty"`
	MinER        float64 `json:"min_er,omitempty"`
	MaxER        float64 `json:"max_er,omitempty"`
	SizeTier     string  `json:"size_tier,omitempty"`
	PerfTier     string  `json:"perf_tier,omitempty"`
	RiskLevel    string  `json:"risk_level,omitempty"`
	HideHighRisk bool    `json:"hide_high_risk,omitempty"`
	Sort         string  `json:"sort,omitempty"`
	Order        string  `json:"order,omitempty"`
}

// ParseSavedQuery reads and checks a saved search's JSON (strictly: unknown keys
// and trailing data are refused), trimming its texts.
func ParseSavedQuery(raw []byte) (SavedQuery, error) {
	var q SavedQuery
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&q); err != nil {
		return q, domain.Errorf(domain.CodeInvalidArgument, "query: %v", err)
	}
	if dec.More() {
		return q, domain.Errorf(domain.CodeInvalidArgument, "query: trailing data")
	}
	var v checker
	v.text("query.text", &q.Text, 0, search.MaxTextRunes)
	v.text("query.category", &q.Category, 0, maxShort)
	v.text("query.niche", &q.Niche, 0, maxShort)
	if q.Platform != "" {
		v.oneOf("query.platform", q.Platform, domain.Platforms...)
	}
	for _, r := range []struct {
		f      string
		lo, hi int64
	}{{"reach", q.MinReach, q.MaxReach}} {
		if r.lo < 0 || r.hi < 0 || r.lo > MaxReach || r.hi > MaxReach {
			v.fail("query.%s bounds must be between 0 and %d", r.f, MaxReach)
		} else if r.hi > 0 && r.lo > r.hi {
			v.fail("query.max_%s must not be below query.min_%s", r.f, r.f)
		}
	}
	if q.MinER < 0 || q.MaxER < 0 || q.MinER > maxQueryER || q.MaxER > maxQueryER {
		v.fail("query.min_er and query.max_er must be fractions between 0 and %d", maxQueryER)
	} else if q.MaxER > 0 && q.MinER > q.MaxER {
		v.fail("query.max_er must not be below query.min_er")
	}
	if q.SizeTier != "" {
		v.oneOf("query.size_tier", q.SizeTier, analytics.SizeTiers...)
	}
	if q.PerfTier != "" {
		v.oneOf("query.perf_tier", q.PerfTier, "A", "B", "C")
	}
	if q.RiskLevel != "" {
		v.oneOf("query.risk_level", q.RiskLevel, "low", "medium", "high")
	}
	if q.Sort != "" {
		v.oneOf("query.sort", q.Sort, search.SortRelevance, search.SortReach, search.SortName, search.SortRating,
			search.SortER, search.SortPredicted, search.SortRisk)
	}
	if q.Order != "" {
		v.oneOf("query.order", q.Order, search.OrderAsc, search.OrderDesc)
	}
	return q, v.result()
}

// SavedSearchSave saves a creator search under a name: a new id creates it, the
// id of one of the organisation's saved searches overwrites its name and query.
type SavedSearchSave struct {
	ID    string          `json:"id"`
	Name  string          `json:"name"`
	Query json.RawMessage `json:"query"`
}

func (a *SavedSearchSave) Validate() error {
	var v checker
	v.id("id", a.ID)
	v.text("name", &a.Name, 1, MaxListName)
	if err := v.result(); err != nil {
		return err
	}
	if len(bytes.TrimSpace(a.Query)) == 0 {
		a.Query = json.RawMessage("{}")
	}
	q, err := ParseSavedQuery(a.Query)
	if err != nil {
		return err
	}
	b, err := json.Marshal(q) // the canonical form: trimmed, zero values left out
	if err != nil {
		return domain.Errorf(domain.CodeInvalidArgument, "query: %v", err)
	}
	a.Query = b
	return nil
}

func (*SavedSearchSave) Mutation() string { return "savedSearch.save" }

// SavedSearchDelete deletes a saved search.
type SavedSearchDelete struct {
	ID string `json:"id"`
}

func (a *SavedSearchDelete) Validate() error {
	var v checker
	v.id("id", a.ID)
	return v.result()
}

func (*SavedSearchDelete) Mutation() string { return "savedSearch.delete" }

var (
	MShortlistCreate = define("shortlist.create",
		"Make a named list of creators for the organisation, optionally for one of its campaigns.", sponsors, shortlistCreate)
	MShortlistRename = define("shortlist.rename", "Rename one of the organisation's lists.", sponsors, shortlistRename)
	MShortlistDelete = define("shortlist.delete", "Delete one of the organisation's lists with its entries.", sponsors, shortlistDelete)
	MShortlistAdd    = define("shortlist.add",
		"Put up to 200 creators on one of the organisation's lists (adding one twice is one entry), with an optional note.", sponsors, shortlistAdd)
	MShortlistNote   = define("shortlist.note", "Set the note of a creator on one of the organisation's lists.", sponsors, shortlistNote)
	MShortlistRemove = define("shortlist.remove", "Take up to 200 entries off the organisation's lists.", sponsors, shortlistRemove)
	MSavedSearchSave = define("savedSearch.save",
		"Save a creator search (its filters and sort) under a name for the organisation, or overwrite one.", sponsors, savedSearchSave)
	MSavedSearchDelete = define("savedSearch.delete", "Delete one of the organisation's saved searches.", sponsors, savedSearchDelete)
)

func shortlistCreate(c *Ctx, a *ShortlistCreate) error {
	org, err := listWriter(c)
	if err != nil {
		return err
	}
	var campaign any
	if a.CampaignID != "" {
		mine, err := exists(c.Tx, `SELECT 1 FROM campaigns WHERE id = ? AND sponsor_id = ? AND deleted_at IS NULL`, a.CampaignID, org)
		if err != nil {
			return err
		}
		if !mine {
			return domain.Errorf(domain.CodeNotFound, "campaign %s not found", a.CampaignID)
		}
		campaign = a.CampaignID
	}
	return insertNew(c.Tx, "", a.ID, `INSERT INTO shortlists (id, org_id, name, campaign_id, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, a.ID, org, a.Name, campaign, c.Actor.ID, c.Now, c.Now)
}

// ownList checks that id is a live list of the organisation; any other is not found.
func ownList(c *Ctx, org, id string) error {
	ok, err := exists(c.Tx, `SELECT 1 FROM shortlists WHERE id = ? AND org_id = ? AND deleted_at IS NULL`, id, org)
	if err != nil {
		return err
	}
	if !ok {
		return domain.Errorf(domain.CodeNotFound, "list %s not found", id)
	}
	return nil
}

func shortlistRename(c *Ctx, a *ShortlistRename) error {
	org, err := listWriter(c)
	if err != nil {
		return err
	}
	if err := ownList(c, org, a.ID); err != nil {
		return err
	}
	return exec(c.Tx, `UPDATE shortlists SET name = ?, updated_at = ? WHERE id = ? AND name <> ?`, a.Name, c.Now, a.ID, a.Name)
}

func shortlistDelete(c *Ctx, a *ShortlistDelete) error {
	org, err := listWriter(c)
	if err != nil {
		return err
	}
	if err := ownList(c, org, a.ID); err != nil {
		return err
	}
	return exec(c.Tx, `UPDATE shortlists SET deleted_at = ?, updated_at = ? WHERE id = ?`, c.Now, c.Now, a.ID)
}

func shortlistAdd(c *Ctx, a *ShortlistAdd) error {
	org, err := listWriter(c)
	if err != nil {
		return err
	}
	if err := ownList(c, org, a.ShortlistID); err != nil {
		return err
	}
	for _, id := range a.InfluencerIDs {
		// A hidden (flagged, deactivated) creator, or no creator, is not found.
		public, err := exists(c.Tx, `SELECT 1 FROM accounts WHERE id = ? AND role = 'influencer' AND active = 1 AND flagged = 0`, id)
		if err != nil {
			return err
		}
		if !public {
			return domain.Errorf(domain.CodeNotFound, "influencer %s not found", id)
		}
	}
	setNote, note := 0, ""
	if a.Note != nil {
		setNote, note = 1, *a.Note
	}
	for _, id := range a.InfluencerIDs {
		// Adding again revives a removed entry; an entry already there changes
		// only when a different note is given (no restamp for a repeat).
		if err := exec(c.Tx, `INSERT INTO shortlist_entries (id, shortlist_id, influencer_id, note, added_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET deleted_at = NULL, updated_at = excluded.updated_at,
				note = CASE WHEN ? = 1 THEN excluded.note ELSE shortlist_entries.note END
			WHERE shortlist_entries.deleted_at IS NOT NULL OR (? = 1 AND shortlist_entries.note <> excluded.note)`,
			ShortlistEntryID(a.ShortlistID, id), a.ShortlistID, id, note, c.Actor.ID, c.Now, c.Now, setNote, setNote); err != nil {
			return err
		}
	}
	return nil
}

// ownEntry checks that id is a live entry of one of the organisation's live
// lists, of a public creator; any other is not found.
func ownEntry(c *Ctx, org, id string) error {
	ok, err := exists(c.Tx, `SELECT 1 FROM shortlist_entries e JOIN shortlists l ON l.id = e.shortlist_id
		JOIN accounts a ON a.id = e.influencer_id
		WHERE e.id = ? AND e.deleted_at IS NULL AND l.org_id = ? AND l.deleted_at IS NULL AND a.active = 1 AND a.flagged = 0`, id, org)
	if err != nil {
		return err
	}
	if !ok {
		return domain.Errorf(domain.CodeNotFound, "list entry %s not found", id)
	}
	return nil
}

func shortlistNote(c *Ctx, a *ShortlistNote) error {
	org, err := listWriter(c)
	if err != nil {
		return err
	}
	if err := ownEntry(c, org, a.ID); err != nil {
		return err
	}
	return exec(c.Tx, `UPDATE shortlist_entries SET note = ?, updated_at = ? WHERE id = ? AND note <> ?`, a.Note, c.Now, a.ID, a.Note)
}

func shortlistRemove(c *Ctx, a *ShortlistRemove) error {
	org, err := listWriter(c)
	if err != nil {
		return err
	}
	for _, id := range a.IDs {
		if err := ownEntry(c, org, id); err != nil {
			return err
		}
	}
	for _, id := range a.IDs {
		if err := exec(c.Tx, `UPDATE shortlist_entries SET deleted_at = ?, updated_at = ? WHERE id = ?`, c.Now, c.Now, id); err != nil {
			return err
		}
	}
	return nil
}

func savedSearchSave(c *Ctx, a *SavedSearchSave) error {
	org, err := listWriter(c)
	if err != nil {
		return err
	}
	var row struct {
		Org     string `db:"org_id"`
		Deleted bool   `db:"deleted"`
	}
	err = c.Tx.Get(&row, `SELECT org_id, deleted_at IS NOT NULL AS deleted FROM saved_searches WHERE id = ?`, a.ID)
	if err := notFound(err, "saved search", a.ID); err != nil {
		if domain.ErrorCode(err) != domain.CodeNotFound {
			return err
		}
		return exec(c.Tx, `INSERT INTO saved_searches (id, org_id, name, query, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, a.ID, org, a.Name, string(a.Query), c.Actor.ID, c.Now, c.Now)
	}
	if row.Org != org || row.Deleted {
		return domain.Errorf(domain.CodeInvalidArgument, "id %s is already used", a.ID)
	}
	return exec(c.Tx, `UPDATE saved_searches SET name = ?, query = ?, updated_at = ? WHERE id = ? AND (name <> ? OR query <> ?)`,
		a.Name, string(a.Query), c.Now, a.ID, a.Name, string(a.Query))
}

func savedSearchDelete(c *Ctx, a *SavedSearchDelete) error {
	org, err := listWriter(c)
	if err != nil {
		return err
	}
	ok, err := exists(c.Tx, `SELECT 1 FROM saved_searches WHERE id = ? AND org_id = ? AND deleted_at IS NULL`, a.ID, org)
	if err != nil {
		return err
	}
	if !ok {
		return domain.Errorf(domain.CodeNotFound, "saved search %s not found", a.ID)
	}
	return exec(c.Tx, `UPDATE saved_searches SET deleted_at = ?, updated_at = ? WHERE id = ?`, c.Now, c.Now, a.ID)
}
