package server

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/replica"
	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/protocol"
)

// First-download snapshots (docs/sync.md, "First download from a snapshot"). A
// fresh desktop's first download row by row is bound by the desktop's SQLite
// inserts and search indexing; instead the server keeps, per visibility class (a
// role's view of an account that owns nothing: replica.ClassViewer), the desktop
// replica that class's full pull would make, built by the desktop's own apply code
// (client.FillReplica) with the desktop's schema. A desktop downloads its class's
// file, verifies it, copies its rows in and pulls from its version only where its
// own account sees otherwise (pull.go, correction).

// Defaults of the snapshot refresh policy.
const (
	DefaultSnapshotMaxLag = 1000
	DefaultSnapshotMaxAge = 10 * time.Minute
)

// snapshotMeta describes one class's snapshot file (kept beside it as JSON, so a
// restarted server serves it again).
type snapshotMeta struct {
	Class   string    `json:"class"`
	Version int64     `json:"version"`
	Epoch   string    `json:"epoch"`
	Rows    int64     `json:"rows"`
	SHA256  string    `json:"sha256"`
	Size    int64     `json:"size"`
	Schema  int       `json:"schema"`
	BuiltAt time.Time `json:"built_at"`
}

// snapshots holds the classes' current snapshots; one build or refresh at a time
// per class (a request for a class being built waits for it).
type snapshots struct {
	mu    sync.Mutex
	class map[domain.Role]*classSnapshot
}

type classSnapshot struct {
	mu   sync.Mutex // held while the file is built, refreshed or opened for serving
	meta *snapshotMeta
}

func (s *Server) classSnapshot(role domain.Role) *classSnapshot {
	s.snaps.mu.Lock()
	defer s.snaps.mu.Unlock()
	if s.snaps.class == nil {
		s.snaps.class = map[domain.Role]*classSnapshot{}
	}
	c := s.snaps.class[role]
	if c == nil {
		c = &classSnapshot{}
		s.snaps.class[role] = c
	}
	return c
}

func (s *Server) snapshotPath(role domain.Role) string {
	return filepath.Join(s.cfg.SnapshotDir, "class-"+string(role)+".db")
}

// handleSnapshot serves the caller's class snapshot: the class is the caller's
// role (a desktop never chooses what it may see); a flagged or deactivated account
// has none. The file is served with http.ServeContent, so a Range request resumes
// a cut download.
func (s *Server) handleSnapshot(w http.ResponseWriter, r *http.Request, user string) {
	if s.cfg.SnapshotDir == "" {
		writeError(w, http.StatusNotFound, string(domain.CodeNotFound), "this server offers no snapshots")
		return
	}
	var acc domain.Account
	if err := s.db.R.GetContext(r.Context(), &acc, `SELECT * FROM accounts WHERE id = ?`, user); err != nil {
		s.writeErr(w, r, err)
		return
	}
	if acc.Flagged || !acc.Active {
		writeError(w, http.StatusForbidden, string(domain.CodeForbidden), "this account downloads its replica row by row")
		return
	}
	meta, f, err := s.openSnapshot(r.Context(), acc.Role)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	defer func() { _ = f.Close() }() // read only: nothing to lose
	h := w.Header()
	h.Set(protocol.HeaderSnapshotVersion, strconv.FormatInt(meta.Version, 10))
	h.Set(protocol.HeaderSnapshotEpoch, meta.Epoch)
	h.Set(protocol.HeaderSnapshotSHA256, meta.SHA256)
	h.Set(protocol.HeaderSnapshotSchema, strconv.Itoa(meta.Schema))
	h.Set(protocol.HeaderSnapshotRows, strconv.FormatInt(meta.Rows, 10))
	h.Set(protocol.HeaderSnapshotClass, meta.Class)
	h.Set("Content-Type", protocol.SnapshotContentType)
	// The ETag is the checksum: a resumed download (If-Range) gets the rest of
	// the same file or, if it was refreshed meanwhile, the whole new one.
	h.Set("ETag", `"`+meta.SHA256+`"`)
	http.ServeContent(w, r, "", meta.BuiltAt, f)
}

// openSnapshot returns the role's snapshot, built or brought forward first when
// there is none, it belongs to another epoch or schema, or it is behind by more
// than SnapshotMaxLag versions or older than SnapshotMaxAge; and the file, open.
func (s *Server) openSnapshot(ctx context.Context, role domain.Role) (*snapshotMeta, *os.File, error) {
	c := s.classSnapshot(role)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := s.freshen(ctx, role, c, false); err != nil {
		return nil, nil, err
	}
	f, err := os.Open(s.snapshotPath(role))
	if err != nil {
		return nil, nil, err
	}
	return c.meta, f, nil
}

// RefreshSnapshots brings the given roles' class snapshots (none named: every
// role's) up to the current version now, building those not built yet (a server
// job; tests; benchmarks). It returns the first failure.
func (s *Server) RefreshSnapshots(ctx context.Context, roles ...domain.Role) error {
	if s.cfg.SnapshotDir == "" {
		return nil
	}
	if len(roles) == 0 {
		roles = []domain.Role{domain.RoleInfluencer, domain.RoleSponsor, domain.RoleAdmin}
	}
	for _, role := range roles {
		c := s.classSnapshot(role)
		c.mu.Lock()
		err := s.freshen(ctx, role, c, true)
		c.mu.Unlock()
		if err != nil {
			return err
		}
	}
	return nil
}

// freshen makes c's snapshot fit to serve (c.mu held): loaded from disk, built,
// or brought forward incrementally (always when force).
func (s *Server) freshen(ctx context.Context, role domain.Role, c *classSnapshot, force bool) error {
	if c.meta == nil {
		c.meta = s.loadSnapshotMeta(role)
	}
	var now struct {
		Version int64  `db:"version"`
		Epoch   string `db:"epoch"`
	}
	if err := s.db.R.GetContext(ctx, &now, `SELECT version, epoch FROM sync_meta WHERE id = 1`); err != nil {
		return err
	}
	m := c.meta
	schema := store.LatestVersion(store.SetDomain)
	if m == nil || m.Epoch != now.Epoch || m.Schema != schema || m.Version > now.Version {
		return s.buildSnapshot(ctx, role, c)
	}
	behind := now.Version - m.Version
	if behind == 0 {
		return nil
	}
	maxLag, maxAge := s.cfg.SnapshotMaxLag, s.cfg.SnapshotMaxAge
	if !force && behind <= maxLag && s.cfg.Now().Sub(m.BuiltAt) <= maxAge {
		return nil // the correction pull brings the rest
	}
	if err := s.refreshSnapshot(ctx, role, c); err != nil {
		s.log.Warn("snapshot: incremental refresh failed; building afresh", "class", role, "err", err)
		return s.buildSnapshot(ctx, role, c)
	}
	return nil
}

// loadSnapshotMeta reads a snapshot's description left by an earlier run; nil
// when there is none or it does not match its file.
func (s *Server) loadSnapshotMeta(role domain.Role) *snapshotMeta {
	b, err := os.ReadFile(s.snapshotPath(role) + ".json")
	if err != nil {
		return nil
	}
	var m snapshotMeta
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	fi, err := os.Stat(s.snapshotPath(role))
	if err != nil || fi.Size() != m.Size || m.Class != string(role) {
		return nil
	}
	return &m
}

// snapshotReadTx is a read transaction over one consistent state (REPEATABLE
// READ on PostgreSQL, as a pull's).
func (s *Server) snapshotReadTx(ctx context.Context) (*sqlx.Tx, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.db.IsPostgres() {
		opts.Isolation = sql.LevelRepeatableRead
	}
	return s.db.R.BeginTxx(ctx, opts)
}

// buildSnapshot writes the class's whole view at the current version into a new
// replica file, and puts it in place of the old one.
func (s *Server) buildSnapshot(ctx context.Context, role domain.Role, c *classSnapshot) error {
	if err := os.MkdirAll(s.cfg.SnapshotDir, 0o700); err != nil {
		return err
	}
	tmp, err := tempPath(s.cfg.SnapshotDir, "class-"+string(role))
	if err != nil {
		return err
	}
	defer removeDB(tmp)
	st, err := store.Open(tmp, store.SetDomain, store.SetDesktop)
	if err != nil {
		return err
	}
	tx, err := s.snapshotReadTx(ctx)
	if err != nil {
		return errors.Join(err, st.Close())
	}
	defer tx.Rollback()
	meta := &snapshotMeta{Class: string(role), Schema: store.LatestVersion(store.SetDomain), BuiltAt: s.cfg.Now().UTC()}
	if err := tx.GetContext(ctx, meta, `SELECT version, epoch FROM sync_meta WHERE id = 1`); err != nil {
		return errors.Join(err, st.Close())
	}
	viewer := replica.ClassViewer(role)
	rows, err := client.FillReplica(ctx, st, func(put func(string, json.RawMessage) error) error {
		for _, tb := range replica.Tables {
			// Exactly a first download's pages: every visible row with a version.
			q, args := tb.SelectWhere(viewer, "", "t.version > 0")
			var changes []protocol.Change
			if err := putRows(ctx, tx, tb, q, args, map[string]bool{}, &changes); err != nil {
				return err
			}
			for _, ch := range changes {
				if err := put(ch.Table, ch.Row); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return errors.Join(fmt.Errorf("snapshot: build %s: %w", role, err), st.Close())
	}
	meta.Rows = rows
	return s.installSnapshot(role, c, st, tmp, meta)
}

// refreshSnapshot brings the class's snapshot forward to the current version: a
// copy of it takes the class's changes since its version (puts for the rows the
// class sees, dels for the other changed rows; private tables are nobody's class),
// then replaces it. A patch that leaves the copy inconsistent fails, and the
// caller builds afresh.
func (s *Server) refreshSnapshot(ctx context.Context, role domain.Role, c *classSnapshot) error {
	old := c.meta
	tmp, err := tempPath(s.cfg.SnapshotDir, "class-"+string(role))
	if err != nil {
		return err
	}
	defer removeDB(tmp)
	if err := copyFile(tmp, s.snapshotPath(role)); err != nil {
		return err
	}
	st, err := store.Open(tmp, store.SetDomain, store.SetDesktop)
	if err != nil {
		return err
	}
	tx, err := s.snapshotReadTx(ctx)
	if err != nil {
		return errors.Join(err, st.Close())
	}
	defer tx.Rollback()
	meta := &snapshotMeta{Class: string(role), Schema: old.Schema, BuiltAt: s.cfg.Now().UTC()}
	if err := tx.GetContext(ctx, meta, `SELECT version, epoch FROM sync_meta WHERE id = 1`); err != nil {
		return errors.Join(err, st.Close())
	}
	if meta.Epoch != old.Epoch {
		return errors.Join(errors.New("snapshot: another epoch"), st.Close())
	}
	viewer := replica.ClassViewer(role)
	var changes []protocol.Change
	for _, tb := range replica.Tables {
		if tb.Owner() != "" {
			continue
		}
		q, args := tb.SelectWhere(viewer, "", "t.version > ? AND t.version <= ?", old.Version, meta.Version)
		visible := map[string]bool{}
		if err := putRows(ctx, tx, tb, q, args, visible, &changes); err != nil {
			return errors.Join(err, st.Close())
		}
		var changed []string
		if err := tx.SelectContext(ctx, &changed, `SELECT `+tb.Key()+` FROM `+tb.Name+` WHERE version > ? AND version <= ?`,
			old.Version, meta.Version); err != nil {
			return errors.Join(err, st.Close())
		}
		for _, id := range changed {
			if !visible[id] {
				changes = append(changes, protocol.Change{Op: protocol.OpDel, Table: tb.Name, ID: id})
			}
		}
	}
	if err := client.PatchReplica(ctx, st, changes); err != nil {
		return errors.Join(fmt.Errorf("snapshot: refresh %s: %w", role, err), st.Close())
	}
	if meta.Rows, err = replicaRows(ctx, st); err != nil {
		return errors.Join(err, st.Close())
	}
	return s.installSnapshot(role, c, st, tmp, meta)
}

// replicaRows counts a replica's domain rows.
func replicaRows(ctx context.Context, st *store.Store) (int64, error) {
	var total int64
	for _, tb := range replica.Tables {
		var n int64
		if err := st.R.GetContext(ctx, &n, `SELECT COUNT(*) FROM `+tb.Name); err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// installSnapshot closes a built replica as one self-contained file (rollback
// journal, no WAL beside it), checksums it and renames it over the class's
// snapshot, then its description.
func (s *Server) installSnapshot(role domain.Role, c *classSnapshot, st *store.Store, tmp string, meta *snapshotMeta) error {
	if err := st.Close(); err != nil {
		return err
	}
	db, err := sqlx.Open("sqlite", store.FileDSN(tmp))
	if err != nil {
		return err
	}
	_, err = db.Exec(`PRAGMA journal_mode = DELETE`)
	// The whole file is checked here, once, before its checksum is taken: a
	// desktop that receives bytes with that checksum receives a checked file
	// (and need not spend seconds of its first download checking it again).
	var check []string
	if err == nil {
		err = db.Select(&check, `PRAGMA integrity_check`)
	}
	if err == nil && (len(check) != 1 || check[0] != "ok") {
		err = fmt.Errorf("integrity check: %v", check)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("snapshot: seal: %w", err)
	}
	f, err := os.Open(tmp) //nolint:gosec // G304: a file this server made in its own snapshot folder
	if err != nil {
		return err
	}
	sum := sha256.New()
	n, err := io.Copy(sum, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	meta.SHA256, meta.Size = hex.EncodeToString(sum.Sum(nil)), n
	desc, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	path := s.snapshotPath(role)
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if err := os.WriteFile(path+".json.tmp", desc, 0o600); err != nil {
		return err
	}
	if err := os.Rename(path+".json.tmp", path+".json"); err != nil {
		return err
	}
	c.meta = meta
	s.log.Info("snapshot ready", "class", role, "version", meta.Version, "rows", meta.Rows, "bytes", meta.Size)
	return nil
}

func tempPath(dir, prefix string) (string, error) {
	f, err := os.CreateTemp(dir, prefix+"-*.tmp")
	if err != nil {
		return "", err
	}
	name := f.Name()
	return name, errors.Join(f.Close(), os.Remove(name))
}

func removeDB(path string) {
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		_ = os.Remove(path + suffix)
	}
}

func copyFile(dst, src string) error {
	in, err := os.Open(src) //nolint:gosec // G304: this server's own snapshot file
	if err != nil {
		return err
	}
	// Read only: closing it can lose nothing.
	defer func() { _ = in.Close() }()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600) //nolint:gosec // G304: a new file in the snapshot folder
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		return errors.Join(err, out.Close())
	}
	return out.Close()
}
