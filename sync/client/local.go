// Package client is the desktop's sync engine: the outbox of local mutations, push,
// pull, rebase, pokes and backoff. The replica holds the server's state plus the
// optimistic effects of pending mutations; the undo log (desktop migration 0002)
// lets a rebase take those effects off, apply the server's changes and replay the
// mutations still pending on top.
package client

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/replica"
	"iescp/backend/search"
	"iescp/backend/store"
	"iescp/sync/protocol"
)

// Apply runs a mutation optimistically against the replica as accountID and, in
// the same transaction, appends its normalised arguments to the outbox. The
// arguments name their mutator (mutate.Args.Mutation). A rejected mutation
// changes nothing and queues nothing. It returns the mutation ID.
func Apply(ctx context.Context, db *store.Store, accountID string, args mutate.Args, now time.Time) (int64, error) {
	if args == nil {
		return 0, domain.Errorf(domain.CodeInvalidArgument, "no mutation")
	}
	if err := args.Validate(); err != nil {
		return 0, err
	}
	q, err := apply(ctx, db, accountID, args.Mutation(), args, now)
	return q.ID, err
}

// Queued names a local change in the outbox: ID is its mutation ID (which
// taking back an earlier change or the server's out_of_order answer may shift),
// ChangeID a handle that never changes, for the UI to take it back with
// (Engine.Unqueue).
type Queued struct {
	ID       int64  `json:"mutation_id"`
	ChangeID string `json:"change_id"`
}

// Queue is Apply returning the change's stable handle as well.
func Queue(ctx context.Context, db *store.Store, accountID string, args mutate.Args, now time.Time) (Queued, error) {
	if args == nil {
		return Queued{}, domain.Errorf(domain.CodeInvalidArgument, "no mutation")
	}
	if err := args.Validate(); err != nil {
		return Queued{}, err
	}
	return apply(ctx, db, accountID, args.Mutation(), args, now)
}

// ApplyJSON is Apply for arguments as JSON under a registered name: a mutation
// resubmitted from the outbox, or a test's raw input. They are decoded strictly.
func ApplyJSON(ctx context.Context, db *store.Store, accountID, name string, raw json.RawMessage, now time.Time) (int64, error) {
	decoded, err := mutate.Decode(name, raw)
	if err != nil {
		return 0, err
	}
	q, err := apply(ctx, db, accountID, name, decoded, now)
	return q.ID, err
}

func apply(ctx context.Context, db *store.Store, accountID, name string, decoded mutate.Args, now time.Time) (Queued, error) {
	norm, err := json.Marshal(decoded)
	if err != nil {
		return Queued{}, fmt.Errorf("encode %s: %w", name, err)
	}
	var id int64
	changeID := domain.NewID()
	err = db.Write(ctx, func(tx *sqlx.Tx) error {
		if err := setUndo(tx, true); err != nil {
			return err
		}
		if err := mutate.RunOnReplica(tx, accountID, name, decoded, now.UTC()); err != nil {
			return err
		}
		if err := setUndo(tx, false); err != nil {
			return err
		}
		if err := tx.Get(&id, `SELECT MAX(COALESCE((SELECT MAX(mutation_id) FROM outbox), 0),
			COALESCE((SELECT last_mutation_id FROM sync_state WHERE id = 1), 0)) + 1`); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO outbox (mutation_id, name, args_json, created_at, change_id) VALUES (?, ?, ?, ?, ?)`,
			id, name, string(norm), now.UTC(), changeID)
		return err
	})
	if err != nil {
		return Queued{}, err
	}
	return Queued{ID: id, ChangeID: changeID}, nil
}

func setUndo(tx *sqlx.Tx, on bool) error {
	_, err := tx.Exec(`UPDATE undo_ctl SET active = ? WHERE id = 1`, on)
	return err
}

// State is the replica's sync bookkeeping.
type State struct {
	ClientID       string `db:"client_id"`
	AccountID      string `db:"account_id"`
	Cursor         int64  `db:"cursor"`
	Epoch          string `db:"epoch"`
	SchemaVersion  int    `db:"schema_version"`
	LastMutationID int64  `db:"last_mutation_id"`
}

// EnsureState returns the replica's sync state, creating it (with a new client
// ID) for a fresh replica of accountID.
func EnsureState(ctx context.Context, db *store.Store, accountID string) (State, error) {
	var st State
	err := db.Write(ctx, func(tx *sqlx.Tx) error {
		err := tx.Get(&st, `SELECT client_id, account_id, cursor, epoch, schema_version, last_mutation_id FROM sync_state WHERE id = 1`)
		if errors.Is(err, sql.ErrNoRows) {
			st = State{ClientID: domain.NewID(), AccountID: accountID, SchemaVersion: store.LatestVersion(store.SetDomain)}
			_, err = tx.Exec(`INSERT INTO sync_state (id, client_id, account_id, schema_version) VALUES (1, ?, ?, ?)`,
				st.ClientID, accountID, st.SchemaVersion)
			return err
		}
		if err != nil {
			return err
		}
		// Opening the store migrated the replica to the newest domain schema: tell
		// the server that one (it refuses a client older than its own schema).
		if latest := store.LatestVersion(store.SetDomain); st.SchemaVersion != latest {
			st.SchemaVersion = latest
			_, err = tx.Exec(`UPDATE sync_state SET schema_version = ? WHERE id = 1`, latest)
		}
		return err
	})
	if err == nil && st.AccountID != accountID {
		return st, fmt.Errorf("client: replica belongs to account %s, not %s", st.AccountID, accountID)
	}
	return st, err
}

// OutboxEntry is one queued mutation.
type OutboxEntry struct {
	ID        int64     `db:"mutation_id" json:"id"`
	Name      string    `db:"name" json:"name"`
	Args      string    `db:"args_json" json:"args"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
	Status    string    `db:"status" json:"status"`
	Code      string    `db:"code" json:"code"`
	Message   string    `db:"message" json:"message"`
	// Attempted: push tried to send it, so it may be applied on the server
	// already (its answer lost) and can no longer be taken back.
	Attempted bool `db:"attempted" json:"attempted"`
	// ChangeID is the entry's stable handle ("" for entries older than it).
	ChangeID string `db:"change_id" json:"change_id"`
}

// Outbox lists the queued mutations: pending ones and rejected ones (sync issues).
func Outbox(ctx context.Context, db *store.Store) ([]OutboxEntry, error) {
	out := []OutboxEntry{}
	err := db.R.SelectContext(ctx, &out, `SELECT * FROM outbox ORDER BY mutation_id`)
	return out, err
}

// Discard removes a rejected mutation (a sync issue the user dismissed).
func Discard(ctx context.Context, db *store.Store, id int64) error {
	res, err := db.W.ExecContext(ctx, `DELETE FROM outbox WHERE mutation_id = ? AND status = 'rejected'`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Errorf(domain.CodeNotFound, "no rejected change %d", id)
	}
	return nil
}

// recordResults marks rejected mutations and drops applied ones from the outbox
// (their effects arrive with the next pull). It returns how many were rejected.
func recordResults(ctx context.Context, db *store.Store, results []protocol.MutationResult, last int64) (int, error) {
	rejected := 0
	err := db.Write(ctx, func(tx *sqlx.Tx) error {
		for _, r := range results {
			if r.Status == protocol.StatusRejected {
				rejected++
				if _, err := tx.Exec(`UPDATE outbox SET status = 'rejected', code = ?, message = ? WHERE mutation_id = ?`,
					r.Code, r.Message, r.ID); err != nil {
					return err
				}
			} else if _, err := tx.Exec(`DELETE FROM outbox WHERE mutation_id = ?`, r.ID); err != nil {
				return err
			}
		}
		_, err := tx.Exec(`UPDATE sync_state SET last_mutation_id = MAX(last_mutation_id, ?) WHERE id = 1`, last)
		return err
	})
	return rejected, err
}

// applyRound applies a whole pull round (every page up to has_more = false) in one
// transaction, with foreign keys checked at commit since a page may name a row a
// later page brings: the optimistic effects are undone, a reset wipes the replica,
// the server's changes go in, acknowledged mutations leave the outbox and the
// pending ones are replayed on the fresh state.
//
// install, when not nil, fills the wiped replica before the changes go in (a
// snapshot's rows, snapshot.go).
func applyRound(ctx context.Context, db *store.Store, accountID string, reset, bulk bool, pages []*protocol.PullResponse, now time.Time,
	install func(tx *sqlx.Tx) error) error {
	if len(pages) == 0 {
		return nil
	}
	// An incremental round first runs with its foreign keys checked statement by
	// statement: SQLite expires every prepared statement of the connection when a
	// flag pragma such as defer_foreign_keys is set, and the writer would then
	// compile its statements again after every pull. Checking sooner never changes
	// what a round that passes writes, so only a round that fails a foreign key runs
	// again, with the checks at commit. A full download or a reset defers at once.
	if !reset && !bulk && install == nil {
		err := applyRoundTx(ctx, db, accountID, false, false, false, pages, now, nil)
		if !store.IsForeignKeyViolation(err) {
			return err
		}
	}
	return applyRoundTx(ctx, db, accountID, true, reset, bulk, pages, now, install)
}

// applyRoundTx is applyRound's transaction; deferFKs puts off the foreign-key
// checks to its commit.
func applyRoundTx(ctx context.Context, db *store.Store, accountID string, deferFKs, reset, bulk bool, pages []*protocol.PullResponse,
	now time.Time, install func(tx *sqlx.Tx) error) error {
	last := pages[len(pages)-1]
	return db.Write(ctx, func(tx *sqlx.Tx) error {
		if deferFKs {
			if _, err := tx.Exec(`PRAGMA defer_foreign_keys = ON`); err != nil {
				return err
			}
		}
		if err := setUndo(tx, false); err != nil {
			return err
		}
		if err := undoAll(tx); err != nil {
			return err
		}
		if reset {
			if err := wipe(tx); err != nil {
				return err
			}
		}
		if bulk {
			// A full download: index the search tables once at the end.
			if err := search.Suspend(tx); err != nil {
				return err
			}
		}
		if install != nil {
			if err := install(tx); err != nil {
				return err
			}
		}
		puts, putPage, dels := latestChanges(pages)
		// Puts first (batched, parents first), then dels (children first), so a
		// del sees every row that still references what it removes.
		batch := newBatcher(tx)
		for _, c := range puts {
			if err := applyChange(tx, batch, c.Change); err != nil {
				return err
			}
		}
		if err := batch.flush(); err != nil {
			return err
		}
		// A del only cascades to local children the server has not sent since: a
		// child put on a later page (a newer snapshot) is kept. Should its parent
		// really be gone, the deferred foreign key fails the commit and the round
		// is downloaded again in full.
		for _, c := range dels {
			tb, ok := tables[c.Table]
			if !ok {
				return fmt.Errorf("client: server sent unknown table %q", c.Table)
			}
			keep := func(table, id string) bool {
				p, ok := putPage[rowKey{table, id}]
				return ok && p > c.page
			}
			if err := deleteRow(tx, tb, c.ID, keep); err != nil {
				return err
			}
		}
		if bulk {
			if err := search.Rebuild(tx); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`UPDATE sync_state SET cursor = ?, epoch = ?, last_mutation_id = MAX(last_mutation_id, ?),
			last_synced_at = ? WHERE id = 1`, last.Cursor, last.Epoch, last.LastMutationID, now.UTC()); err != nil {
			return err
		}
		// Applied mutations the server has acknowledged are in its state now.
		if _, err := tx.Exec(`DELETE FROM outbox WHERE status = 'pending' AND mutation_id <= ?`, last.LastMutationID); err != nil {
			return err
		}
		return replay(tx, accountID, now)
	})
}

// roundChange is a change and the page (the snapshot) it came on.
type roundChange struct {
	protocol.Change
	page int
}

type rowKey struct{ table, id string }

// latestChanges reduces a round to one change per row, the one of the latest
// page: each page is read in its own snapshot, so a row changed while the round
// was under way comes again on a later page, and that page is the truth (a draft
// sent as del on page 1 and published before page 3 comes as put on page 3). It
// returns the puts parents first, the page of each put, and the dels children
// first.
func latestChanges(pages []*protocol.PullResponse) (puts []roundChange, putPage map[rowKey]int, dels []roundChange) {
	latest := map[rowKey]int{}
	var all []roundChange
	for i, page := range pages {
		for _, ch := range page.Changes {
			k := rowKey{ch.Table, ch.ID}
			if j, ok := latest[k]; ok {
				all[j].Op = "" // superseded by this page
			}
			latest[k] = len(all)
			all = append(all, roundChange{Change: ch, page: i})
		}
	}
	putPage = map[rowKey]int{}
	for _, c := range all {
		switch c.Op {
		case "":
		case protocol.OpDel:
			dels = append(dels, c)
		default:
			puts = append(puts, c)
			putPage[rowKey{c.Table, c.ID}] = c.page
		}
	}
	slices.SortStableFunc(puts, func(a, b roundChange) int { return tableIndex[a.Table] - tableIndex[b.Table] })
	slices.SortStableFunc(dels, func(a, b roundChange) int { return tableIndex[b.Table] - tableIndex[a.Table] })
	return puts, putPage, dels
}

// undoAll restores the pre-images of every optimistic change, newest first.
func undoAll(tx *sqlx.Tx) error {
	var log []struct {
		Table string         `db:"tbl"`
		PK    string         `db:"pk"`
		Old   sql.NullString `db:"old"`
	}
	if err := tx.Select(&log, `SELECT tbl, pk, old FROM undo_log ORDER BY seq DESC`); err != nil {
		return err
	}
	for _, e := range log {
		tb, ok := tables[e.Table]
		if !ok {
			return fmt.Errorf("client: undo log names unknown table %q", e.Table)
		}
		if !e.Old.Valid {
			if _, err := tx.Exec(`DELETE FROM `+tb.Name+` WHERE `+tb.Key()+` = ?`, e.PK); err != nil {
				return fmt.Errorf("client: undo insert into %s: %w", tb.Name, err)
			}
			continue
		}
		row, err := decodeRow([]byte(e.Old.String))
		if err != nil {
			return err
		}
		if err := upsert(tx, nil, tb, row, false); err != nil {
			return fmt.Errorf("client: undo %s: %w", tb.Name, err)
		}
	}
	_, err := tx.Exec(`DELETE FROM undo_log`)
	return err
}

// replay runs the pending outbox again on top of the server's state, recording
// fresh undo images. A mutation that now fails locally leaves no effect and stays
// pending: the server has the last word on it.
func replay(tx *sqlx.Tx, accountID string, now time.Time) error {
	var pending []OutboxEntry
	if err := tx.Select(&pending, `SELECT * FROM outbox WHERE status = 'pending' ORDER BY mutation_id`); err != nil {
		return err
	}
	if len(pending) == 0 {
		return nil
	}
	if err := setUndo(tx, true); err != nil {
		return err
	}
	for _, m := range pending {
		if _, err := tx.Exec(`SAVEPOINT replay`); err != nil {
			return err
		}
		err := mutate.ApplyOnReplica(tx, accountID, m.Name, json.RawMessage(m.Args), m.CreatedAt)
		if err != nil {
			if !domain.IsBusiness(err) {
				return err
			}
			if _, err := tx.Exec(`ROLLBACK TO replay`); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`RELEASE replay`); err != nil {
			return err
		}
	}
	return setUndo(tx, false)
}

// wipe empties the replica (never the outbox) for a reset.
func wipe(tx *sqlx.Tx) error {
	for i := len(replica.Tables) - 1; i >= 0; i-- {
		if _, err := tx.Exec(`DELETE FROM ` + replica.Tables[i].Name); err != nil {
			return err
		}
	}
	return nil
}

var tableIndex = func() map[string]int {
	m := map[string]int{}
	for i, t := range replica.Tables {
		m[t.Name] = i
	}
	return m
}()

var tables = func() map[string]replica.Table {
	m := map[string]replica.Table{}
	for _, t := range replica.Tables {
		m[t.Name] = t
	}
	return m
}()

// applyChange applies one put or del from the server.
func applyChange(tx *sqlx.Tx, batch *batcher, ch protocol.Change) error {
	tb, ok := tables[ch.Table]
	if !ok {
		return fmt.Errorf("client: server sent unknown table %q", ch.Table)
	}
	switch ch.Op {
	case protocol.OpDel:
		return deleteRow(tx, tb, ch.ID, nil)
	case protocol.OpPut:
		row, err := decodeRow(ch.Row)
		if err != nil {
			return fmt.Errorf("client: row of %s %s: %w", ch.Table, ch.ID, err)
		}
		return upsert(tx, batch, tb, row, true)
	default:
		return fmt.Errorf("client: unknown op %q", ch.Op)
	}
}

// deleteRow removes a row the user may no longer see, with the local rows that
// hang off it (a campaign's requests; a request's offers, deliverables, tracking
// link and messages; a deliverable's metrics) unless keep says the server sent them later than
// this del. An account still named by other rows is kept, masked, since those rows
// need its name.
func deleteRow(tx *sqlx.Tx, tb replica.Table, id string, keep func(table, id string) bool) error {
	// The tables whose rows hang off this one, and the column naming it.
	var kids []struct{ table, column string }
	switch tb.Name {
	case "campaigns":
		kids = append(kids, struct{ table, column string }{"ad_requests", "campaign_id"})
	case "ad_requests":
		kids = append(kids, struct{ table, column string }{"offers", "ad_request_id"},
			struct{ table, column string }{"deliverables", "ad_request_id"},
			struct{ table, column string }{"tracking_links", "ad_request_id"},
			struct{ table, column string }{"deal_messages", "ad_request_id"})
	case "deliverables":
		kids = append(kids, struct{ table, column string }{"deliverable_metrics", "deliverable_id"})
	case "accounts":
		var used int
		if err := tx.Get(&used, `SELECT EXISTS (SELECT 1 FROM campaigns WHERE sponsor_id = ?1)
			OR EXISTS (SELECT 1 FROM ad_requests WHERE influencer_id = ?1) OR EXISTS (SELECT 1 FROM offers WHERE author_id = ?1)
			OR EXISTS (SELECT 1 FROM deal_messages WHERE author_id = ?1)
			OR EXISTS (SELECT 1 FROM sponsor_profiles WHERE account_id = ?1)
			OR EXISTS (SELECT 1 FROM influencer_profiles WHERE account_id = ?1)
			OR EXISTS (SELECT 1 FROM notifications WHERE account_id = ?1)`, id); err != nil {
			return err
		}
		if used == 1 {
			_, err := tx.Exec(`UPDATE accounts SET email = '', flag_reason = '' WHERE id = ?`, id)
			return err
		}
	}
	for _, k := range kids {
		child := tables[k.table]
		var children []string
		if err := tx.Select(&children, `SELECT `+child.Key()+` FROM `+k.table+` WHERE `+k.column+` = ?`, id); err != nil {
			return err
		}
		for _, c := range children {
			if keep != nil && keep(child.Name, c) {
				continue
			}
			if err := deleteRow(tx, child, c, keep); err != nil {
				return err
			}
		}
	}
	_, err := tx.Exec(`DELETE FROM `+tb.Name+` WHERE `+tb.Key()+` = ?`, id)
	return err
}

// timeLayouts are the forms an instant takes on the wire: RFC 3339 from JSON, or
// SQLite's text when the server computed the column (a masked one).
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04:05"}

func parseTime(s string) (time.Time, error) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a time: %q", s)
}

func decodeRow(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var row map[string]any
	if err := dec.Decode(&row); err != nil {
		return nil, err
	}
	if row == nil {
		return nil, errors.New("empty row")
	}
	return row, nil
}

// upsert writes a row given as column → value. Server rows carry instants as
// RFC 3339 strings, turned back into times so every instant is stored alike.
func upsert(tx *sqlx.Tx, batch *batcher, tb replica.Table, row map[string]any, fromServer bool) error {
	cols, vals, err := rowValues(tb, row, fromServer)
	if err != nil {
		return err
	}
	if batch != nil {
		return batch.add(tb, cols, vals)
	}
	_, err = tx.Exec(upsertSQL(tb, cols, 1), vals...)
	return err
}

// rowValues orders a row's values by the table's columns, checking it names no
// other column and has its key.
func rowValues(tb replica.Table, row map[string]any, fromServer bool) ([]string, []any, error) {
	cols := make([]string, 0, len(tb.Columns))
	vals := make([]any, 0, len(tb.Columns))
	for _, c := range tb.Columns {
		v, ok := row[c]
		if !ok {
			continue
		}
		if s, isStr := v.(string); isStr && fromServer && strings.HasSuffix(c, "_at") {
			t, err := parseTime(s)
			if err != nil {
				return nil, nil, fmt.Errorf("column %s: %w", c, err)
			}
			v = t
		}
		if n, isNum := v.(json.Number); isNum {
			// Whole numbers (counts, money in cents) stay exact; analytics rates
			// (influencer_stats' REAL columns) are the only fractions.
			if i, err := n.Int64(); err == nil {
				v = i
			} else if f, ferr := n.Float64(); ferr == nil {
				v = f
			} else {
				return nil, nil, fmt.Errorf("column %s: %w", c, err)
			}
		}
		cols = append(cols, c)
		vals = append(vals, v)
	}
	if len(cols) < len(row) {
		for c := range row {
			if !slices.Contains(tb.Columns, c) && c != "reach_total" {
				return nil, nil, fmt.Errorf("unknown column %s.%s", tb.Name, c)
			}
		}
	}
	if len(cols) == 0 || cols[0] != tb.Key() {
		return nil, nil, fmt.Errorf("row of %s without its key", tb.Name)
	}
	return cols, vals, nil
}

func upsertSQL(tb replica.Table, cols []string, rows int) string {
	sets := make([]string, 0, len(cols))
	for _, c := range cols[1:] {
		sets = append(sets, c+" = excluded."+c)
	}
	sort.Strings(sets)
	one := "(?" + strings.Repeat(", ?", len(cols)-1) + ")"
	return `INSERT INTO ` + tb.Name + ` (` + strings.Join(cols, ", ") + `) VALUES ` + one + strings.Repeat(", "+one, rows-1) +
		` ON CONFLICT (` + tb.Key() + `) DO UPDATE SET ` + strings.Join(sets, ", ")
}

// batcher gathers the upserts of a pull round into multi-row statements. The
// driver compiles every statement it runs (with the table's triggers), so one
// statement per row would spend most of a first download in the SQL compiler.
type batcher struct {
	tx      *sqlx.Tx
	pending map[string]*pendingRows
	order   []string
}

type pendingRows struct {
	tb   replica.Table
	cols []string
	vals []any
	rows int
}

// batchVars bounds the bound parameters of one statement.
const batchVars = 900

func newBatcher(tx *sqlx.Tx) *batcher { return &batcher{tx: tx, pending: map[string]*pendingRows{}} }

func (b *batcher) add(tb replica.Table, cols []string, vals []any) error {
	key := tb.Name + ":" + strings.Join(cols, ",")
	p := b.pending[key]
	if p == nil {
		p = &pendingRows{tb: tb, cols: cols}
		b.pending[key] = p
		b.order = append(b.order, key)
	}
	p.vals = append(p.vals, vals...)
	p.rows++
	if len(p.vals)+len(cols) > batchVars {
		return b.flushOne(p)
	}
	return nil
}

func (b *batcher) flushOne(p *pendingRows) error {
	if p.rows == 0 {
		return nil
	}
	if _, err := b.tx.Exec(upsertSQL(p.tb, p.cols, p.rows), p.vals...); err != nil {
		return fmt.Errorf("client: upsert %s: %w", p.tb.Name, err)
	}
	p.vals, p.rows = p.vals[:0], 0
	return nil
}

// flush writes everything gathered, parents first.
func (b *batcher) flush() error {
	for _, tb := range replica.Tables {
		for _, key := range b.order {
			if p := b.pending[key]; p.tb.Name == tb.Name {
				if err := b.flushOne(p); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
