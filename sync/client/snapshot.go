package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/replica"
	"iescp/backend/search"
	"iescp/backend/store"
	"iescp/sync/protocol"
)

// A first download from a snapshot (docs/sync.md, "First download from a
// snapshot"): the server keeps, per visibility class (a role's view of an account
// that owns nothing), a desktop replica file. A fresh desktop downloads it,
// verifies it, copies its rows in, then pulls from the snapshot's version only
// what its own account sees otherwise (a correction pull). The server builds those
// files with FillReplica and PatchReplica below: the apply code of every pull, so
// a snapshot holds what a pull would have written.

// FillReplica writes into an empty replica the rows each yields (table, and the
// row as a pull's put carries it), parents before children, in one transaction,
// and indexes search once at the end. It returns how many rows it wrote.
func FillReplica(ctx context.Context, db *store.Store, each func(put func(table string, row json.RawMessage) error) error) (int64, error) {
	var n int64
	err := db.Write(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.Exec(`PRAGMA defer_foreign_keys = ON`); err != nil {
			return err
		}
		if err := search.Suspend(tx); err != nil {
			return err
		}
		batch := newBatcher(tx)
		err := each(func(table string, row json.RawMessage) error {
			n++
			return applyChange(tx, batch, protocol.Change{Op: protocol.OpPut, Table: table, Row: row})
		})
		if err != nil {
			return err
		}
		if err := batch.flush(); err != nil {
			return err
		}
		return search.Rebuild(tx)
	})
	return n, err
}

// PatchReplica brings a replica filled by FillReplica forward by the changes of a
// later version range: puts are written as a pull writes them, dels remove the
// row alone (never a child: a row that leaves the view takes along only children
// that changed too, and a child left behind fails the commit's foreign-key check,
// so the caller builds afresh instead).
func PatchReplica(ctx context.Context, db *store.Store, changes []protocol.Change) error {
	return db.Write(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.Exec(`PRAGMA defer_foreign_keys = ON`); err != nil {
			return err
		}
		puts, _, dels := latestChanges([]*protocol.PullResponse{{Changes: changes}})
		batch := newBatcher(tx)
		for _, c := range puts {
			if err := applyChange(tx, batch, c.Change); err != nil {
				return err
			}
		}
		if err := batch.flush(); err != nil {
			return err
		}
		for _, c := range dels {
			tb, ok := tables[c.Table]
			if !ok {
				return fmt.Errorf("client: unknown table %q", c.Table)
			}
			if _, err := tx.Exec(`DELETE FROM `+tb.Name+` WHERE `+tb.Key()+` = ?`, c.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// snapshotFile is a downloaded and verified snapshot.
type snapshotFile struct {
	path    string
	version int64
	epoch   string
	rows    int64
}

// errNoSnapshot: the server offers this account none (an older server, snapshots
// off, a flagged account); the engine does not ask again.
var errNoSnapshot = errors.New("client: the server offers no snapshot")

// downloadSnapshot fetches the account's class snapshot into a temporary file in
// dir, reporting bytes as they come, and verifies it (verifySnapshot).
func (e *Engine) downloadSnapshot(ctx context.Context, dir string, progress func(done, total int64, rows int64)) (*snapshotFile, error) {
	start := time.Now()
	var resp *http.Response
	for attempt := 0; ; attempt++ {
		tok, err := e.cfg.Tokens.AccessToken(ctx)
		if err != nil {
			return nil, tokenError(err)
		}
		r, err := e.http.R().SetContext(ctx).SetAuthToken(tok).SetDoNotParseResponse(true).Get("/sync/v1/snapshot")
		if err != nil {
			return nil, fmt.Errorf("server unreachable: %w", err)
		}
		resp = r.RawResponse
		if resp.StatusCode == http.StatusUnauthorized && attempt == 0 {
			closeBody(resp)
			if _, err := e.cfg.Tokens.Refresh(ctx); err != nil {
				return nil, tokenError(err)
			}
			continue
		}
		break
	}
	defer closeBody(resp)
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound, http.StatusForbidden, http.StatusMethodNotAllowed:
		return nil, errNoSnapshot
	default:
		return nil, fmt.Errorf("snapshot: status %d", resp.StatusCode)
	}
	h := resp.Header
	snap := &snapshotFile{epoch: h.Get(protocol.HeaderSnapshotEpoch)}
	var err error
	if snap.version, err = strconv.ParseInt(h.Get(protocol.HeaderSnapshotVersion), 10, 64); err != nil || snap.version <= 0 {
		return nil, fmt.Errorf("snapshot: bad %s %q", protocol.HeaderSnapshotVersion, h.Get(protocol.HeaderSnapshotVersion))
	}
	if snap.rows, err = strconv.ParseInt(h.Get(protocol.HeaderSnapshotRows), 10, 64); err != nil || snap.rows < 0 {
		return nil, fmt.Errorf("snapshot: bad %s %q", protocol.HeaderSnapshotRows, h.Get(protocol.HeaderSnapshotRows))
	}
	if schema, err := strconv.Atoi(h.Get(protocol.HeaderSnapshotSchema)); err != nil || schema != store.LatestVersion(store.SetDomain) {
		return nil, fmt.Errorf("snapshot: built for schema %q, this desktop has %d", h.Get(protocol.HeaderSnapshotSchema), store.LatestVersion(store.SetDomain))
	}
	if e.cfg.OnPullTotal != nil && snap.rows > 0 {
		e.cfg.OnPullTotal(int(snap.rows))
	}
	want := h.Get(protocol.HeaderSnapshotSHA256)
	if len(want) != sha256.Size*2 || snap.epoch == "" || resp.ContentLength <= 0 {
		return nil, errors.New("snapshot: the answer lacks its checksum, epoch or size")
	}
	f, err := os.CreateTemp(dir, ".snapshot-*.db")
	if err != nil {
		return nil, err
	}
	snap.path = f.Name()
	ok := false
	defer func() {
		if !ok {
			removeSnapshot(snap)
		}
	}()
	sum := sha256.New()
	var done int64
	buf := make([]byte, 1<<20)
	for {
		n, rerr := resp.Body.Read(buf)
		if n > 0 {
			if _, err := f.Write(buf[:n]); err != nil {
				_ = f.Close()
				return nil, err
			}
			sum.Write(buf[:n])
			done += int64(n)
			if done > resp.ContentLength {
				_ = f.Close()
				return nil, errors.New("snapshot: longer than announced")
			}
			if progress != nil {
				progress(done, resp.ContentLength, snap.rows)
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			_ = f.Close()
			return nil, fmt.Errorf("snapshot: download: %w", rerr)
		}
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	if done != resp.ContentLength {
		return nil, fmt.Errorf("snapshot: %d of %d bytes", done, resp.ContentLength)
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != want {
		return nil, fmt.Errorf("snapshot: checksum %s, announced %s", got, want)
	}
	e.step("download", start)
	start = time.Now()
	if err := verifySnapshot(ctx, snap.path, e.cfg.CheckSnapshot); err != nil {
		return nil, err
	}
	e.step("verify", start)
	ok = true
	return snap, nil
}

// verifySnapshot checks a downloaded file (whose SHA-256 matched) is an SQLite
// database built with this desktop's schema, holding no one's sync state or
// outbox. Its pages were checked whole by the server (PRAGMA integrity_check)
// before it took the checksum the download matched, so the bytes here are a
// checked file; checking them again would cost seconds of a first download
// (docs/benchmarks.md). With paranoid (Config.CheckSnapshot) the desktop runs PRAGMA
// integrity_check itself as well.
func verifySnapshot(ctx context.Context, path string, paranoid bool) error {
	db, err := sqlx.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }() // read only, and removed after use
	if paranoid {
		var check []string
		if err := db.SelectContext(ctx, &check, `PRAGMA integrity_check`); err != nil {
			return fmt.Errorf("snapshot: integrity check: %w", err)
		}
		if len(check) != 1 || check[0] != "ok" {
			return fmt.Errorf("snapshot: integrity check: %v", check)
		}
	}
	for _, set := range []string{store.SetDomain, store.SetDesktop} {
		var v int
		if err := db.GetContext(ctx, &v, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE set_name = ?`, set); err != nil {
			return fmt.Errorf("snapshot: schema: %w", err)
		}
		if v != store.LatestVersion(set) {
			return fmt.Errorf("snapshot: %s schema %d, this desktop has %d", set, v, store.LatestVersion(set))
		}
	}
	var private int
	if err := db.GetContext(ctx, &private, `SELECT (SELECT COUNT(*) FROM sync_state) + (SELECT COUNT(*) FROM outbox) + (SELECT COUNT(*) FROM undo_log)`); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	if private != 0 {
		return errors.New("snapshot: holds a desktop's sync state or outbox")
	}
	return nil
}

// downloadProgress reports a snapshot's download as rows: its rows × the share
// of its bytes received (OnProgress, after OnPullTotal with its rows).
func (e *Engine) downloadProgress(done, total, rows int64) {
	if done > 0 && total > 0 && e.cfg.OnProgress != nil {
		e.cfg.OnProgress(int(rows * done / total))
	}
}

// step reports a step of a first download from a snapshot (Config.OnSnapshotStep).
func (e *Engine) step(name string, start time.Time) {
	if e.cfg.OnSnapshotStep != nil {
		e.cfg.OnSnapshotStep(name, time.Since(start))
	}
}

func removeSnapshot(s *snapshotFile) {
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		_ = os.Remove(s.path + suffix)
	}
}

// installSnapshot copies every domain table of the attached snapshot (schema
// "snap") into the emptied replica, inside applyRound's transaction.
func installSnapshot(tx *sqlx.Tx) error {
	for _, tb := range replica.Tables {
		cols := ""
		for i, c := range tb.Columns {
			if i > 0 {
				cols += ", "
			}
			cols += c
		}
		if _, err := tx.Exec(`INSERT INTO main.` + tb.Name + ` (` + cols + `) SELECT ` + cols + ` FROM snap.` + tb.Name); err != nil {
			return fmt.Errorf("snapshot: install %s: %w", tb.Name, err)
		}
	}
	return nil
}

// pullFromSnapshot makes a fresh replica's first download: the class snapshot,
// then a correction pull from its version. It reports false (and the caller pulls
// row by row, as without snapshots) when the server offers none or anything
// fails short of the context ending.
func (e *Engine) pullFromSnapshot(ctx context.Context) (bool, error) {
	if e.noSnapshot.Load() || e.cfg.DB.Path == "" {
		return false, nil
	}
	snap, err := e.downloadSnapshot(ctx, filepath.Dir(e.cfg.DB.Path), e.downloadProgress)
	if errors.Is(err, errNoSnapshot) {
		e.noSnapshot.Store(true)
		return false, nil
	}
	if err != nil {
		e.snapshotErr.Store(&err)
		return false, ctx.Err()
	}
	defer removeSnapshot(snap)
	start := time.Now()
	var pages []*protocol.PullResponse
	rows := 0
	cursor := snap.version
	for {
		req := protocol.PullRequest{ClientID: e.state.ClientID, ProtocolVersion: protocol.ProtocolVersion,
			SchemaVersion: e.state.SchemaVersion, Cursor: cursor, Limit: e.cfg.PageSize,
			SnapshotVersion: snap.version, SnapshotEpoch: snap.epoch}
		var page protocol.PullResponse
		if err := e.do(ctx, "/sync/v1/pull", req, &page); err != nil {
			e.snapshotErr.Store(&err)
			return false, ctx.Err()
		}
		if page.Reset {
			err := errors.New("snapshot: the server restarted its history since")
			e.snapshotErr.Store(&err)
			return false, nil
		}
		pages = append(pages, &page)
		rows += len(page.Changes)
		cursor = page.Cursor
		if !page.HasMore {
			break
		}
	}
	e.step("correction", start)
	start = time.Now()
	var copied time.Duration
	install := func(tx *sqlx.Tx) error {
		t0 := time.Now()
		err := installSnapshot(tx)
		copied = time.Since(t0)
		return err
	}
	if _, err := e.cfg.DB.W.ExecContext(ctx, `ATTACH DATABASE ? AS snap`, snap.path); err != nil {
		e.snapshotErr.Store(&err)
		return false, ctx.Err()
	}
	err = applyRound(ctx, e.cfg.DB, e.cfg.AccountID, true, true, pages, e.cfg.Now(), install)
	if _, derr := e.cfg.DB.W.ExecContext(context.WithoutCancel(ctx), `DETACH DATABASE snap`); derr != nil && err == nil {
		err = derr
	}
	if err != nil {
		e.snapshotErr.Store(&err)
		return false, ctx.Err()
	}
	e.snapshotUsed.Store(true)
	if e.cfg.OnSnapshotStep != nil {
		e.cfg.OnSnapshotStep("copy", copied)
		e.cfg.OnSnapshotStep("apply", time.Since(start)-copied)
	}
	if e.cfg.OnProgress != nil {
		e.cfg.OnProgress(int(snap.rows) + rows)
	}
	if e.cfg.OnChange != nil {
		e.cfg.OnChange()
	}
	return true, nil
}

// snapshotEpochPrefix marks the sync state of a replica made by PrepareReplica: its
// epoch reads "snapshot:<version>:<server epoch>" (and its cursor 0, so the desktop
// counts it as not yet synced) until the correction pull has been applied.
const snapshotEpochPrefix = "snapshot:"

// pendingSnapshot reads the snapshot version and epoch a prepared replica's sync
// state carries; ok is false for any other state.
func pendingSnapshot(epoch string) (version int64, serverEpoch string, ok bool) {
	rest, found := strings.CutPrefix(epoch, snapshotEpochPrefix)
	if !found {
		return 0, "", false
	}
	v, e, found := strings.Cut(rest, ":")
	if !found {
		return 0, "", false
	}
	version, err := strconv.ParseInt(v, 10, 64)
	if err != nil || version <= 0 || e == "" {
		return 0, "", false
	}
	return version, e, true
}

// PrepareReplica makes the replica file at path, before anything opens it, from
// the server's snapshot of the account's class: downloaded beside it, verified
// (verifySnapshot), given a sync state of its own (a new client id, the account,
// and the snapshot's version and epoch, pendingSnapshot), and renamed into place.
// No row is copied: the file becomes the replica. The engine's first pull on it
// is the correction pull from the snapshot's version (pullRound); a server that
// answers it with reset (another epoch) makes the engine download row by row
// instead. cfg is the engine's configuration, without DB (ServerURL, AccountID,
// Tokens, and the progress hooks: OnPullTotal, OnProgress, OnSnapshotStep).
//
// It reports false, with no error, when a file is already at path or the server
// offers no snapshot for the account: open the replica as usual, and the engine
// downloads as it would have. Any other failure leaves nothing at path.
func PrepareReplica(ctx context.Context, cfg Config, path string) (bool, error) {
	if _, err := os.Stat(path); err == nil || !errors.Is(err, os.ErrNotExist) {
		return false, err
	}
	e := &Engine{cfg: cfg, http: resty.New().SetBaseURL(strings.TrimRight(cfg.ServerURL, "/")).SetTimeout(10 * time.Minute)}
	snap, err := e.downloadSnapshot(ctx, filepath.Dir(path), e.downloadProgress)
	if errors.Is(err, errNoSnapshot) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer removeSnapshot(snap)
	start := time.Now()
	db, err := sqlx.Open("sqlite", store.FileDSN(snap.path))
	if err != nil {
		return false, err
	}
	_, err = db.ExecContext(ctx, `INSERT INTO sync_state (id, client_id, account_id, cursor, epoch, schema_version) VALUES (1, ?, ?, 0, ?, ?)`,
		domain.NewID(), cfg.AccountID, fmt.Sprintf("%s%d:%s", snapshotEpochPrefix, snap.version, snap.epoch),
		store.LatestVersion(store.SetDomain))
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, fmt.Errorf("snapshot: sync state: %w", err)
	}
	// Not over a file someone made meanwhile: link, then drop the temporary name.
	if err := os.Link(snap.path, path); err != nil {
		return false, fmt.Errorf("snapshot: install: %w", err)
	}
	e.step("install", start)
	if cfg.OnProgress != nil {
		cfg.OnProgress(int(snap.rows))
	}
	return true, nil
}
