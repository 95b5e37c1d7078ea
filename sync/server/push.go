package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/replica"
	"iescp/backend/store"
	"iescp/sync/protocol"
)

// outOfOrder is answered with 409 and the ID the server expects next.
type outOfOrder struct{ expected int64 }

func (e *outOfOrder) Error() string { return fmt.Sprintf("expected mutation %d", e.expected) }

// errSessionEnded: the access token's account is gone or its sign-in was ended
// (liveSessionSQL, read in the group commit); answered as requireUser does.
var errSessionEnded = errors.New("push: the token's sign-in has ended")

func (s *Server) handlePush(w http.ResponseWriter, r *http.Request, user string) {
	start := time.Now()
	p, ok := principalFrom(r)
	if !ok || p.AccountID != user {
		s.writeErr(w, r, errors.New("push: no principal")) // requireToken always sets it
		return
	}
	// The session is checked in the group commit (pushHead); a push refused before
	// it gets there checks it here, so an ended session is answered 401 first,
	// whatever else is wrong, as requireUser answers it.
	refuse := func(err error) {
		if s.sessionLive(w, r, p) {
			s.writeErr(w, r, err)
		}
	}
	var req protocol.PushRequest
	if err := s.decodeSync(w, r, &req, protocol.MaxBodyBytes); err != nil {
		refuse(err)
		return
	}
	if len(req.Mutations) > protocol.MaxPushMutations {
		refuse(domain.Errorf(domain.CodePayloadTooLarge, "at most %d mutations per push", protocol.MaxPushMutations))
		return
	}
	for i, m := range req.Mutations {
		if m.ID <= 0 || (i > 0 && m.ID != req.Mutations[i-1].ID+1) {
			refuse(domain.Errorf(domain.CodeInvalidArgument, "mutation ids must be positive and consecutive"))
			return
		}
		// No desktop sends a malformed name (it ran the mutator itself): refuse the
		// whole push rather than store or echo it. A well-formed unknown name is a
		// recorded rejection like any other.
		if !validMutationName(m.Name) {
			refuse(domain.Errorf(domain.CodeInvalidArgument,
				"mutation %d: a name is 1 to %d letters and dots", m.ID, maxMutationName))
			return
		}
	}
	resp, _, err := s.push(r.Context(), p, &req) // the group-commit leader queued the pokes
	var ooo *outOfOrder
	var oq *overQuota
	switch {
	case errors.Is(err, errSessionEnded):
		unauthorized(w, "invalid_token")
		return
	case errors.As(err, &oq):
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(oq.wait.Seconds()))))
		writeError(w, http.StatusTooManyRequests, string(domain.CodeRateLimited), oq.Error())
		return
	case errors.As(err, &ooo):
		writeJSON(w, http.StatusConflict, protocol.ErrorBody{Error: protocol.ErrorDetail{
			Code: string(domain.CodeOutOfOrder), Message: fmt.Sprintf("mutations must start at id %d", ooo.expected),
			ExpectedID: ooo.expected}})
		return
	case err != nil:
		s.writeErr(w, r, err)
		return
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
	session string // the access token's sign-in, checked in the group commit
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
// version written, or 0 when nothing was. p's session is checked in the group
// commit, before anything of the push is applied: errSessionEnded when it ended.
func (s *Server) push(ctx context.Context, p principal, req *protocol.PushRequest) (*protocol.PushResponse, int64, error) {
	job := &pushJob{user: p.AccountID, session: p.SessionID, req: req, done: make(chan struct{})}
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
	ctx := context.Background()
	now := s.cfg.Now().UTC()
	if s.db.Dialect != store.Postgres {
		s.metrics.groups.WithLabelValues("serial").Inc()
		s.commitGroup(ctx, batch, now, false)
		return
	}
	if s.commitGroup(ctx, batch, now, true) {
		s.metrics.groups.WithLabelValues("speculated").Inc()
		return
	}
	s.metrics.groups.WithLabelValues("fell_back").Inc()
	for _, j := range batch { // the speculation did not hold: nothing of it was committed
		j.resp, j.version, j.err = nil, 0, nil
	}
	s.commitGroup(ctx, batch, now, false)
}

// commitGroup applies batch in one transaction and answers every job, or, when it
// speculated (spec) and the speculation did not hold, rolls back, answers none
// and reports false.
func (s *Server) commitGroup(ctx context.Context, batch []*pushJob, now time.Time, spec bool) bool {
	finish := func(err error) bool {
		for _, j := range batch {
			if err != nil && j.err == nil {
				j.err, j.resp, j.version = err, nil, 0
			}
			close(j.done)
		}
		return true
	}
	begin := s.db.BeginWriteTx
	if spec {
		begin = s.db.BeginSpeculation
	}
	tx, err := begin(ctx)
	if err != nil {
		return finish(err)
	}
	defer func() { _ = tx.Rollback() }() // after Commit: only gives the connection back
	// Writes are serialised across the fleet, so what bounds the push rate is the
	// time the write lock is held and the round trips a group takes. On PostgreSQL
	// a group first speculates (spec; store.BeginSpeculation):
	//
	//  1. its first round trip, without the write lock, reads every push ahead (its
	//     client's row, quota use and sign-in, its account row and membership);
	//  2. each plain push (plainPush) applies its mutator on those reads, with no
	//     savepoint, every statement held back and answered at once on what the
	//     mutator relies on (no error; the rows an insert or update changes,
	//     store.WantRows); what the push read ahead goes again as one assertion at
	//     its place among the statements (an earlier push, or a commit elsewhere
	//     before the lock, may have changed it);
	//  3. the second round trip takes the write lock, bumps the version, and sends
	//     every push's statements, assertions and bookkeeping with the COMMIT.
	//
	// If anything did not hold (an assertion, a statement failed, a mutator
	// rejected after it wrote), PostgreSQL skipped the rest, the COMMIT too: the
	// group is applied again without speculating, one round trip a push, each
	// learning at once what happened to it. Then the first round trip takes the
	// lock and bumps the version as well as reading ahead; each push applies on its
	// reads in a savepoint, its account and membership sent again as expectations
	// with its first statement (store.ErrStale: undone and applied again, reading
	// first). There the client's row, quota and sign-in need not be checked again:
	// no mutator writes them (TestPushAhead_MutatorsLeaveTheBookkeeping), only
	// pushes of the same client or account, and a push with an earlier one of its
	// account or client in the group is not read ahead at all.
	var version int64
	bump := &store.Read{Query: `UPDATE sync_meta SET version = version + 1 WHERE id = 1 RETURNING version`,
		Dest: []any{&version}}
	var reads []*store.Read
	if !spec {
		reads = append(reads, bump)
	}
	var ahead []*pushReads
	if tx.Pipelined() {
		ahead = make([]*pushReads, len(batch))
		seen := map[string]bool{}
		for i, j := range batch {
			user, client := "account "+j.user, "client "+j.req.ClientID
			if !seen[user] && !seen[client] {
				ahead[i] = newPushReads(j, now.UnixNano(), true, spec)
				reads = append(reads, store.JoinReads(ahead[i].reads()...))
			}
			seen[user], seen[client] = true, true
		}
	}
	var b store.Batch
	if err := tx.GetAfter(ctx, &b, reads...); err != nil {
		return finish(err)
	}
	if spec {
		if s.readAheadHook != nil {
			s.readAheadHook()
		}
		if err := tx.Lock(ctx, bump); err != nil {
			return finish(err)
		}
	}
	var wrote []*pushJob
	for i, j := range batch {
		var rd *pushReads
		if ahead != nil {
			rd = ahead[i]
		}
		// undo rolls the push back; what was still to be sent in b belongs to it.
		undo := func() {
			b.Reset()
			b.Add(`ROLLBACK TO push`)
			b.Add(`RELEASE push`)
		}
		bare := spec && rd != nil // applied without a savepoint (applyPush)
		resp, changed, err := s.applyPush(ctx, tx, &b, j, now, rd)
		switch {
		case errors.Is(err, errNotPlain):
			bare = false
			resp, changed, err = s.applyPush(ctx, tx, &b, j, now, nil)
		case errors.Is(err, errReadAgain):
			undo()
			resp, changed, err = s.applyPush(ctx, tx, &b, j, now, nil)
		}
		if derr := tx.DeferredErr(); derr != nil {
			if spec {
				return false
			}
			// A statement of an earlier push failed on its way: that push was
			// answered already, so the whole group fails (nothing is committed).
			return finish(derr)
		}
		if err != nil {
			if bare {
				return false // nothing to roll the push back to: the speculation ends here
			}
			undo()
			j.err = err
			continue
		}
		if !bare {
			b.Add(`RELEASE push`)
		}
		j.resp = resp
		if changed {
			wrote = append(wrote, j)
		}
	}
	if len(wrote) == 0 {
		if spec { // what the pushes were answered must still have held
			ok, err := tx.Confirm(ctx)
			if err != nil {
				return finish(err)
			}
			if !ok {
				return false
			}
		}
		return finish(nil) // nothing to commit: the version bump is dropped with the rollback
	}
	if s.fleet != nil {
		// The other instances hear of the group by its own commit (fleet.go).
		b.Add(announceSQL, pokeChannel, s.fleet.id+":")
	}
	if err := tx.Defer(ctx, &b); err != nil { // with the COMMIT
		return finish(err)
	}
	err = tx.Commit()
	var deferred *store.DeferredError
	if spec && (errors.Is(err, store.ErrStale) || errors.As(err, &deferred)) {
		return false // the speculation did not hold: nothing was committed
	}
	for _, j := range wrote {
		j.version = version
	}
	if err == nil {
		// Queued under the leader's lock, so versions are queued in commit order;
		// the other instances were told by the commit itself.
		s.queuePoke(version)
	}
	return finish(err)
}

// errReadAgain: a push applied on what it read ahead must be undone and applied
// again, reading first (applyPush).
var errReadAgain = errors.New("push: read again")

// errNotPlain: a push read ahead is not the plain case (plainPush); nothing of it
// was queued, and it is applied reading first.
var errNotPlain = errors.New("push: not the plain case")

// errUndo: a push a speculating group applied without a savepoint has effects to
// undo; the speculation fails.
var errUndo = errors.New("push: effects to undo without a savepoint")

// pushHead is what a push reads before it applies anything: its client's row (no
// account on first contact), its account's quota use and whether the access
// token's session is live (liveSessionSQL: 1 or 0), all in one statement.
type pushHead struct {
	Account sql.NullString
	Last    int64
	Used    int64
	Oldest  sql.NullInt64
	Live    int64
}

// actorRow is the pushing account's row, read with the push's bookkeeping.
type actorRow struct {
	id, email, role, name, reason string
	active, flagged, version      int64
	created, updated              time.Time
}

func (a *actorRow) read(user string) *store.Read {
	return &store.Read{Query: `SELECT id, email, role, name, active, flagged, flag_reason, created_at, updated_at, version
		FROM accounts WHERE id = ?`, Args: []any{user},
		Dest: []any{&a.id, &a.email, &a.role, &a.name, &a.active, &a.flagged, &a.reason, &a.created, &a.updated, &a.version}}
}

// account is the row as the mutators' domain.Account, nil when there was none
// (the mutator then answers as for an unknown account).
func (a *actorRow) account(r *store.Read) *domain.Account {
	if r.NoRow {
		return nil
	}
	return &domain.Account{ID: a.id, Email: a.email, Role: domain.Role(a.role), Name: a.name, Active: a.active != 0,
		Flagged: a.flagged != 0, FlagReason: a.reason, CreatedAt: a.created, UpdatedAt: a.updated, Version: a.version}
}

// plainPush reports whether j, with head as read ahead, is the plain case
// applyPush applies on reads ahead: a live session, a client of j's account it
// knows, and mutations that all follow its last one, in order, within the quota.
func (s *Server) plainPush(j *pushJob, head *pushHead, ns int64) bool {
	if head.Live != 1 || !head.Account.Valid || head.Account.String != j.user {
		return false
	}
	ms := j.req.Mutations
	if len(ms) == 0 {
		return true
	}
	if ms[0].ID != head.Last+1 {
		return false
	}
	allowed, _ := s.quota.allow(head.Used, head.Oldest, len(ms), ns)
	return allowed == len(ms)
}

// pushReads is what a push reads before it applies anything: pushHead, its
// account's row and its sponsor membership.
type pushReads struct {
	head                   pushHead
	actor                  actorRow
	member                 mutate.Membership
	headR, actorR, memberR *store.Read
}

// newPushReads prepares j's reads at ns (keep: kept as read, for store.Expect; with
// unlocked, read before the write lock, its head too).
func newPushReads(j *pushJob, ns int64, keep, unlocked bool) *pushReads {
	rd := &pushReads{}
	user, req := j.user, j.req
	rd.headR = &store.Read{Query: `SELECT c.account_id, COALESCE(c.last_mutation_id, 0) AS last_mutation_id,
		u.used, u.oldest, CASE WHEN ` + liveSessionSQL + ` THEN 1 ELSE 0 END AS live
		FROM ` + usedSQL + ` AS u LEFT JOIN sync_clients c ON c.client_id = ?`,
		Args: append(append([]any{user, j.session, user}, usedArgs(user, ns)...), req.ClientID),
		Dest: []any{&rd.head.Account, &rd.head.Last, &rd.head.Used, &rd.head.Oldest, &rd.head.Live}}
	rd.headR.Keep = keep && unlocked
	rd.actorR = rd.actor.read(user)
	rd.actorR.Keep = keep
	mq, margs := mutate.MembershipQuery(user)
	rd.memberR = &store.Read{Query: mq, Args: margs, Dest: []any{&rd.member.Org, &rd.member.Role}, Keep: keep}
	return rd
}

func (rd *pushReads) reads() []*store.Read { return []*store.Read{rd.headR, rd.actorR, rd.memberR} }

// expected is what of rd the push checks again where it acts on it: its account
// and membership, which an earlier push of the group may change, and its head
// when it was read before the write lock.
func (rd *pushReads) expected() []*store.Read {
	if rd.headR.Keep {
		return rd.reads()
	}
	return []*store.Read{rd.actorR, rd.memberR}
}

// applyPush runs one push inside the group transaction: it opens the savepoint
// push (the caller releases it, or rolls back to it when applyPush fails) and
// leaves its last statements in b for the caller to send. changed reports
// whether it wrote anything (new mutations, applied or rejected).
//
// With ahead (PostgreSQL), the push applies on what was read ahead for it, its
// account and membership sent again as expectations with its first statement
// (commitPushes says why the rest need not be): the plain case (a live
// session, its own known client, new mutations in order within the quota) takes
// one round trip. Anything else, or a read that changed, answers errReadAgain
// and the caller applies it again without ahead, reading first.
func (s *Server) applyPush(ctx context.Context, tx *store.WriteTx, b *store.Batch, j *pushJob,
	now time.Time, ahead *pushReads) (*protocol.PushResponse, bool, error) {
	user, req := j.user, j.req
	ns := now.UnixNano()
	rd := ahead
	if rd != nil && !s.plainPush(j, &rd.head, ns) {
		return nil, false, errNotPlain // nothing of the push was queued
	}
	// What the pushes before this one left, this push's savepoint and its first
	// mutation's (nothing is written between them unless the client is new), then
	// the reads: one round trip, or none when read ahead.
	//
	// A mutation runs in a savepoint of its own (msp), so that a rejection undoes
	// its effects alone: m, or, for a push of one mutation with nothing written
	// before it, push itself (a savepoint, a release and a subtransaction fewer).
	// A plain push of a speculating group opens none (bare): a mutator that
	// rejects after it wrote fails the speculation instead (errUndo), and
	// everything else about the push is known before it writes.
	bare := rd != nil && tx.Speculating()
	if !bare {
		b.Add(`SAVEPOINT push`)
	}
	s.quota.sweep(b, ns)
	msp := "push"
	if len(req.Mutations) != 1 && !bare {
		msp = "m"
		b.Add(`SAVEPOINT m`)
	}
	if rd != nil {
		if err := tx.Defer(ctx, b); err != nil {
			return nil, false, err
		}
		if err := tx.Expect(rd.expected()...); err != nil {
			return nil, false, err
		}
	} else {
		rd = newPushReads(j, ns, false, false)
		if err := tx.GetAfter(ctx, b, rd.reads()...); err != nil {
			return nil, false, err
		}
	}
	rd.member.None = rd.memberR.NoRow
	head := rd.head
	// settle learns, once, whether the reads ahead still held where the push acted
	// on them: errReadAgain when not.
	settle := func() error {
		if ahead == nil {
			return nil
		}
		ahead = nil
		stale, err := tx.Settle(ctx)
		if err == nil && stale {
			return errReadAgain
		}
		return err
	}
	// Under the write lock, so a sign-out that committed before this push is seen,
	// and before anything of the push is applied (the caller rolls back to push).
	if head.Live != 1 {
		return nil, false, errSessionEnded
	}
	// The account and its membership as the first mutator would read them
	// (nothing writes between); the mutators after it read them again.
	preread, premember := rd.actor.account(rd.actorR), &rd.member
	mOpen := true // savepoint msp is open and nothing was written since
	switch {
	case !head.Account.Valid:
		if err := s.registerClient(tx.Tx, req.ClientID, user, now); err != nil {
			return nil, false, err
		}
		mOpen = false // a rejection must not undo the client's row
	case head.Account.String != user:
		return nil, false, domain.Errorf(domain.CodeForbidden, "this client belongs to another account")
	}
	last := head.Last
	// The push's bookkeeping (results, quota, the client's row) goes last in b;
	// a bare push's as one statement (store.Batch.AddAsOne).
	book := b
	if bare {
		book = &store.Batch{}
		defer func() { b.AddAsOne(book) }()
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
	if len(fresh) > 0 {
		allowed, wait := s.quota.allow(head.Used, head.Oldest, len(fresh), ns)
		if allowed == 0 {
			return nil, false, &overQuota{limit: s.cfg.MaxMutationsPerDay, wait: wait}
		}
		fresh = fresh[:allowed] // the rest stay pending on the desktop
	}
	for _, m := range fresh {
		if !mOpen && !bare {
			msp = "m"
			b.Add(`SAVEPOINT m`)
		}
		// The savepoint and the previous mutation's result travel with the
		// mutator's first statement.
		if err := tx.Defer(ctx, b); err != nil {
			return nil, false, err
		}
		mOpen = false
		res := protocol.MutationResult{ID: m.ID, Status: protocol.StatusApplied}
		writes := tx.Writes()
		err := mutate.ApplyAs(tx.Tx, preread, premember, user, m.Name, m.Args, now)
		preread, premember = nil, nil
		// Whatever the mutator answered, it answered on the reads ahead: were they
		// still true when its first statement ran?
		if serr := settle(); serr != nil {
			return nil, false, serr
		}
		if err != nil {
			if !domain.IsBusiness(err) {
				return nil, false, fmt.Errorf("push: %s #%d: %w", m.Name, m.ID, err)
			}
			if bare && tx.Writes() != writes {
				return nil, false, errUndo
			} else if !bare {
				b.Add(`ROLLBACK TO ` + msp)
			}
			de := domain.AsError(err)
			res = protocol.MutationResult{ID: m.ID, Status: protocol.StatusRejected, Code: string(de.Code),
				Message: clipMessage(de.Message)}
		}
		if msp == "m" {
			b.Add(`RELEASE m`)
		}
		book.Add(`INSERT INTO mutation_results (client_id, mutation_id, name, status, code, message, version, created_at)
			VALUES (?, ?, ?, ?, ?, ?, (SELECT version FROM sync_meta WHERE id = 1), ?)`,
			req.ClientID, m.ID, m.Name, res.Status, res.Code, res.Message, now)
		resp.Results = append(resp.Results, res)
		last = m.ID
	}
	if err := settle(); err != nil { // no mutator ran: before answering on the reads ahead
		return nil, false, err
	}
	if len(fresh) > 0 {
		s.quota.record(book, user, len(fresh), ns)
	}
	book.Add(`UPDATE sync_clients SET last_mutation_id = ?, last_seen_at = ? WHERE client_id = ?`,
		last, now, req.ClientID)
	// Keep only the results a retry can ask for: a desktop pushes its outbox from
	// the oldest mutation it has no answer for, at most MaxPushMutations at once,
	// so a retry never names an id at or below last - MaxPushMutations.
	if len(fresh) > 0 && last > protocol.MaxPushMutations {
		book.Add(`DELETE FROM mutation_results WHERE client_id = ? AND mutation_id <= ?`,
			req.ClientID, last-protocol.MaxPushMutations)
	}
	resp.LastMutationID = last
	return resp, len(fresh) > 0, nil
}

// Bounds of what a push may make the server store.
const (
	maxMutationName   = 64                  // bytes; the longest real name is far shorter
	maxResultMessage  = 512                 // bytes of a rejection's message kept and echoed
	clientActiveAfter = 90 * 24 * time.Hour // a client not seen for this long no longer counts
)

// validMutationName: 1 to maxMutationName ASCII letters and dots.
func validMutationName(name string) bool {
	if name == "" || len(name) > maxMutationName {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.') {
			return false
		}
	}
	return true
}

// clipMessage cuts a rejection's message to maxResultMessage bytes, on a rune
// boundary, marking the cut.
func clipMessage(msg string) string {
	if len(msg) <= maxResultMessage {
		return msg
	}
	cut := maxResultMessage - len("…")
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + "…"
}

// registerClient registers a client on its first push; a client ID belongs to
// one account for ever.
func (s *Server) registerClient(tx *sqlx.Tx, clientID, user string, now time.Time) error {
	// Each client costs stored results: an account gets MaxClientsPerAccount
	// that have pushed within clientActiveAfter (desktops long gone stop counting).
	var seen []time.Time
	if err := tx.Select(&seen, `SELECT last_seen_at FROM sync_clients WHERE account_id = ?`, user); err != nil {
		return err
	}
	active := 0
	for _, t := range seen {
		if now.Sub(t) < clientActiveAfter {
			active++
		}
	}
	if active >= s.cfg.MaxClientsPerAccount {
		return domain.Errorf(domain.CodeQuotaExceeded,
			"this account already syncs from %d devices; a device stops counting %d days after it last synced",
			s.cfg.MaxClientsPerAccount, int(clientActiveAfter/(24*time.Hour)))
	}
	_, err := tx.Exec(`INSERT INTO sync_clients (client_id, account_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)`,
		clientID, user, now, now)
	return err
}

// ---- pokes ----

// pokeQueue holds the committed versions whose readers are still to be poked, in
// the order they were queued. Every commit that changes rows queues its version:
// the group-commit leader right after its commit (so in version order),
// registration after its own. One goroutine (poker) works through the queue, so
// a slow poke computation never holds up a commit, and no version is skipped
// whatever order commits finish in.
type pokeQueue struct {
	mu      sync.Mutex
	pending []int64
	wake    chan struct{} // capacity 1: something is pending
	ctx     context.Context
	stop    context.CancelFunc
	done    chan struct{} // closed when poker returns
}

func newPokeQueue() *pokeQueue {
	ctx, stop := context.WithCancel(context.Background())
	return &pokeQueue{wake: make(chan struct{}, 1), ctx: ctx, stop: stop, done: make(chan struct{})}
}

// take returns and clears what is pending.
func (q *pokeQueue) take() []int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := q.pending
	q.pending = nil
	return out
}

// close stops the poker and waits for it.
func (q *pokeQueue) close() {
	q.stop()
	<-q.done
}

// pokeAfter queues version v, just committed, for poking the accounts that may
// see (or held, and may no longer see) a row written at v.
func (s *Server) pokeAfter(_ context.Context, v int64) {
	if v <= 0 {
		return
	}
	s.queuePoke(v)
	if s.fleet != nil {
		s.fleet.announceCommit(v) // and the other instances' streams (fleet.go)
	}
}

// queuePoke queues version v for this instance's poker.
func (s *Server) queuePoke(v int64) {
	q := s.pokes
	q.mu.Lock()
	q.pending = append(q.pending, v)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// poker pokes for queued versions until Close. What piled up while it worked is
// handled as one range [lo, hi] and poked with hi: a stream needs the newest
// version only, and a row in the range re-stamped by a later commit is poked for
// by that commit's own turn.
func (s *Server) poker() {
	q := s.pokes
	defer close(q.done)
	for {
		select {
		case <-q.ctx.Done():
			return
		case <-q.wake:
		}
		for {
			batch := q.take()
			if len(batch) == 0 {
				break
			}
			lo, hi := batch[0], batch[0]
			for _, v := range batch {
				lo, hi = min(lo, v), max(hi, v)
			}
			if err := s.pokeRange(q.ctx, lo, hi); err != nil {
				if q.ctx.Err() != nil {
					return
				}
				// Better a needless pull than a missed change.
				s.log.Warn("computing pokes; poking every stream", "from", lo, "to", hi, "err", err)
				all := map[string]bool{}
				for _, acc := range s.hub.accounts() {
					all[acc] = true
				}
				s.hub.poke(all, hi)
			}
		}
	}
}

// changedTables lists the replicated tables with a row stamped in [?1, ?2].
var changedTables = func() string {
	var parts []string
	for _, tb := range replica.Tables {
		parts = append(parts, `SELECT '`+tb.Name+`' WHERE EXISTS (SELECT 1 FROM `+tb.Name+` WHERE version BETWEEN ?1 AND ?2)`)
	}
	return strings.Join(parts, " UNION ALL ")
}()

// viewerState is a connected account as the poker needs it.
type viewerState struct {
	ID      string      `db:"id"`
	Role    domain.Role `db:"role"`
	Active  bool        `db:"active"`
	Flagged bool        `db:"flagged"`
}

// pokeRange closes the streams of accounts deactivated in [lo, hi] and pokes,
// with hi, every connected account that sees a change in it (seesVersions).
func (s *Server) pokeRange(ctx context.Context, lo, hi int64) error {
	if s.hub.count() == 0 {
		return nil // no stream on this instance: none to close, none to poke
	}
	var deactivated []string
	if err := s.db.R.SelectContext(ctx, &deactivated, `SELECT id FROM accounts
		WHERE version BETWEEN ? AND ? AND active = 0`, lo, hi); err != nil {
		return err
	}
	for _, id := range deactivated {
		s.hub.closeAccount(id)
	}
	connected := s.hub.accounts()
	if len(connected) == 0 {
		return nil
	}
	var names []string
	if err := s.db.R.SelectContext(ctx, &names, changedTables, lo, hi); err != nil {
		return err
	}
	if len(names) == 0 {
		return nil
	}
	changed := map[string]bool{}
	for _, n := range names {
		changed[n] = true
	}
	ids, err := json.Marshal(connected)
	if err != nil {
		return err
	}
	var viewers []viewerState
	if err := s.db.R.SelectContext(ctx, &viewers, `SELECT id, role, active, flagged FROM accounts
		WHERE id IN (SELECT value FROM json_each(?))`, string(ids)); err != nil {
		return err
	}
	poke := map[string]bool{}
	for _, v := range viewers {
		sees, err := s.seesVersions(ctx, v, changed, lo, hi)
		if err != nil {
			return err
		}
		if sees {
			poke[v.ID] = true
		}
	}
	s.hub.poke(poke, hi)
	return nil
}

// seesVersions reports whether viewer must be poked for the rows stamped with a
// version in [lo, hi] (changed lists the tables that have some): whether any of
// them is a row the viewer may hold (replica's may-hold rule: what it sees now,
// and what it could have held before and must now drop), which is exactly what
// its next pull sends as a put or a del.
//
// A flagged or deactivated viewer pulls nothing but a reset, so it is poked only
// when its own account row changes (an unflag lets it pull again).
func (s *Server) seesVersions(ctx context.Context, v viewerState, changed map[string]bool, lo, hi int64) (bool, error) {
	var conds []string
	var args []any
	if v.Flagged || !v.Active {
		if !changed["accounts"] {
			return false, nil
		}
		conds = append(conds, `EXISTS (SELECT 1 FROM accounts t WHERE t.id = ? AND t.version BETWEEN ? AND ?)`)
		args = append(args, v.ID, lo, hi)
	} else {
		// A row the viewer may hold (may-hold covers what it sees now, and what it
		// saw before and may have to drop): the rule pull sends puts and dels by.
		viewer := replica.Viewer{ID: v.ID, Role: v.Role}
		for _, tb := range replica.Tables {
			if !changed[tb.Name] {
				continue
			}
			q, qargs := tb.MayHoldWhere(viewer, "", "t.version BETWEEN ? AND ?", lo, hi)
			conds = append(conds, "EXISTS ("+q+")")
			args = append(args, qargs...)
		}
	}
	if len(conds) == 0 {
		return false, nil
	}
	var sees bool
	if err := s.db.R.GetContext(ctx, &sees, `SELECT `+strings.Join(conds, " OR "), args...); err != nil {
		return false, fmt.Errorf("pokes for %s: %w", v.ID, err)
	}
	return sees, nil
}
