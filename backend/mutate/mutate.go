// Package mutate holds the mutators: one named, deterministic function per user
// action. The desktop runs a mutator optimistically against its replica; the sync
// server runs the very same code authoritatively against the canonical database.
//
// A mutator validates its arguments, loads the acting account from the database
// (never trusting a role or owner sent by a client), checks role and ownership,
// enforces the ad-request state machine and keeps committed ≤ budget for every
// campaign. It takes the time as an argument and creates rows only with IDs given in
// its arguments or derived from them, so replaying it gives the same result.
package mutate

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/replica"
	"iescp/backend/store"
)

// Ctx is what a mutator runs with: the transaction, the acting account as stored in
// the database, and the time of the mutation.
type Ctx struct {
	Tx    *sqlx.Tx
	Actor *domain.Account
	Now   time.Time
	// onReplica: the database is a desktop replica, where other accounts' campaign
	// money is masked (replica.Tables); the server checks it.
	onReplica bool
	// member caches the acting sponsor's organisation and role (membership).
	member *member
}

// Args is implemented by every mutator's argument struct: it validates (and
// normalises) itself and names the mutator it is for.
type Args interface {
	Validate() error
	Mutation() string
}

// Mutator describes one named user action.
type Mutator struct {
	Name         string
	Roles        []domain.Role // roles that may call it at all
	AllowFlagged bool          // runs for flagged accounts too (reading-like actions only)
	// OrgRole is the least role in their organisation a sponsor needs (docs/teams.md);
	// "" means manager: a viewer changes nothing.
	OrgRole domain.OrgRole
	Doc     string
	newArgs func() Args
	run     func(c *Ctx, a Args) error
}

// NewArgs returns a zero value of the mutator's argument type (for docs and clients).
func (m *Mutator) NewArgs() Args { return m.newArgs() }

var registry = map[string]*Mutator{}

// define registers a mutator whose arguments are decoded into a fresh *A.
func define[A any, PA interface {
	*A
	Args
}](name, doc string, roles []domain.Role, run func(c *Ctx, a PA) error) *Mutator {
	if _, dup := registry[name]; dup {
		panic("mutate: duplicate mutator " + name)
	}
	if got := PA(new(A)).Mutation(); got != name {
		panic("mutate: arguments of " + name + " name themselves " + got)
	}
	m := &Mutator{
		Name:    name,
		Roles:   roles,
		Doc:     doc,
		newArgs: func() Args { return PA(new(A)) },
		run:     func(c *Ctx, a Args) error { return run(c, a.(PA)) },
	}
	registry[name] = m
	return m
}

// Lookup returns the named mutator.
func Lookup(name string) (*Mutator, bool) {
	m, ok := registry[name]
	return m, ok
}

// Names lists every mutator name, sorted.
func Names() []string {
	out := make([]string, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// MaxArgsBytes bounds a mutation's encoded arguments.
const MaxArgsBytes = 64 << 10

// Decode parses raw JSON arguments for the named mutator, strictly (unknown fields
// are an error), and validates them.
func Decode(name string, raw json.RawMessage) (Args, error) {
	m, ok := registry[name]
	if !ok {
		return nil, domain.Errorf(domain.CodeInvalidArgument, "unknown mutation %q", name)
	}
	if len(raw) > MaxArgsBytes {
		return nil, domain.Errorf(domain.CodePayloadTooLarge, "arguments of %s exceed %d bytes", name, MaxArgsBytes)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		raw = json.RawMessage("{}")
	}
	a := m.newArgs()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(a); err != nil {
		return nil, domain.Errorf(domain.CodeInvalidArgument, "arguments of %s: %v", name, err)
	}
	if dec.More() {
		return nil, domain.Errorf(domain.CodeInvalidArgument, "arguments of %s: trailing data", name)
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return a, nil
}

// Apply runs the named mutation as the account actorID inside tx at time now, on
// the canonical (server) database. A business rejection is returned as a
// *domain.Error; the caller rolls tx back.
func Apply(tx *sqlx.Tx, actorID, name string, raw json.RawMessage, now time.Time) error {
	return apply(tx, actorID, name, raw, now, false)
}

// ApplyOnReplica is Apply run optimistically on a desktop replica, where other
// accounts' campaign money is masked (replica.Tables): the rules that need it are
// left to the server.
func ApplyOnReplica(tx *sqlx.Tx, actorID, name string, raw json.RawMessage, now time.Time) error {
	return apply(tx, actorID, name, raw, now, true)
}

// ApplyAs is Apply with the actor's account, and its Membership (MembershipQuery)
// if a sponsor, already read in tx with nothing written since (the server reads
// them with the push's own bookkeeping, saving round trips); nil reads them. A
// membership is used only with the account it was read beside.
func ApplyAs(tx *sqlx.Tx, actor *domain.Account, mem *Membership, actorID, name string, raw json.RawMessage, now time.Time) error {
	a, err := Decode(name, raw)
	if err != nil {
		return err
	}
	return runAs(tx, actor, mem, actorID, name, a, now, false)
}

func apply(tx *sqlx.Tx, actorID, name string, raw json.RawMessage, now time.Time, onReplica bool) error {
	a, err := Decode(name, raw)
	if err != nil {
		return err
	}
	return run(tx, actorID, name, a, now, onReplica)
}

// Run is Apply with already decoded and validated arguments.
func Run(tx *sqlx.Tx, actorID, name string, a Args, now time.Time) error {
	return run(tx, actorID, name, a, now, false)
}

// RunOnReplica is ApplyOnReplica with already decoded and validated arguments.
func RunOnReplica(tx *sqlx.Tx, actorID, name string, a Args, now time.Time) error {
	return run(tx, actorID, name, a, now, true)
}

func run(tx *sqlx.Tx, actorID, name string, a Args, now time.Time, onReplica bool) error {
	return runAs(tx, nil, nil, actorID, name, a, now, onReplica)
}

func runAs(tx *sqlx.Tx, actor *domain.Account, mem *Membership, actorID, name string, a Args, now time.Time, onReplica bool) error {
	m, ok := registry[name]
	if !ok {
		return domain.Errorf(domain.CodeInvalidArgument, "unknown mutation %q", name)
	}
	if actor == nil || actor.ID != actorID {
		mem = nil // read beside another account, or none
		var err error
		if actor, err = loadAccount(tx, actorID); err != nil {
			if domain.ErrorCode(err) == domain.CodeNotFound {
				return domain.Errorf(domain.CodeUnauthenticated, "unknown account")
			}
			return err
		}
	}
	if !actor.Active {
		return domain.Errorf(domain.CodeForbidden, "your account is deactivated")
	}
	if actor.Flagged && !m.AllowFlagged {
		return domain.Errorf(domain.CodeFlagged, "your account is flagged (%s): you can only read", actor.FlagReason)
	}
	allowed := false
	for _, r := range m.Roles {
		if r == actor.Role {
			allowed = true
		}
	}
	if !allowed {
		return domain.Errorf(domain.CodeForbidden, "%s is not allowed to %s", actor.Role, m.Name)
	}
	c := &Ctx{Tx: tx, Actor: actor, Now: now.UTC(), onReplica: onReplica}
	if mem != nil && actor.Role == domain.RoleSponsor {
		mm := mem.of(actor.ID)
		c.member = &mm
	}
	if actor.Role == domain.RoleSponsor {
		need := m.OrgRole
		if need == "" {
			need = domain.OrgManager
		}
		if err := c.requireOrgRole(need, m.Name); err != nil {
			return err
		}
	}
	return m.run(c, a)
}

// sees reports whether the actor may see the row of table with key id, by the
// same rules that decide what each account pulls (replica.Tables). A row the
// actor may not see is refused as not found, in the same words as a row that does
// not exist, so a refusal never reveals it.
func (c *Ctx) sees(table, id string) (bool, error) {
	tb, ok := replica.Lookup(table)
	if !ok {
		return false, fmt.Errorf("mutate: no visibility rule for %s", table)
	}
	q, args := tb.SelectWhere(replica.Viewer{ID: c.Actor.ID, Role: c.Actor.Role}, "", "t."+tb.Key()+" = ?", id)
	return exists(c.Tx, q, args...)
}

// seesMoney reports whether the campaign's budget and committed amount in this
// database are real for the actor: always on the server; on a desktop replica
// only for the campaign's sponsor (or an admin): others hold them masked, so a
// desktop skips the budget rule for them and the server applies it.
func (c *Ctx) seesMoney(cp *domain.Campaign) bool {
	if !c.onReplica || c.Actor.Role == domain.RoleAdmin {
		return true
	}
	mine, err := c.actsFor(cp.SponsorID)
	return err == nil && mine
}

// ---- loading rows ----

func notFound(err error, what, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Errorf(domain.CodeNotFound, "%s %s not found", what, id)
	}
	if err != nil {
		return fmt.Errorf("load %s %s: %w", what, id, err)
	}
	return nil
}

func loadAccount(tx *sqlx.Tx, id string) (*domain.Account, error) {
	var a domain.Account
	err := tx.Get(&a, `SELECT * FROM accounts WHERE id = ?`, id)
	if err := notFound(err, "account", id); err != nil {
		return nil, err
	}
	return &a, nil
}

func loadSponsor(tx *sqlx.Tx, id string) (*domain.SponsorProfile, error) {
	var p domain.SponsorProfile
	err := tx.Get(&p, `SELECT * FROM sponsor_profiles WHERE account_id = ?`, id)
	if err := notFound(err, "sponsor profile", id); err != nil {
		return nil, err
	}
	return &p, nil
}

func loadCampaign(tx *sqlx.Tx, id string) (*domain.Campaign, error) {
	var c domain.Campaign
	err := tx.Get(&c, `SELECT * FROM campaigns WHERE id = ? AND deleted_at IS NULL`, id)
	if err := notFound(err, "campaign", id); err != nil {
		return nil, err
	}
	return &c, nil
}

func loadAdRequest(tx *sqlx.Tx, id string) (*domain.AdRequest, error) {
	var r domain.AdRequest
	err := tx.Get(&r, `SELECT * FROM ad_requests WHERE id = ? AND deleted_at IS NULL`, id)
	if err := notFound(err, "ad request", id); err != nil {
		return nil, err
	}
	return &r, nil
}

func latestOffer(tx *sqlx.Tx, adRequestID string) (*domain.Offer, error) {
	var o domain.Offer
	err := tx.Get(&o, `SELECT * FROM offers WHERE ad_request_id = ? ORDER BY seq DESC LIMIT 1`, adRequestID)
	if err := notFound(err, "offer of ad request", adRequestID); err != nil {
		return nil, err
	}
	return &o, nil
}

func exists(tx *sqlx.Tx, query string, args ...any) (bool, error) {
	var n int
	if err := tx.Get(&n, `SELECT EXISTS (`+query+`)`, args...); err != nil {
		return false, fmt.Errorf("exists: %w", err)
	}
	return n == 1, nil
}

// insertNew runs query, an INSERT of one row keyed by the id the client chose, and
// refuses it as already used ("<what>id <id> is already used") when a row (live or
// deleted) has that id: the check and the write are one statement (ON CONFLICT (id)
// DO NOTHING, which inserts no row then, on SQLite as on PostgreSQL), and an Exec,
// so on PostgreSQL it travels with what the server's push holds back: the push
// waits on one round trip where it waited on two.
func insertNew(tx *sqlx.Tx, what, id, query string, args ...any) error {
	res, err := tx.ExecContext(oneRow, query+` ON CONFLICT (id) DO NOTHING`, args...)
	if err != nil {
		return fmt.Errorf("mutate: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("mutate: %w", err)
	}
	if n == 0 {
		return domain.Errorf(domain.CodeInvalidArgument, "%sid %s is already used", what, id)
	}
	return nil
}

// oneRow marks an Exec whose caller relies on it changing exactly one row (a
// speculating transaction answers 1 at once and checks it: store.WantRows).
var oneRow = store.WantRows(context.Background(), 1)

func exec(tx *sqlx.Tx, query string, args ...any) error {
	if _, err := tx.Exec(query, args...); err != nil {
		return fmt.Errorf("mutate: %w", err)
	}
	return nil
}

// Params are what a notification of some kind says, as data: names, reasons,
// amounts in cents, ratings — strings and integers only. The desktop renders the
// kind and its params in the reader's language (docs/mutations.md lists them);
// the row's title and body are left empty.
type Params map[string]any

// notify records an in-app notification for account to; its ID is derived from the
// event so a replayed mutation makes the same row.
func notify(c *Ctx, to, kind string, params Params, refTable, refID string, key ...string) error {
	for k, v := range params {
		switch v.(type) {
		case string, int, int64:
		default:
			return fmt.Errorf("notify: %s param %s is a %T, not a string or an integer", kind, k, v)
		}
	}
	if params == nil {
		params = Params{}
	}
	b, err := json.Marshal(params) // keys sorted: a replay writes the same bytes
	if err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	to_, err := recipients(c, to)
	if err != nil {
		return err
	}
	for _, acc := range to_ {
		id := domain.DerivedID(append([]string{"notification", kind, acc, refID}, key...)...)
		_, err = c.Tx.Exec(`INSERT INTO notifications (id, account_id, kind, title, body, params, ref_table, ref_id, created_at)
			VALUES (?, ?, ?, '', '', ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			id, acc, kind, string(b), refTable, refID, c.Now)
		if err != nil {
			return fmt.Errorf("notify: %w", err)
		}
	}
	return nil
}

// recipients expands a notification's addressee: an organisation (a sponsor's id
// as campaigns name it) reaches its active members but the one who acted (they
// know what they did); anyone else is themselves.
func recipients(c *Ctx, to string) ([]string, error) {
	var members []string
	if err := c.Tx.Select(&members, `SELECT account_id FROM org_members WHERE org_id = ? AND status = 'active'
		AND account_id IS NOT NULL ORDER BY account_id`, to); err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	if len(members) == 0 {
		return []string{to}, nil
	}
	out := members[:0]
	for _, m := range members {
		if c.Actor == nil || m != c.Actor.ID {
			out = append(out, m)
		}
	}
	return out, nil
}

var (
	anyone      = []domain.Role{domain.RoleAdmin, domain.RoleSponsor, domain.RoleInfluencer}
	sponsors    = []domain.Role{domain.RoleSponsor}
	influencers = []domain.Role{domain.RoleInfluencer}
	parties     = []domain.Role{domain.RoleSponsor, domain.RoleInfluencer}
	admins      = []domain.Role{domain.RoleAdmin}
)
