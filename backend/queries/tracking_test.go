package queries

import (
	"context"
	"testing"

	"iescp/backend/domain"
)

// A request's tracking link is read by its two parties and admins; a stranger
// gets not_found, in the same words as an id that exists nowhere; a request
// without a link (not accepted yet) answers nil.
func TestAdRequestTrackingLink(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.exec(`INSERT INTO tracking_links (id, ad_request_id, code, promo_code, hashtag, slug, target_url, clicks, created_at, updated_at)
		VALUES (?, ?, 'abcd2345', 'PHONELAUNCH-X7Q2', '#phonelaunch_abcd', 'phone-launch', 'https://shop.example/?utm_content=abcd2345', 7, ?, ?)`,
		domain.NewID(), w.onPhone, worldTime, worldTime)
	for _, v := range []Viewer{w.sponsor, w.infl, w.adm} {
		l, err := AdRequestTrackingLink(ctx, w.st.R, v, w.onPhone)
		if err != nil || l == nil {
			t.Fatalf("%s: %v, %v", v.Role, l, err)
		}
		if l.Code != "abcd2345" || l.PromoCode != "PHONELAUNCH-X7Q2" || l.Hashtag != "#phonelaunch_abcd" || l.Clicks != 7 ||
			l.TargetURL != "https://shop.example/?utm_content=abcd2345" || l.AdRequestID != w.onPhone || l.ShortURL != "" {
			t.Errorf("%s reads %+v", v.Role, *l)
		}
	}
	if l, err := AdRequestTrackingLink(ctx, w.st.R, w.sponsor, w.onZebra); err != nil || l != nil {
		t.Errorf("a request without a link: %v, %v", l, err)
	}
	stranger := Viewer{AccountID: domain.NewID(), Role: domain.RoleInfluencer}
	otherSponsor := Viewer{AccountID: domain.NewID(), Role: domain.RoleSponsor}
	for _, v := range []Viewer{stranger, otherSponsor} {
		_, err := AdRequestTrackingLink(ctx, w.st.R, v, w.onPhone)
		_, none := AdRequestTrackingLink(ctx, w.st.R, v, domain.NewID())
		if domain.ErrorCode(err) != domain.CodeNotFound || err.Error() != none.Error() {
			t.Errorf("a stranger (%s): %v; an unknown id: %v", v.Role, err, none)
		}
	}
	if _, err := AdRequestTrackingLink(ctx, w.st.R, w.sponsor, ""); domain.ErrorCode(err) != domain.CodeInvalidArgument {
		t.Errorf("no id: %v", err)
	}
}
