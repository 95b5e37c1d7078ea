package queries

import (
	"testing"

	"iescp/backend/domain"
)

func steps(t *testing.T, o Onboarding) map[string]OnboardingStep {
	t.Helper()
	m := map[string]OnboardingStep{}
	for _, s := range o.Steps {
		m[s.Key] = s
	}
	return m
}

func checklist(t *testing.T, w *world, v Viewer) (Onboarding, map[string]OnboardingStep) {
	t.Helper()
	o, err := OnboardingChecklist(bg, w.st.R, v)
	if err != nil {
		t.Fatal(err)
	}
	return o, steps(t, o)
}

// A brand-new sponsor: every step to do, approval waiting, invite blocked; each
// step turns done from the rows that do it, and undoing a row undoes the step.
func TestOnboardingSponsorDerived(t *testing.T) {
	w := newWorld(t)
	fresh := Viewer{AccountID: domain.NewID(), Role: domain.RoleSponsor}
	w.exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, 'new@example.com', 'sponsor', 'New', ?, ?)`,
		fresh.AccountID, worldTime, worldTime)
	w.exec(`INSERT INTO sponsor_profiles (account_id, company_name, updated_at) VALUES (?, 'New Co', ?)`, fresh.AccountID, worldTime)

	o, s := checklist(t, w, fresh)
	if o.Role != "sponsor" || len(o.Steps) != 5 || o.Done != 0 || o.Complete || o.Approval != "pending" {
		t.Fatalf("fresh sponsor: %+v", o)
	}
	wantOrder := []string{StepSponsorProfile, StepSponsorApproval, StepSponsorCampaign, StepSponsorShortlist, StepSponsorInvite}
	for i, k := range wantOrder {
		if o.Steps[i].Key != k {
			t.Fatalf("step %d = %s, want %s", i, o.Steps[i].Key, k)
		}
	}
	if !s[StepSponsorApproval].Waiting || !s[StepSponsorInvite].Blocked {
		t.Fatalf("approval should wait and invite be blocked: %+v", s)
	}

	// The profile: company name and industry.
	w.exec(`UPDATE sponsor_profiles SET industry = 'Retail' WHERE account_id = ?`, fresh.AccountID)
	// A draft campaign while waiting for approval.
	camp := domain.NewID()
	w.exec(`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, created_at, updated_at)
		VALUES (?, ?, 'Draft one', '2026-01-01', '2026-12-31', 1000, ?, ?)`, camp, fresh.AccountID, worldTime, worldTime)
	// A creator on one of the organisation's lists.
	list := domain.NewID()
	w.exec(`INSERT INTO shortlists (id, org_id, name, created_by, created_at, updated_at) VALUES (?, ?, 'Faves', ?, ?, ?)`,
		list, fresh.AccountID, fresh.AccountID, worldTime, worldTime)
	entry := domain.NewID()
	w.exec(`INSERT INTO shortlist_entries (id, shortlist_id, influencer_id, added_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		entry, list, w.infl.AccountID, fresh.AccountID, worldTime, worldTime)
	// Another organisation's list counts for nobody else.
	other := domain.NewID()
	w.exec(`INSERT INTO shortlists (id, org_id, name, created_by, created_at, updated_at) VALUES (?, ?, 'Theirs', ?, ?, ?)`,
		other, w.sponsor.AccountID, w.sponsor.AccountID, worldTime, worldTime)
	w.exec(`INSERT INTO shortlist_entries (id, shortlist_id, influencer_id, added_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		domain.NewID(), other, w.infl.AccountID, w.sponsor.AccountID, worldTime, worldTime)

	o, s = checklist(t, w, fresh)
	if !s[StepSponsorProfile].Done || !s[StepSponsorCampaign].Done || s[StepSponsorCampaign].Count != 1 ||
		!s[StepSponsorShortlist].Done || s[StepSponsorShortlist].Count != 1 || s[StepSponsorApproval].Done || o.Done != 3 {
		t.Fatalf("after profile, campaign, shortlist: %+v", o)
	}

	w.exec(`UPDATE sponsor_profiles SET approval = 'approved' WHERE account_id = ?`, fresh.AccountID)
	w.exec(`INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, payment_amount, created_at, updated_at)
		VALUES (?, ?, ?, 'sponsor', 5000, ?, ?)`, domain.NewID(), camp, w.infl.AccountID, worldTime, worldTime)
	o, s = checklist(t, w, fresh)
	if !o.Complete || o.Done != 5 || s[StepSponsorApproval].Waiting || s[StepSponsorInvite].Blocked || o.Approval != "approved" {
		t.Fatalf("all done: %+v", o)
	}

	// Nothing is stored: the entry removed and the campaign deleted, the steps are to do again.
	w.exec(`UPDATE shortlist_entries SET deleted_at = ? WHERE id = ?`, worldTime, entry)
	w.exec(`UPDATE campaigns SET deleted_at = ? WHERE id = ?`, worldTime, camp)
	o, s = checklist(t, w, fresh)
	if o.Complete || s[StepSponsorShortlist].Done || s[StepSponsorCampaign].Done {
		t.Fatalf("undone rows should undo the steps: %+v", o)
	}

	// Rejected: not waiting, not done.
	w.exec(`UPDATE sponsor_profiles SET approval = 'rejected' WHERE account_id = ?`, fresh.AccountID)
	_, s = checklist(t, w, fresh)
	if s[StepSponsorApproval].Done || s[StepSponsorApproval].Waiting {
		t.Fatalf("rejected: %+v", s[StepSponsorApproval])
	}
}

func TestOnboardingInfluencerDerived(t *testing.T) {
	w := newWorld(t)
	fresh := Viewer{AccountID: domain.NewID(), Role: domain.RoleInfluencer}
	w.exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, 'nia@example.com', 'influencer', 'Nia', ?, ?)`,
		fresh.AccountID, worldTime, worldTime)
	w.exec(`INSERT INTO influencer_profiles (account_id, display_name, updated_at) VALUES (?, 'Nia', ?)`, fresh.AccountID, worldTime)

	o, _ := checklist(t, w, fresh)
	if o.Role != "influencer" || len(o.Steps) != 4 || o.Done != 0 || o.Complete {
		t.Fatalf("fresh influencer: %+v", o)
	}
	// A profile with words but no reach is not complete.
	w.exec(`UPDATE influencer_profiles SET category = 'Food', niche = 'Baking', bio = 'Bread every day' WHERE account_id = ?`, fresh.AccountID)
	if _, s := checklist(t, w, fresh); s[StepInflProfile].Done {
		t.Fatal("a profile without reach counted as complete")
	}
	w.exec(`UPDATE influencer_profiles SET reach_instagram = 1200 WHERE account_id = ?`, fresh.AccountID)
	w.exec(`INSERT INTO media_kits (influencer_id, headline, updated_at) VALUES (?, 'Bread', ?)`, fresh.AccountID, worldTime)
	for i := range 3 {
		w.exec(`INSERT INTO posts (id, influencer_id, platform, content_type, posted_at, followers, views, reach, likes, comments, shares, saves, source, created_at, updated_at)
			VALUES (?, ?, 'instagram', 'photo', ?, 1200, 100, 90, 10, 1, 0, 0, 'import', ?, ?)`, domain.NewID(), fresh.AccountID, worldTime.AddDate(0, 0, -i), worldTime, worldTime)
	}
	// Someone else's posts are not mine.
	w.exec(`INSERT INTO posts (id, influencer_id, platform, content_type, posted_at, followers, views, reach, likes, comments, shares, saves, source, created_at, updated_at)
		VALUES (?, ?, 'instagram', 'photo', ?, 1200, 100, 90, 10, 1, 0, 0, 'import', ?, ?)`, domain.NewID(), w.infl.AccountID, worldTime, worldTime, worldTime)
	o, s := checklist(t, w, fresh)
	if !s[StepInflProfile].Done || !s[StepInflMediaKit].Done || s[StepInflPosts].Count != 3 || s[StepInflCampaigns].Done || o.Done != 3 {
		t.Fatalf("after profile, kit, posts: %+v", o)
	}
	w.exec(`INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, payment_amount, created_at, updated_at)
		VALUES (?, ?, ?, 'influencer', 5000, ?, ?)`, domain.NewID(), w.phone, fresh.AccountID, worldTime, worldTime)
	if o, _ = checklist(t, w, fresh); !o.Complete {
		t.Fatalf("after applying: %+v", o)
	}
}

func TestOnboardingAdminAndRoles(t *testing.T) {
	w := newWorld(t)
	o, err := OnboardingChecklist(bg, w.st.R, w.adm)
	if err != nil || !o.Complete || len(o.Steps) != 0 {
		t.Fatalf("admin: %+v %v", o, err)
	}
	if _, err := OnboardingChecklist(bg, w.st.R, Viewer{AccountID: "x", Role: "hacker"}); code(err) != domain.CodeForbidden {
		t.Fatalf("unknown role: %v", err)
	}
}
