package server

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/sync/protocol"
)

// On PostgreSQL a group commit reads every push's first reads ahead, in its first
// round trip, and each push applies on them, sending them again as expectations
// with its mutator's first statement. A push whose reads an earlier push of the
// same group changed is undone and applied again on what is true then; on SQLite
// (no reads ahead) the same groups must end the same way.

// An admin flags a sponsor in the same group as the sponsor's push, just before
// it: the sponsor's row read ahead says unflagged, the push must be refused as a
// flagged account's.
func TestPushAhead_FlaggedEarlierInTheGroup(t *testing.T) {
	e := newEnv(t, Config{})
	_, admin := e.account(domain.RoleAdmin)
	sp, spTok := e.account(domain.RoleSponsor)
	adminClient, spClient := domain.NewID(), domain.NewID()
	e.mustPush(admin, adminClient, mut(1, "admin.approveSponsor", mutate.AdminSponsorReview{SponsorID: sp}))
	e.mustPush(spTok, spClient, mut(1, "campaign.create", draft(domain.NewID())))

	flag := e.groupJob(admin, adminClient, mut(2, "admin.flag", mutate.AdminFlag{Target: "account", ID: sp, Reason: "spam"}))
	create := e.groupJob(spTok, spClient, mut(2, "campaign.create", draft(domain.NewID())))
	e.commitGroup(flag, create)
	if flag.err != nil || len(flag.resp.Results) != 1 || flag.resp.Results[0].Status != protocol.StatusApplied {
		t.Fatalf("the flag: err %v, resp %+v", flag.err, flag.resp)
	}
	if create.err != nil || len(create.resp.Results) != 1 || create.resp.Results[0].Status != protocol.StatusRejected {
		t.Fatalf("the flagged sponsor's push: err %v, resp %+v, want its mutation rejected", create.err, create.resp)
	}
	if n := e.count(`SELECT COUNT(*) FROM campaigns WHERE sponsor_id = ?`, sp); n != 1 {
		t.Fatalf("%d campaigns of the flagged sponsor, want the 1 from before the flag", n)
	}
	if create.resp.LastMutationID != 2 {
		t.Fatalf("last mutation %d, want 2 (a rejection is an answer)", create.resp.LastMutationID)
	}
}

// One account pushes from two desktops in one group, with one mutation of its
// quota left: the first push spends it, the second, which read the quota ahead
// as unspent, must be refused over quota and apply nothing.
func TestPushAhead_QuotaSpentEarlierInTheGroup(t *testing.T) {
	e := newEnv(t, Config{MaxMutationsPerDay: 3})
	sp, tok := e.account(domain.RoleSponsor)
	laptop, desktop := domain.NewID(), domain.NewID()
	e.mustPush(tok, laptop, mut(1, "campaign.create", draft(domain.NewID())))
	e.mustPush(tok, desktop, mut(1, "campaign.create", draft(domain.NewID())))

	first := e.groupJob(tok, laptop, mut(2, "campaign.create", draft(domain.NewID())))
	second := e.groupJob(tok, desktop, mut(2, "campaign.create", draft(domain.NewID())))
	e.commitGroup(first, second)
	if first.err != nil || first.resp.Results[0].Status != protocol.StatusApplied {
		t.Fatalf("the first push: err %v, resp %+v", first.err, first.resp)
	}
	var oq *overQuota
	if !errors.As(second.err, &oq) {
		t.Fatalf("the second push: err %v, resp %+v, want over quota", second.err, second.resp)
	}
	if n := e.count(`SELECT COUNT(*) FROM campaigns WHERE sponsor_id = ?`, sp); n != 3 {
		t.Fatalf("%d campaigns, want 3 (the quota)", n)
	}
	if n := e.count(`SELECT last_mutation_id FROM sync_clients WHERE client_id = ?`, desktop); n != 1 {
		t.Fatalf("the refused desktop's last mutation is %d, want 1", n)
	}
}

// One desktop's two pushes land in one group (a retry racing its original): the
// second's client row read ahead says nothing was applied yet; it must be
// applied after the first, not refused as out of order, and the first's
// mutation not applied twice.
func TestPushAhead_SameClientTwiceInTheGroup(t *testing.T) {
	e := newEnv(t, Config{})
	sp, tok := e.account(domain.RoleSponsor)
	client := domain.NewID()
	e.mustPush(tok, client, mut(1, "campaign.create", draft(domain.NewID())))
	a, b := draft(domain.NewID()), draft(domain.NewID())
	one := e.groupJob(tok, client, mut(2, "campaign.create", a))
	both := e.groupJob(tok, client, mut(2, "campaign.create", a), mut(3, "campaign.create", b))
	e.commitGroup(one, both)
	if one.err != nil || both.err != nil {
		t.Fatalf("errors: %v, %v", one.err, both.err)
	}
	if len(both.resp.Results) != 2 || both.resp.Results[0].Status != protocol.StatusApplied ||
		both.resp.Results[1].Status != protocol.StatusApplied || both.resp.LastMutationID != 3 {
		t.Fatalf("the second push: %+v, want 2 (recorded) and 3 applied", both.resp)
	}
	if n := e.count(`SELECT COUNT(*) FROM campaigns WHERE sponsor_id = ?`, sp); n != 3 {
		t.Fatalf("%d campaigns, want 3", n)
	}
}

// A push's client row, quota use and sign-in are read ahead without being sent
// again as expectations (commitPushes): that holds only while no mutator writes
// them. The mutators run from backend/ (mutate and what it calls); none of its
// code outside the store's migrations may name those tables.
func TestPushAhead_MutatorsLeaveTheBookkeeping(t *testing.T) {
	tables := []string{"sync_clients", "limit_hits", "refresh_tokens"}
	root := filepath.Join("..", "..", "backend")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path == filepath.Join(root, "store") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, tb := range tables {
			if strings.Contains(string(src), tb) {
				t.Errorf("%s names %s: a mutator may write it, so a push read ahead must expect it again", path, tb)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
