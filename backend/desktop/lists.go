package desktop

import (
	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/queries"

	"github.com/jmoiron/sqlx"
)

// ListsService is bound to the UI: the organisation's shortlists (named lists of
// creators with the team's notes) and saved searches, with each saved search's
// matches new since this desktop's member last opened it (docs/desktop.md,
// "Lists"). Every change is a typed mutation (optimistic, queued, pushed soon).
type ListsService struct{ s *Services }

// NewListsService makes the lists service over the desktop services.
func NewListsService(s *Services) *ListsService { return &ListsService{s: s} }

// Lists returns the organisation's lists; with influencerID ("" for none), each
// says whether that creator is on it (the "Add to list" menu's ticks).
func (ls *ListsService) Lists(influencerID string) (queries.ShortlistsPage, error) {
	ctx, sess, err := ls.s.begin()
	if err != nil {
		return queries.ShortlistsPage{}, toUI(err)
	}
	p, err := queries.Shortlists(ctx, sess.db.R, viewer(sess), influencerID)
	return p, toUI(err)
}

// List returns one list with its entries.
func (ls *ListsService) List(id string) (queries.ShortlistDetail, error) {
	ctx, sess, err := ls.s.begin()
	if err != nil {
		return queries.ShortlistDetail{}, toUI(err)
	}
	d, err := queries.ShortlistEntries(ctx, sess.db.R, viewer(sess), id)
	return d, toUI(err)
}

// Create makes a list (ID is made here); it returns the new list's id.
func (ls *ListsService) Create(a mutate.ShortlistCreate) (string, error) {
	a.ID = domain.NewID()
	return made(a.ID, ls.s.act(&a))
}

// Rename renames a list.
func (ls *ListsService) Rename(a mutate.ShortlistRename) error { return ls.s.act(&a) }

// Delete deletes a list with its entries.
func (ls *ListsService) Delete(a mutate.ShortlistDelete) error { return ls.s.act(&a) }

// Add puts up to 200 creators on a list (adding one twice is one entry).
func (ls *ListsService) Add(a mutate.ShortlistAdd) error { return ls.s.act(&a) }

// Note sets an entry's note.
func (ls *ListsService) Note(a mutate.ShortlistNote) error { return ls.s.act(&a) }

// Remove takes entries off their lists.
func (ls *ListsService) Remove(a mutate.ShortlistRemove) error { return ls.s.act(&a) }

// SavedSearches returns the organisation's saved searches with their new matches.
func (ls *ListsService) SavedSearches() (queries.SavedSearchesPage, error) {
	ctx, sess, err := ls.s.begin()
	if err != nil {
		return queries.SavedSearchesPage{}, toUI(err)
	}
	p, err := queries.SavedSearches(ctx, sess.db.R, viewer(sess))
	return p, toUI(err)
}

// SaveSearch saves a search (a new one when a.ID is "", else overwrites it) and
// counts what it matches now as seen; it returns the saved search's id.
func (ls *ListsService) SaveSearch(a mutate.SavedSearchSave) (string, error) {
	if a.ID == "" {
		a.ID = domain.NewID()
	}
	if err := ls.s.act(&a); err != nil {
		return "", err
	}
	_, err := ls.OpenSearch(a.ID)
	return a.ID, err
}

// DeleteSearch deletes a saved search.
func (ls *ListsService) DeleteSearch(a mutate.SavedSearchDelete) error { return ls.s.act(&a) }

// OpenSearch returns a saved search (its query for the search screen) and counts
// what it matches now as seen: its badge starts again from zero.
func (ls *ListsService) OpenSearch(id string) (queries.SavedSearch, error) {
	ctx, sess, err := ls.s.begin()
	if err != nil {
		return queries.SavedSearch{}, toUI(err)
	}
	var out queries.SavedSearch
	err = sess.db.Write(ctx, func(tx *sqlx.Tx) error {
		out, err = queries.OpenSavedSearch(ctx, tx, viewer(sess), id, ls.s.cfg.Now())
		return err
	})
	return out, toUI(err)
}
