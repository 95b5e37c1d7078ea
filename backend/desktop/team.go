package desktop

import (
	"iescp/backend/mutate"
	"iescp/backend/queries"
)

// TeamService is bound to the UI: the sponsor's organisation (docs/teams.md), its
// members and invitations, and the invitations sent to the signed-in sponsor. Each
// change is one typed mutation; the mutators decide who may make it.
type TeamService struct{ s *Services }

// NewTeamService makes the team service over the desktop services.
func NewTeamService(s *Services) *TeamService { return &TeamService{s: s} }

// Team returns the signed-in sponsor's organisation and its members.
func (ts *TeamService) Team() (queries.Team, error) {
	ctx, sess, err := ts.s.begin()
	if err != nil {
		return queries.Team{}, toUI(err)
	}
	t, err := queries.TeamOf(ctx, sess.db.R, viewer(sess))
	return t, toUI(err)
}

// Invitations lists the open invitations to the signed-in sponsor's email.
func (ts *TeamService) Invitations() ([]queries.Invitation, error) {
	ctx, sess, err := ts.s.begin()
	if err != nil {
		return nil, toUI(err)
	}
	out, err := queries.InvitationsFor(ctx, sess.db.R, viewer(sess))
	return out, toUI(err)
}

// Invite invites a teammate by email with a role (an owner).
func (ts *TeamService) Invite(a mutate.TeamInvite) error { return ts.s.act(&a) }

// SetRole changes a member's or an invitation's role (an owner).
func (ts *TeamService) SetRole(a mutate.TeamSetRole) error { return ts.s.act(&a) }

// Remove removes a member or revokes an invitation (an owner).
func (ts *TeamService) Remove(a mutate.TeamRemove) error { return ts.s.act(&a) }

// Accept joins the organisation whose invitation this is.
func (ts *TeamService) Accept(a mutate.TeamAccept) error { return ts.s.act(&a) }

// Decline declines an invitation.
func (ts *TeamService) Decline(a mutate.TeamDecline) error { return ts.s.act(&a) }
