package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/sync/protocol"
)

// outOfOrder is answered with 409 and the ID the server expects next.
type outOfOrder struct{ expected int64 }

func (e *outOfOrder) Error() string { return fmt.Sprintf("expected mutation %d", e.expected) }

func (s *Server) handlePush(w http.ResponseWriter, r *http.Request, user string) {
	start := time.Now()
	var req protocol.PushRequest
	if err := s.decodeSync(w, r, &req, protocol.MaxBodyBytes); err != nil {
		s.writeErr(w, r, err)
		return
	}
	if len(req.Mutations) > protocol.MaxPushMutations {
		s.writeErr(w, r, domain.Errorf(domain.CodePayloadTooLarge, "at most %d mutations per push", protocol.MaxPushMutations))
		return
	}
	for i, m := range req.Mutations {
		if m.ID <= 0 || (i > 0 && m.ID != req.Mutations[i-1].ID+1) {
			s.writeErr(w, r, domain.Errorf(domain.CodeInvalidArgument, "mutation ids must be positive and consecutive"))
			return
		}
	}
	resp, touched, err := s.push(r.Context(), user, &req)
	var ooo *outOfOrder
	switch {
	case errors.As(err, &ooo):
		writeJSON(w, http.StatusConflict, protocol.ErrorBody{Error: protocol.ErrorDetail{
			Code: string(domain.CodeOutOfOrder), Message: fmt.Sprintf("mutations must start at id %d", ooo.expected),
			ExpectedID: ooo.expected}})
		return
	case err != nil:
		s.writeErr(w, r, err)
		return
	}
	if touched > 0 {
		s.pokeAfter(r.Context(), touched)
	}
	applied, rejected := 0, 0
	for _, res := range resp.Results {
		if res.Status == protocol.StatusApplied {
			applied++
		} else {
			rejected++
		}
	}
	s.metrics.observePush(applied, rejected, len(req.Mutations)-len(resp.Results), time.Since(start))
	writeJSON(w, http.StatusOK, resp)
}

// pushJob is one push waiting for the group commit.
type pushJob struct {
	user    string
	req     *protocol.PushRequest
	resp    *protocol.PushResponse
	version int64
	err     error
	done    chan struct{}
}

// push applies a push's mutations, each inside a savepoint: a business rejection
// rolls back that mutation's effects only and is recorded; any other failure rolls
// back the whole push (the client retries). Duplicates (id ≤ the client's
// last_mutation_id) are skipped and their recorded results returned.
//
// Pushes are group-committed: whoever takes the lock applies every push queued so
// far in one transaction, each push in a savepoint of its own, so a failing push
// never affects another, and SQLite pays one commit for the lot. It returns the
// version written, or 0 when nothing was.
func (s *Server) push(ctx context.Context, user string, req *protocol.PushRequest) (*protocol.PushResponse, int64, error) {
	job := &pushJob{user: user, req: req, done: make(chan struct{})}
	s.pushQ <- job
	s.pushMu.Lock()
	select {
	case <-job.done: // a previous leader committed it
	default:
		var batch []*pushJob
	drain:
		for {
			select {
			case j := <-s.pushQ:
				batch = append(batch, j)
			default:
				break drain
			}
		}
		s.commitPushes(batch)
	}
	s.pushMu.Unlock()
	<-job.done
	return job.resp, job.version, job.err
}

func (s *Server) commitPushes(batch []*pushJob) {
	finish := func(err error) {
		for _, j := range batch {
			if err != nil && j.err == nil {
				j.err, j.resp, j.version = err, nil, 0
			}
			close(j.done)
		}
	}
	now := s.cfg.Now().UTC()
	tx, err := s.db.W.BeginTxx(context.Background(), nil)
	if err != nil {
		finish(err)
		return
	}
	defer tx.Rollback() //nolint:errcheck
	var version int64
	if err := tx.Get(&version, `UPDATE sync_meta SET version = version + 1 WHERE id = 1 RETURNING version`); err != nil {
		finish(err)
		return
	}
	wrote := false
	for _, j := range batch {
		if _, err := tx.Exec(`SAVEPOINT push`); err != nil {
			finish(err)
			return
		}
		resp, changed, err := s.applyPush(tx, j.user, j.req, version, now)
		if err != nil {
			if _, rerr := tx.Exec(`ROLLBACK TO push`); rerr != nil {
				finish(rerr)
				return
			}
			j.err = err
		} else {
			j.resp = resp
			if changed {
				j.version, wrote = version, true
			}
		}
		if _, err := tx.Exec(`RELEASE push`); err != nil {
			finish(err)
			return
		}
	}
	if !wrote {
		finish(nil) // nothing to commit: the version bump is dropped with the rollback
		return
	}
	finish(tx.Commit())
}

// applyPush runs one push inside the group transaction. changed reports whether
// it wrote anything (new mutations, applied or rejected).
func (s *Server) applyPush(tx *sqlx.Tx, user string, req *protocol.PushRequest, version int64, now time.Time) (*protocol.PushResponse, bool, error) {
	last, err := s.clientFor(tx, req.ClientID, user, now)
	if err != nil {
		return nil, false, err
	}
	resp := &protocol.PushResponse{Results: []protocol.MutationResult{}}
	var fresh []protocol.Mutation
	for _, m := range req.Mutations {
		if m.ID <= last {
			var res protocol.MutationResult
			err := tx.Get(&res, `SELECT mutation_id AS id, status, code, message FROM mutation_results
				WHERE client_id = ? AND mutation_id = ?`, req.ClientID, m.ID)
			if err == nil {
				resp.Results = append(resp.Results, res)
			} else if !errors.Is(err, sql.ErrNoRows) {
				return nil, false, err
			}
			continue
		}
		fresh = append(fresh, m)
	}
	if len(fresh) > 0 && fresh[0].ID != last+1 {
		return nil, false, &outOfOrder{expected: last + 1}
	}
	for _, m := range fresh {
		res := protocol.MutationResult{ID: m.ID, Status: protocol.StatusApplied}
		if _, err := tx.Exec(`SAVEPOINT m`); err != nil {
			return nil, false, err
		}
		err := mutate.Apply(tx, user, m.Name, m.Args, now)
		if err != nil {
			if !domain.IsBusiness(err) {
				return nil, false, fmt.Errorf("push: %s #%d: %w", m.Name, m.ID, err)
			}
			if _, rerr := tx.Exec(`ROLLBACK TO m`); rerr != nil {
				return nil, false, rerr
			}
			de := domain.AsError(err)
			res = protocol.MutationResult{ID: m.ID, Status: protocol.StatusRejected, Code: string(de.Code), Message: de.Message}
		}
		if _, err := tx.Exec(`RELEASE m`); err != nil {
			return nil, false, err
		}
		if _, err := tx.Exec(`INSERT INTO mutation_results (client_id, mutation_id, name, status, code, message, version, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, req.ClientID, m.ID, m.Name, res.Status, res.Code, res.Message, version, now); err != nil {
			return nil, false, err
		}
		resp.Results = append(resp.Results, res)
		last = m.ID
	}
	if _, err := tx.Exec(`UPDATE sync_clients SET last_mutation_id = ?, last_seen_at = ? WHERE client_id = ?`,
		last, now, req.ClientID); err != nil {
		return nil, false, err
	}
	resp.LastMutationID = last
	return resp, len(fresh) > 0, nil
}

// clientFor returns the client's last mutation ID, registering the client on
// first contact; a client ID belongs to one account for ever.
func (s *Server) clientFor(tx *sqlx.Tx, clientID, user string, now time.Time) (int64, error) {
	var row struct {
		Account string `db:"account_id"`
		Last    int64  `db:"last_mutation_id"`
	}
	err := tx.Get(&row, `SELECT account_id, last_mutation_id FROM sync_clients WHERE client_id = ?`, clientID)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.Exec(`INSERT INTO sync_clients (client_id, account_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)`,
			clientID, user, now, now)
		return 0, err
	}
	if err != nil {
		return 0, err
	}
	if row.Account != user {
		return 0, domain.Errorf(domain.CodeForbidden, "this client belongs to another account")
	}
	return row.Last, nil
}

// pokeAfter wakes the event streams of the accounts that may see a row written at
// version v: the parties of touched private rows, everyone connected when a
// publicly visible row changed, and admins always.
func (s *Server) pokeAfter(ctx context.Context, v int64) {
	// A group commit gives one version to many pushes: poke for it once.
	for {
		last := s.poked.Load()
		if v <= last {
			return
		}
		if s.poked.CompareAndSwap(last, v) {
			break
		}
	}
	accounts, everyone, err := s.affected(ctx, v)
	if err != nil {
		s.log.Warn("computing pokes", "err", err)
		everyone = true
	}
	if everyone {
		s.hub.poke(nil, v)
		return
	}
	s.hub.poke(accounts, v)
}

func (s *Server) affected(ctx context.Context, v int64) (map[string]bool, bool, error) {
	var public int
	if err := s.db.R.GetContext(ctx, &public, `SELECT
		EXISTS (SELECT 1 FROM accounts WHERE version = ?1) OR EXISTS (SELECT 1 FROM sponsor_profiles WHERE version = ?1)
		OR EXISTS (SELECT 1 FROM influencer_profiles WHERE version = ?1) OR EXISTS (SELECT 1 FROM reviews WHERE version = ?1)
		OR EXISTS (SELECT 1 FROM campaigns WHERE version = ?1 AND (visibility = 'public' OR status <> 'draft'))`, v); err != nil {
		return nil, true, err
	}
	if public == 1 {
		return nil, true, nil
	}
	var ids []string
	if err := s.db.R.SelectContext(ctx, &ids, `
		SELECT id FROM accounts WHERE role = 'admin'
		UNION SELECT account_id FROM notifications WHERE version = ?1
		UNION SELECT sponsor_id FROM campaigns WHERE version = ?1
		UNION SELECT r.influencer_id FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
			WHERE r.version = ?1 OR c.version = ?1
			   OR r.id IN (SELECT ad_request_id FROM offers WHERE version = ?1)
		UNION SELECT c.sponsor_id FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
			WHERE r.version = ?1 OR r.id IN (SELECT ad_request_id FROM offers WHERE version = ?1)`, v); err != nil {
		return nil, true, err
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, false, nil
}
