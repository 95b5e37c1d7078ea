package desktop

import "iescp/backend/queries"

// OnboardingService is bound to the UI: the first hour. The signed-in account's
// onboarding checklist, derived from the replica each time (queries.OnboardingChecklist;
// hiding it is a local setting of the UI), and the command palette's search of
// campaigns, creators and ad requests by name (queries.Palette). Both offline.
type OnboardingService struct{ s *Services }

// NewOnboardingService makes the onboarding service over the desktop services.
func NewOnboardingService(s *Services) *OnboardingService { return &OnboardingService{s: s} }

// Checklist is the signed-in account's onboarding checklist.
func (o *OnboardingService) Checklist() (queries.Onboarding, error) {
	ctx, sess, err := o.s.begin()
	if err != nil {
		return queries.Onboarding{}, toUI(err)
	}
	c, err := queries.OnboardingChecklist(ctx, sess.db.R, viewer(sess))
	return c, toUI(err)
}

// Palette finds the campaigns, creators and ad requests whose name matches text,
// as the signed-in account may see them.
func (o *OnboardingService) Palette(text string) (queries.PaletteResult, error) {
	ctx, sess, err := o.s.begin()
	if err != nil {
		return queries.PaletteResult{Items: []queries.PaletteHit{}}, toUI(err)
	}
	r, err := queries.Palette(ctx, sess.db.R, viewer(sess), text)
	return r, toUI(err)
}
