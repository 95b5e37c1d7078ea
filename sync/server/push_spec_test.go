package server

import (
	"errors"
	"regexp"
	"strconv"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/sync/protocol"
)

// On PostgreSQL a group commit first speculates (commitGroup): every plain push
// is applied on its reads ahead with its statements held back, what it relied on
// asserted on the server, and the whole group sent with the COMMIT. A speculation
// that does not hold is rolled back and the group applied again a round trip a
// push; the pushes must end exactly as they would have. On SQLite groups are
// serial and the same groups must end the same way.

// groups reads iescp_sync_push_groups_total{how} from /metrics.
func (e *testEnv) groups(how string) int {
	e.t.Helper()
	_, _, body := e.do("GET", "/metrics", "", nil)
	m := regexp.MustCompile(`(?m)^iescp_sync_push_groups_total\{how="` + how + `"\} (\d+)$`).FindSubmatch(body)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// wantGroups checks how the groups since the counts before went: speculated,
// fell back, or serial (SQLite: every group).
func (e *testEnv) wantGroups(before map[string]int, speculated, fellBack int) {
	e.t.Helper()
	got := map[string]int{}
	for _, how := range []string{"speculated", "fell_back", "serial"} {
		got[how] = e.groups(how) - before[how]
	}
	want := map[string]int{"speculated": speculated, "fell_back": fellBack}
	if !e.s.db.IsPostgres() {
		want = map[string]int{"serial": speculated + fellBack}
	}
	for _, how := range []string{"speculated", "fell_back", "serial"} {
		if got[how] != want[how] {
			e.t.Fatalf("groups %v, want %v", got, want)
		}
	}
}

func (e *testEnv) groupCounts() map[string]int {
	return map[string]int{"speculated": e.groups("speculated"), "fell_back": e.groups("fell_back"), "serial": e.groups("serial")}
}

func applied(t *testing.T, what string, j *pushJob) {
	t.Helper()
	if j.err != nil || j.resp == nil || len(j.resp.Results) != 1 || j.resp.Results[0].Status != protocol.StatusApplied {
		t.Fatalf("%s: err %v, resp %+v, want applied", what, j.err, j.resp)
	}
}

// Plain pushes of three accounts in one group: speculated (one group, no fall
// back) and everything of each push is there, stamped with the group's version.
func TestPushSpec_PlainGroupSpeculates(t *testing.T) {
	e := newEnv(t, Config{})
	a, aTok := e.account(domain.RoleSponsor)
	b, bTok := e.account(domain.RoleSponsor)
	inf, infTok := e.account(domain.RoleInfluencer)
	ca, cb, ci := domain.NewID(), domain.NewID(), domain.NewID()
	e.mustPush(aTok, ca, mut(1, "campaign.create", draft(domain.NewID())))
	e.mustPush(bTok, cb, mut(1, "campaign.create", draft(domain.NewID())))
	e.mustPush(infTok, ci, mut(1, "profile.update", mutate.ProfileUpdate{Bio: new("first")}))

	before := e.groupCounts()
	da, db := draft(domain.NewID()), draft(domain.NewID())
	ja := e.groupJob(aTok, ca, mut(2, "campaign.create", da))
	jb := e.groupJob(bTok, cb, mut(2, "campaign.create", db))
	ji := e.groupJob(infTok, ci, mut(2, "profile.update", mutate.ProfileUpdate{Bio: new("second")}))
	e.commitGroup(ja, jb, ji)
	e.wantGroups(before, 1, 0)
	for _, j := range []*pushJob{ja, jb, ji} {
		applied(t, j.req.ClientID, j)
		if j.version != e.version() || j.resp.LastMutationID != 2 {
			t.Fatalf("push of %s: version %d (now %d), last %d", j.user, j.version, e.version(), j.resp.LastMutationID)
		}
	}
	v := e.version()
	for _, c := range []struct {
		what string
		n    int64
		q    string
		args []any
	}{
		{"a's campaign", 1, `SELECT COUNT(*) FROM campaigns WHERE id = ? AND sponsor_id = ? AND version = ?`, []any{da.ID, a, v}},
		{"b's campaign", 1, `SELECT COUNT(*) FROM campaigns WHERE id = ? AND sponsor_id = ? AND version = ?`, []any{db.ID, b, v}},
		{"the bio", 1, `SELECT COUNT(*) FROM influencer_profiles WHERE account_id = ? AND bio = 'second' AND version = ?`, []any{inf, v}},
		{"the results", 3, `SELECT COUNT(*) FROM mutation_results WHERE mutation_id = 2 AND status = 'applied' AND version = ?`, []any{v}},
		{"the clients' rows", 3, `SELECT COUNT(*) FROM sync_clients WHERE client_id IN (?, ?, ?) AND last_mutation_id = 2`, []any{ca, cb, ci}},
		{"a's quota", 2, `SELECT COALESCE(SUM(n), 0) FROM limit_hits WHERE scope = ? AND subject = ?`, []any{scopePush, a}},
	} {
		if got := e.count(c.q, c.args...); got != c.n {
			t.Errorf("%s: %d, want %d", c.what, got, c.n)
		}
	}
}

// Two sponsors create a campaign with the same id in one group: the second
// insert changes no row, which its speculation relied on; the group falls back
// and the second push is rejected as when alone.
func TestPushSpec_IDTakenInTheGroupFallsBack(t *testing.T) {
	e := newEnv(t, Config{})
	a, aTok := e.account(domain.RoleSponsor)
	_, bTok := e.account(domain.RoleSponsor)
	ca, cb := domain.NewID(), domain.NewID()
	e.mustPush(aTok, ca, mut(1, "campaign.create", draft(domain.NewID())))
	e.mustPush(bTok, cb, mut(1, "campaign.create", draft(domain.NewID())))

	before := e.groupCounts()
	id := domain.NewID()
	ja := e.groupJob(aTok, ca, mut(2, "campaign.create", draft(id)))
	jb := e.groupJob(bTok, cb, mut(2, "campaign.create", draft(id)))
	e.commitGroup(ja, jb)
	e.wantGroups(before, 0, 1)
	applied(t, "the first", ja)
	if jb.err != nil || len(jb.resp.Results) != 1 || jb.resp.Results[0].Code != string(domain.CodeInvalidArgument) {
		t.Fatalf("the second: err %v, resp %+v, want its id refused", jb.err, jb.resp)
	}
	if n := e.count(`SELECT COUNT(*) FROM campaigns WHERE id = ? AND sponsor_id = ?`, id, a); n != 1 {
		t.Fatalf("%d campaigns %s of the first sponsor, want 1", n, id)
	}
	if n := e.count(`SELECT COUNT(*) FROM mutation_results WHERE client_id IN (?, ?) AND mutation_id = 2`, ca, cb); n != 2 {
		t.Fatalf("%d results recorded, want 2 (a rejection is an answer)", n)
	}
}

// A manager changes their name and the company's: the mutator writes the name,
// then refuses (only an owner changes the company). Without a savepoint the
// speculation cannot undo the name: the group falls back, and the rejection
// undoes it there.
func TestPushSpec_RejectedAfterItWroteFallsBack(t *testing.T) {
	e := newEnv(t, Config{})
	owner, ownerTok := e.account(domain.RoleSponsor)
	mate, mateTok := e.account(domain.RoleSponsor)
	var email, name string
	if err := e.s.db.R.QueryRow(`SELECT email, name FROM accounts WHERE id = ?`, mate).Scan(&email, &name); err != nil {
		t.Fatal(err)
	}
	e.mustPush(ownerTok, domain.NewID(), mut(1, "team.invite", mutate.TeamInvite{Email: email, Role: domain.OrgManager}))
	mc := domain.NewID()
	e.mustPush(mateTok, mc, mut(1, "team.accept", mutate.TeamAccept{MemberID: mutate.OrgMemberID(owner, email)}))
	oc := domain.NewID()
	e.mustPush(ownerTok, oc, mut(1, "campaign.create", draft(domain.NewID())))

	before := e.groupCounts()
	jo := e.groupJob(ownerTok, oc, mut(2, "campaign.create", draft(domain.NewID())))
	jm := e.groupJob(mateTok, mc, mut(2, "profile.update", mutate.ProfileUpdate{Name: new("Renamed"), CompanyName: new("Taken Over Ltd")}))
	e.commitGroup(jo, jm)
	e.wantGroups(before, 0, 1)
	applied(t, "the owner's", jo)
	if jm.err != nil || len(jm.resp.Results) != 1 || jm.resp.Results[0].Code != string(domain.CodeForbidden) {
		t.Fatalf("the manager's: err %v, resp %+v, want forbidden", jm.err, jm.resp)
	}
	if n := e.count(`SELECT COUNT(*) FROM accounts WHERE id = ? AND name = ?`, mate, name); n != 1 {
		t.Fatal("the refused mutation's name change was kept")
	}
	// And a group like it with nothing to undo speculates again.
	before = e.groupCounts()
	jm = e.groupJob(mateTok, mc, mut(3, "profile.update", mutate.ProfileUpdate{Name: new("Renamed")}))
	e.commitGroup(jm)
	e.wantGroups(before, 1, 0)
	applied(t, "the manager's name", jm)
	if n := e.count(`SELECT COUNT(*) FROM accounts WHERE id = ? AND name = 'Renamed'`, mate); n != 1 {
		t.Fatalf("the manager's name: %d rows", n)
	}
}

// The reads ahead are made before the write lock: a sign-out another instance
// commits between them and the lock is seen under it (the push's head is
// asserted again), and the push is refused as after any sign-out, nothing of it
// applied.
func TestPushSpec_SignedOutBeforeTheLock(t *testing.T) {
	e := newEnv(t, Config{})
	if !e.s.db.IsPostgres() {
		t.Skip("PostgreSQL only: on SQLite a group holds the write lock from its first read")
	}
	sp, tok := e.account(domain.RoleSponsor)
	client := domain.NewID()
	e.mustPush(tok, client, mut(1, "campaign.create", draft(domain.NewID())))
	j := e.groupJob(tok, client, mut(2, "campaign.create", draft(domain.NewID())))
	e.s.readAheadHook = func() {
		if _, err := e.s.db.W.Exec(`UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ?`, e.clock.Now(), j.session); err != nil {
			t.Error(err)
		}
	}
	before := e.groupCounts()
	e.commitGroup(j)
	e.s.readAheadHook = nil
	e.wantGroups(before, 0, 1)
	if !errors.Is(j.err, errSessionEnded) {
		t.Fatalf("push after a sign-out: err %v, resp %+v, want the session ended", j.err, j.resp)
	}
	if n := e.count(`SELECT COUNT(*) FROM campaigns WHERE sponsor_id = ?`, sp); n != 1 {
		t.Fatalf("%d campaigns, want the 1 from before the sign-out", n)
	}
}
