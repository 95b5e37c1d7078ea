package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/replica"
	"iescp/sync/protocol"
)

func (s *Server) handlePull(w http.ResponseWriter, r *http.Request, user string) {
	start := time.Now()
	var req protocol.PullRequest
	if err := s.decodeSync(w, r, &req, 64<<10); err != nil {
		s.writeErr(w, r, err)
		return
	}
	if req.Cursor < 0 || req.Limit < 0 {
		s.writeErr(w, r, domain.Errorf(domain.CodeInvalidArgument, "cursor and limit must not be negative"))
		return
	}
	if req.Limit == 0 {
		req.Limit = protocol.DefaultPullLimit
	}
	req.Limit = min(req.Limit, protocol.MaxPullLimit)
	resp, err := s.pull(r.Context(), user, &req)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	s.metrics.observePull(len(resp.Changes), time.Since(start))
	writeJSON(w, http.StatusOK, resp)
}

// changedVersions counts changed rows per version and table (its index in
// replica.Tables) above a cursor (?1); a private table's rows count only when they
// are the viewer's (?2; the owner's index on (owner, version), server migration
// 0017), since nobody else's desktop receives them.
var changedVersions = func() string {
	var parts []string
	for i, tb := range replica.Tables {
		part := "SELECT version, " + strconv.Itoa(i) + " AS tbl FROM " + tb.Name + " WHERE version > ?1"
		if o := tb.Owner(); o != "" {
			part += " AND " + o + " = ?2"
		}
		parts = append(parts, part)
	}
	return "SELECT version, tbl, COUNT(*) AS n FROM (" + strings.Join(parts, " UNION ALL ") +
		") AS changed GROUP BY version, tbl ORDER BY version"
}()

// pull reads, in one read transaction (a consistent snapshot), a page of the rows
// changed since the cursor: put for those the user may see now, del for those the
// user could have held but may not see now (replica.Table.MayHoldWhere).
// Pages end on a version boundary, so a version is never half-sent.
func (s *Server) pull(ctx context.Context, user string, req *protocol.PullRequest) (*protocol.PullResponse, error) {
	// One snapshot for the whole page: SQLite's read transaction is one; on
	// PostgreSQL that takes REPEATABLE READ (READ COMMITTED would let a commit land
	// between the page bound and the rows, and its rows be skipped).
	opts := &sql.TxOptions{ReadOnly: true}
	if s.db.IsPostgres() {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.db.R.BeginTxx(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var meta struct {
		Version int64  `db:"version"`
		Epoch   string `db:"epoch"`
	}
	if err := tx.GetContext(ctx, &meta, `SELECT version, epoch FROM sync_meta WHERE id = 1`); err != nil {
		return nil, err
	}
	resp := &protocol.PullResponse{Epoch: meta.Epoch, Changes: []protocol.Change{}}
	var client struct {
		Account string `db:"account_id"`
		Last    int64  `db:"last_mutation_id"`
	}
	err = tx.GetContext(ctx, &client, `SELECT account_id, last_mutation_id FROM sync_clients WHERE client_id = ?`, req.ClientID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, err
	case client.Account != user:
		return nil, domain.Errorf(domain.CodeForbidden, "this client belongs to another account")
	}
	resp.LastMutationID = client.Last

	var acc domain.Account
	if err := tx.GetContext(ctx, &acc, `SELECT * FROM accounts WHERE id = ?`, user); err != nil {
		return nil, err
	}
	// Joining or leaving an organisation changes which of its rows this account may
	// see, thousands at once and none of them changed (docs/teams.md): the account's
	// epoch carries the version of its latest membership change, so a desktop that
	// downloaded under another membership starts over, once, and a first download
	// never does. A founder's own row never moves them.
	if acc.Role == domain.RoleSponsor {
		var scope sql.NullInt64
		if err := tx.GetContext(ctx, &scope, `SELECT MAX(version) FROM org_members WHERE account_id = ? AND id <> org_id
			AND status IN ('active', 'removed')`, user); err != nil {
			return nil, err
		}
		if scope.Valid {
			resp.Epoch = fmt.Sprintf("%s/%d", meta.Epoch, scope.Int64)
		}
	}
	// A restored server (new epoch), another membership, or a cursor from the
	// future: start over.
	if (req.Epoch != "" && req.Epoch != resp.Epoch) || req.Cursor > meta.Version {
		resp.Reset = true
		return resp, nil
	}
	// A flagged or deactivated account sees nothing: its desktop is reset once and
	// then stays empty at cursor 0 until an admin lifts the flag.
	if acc.Flagged || !acc.Active {
		resp.Reset = req.Cursor > 0
		return resp, nil
	}
	viewer := replica.Viewer{ID: acc.ID, Role: acc.Role}

	// A correction pull (the desktop installed its class's snapshot taken at
	// SnapshotVersion): its first page also brings where this account's view of
	// the rows up to that version differs from the class's (snapshot.go).
	var class *replica.Viewer
	if req.SnapshotVersion > 0 {
		if req.Cursor < req.SnapshotVersion {
			return nil, domain.Errorf(domain.CodeInvalidArgument, "a correction pull starts at its snapshot's version")
		}
		if req.SnapshotEpoch != meta.Epoch {
			resp.Reset = true // a snapshot of another history: download row by row
			return resp, nil
		}
		c := replica.ClassViewer(acc.Role)
		class = &c
		if req.Cursor == req.SnapshotVersion {
			if err := correction(ctx, tx, viewer, c, req.SnapshotVersion, &resp.Changes); err != nil {
				return nil, err
			}
		}
	}

	upto, hasMore, changed, err := pageBound(ctx, tx, req.Cursor, req.Limit, viewer.ID)
	if err != nil {
		return nil, err
	}
	if upto == 0 { // nothing changed
		resp.Cursor = max(req.Cursor, meta.Version)
		return resp, nil
	}
	if req.Cursor == 0 && hasMore {
		// The first page of a first download says how many rows the whole
		// download brings (the desktop shows n of total and the time left). Same
		// snapshot, so the pages add up to it. One page needs no total.
		if resp.Total, err = visibleRows(ctx, tx, viewer); err != nil {
			return nil, err
		}
	}
	for i, tb := range replica.Tables {
		if !changed[i] {
			// No row of the table changed in the page that this viewer could be
			// sent or have held (changedVersions): nothing to put or delete. A
			// lone edit reads its one table instead of two queries per table.
			continue
		}
		q, args := tb.SelectWhere(viewer, "", "t.version > ? AND t.version <= ?", req.Cursor, upto)
		visible := map[string]bool{}
		if err := putRows(ctx, tx, tb, q, args, visible, &resp.Changes); err != nil {
			return nil, err
		}
		if req.Cursor == 0 {
			continue // a fresh replica has nothing to delete
		}
		// A del names only a row this user could have held: never one of another
		// account's private campaigns, requests, offers or notifications. A
		// replica made from the class's snapshot may also hold what the class
		// could have held (a row of the role's view).
		held := []replica.Viewer{viewer}
		if class != nil {
			held = append(held, *class)
		}
		for _, who := range held {
			dq, dargs := tb.MayHoldWhere(who, "", "t.version > ? AND t.version <= ?", req.Cursor, upto)
			var changed []string
			if err := tx.SelectContext(ctx, &changed, dq, dargs...); err != nil {
				return nil, fmt.Errorf("pull %s: %w", tb.Name, err)
			}
			for _, id := range changed {
				if !visible[id] {
					visible[id] = true // named once
					resp.Changes = append(resp.Changes, protocol.Change{Op: protocol.OpDel, Table: tb.Name, ID: id})
				}
			}
		}
	}
	resp.HasMore = hasMore
	resp.Cursor = upto
	if !hasMore {
		resp.Cursor = max(upto, meta.Version)
	}
	return resp, nil
}

// putRows appends a put for every row query q lists (a replica.Table select),
// as the wire carries it, and marks its key in visible.
func putRows(ctx context.Context, tx *sqlx.Tx, tb replica.Table, q string, args []any, visible map[string]bool, out *[]protocol.Change) error {
	rows, err := tx.QueryxContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("pull %s: %w", tb.Name, err)
	}
	defer rows.Close()
	for rows.Next() {
		row := map[string]any{}
		if err := rows.MapScan(row); err != nil {
			return err
		}
		for k, v := range row {
			row[k] = replica.WireValue(v)
		}
		id := fmt.Sprint(row[tb.Key()])
		raw, err := json.Marshal(row)
		if err != nil {
			return err
		}
		visible[id] = true
		*out = append(*out, protocol.Change{Op: protocol.OpPut, Table: tb.Name, ID: id, Row: raw})
	}
	return rows.Close()
}

// correction appends what turns a replica of class's view at version v (its
// snapshot) into viewer's view of the same rows now: a put for every row up to v
// that viewer sees otherwise than the class (one the class does not see, or
// reads masked differently), and a del for every row up to v that the class sees
// and viewer does not. Rows changed after v come with the pages, as in any pull.
func correction(ctx context.Context, tx *sqlx.Tx, viewer, class replica.Viewer, v int64, out *[]protocol.Change) error {
	for _, tb := range replica.Tables {
		q, args := tb.SelectOtherwise(viewer, class, "", "+t.version > 0 AND +t.version <= ?", v)
		if err := putRows(ctx, tx, tb, q, args, map[string]bool{}, out); err != nil {
			return err
		}
		dq, dargs := tb.OnlyBaseWhere(viewer, class, "", "+t.version > 0 AND +t.version <= ?", v)
		var gone []string
		if err := tx.SelectContext(ctx, &gone, dq, dargs...); err != nil {
			return fmt.Errorf("pull %s: %w", tb.Name, err)
		}
		for _, id := range gone {
			*out = append(*out, protocol.Change{Op: protocol.OpDel, Table: tb.Name, ID: id})
		}
	}
	return nil
}

// visibleRows counts the rows a first download sends the viewer: every table's
// rows under the same visibility rule as the pages (replica.Table.SelectWhere).
func visibleRows(ctx context.Context, tx *sqlx.Tx, viewer replica.Viewer) (int64, error) {
	var total int64
	for _, tb := range replica.Tables {
		q, args := tb.SelectWhere(viewer, "", "t.version > 0")
		var n int64
		if err := tx.GetContext(ctx, &n, "SELECT COUNT(*) FROM ("+q+") AS visible", args...); err != nil {
			return 0, fmt.Errorf("pull: count %s: %w", tb.Name, err)
		}
		total += n
	}
	return total, nil
}

// pageBound picks the highest version to include so that the page holds about
// limit changed rows (never splitting a version). It returns 0 when nothing
// changed since cursor.
func pageBound(ctx context.Context, tx *sqlx.Tx, cursor int64, limit int, viewer string) (upto int64, hasMore bool, changed []bool, err error) {
	rows, err := tx.QueryxContext(ctx, changedVersions, cursor, viewer)
	if err != nil {
		return 0, false, nil, err
	}
	defer rows.Close()
	changed = make([]bool, len(replica.Tables))
	total := 0
	// The version being read (rows come by version, a row per table it touched),
	// its rows and its tables.
	var v int64
	var n int
	var tbls []int
	// take adds version v to the page, unless it would pass the limit (a page
	// always takes its first version, however big).
	take := func() bool {
		if upto != 0 && total+n > limit {
			return false
		}
		upto, total = v, total+n
		for _, t := range tbls {
			changed[t] = true
		}
		return true
	}
	for rows.Next() {
		var rv int64
		var t, rn int
		if err := rows.Scan(&rv, &t, &rn); err != nil {
			return 0, false, nil, err
		}
		if rv != v && v != 0 {
			if !take() {
				return upto, true, changed, rows.Err()
			}
			n, tbls = 0, tbls[:0]
		}
		v, n, tbls = rv, n+rn, append(tbls, t)
	}
	if err := rows.Err(); err != nil {
		return 0, false, nil, err
	}
	if v != 0 && !take() {
		return upto, true, changed, nil
	}
	return upto, false, changed, nil
}
