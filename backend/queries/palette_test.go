package queries

import (
	"strings"
	"testing"

	"iescp/backend/domain"
)

func palette(t *testing.T, w *world, v Viewer, text string) []PaletteHit {
	t.Helper()
	r, err := Palette(bg, w.st.R, v, text)
	if err != nil {
		t.Fatal(err)
	}
	return r.Items
}

func kinds(hits []PaletteHit) string {
	var b []string
	for _, h := range hits {
		b = append(b, h.Kind+":"+h.Title)
	}
	return strings.Join(b, ", ")
}

func hasID(hits []PaletteHit, id string) bool {
	for _, h := range hits {
		if h.ID == id {
			return true
		}
	}
	return false
}

// paletteWorld adds a second sponsor (Rival) with a private draft and a public
// active campaign, both named "Phone ...", and a flagged creator.
func paletteWorld(t *testing.T) (w *world, rival Viewer, private, public, flagged string) {
	w = newWorld(t)
	rival = Viewer{AccountID: domain.NewID(), Role: domain.RoleSponsor}
	w.exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, 'rival@example.com', 'sponsor', 'Rival', ?, ?)`,
		rival.AccountID, worldTime, worldTime)
	w.exec(`INSERT INTO sponsor_profiles (account_id, company_name, approval, updated_at) VALUES (?, 'Rival Ltd', 'approved', ?)`, rival.AccountID, worldTime)
	private, public = domain.NewID(), domain.NewID()
	w.exec(`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, visibility, status, created_at, updated_at)
		VALUES (?, ?, 'Phone secret', '2026-01-01', '2026-12-31', 1000, 'private', 'active', ?, ?)`, private, rival.AccountID, worldTime, worldTime)
	w.exec(`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, visibility, status, created_at, updated_at)
		VALUES (?, ?, 'Phone open call', '2026-01-01', '2026-12-31', 1000, 'public', 'active', ?, ?)`, public, rival.AccountID, worldTime, worldTime)
	flagged = domain.NewID()
	w.exec(`INSERT INTO accounts (id, email, role, name, flagged, created_at, updated_at) VALUES (?, 'iva@example.com', 'influencer', 'Ivana', 1, ?, ?)`,
		flagged, worldTime, worldTime)
	w.exec(`INSERT INTO influencer_profiles (account_id, display_name, niche, updated_at) VALUES (?, 'Ivana', 'Phones', ?)`, flagged, worldTime)
	return w, rival, private, public, flagged
}

// Another sponsor's campaigns, private or public, never appear in a sponsor's
// palette; the sponsor's own campaigns and requests do, found by name and prefix.
func TestPaletteSponsorVisibility(t *testing.T) {
	w, rival, private, public, flagged := paletteWorld(t)

	hits := palette(t, w, w.sponsor, "phone")
	if hasID(hits, private) || hasID(hits, public) {
		t.Fatalf("another sponsor's campaign in the palette: %s", kinds(hits))
	}
	if !hasID(hits, w.phone) || !hasID(hits, w.onPhone) {
		t.Fatalf("own campaign and request missing: %s", kinds(hits))
	}
	if hits[0].Kind != PaletteCampaign || hits[0].ID != w.phone || hits[0].Detail != "Maya Inc" {
		t.Fatalf("first hit: %+v", hits[0])
	}
	if fh := palette(t, w, w.sponsor, "ivana"); hasID(fh, flagged) {
		t.Fatalf("a flagged creator offered to a sponsor: %s", kinds(fh))
	}
	// Names only: Ivan's niche (Tech · Phones) and a campaign's description do not match.
	w.exec(`UPDATE influencer_profiles SET niche = 'Phones' WHERE account_id = ?`, w.infl.AccountID)
	w.exec(`UPDATE campaigns SET description = 'zebra phones' WHERE id = ?`, w.zebra)
	if nh := palette(t, w, w.sponsor, "phones"); hasID(nh, w.infl.AccountID) || hasID(nh, w.zebra) {
		t.Fatalf("matched beyond names: %s", kinds(nh))
	}
	// The rival sees its own two and none of Maya's.
	rh := palette(t, w, rival, "pho")
	if !hasID(rh, private) || !hasID(rh, public) || hasID(rh, w.phone) || hasID(rh, w.onPhone) {
		t.Fatalf("rival's palette: %s", kinds(rh))
	}
	// A creator by name, and the requests with that creator.
	ih := palette(t, w, w.sponsor, "iva")
	if !hasID(ih, w.infl.AccountID) || !hasID(ih, w.onPhone) || !hasID(ih, w.onZebra) {
		t.Fatalf("creator and their requests: %s", kinds(ih))
	}
	for _, h := range ih {
		if h.Kind == PaletteRequest && h.Detail != "Ivan" {
			t.Fatalf("request's counterparty: %+v", h)
		}
	}
}

func TestPaletteInfluencerAndAdmin(t *testing.T) {
	w, _, private, public, flagged := paletteWorld(t)

	hits := palette(t, w, w.infl, "phone")
	if hasID(hits, private) {
		t.Fatalf("a private campaign in an influencer's palette: %s", kinds(hits))
	}
	if !hasID(hits, public) || !hasID(hits, w.phone) || !hasID(hits, w.onPhone) {
		t.Fatalf("influencer: %s", kinds(hits))
	}
	for _, h := range hits {
		if h.Kind == PaletteCreator {
			t.Fatalf("an influencer found a creator: %s", kinds(hits))
		}
	}
	// Zebra socks is flagged, but the influencer has a request on it: as the list.
	if zh := palette(t, w, w.infl, "zebra"); !hasID(zh, w.zebra) || !hasID(zh, w.onZebra) {
		t.Fatalf("zebra: %s", kinds(zh))
	}
	// The sponsor's company finds the influencer's requests with it.
	if mh := palette(t, w, w.infl, "maya"); !hasID(mh, w.onPhone) || !hasID(mh, w.onZebra) {
		t.Fatalf("by company: %s", kinds(mh))
	}

	ah := palette(t, w, w.adm, "phone")
	if !hasID(ah, private) || !hasID(ah, public) || !hasID(ah, w.phone) {
		t.Fatalf("admin: %s", kinds(ah))
	}
	// An admin finds flagged creators too.
	if fh := palette(t, w, w.adm, "ivana"); !hasID(fh, flagged) {
		t.Fatalf("admin, flagged creator: %s", kinds(fh))
	}
}

func TestPaletteLimitsAndInput(t *testing.T) {
	w := newWorld(t)
	for i := range PaletteLimit + 3 {
		w.exec(`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, created_at, updated_at)
			VALUES (?, ?, ?, '2026-01-01', '2026-12-31', 1000, ?, ?)`, domain.NewID(), w.sponsor.AccountID,
			"Launch wave "+string(rune('a'+i)), worldTime, worldTime)
	}
	hits := palette(t, w, w.sponsor, "launch")
	n := 0
	for _, h := range hits {
		if h.Kind == PaletteCampaign {
			n++
		}
	}
	if n != PaletteLimit {
		t.Fatalf("campaign hits = %d, want %d: %s", n, PaletteLimit, kinds(hits))
	}
	// FTS syntax is plain words; empty text finds nothing; too long is refused.
	for _, text := range []string{"", "   ", `"`, `NEAR(phone`, `phone*"`} {
		if _, err := Palette(bg, w.st.R, w.sponsor, text); err != nil {
			t.Fatalf("%q: %v", text, err)
		}
	}
	if got := palette(t, w, w.sponsor, "  "); len(got) != 0 {
		t.Fatalf("blank text found %s", kinds(got))
	}
	if _, err := Palette(bg, w.st.R, w.sponsor, strings.Repeat("a", 201)); code(err) != domain.CodeInvalidArgument {
		t.Fatalf("long text: %v", err)
	}
	if _, err := Palette(bg, w.st.R, Viewer{AccountID: "x", Role: "nobody"}, "phone"); code(err) != domain.CodeForbidden {
		t.Fatalf("unknown role: %v", err)
	}
	if got := likeWords(`"50%" "off_"*`); got != `%50\%%off\_%` {
		t.Fatalf("likeWords = %q", got)
	}
}
