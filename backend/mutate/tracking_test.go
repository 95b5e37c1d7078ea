package mutate_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// campaignWith creates an active public campaign of the sponsor with a name and a
// landing page ("" for none).
func (w *world) campaignWith(name, landing string) string {
	w.t.Helper()
	id := domain.NewID()
	w.must(w.sponsor, "campaign.create", map[string]any{"id": id, "name": name, "start_date": "2026-11-01",
		"end_date": "2026-12-31", "budget": 1_000_000, "visibility": "public", "publish": true, "landing_url": landing})
	return id
}

func (w *world) link(req string) domain.TrackingLink {
	w.t.Helper()
	var l domain.TrackingLink
	if err := w.db.R.Get(&l, `SELECT * FROM tracking_links WHERE ad_request_id = ?`, req); err != nil {
		w.t.Fatalf("tracking link of %s: %v", req, err)
	}
	return l
}

var codeRE = regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{8}$`)

// Accepting a request makes its tracking link: id, code, promo code and hashtag
// derived from the request, and the landing page with the UTM parameters added to
// the query it already had (and its fragment kept).
func TestTracking_AcceptCreatesLink(t *testing.T) {
	w := newWorld(t)
	camp := w.campaignWith("Café Été: Phone Launch 2026!", "https://shop.example/launch?ref=ig&utm_source=old#top")
	req, offer := w.send(camp, w.sponsor, w.infl, 1000)
	if n := w.count(`SELECT COUNT(*) FROM tracking_links`); n != 0 {
		t.Fatalf("%d links before acceptance", n)
	}
	w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	l := w.link(req)
	if l.ID != mutate.TrackingLinkID(req) || l.ID != domain.DerivedID("tracking_link", req) {
		t.Errorf("id %s, want the one derived from the request", l.ID)
	}
	if !codeRE.MatchString(l.Code) || l.Code != mutate.TrackingToken(req, "code", 0, 8) {
		t.Errorf("code %q", l.Code)
	}
	if l.Slug != "cafe-ete-phone-launch-2026" {
		t.Errorf("slug %q", l.Slug)
	}
	if want := "CAFEETEPHONE-" + strings.ToUpper(mutate.TrackingToken(req, "promo", 0, 4)); l.PromoCode != want {
		t.Errorf("promo %q, want %q", l.PromoCode, want)
	}
	if want := "#cafeetephonelaunch20_" + l.Code[:4]; l.Hashtag != want {
		t.Errorf("hashtag %q, want %q", l.Hashtag, want)
	}
	u, err := url.Parse(l.TargetURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "https" || u.Host != "shop.example" || u.Path != "/launch" || u.Fragment != "top" || q.Get("ref") != "ig" ||
		q.Get("utm_source") != "iescp" || len(q["utm_source"]) != 1 || q.Get("utm_medium") != "influencer" ||
		q.Get("utm_campaign") != l.Slug || q.Get("utm_content") != l.Code {
		t.Errorf("target %s", l.TargetURL)
	}
	if l.Clicks != 0 || !l.CreatedAt.Equal(w.now) {
		t.Errorf("clicks %d, created %v (want %v)", l.Clicks, l.CreatedAt, w.now)
	}
	// A campaign without a landing page: the codes, and no target yet.
	bare := w.campaignWith("###", "")
	r2, o2 := w.send(bare, w.sponsor, w.infl, 1000)
	w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": r2, "offer_id": o2})
	if l2 := w.link(r2); l2.TargetURL != "" || l2.Slug != "campaign" || !strings.HasPrefix(l2.PromoCode, "CAMPAIGN-") ||
		!codeRE.MatchString(l2.Code) {
		t.Errorf("link without a landing page: %+v", l2)
	}
	// Rejected and pending requests have none.
	r3, _ := w.send(camp, w.sponsor, w.infl2, 1000)
	if n := w.count(`SELECT COUNT(*) FROM tracking_links WHERE ad_request_id = ?`, r3); n != 0 {
		t.Fatalf("a pending request has %d links", n)
	}
}

// The same accept, replayed at the same time, makes the same link.
func TestTracking_ReplayMakesTheSameLink(t *testing.T) {
	w := newWorld(t)
	camp := w.campaignWith("Replay", "https://shop.example/")
	req, offer := w.send(camp, w.sponsor, w.infl, 1000)
	errRollback := errors.New("rollback")
	var runs []string
	for range 2 {
		err := w.db.Write(context.Background(), func(tx *sqlx.Tx) error {
			if err := mutate.Apply(tx, w.infl, "adRequest.accept",
				[]byte(fmt.Sprintf(`{"ad_request_id":%q,"offer_id":%q}`, req, offer)), t0.Add(time.Hour)); err != nil {
				return err
			}
			var l domain.TrackingLink
			if err := tx.Get(&l, `SELECT * FROM tracking_links WHERE ad_request_id = ?`, req); err != nil {
				return err
			}
			runs = append(runs, fmt.Sprintf("%+v", l))
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			t.Fatal(err)
		}
	}
	if runs[0] != runs[1] {
		t.Fatalf("a replayed accept made another link:\n%s\n%s", runs[0], runs[1])
	}
}

// Codes and promo codes are unique: many accepted requests on one campaign get
// distinct ones; a taken candidate is skipped for the next; the database itself
// refuses a duplicate.
func TestTracking_Unique(t *testing.T) {
	w := newWorld(t)
	camp := w.campaignWith("Same Slug", "")
	// Another link already holds the first candidates of the next request.
	req, offer := w.send(camp, w.sponsor, w.infl, 1000)
	other, otherOffer := w.send(w.campaignWith("Other", ""), w.sponsor, w.infl2, 1000)
	w.must(w.infl2, "adRequest.accept", map[string]any{"ad_request_id": other, "offer_id": otherOffer})
	first, firstPromo := mutate.TrackingToken(req, "code", 0, 8), "SAMESLUG-"+strings.ToUpper(mutate.TrackingToken(req, "promo", 0, 4))
	w.exec(`UPDATE tracking_links SET code = ?, promo_code = ? WHERE ad_request_id = ?`, first, firstPromo, other)
	w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	l := w.link(req)
	if l.Code != mutate.TrackingToken(req, "code", 1, 8) {
		t.Errorf("code %s: want the second candidate, the first (%s) being taken", l.Code, first)
	}
	if l.PromoCode != "SAMESLUG-"+strings.ToUpper(mutate.TrackingToken(req, "promo", 1, 4)) {
		t.Errorf("promo %s: want the second candidate, the first (%s) being taken", l.PromoCode, firstPromo)
	}
	// Many requests on one campaign (one slug): all distinct.
	infls := []string{w.infl2}
	for i := range 30 {
		infls = append(infls, w.account("influencer", fmt.Sprintf("Inf %d", i), ""))
	}
	for _, inf := range infls[1:] {
		r, o := w.send(camp, w.sponsor, inf, 1000)
		w.must(inf, "adRequest.accept", map[string]any{"ad_request_id": r, "offer_id": o})
	}
	if n := w.count(`SELECT COUNT(*) FROM tracking_links`); n != 32 {
		t.Fatalf("%d links, want 32", n)
	}
	if n := w.count(`SELECT COUNT(DISTINCT code) + COUNT(DISTINCT promo_code) FROM tracking_links`); n != 64 {
		t.Fatalf("codes and promo codes not distinct: %d", n)
	}
	for _, col := range []string{"code", "promo_code"} {
		_, err := w.db.W.Exec(`UPDATE tracking_links SET `+col+` = (SELECT `+col+` FROM tracking_links WHERE ad_request_id = ?)
			WHERE ad_request_id = ?`, req, other)
		if err == nil || !strings.Contains(err.Error(), "UNIQUE") {
			t.Errorf("a duplicate %s: %v", col, err)
		}
	}
}

// landing_url: optional, http(s) only; a change retargets the campaign's links
// (codes kept), "" clears them.
func TestTracking_LandingURL(t *testing.T) {
	w := newWorld(t)
	for _, bad := range []string{"ftp://shop.example/", "javascript:alert(1)", "shop.example/launch", "https://", "https://a b.example/",
		"https://shop.example/" + strings.Repeat("x", 2000)} {
		w.want(domain.CodeInvalidArgument, w.sponsor, "campaign.create", map[string]any{"id": domain.NewID(), "name": "C",
			"start_date": "2026-11-01", "end_date": "2026-12-31", "budget": 1, "landing_url": bad})
		w.want(domain.CodeInvalidArgument, w.sponsor, "campaign.update", map[string]any{"id": w.campaign, "landing_url": bad})
	}
	camp := w.campaignWith("Retarget", "  http://shop.example/a  ")
	var stored string
	if err := w.db.R.Get(&stored, `SELECT landing_url FROM campaigns WHERE id = ?`, camp); err != nil || stored != "http://shop.example/a" {
		t.Fatalf("stored landing_url %q, %v", stored, err)
	}
	req, offer := w.send(camp, w.sponsor, w.infl, 1000)
	w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	before := w.link(req)
	w.must(w.sponsor, "campaign.update", map[string]any{"id": camp, "name": "Renamed", "landing_url": "https://shop.example/b?x=1"})
	after := w.link(req)
	if after.Code != before.Code || after.PromoCode != before.PromoCode || after.Slug != "retarget" ||
		after.TargetURL != "https://shop.example/b?utm_campaign=retarget&utm_content="+before.Code+"&utm_medium=influencer&utm_source=iescp&x=1" ||
		!after.UpdatedAt.Equal(w.now) {
		t.Errorf("retargeted link: %+v", after)
	}
	// Another field changes nothing of the link.
	w.must(w.sponsor, "campaign.update", map[string]any{"id": camp, "goals": "more"})
	if again := w.link(req); !again.UpdatedAt.Equal(after.UpdatedAt) {
		t.Errorf("an update without landing_url touched the link")
	}
	w.must(w.sponsor, "campaign.update", map[string]any{"id": camp, "landing_url": ""})
	if cleared := w.link(req); cleared.TargetURL != "" {
		t.Errorf("cleared landing page left target %q", cleared.TargetURL)
	}
}

func TestCampaignSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Phone Launch":                   "phone-launch",
		"  Café   Été -- 2026! ":         "cafe-ete-2026",
		"!!!":                            "campaign",
		"東京":                             "campaign",
		strings.Repeat("abcdefghij ", 5): "abcdefghij-abcdefghij-abcdefghij",
	} {
		if got := mutate.CampaignSlug(in); got != want {
			t.Errorf("CampaignSlug(%q) = %q, want %q", in, got, want)
		}
	}
}
