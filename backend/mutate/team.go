package mutate

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"iescp/backend/auth"
	"iescp/backend/domain"
)

// Organisations (docs/teams.md). A sponsor acts for one organisation at a time: the
// one whose invitation they accepted, else the one they founded (named by their own
// account id), as its owner. Campaigns, requests, deals, money and lists belong to
// the organisation; what a member may do depends on their role.

// OrgMemberID is the id of the membership of email in organisation org: inviting
// the same address twice names one row, on every replay.
func OrgMemberID(org, email string) string {
	return domain.DerivedID("org_member", org, strings.ToLower(email))
}

// member is the actor's organisation and role, loaded once per mutation.
type member struct {
	org  string
	role domain.OrgRole
}

// membershipQuery reads the acting sponsor's active membership: org_id, role.
const membershipQuery = `SELECT org_id, role FROM org_members WHERE account_id = ? AND status = 'active'
	ORDER BY org_id = account_id LIMIT 1`

// Membership is the row membershipQuery reads for a sponsor, read by a caller
// with statements of its own (MembershipQuery) and handed to ApplyAs beside the
// account: the server's push reads both with its bookkeeping, in one round trip.
type Membership struct {
	Org, Role string
	None      bool // the query found no row
}

// MembershipQuery is the statement (house SQL) and arguments that read the
// Membership of account actorID.
func MembershipQuery(actorID string) (string, []any) { return membershipQuery, []any{actorID} }

// of is what the row means for sponsor actorID: their active membership, else
// the organisation they founded, as owner.
func (m *Membership) of(actorID string) member {
	if m.None {
		return member{org: actorID, role: domain.OrgOwner}
	}
	return member{org: m.Org, role: domain.OrgRole(m.Role)}
}

// membership returns the organisation the acting sponsor acts for and their role
// in it (Membership.of). Anyone else acts for no organisation ("", "").
func (c *Ctx) membership() (member, error) {
	if c.Actor.Role != domain.RoleSponsor {
		return member{}, nil
	}
	if c.member != nil {
		return *c.member, nil
	}
	var m Membership
	err := c.Tx.QueryRowx(membershipQuery, c.Actor.ID).Scan(&m.Org, &m.Role)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		m.None = true
	case err != nil:
		return member{}, fmt.Errorf("membership: %w", err)
	}
	mm := m.of(c.Actor.ID)
	c.member = &mm
	return mm, nil
}

// orgID is the organisation the acting sponsor acts for ("" for anyone else).
func (c *Ctx) orgID() (string, error) {
	m, err := c.membership()
	return m.org, err
}

// actsFor reports whether the actor acts for the organisation org (a campaign's
// sponsor_id).
func (c *Ctx) actsFor(org string) (bool, error) {
	m, err := c.membership()
	return m.org != "" && m.org == org, err
}

// requireOrgRole refuses a sponsor whose role in their organisation is below min,
// naming what they tried.
func (c *Ctx) requireOrgRole(min domain.OrgRole, what string) error {
	m, err := c.membership()
	if err != nil {
		return err
	}
	if c.Actor.Role == domain.RoleSponsor && !m.role.AtLeast(min) {
		return domain.Errorf(domain.CodeForbidden, "a %s of the organisation cannot %s: ask an owner", m.role, what)
	}
	return nil
}

// ---- arguments ----

// TeamInvite invites a teammate by email with a role; they join when they register
// with that address or accept it after signing in.
type TeamInvite struct {
	Email string         `json:"email"`
	Role  domain.OrgRole `json:"role"`
}

func (a *TeamInvite) Validate() error {
	email, err := auth.NormalizeEmail(a.Email)
	if err != nil {
		return domain.Errorf(domain.CodeInvalidArgument, "email: %v", err)
	}
	a.Email = email
	if !a.Role.Valid() {
		return domain.Errorf(domain.CodeInvalidArgument, "role must be owner, manager or viewer, got %q", clip(string(a.Role)))
	}
	return nil
}

// TeamSetRole changes a member's (or a pending invitation's) role.
type TeamSetRole struct {
	MemberID string         `json:"member_id"`
	Role     domain.OrgRole `json:"role"`
}

func (a *TeamSetRole) Validate() error {
	var v checker
	v.id("member_id", a.MemberID)
	if !a.Role.Valid() {
		v.fail("role must be owner, manager or viewer, got %q", clip(string(a.Role)))
	}
	return v.result()
}

// TeamMemberRef names one membership row.
type TeamMemberRef struct {
	MemberID string `json:"member_id"`
}

func (a *TeamMemberRef) Validate() error {
	var v checker
	v.id("member_id", a.MemberID)
	return v.result()
}

type (
	// TeamRemove removes a member or revokes an invitation.
	TeamRemove TeamMemberRef
	// TeamAccept accepts an invitation sent to the actor's email.
	TeamAccept TeamMemberRef
	// TeamDecline declines an invitation sent to the actor's email.
	TeamDecline TeamMemberRef
)

func (a *TeamRemove) Validate() error  { return (*TeamMemberRef)(a).Validate() }
func (a *TeamAccept) Validate() error  { return (*TeamMemberRef)(a).Validate() }
func (a *TeamDecline) Validate() error { return (*TeamMemberRef)(a).Validate() }

func (a *TeamInvite) Mutation() string  { return "team.invite" }
func (a *TeamSetRole) Mutation() string { return "team.setRole" }
func (a *TeamRemove) Mutation() string  { return "team.remove" }
func (a *TeamAccept) Mutation() string  { return "team.accept" }
func (a *TeamDecline) Mutation() string { return "team.decline" }

var (
	MTeamInvite = needs(domain.OrgOwner, define("team.invite",
		"An owner invites a teammate by email as owner, manager or viewer; inviting a removed or declined address again renews the invitation.",
		sponsors, teamInvite))
	MTeamSetRole = needs(domain.OrgOwner, define("team.setRole",
		"An owner changes a member's or an invitation's role; the founder stays an owner.",
		sponsors, teamSetRole))
	MTeamRemove = needs(domain.OrgOwner, define("team.remove",
		"An owner removes a member (their desktop loses the organisation's rows at its next pull) or revokes an invitation; the founder cannot be removed.",
		sponsors, teamRemove))
	MTeamAccept = needs(domain.OrgViewer, define("team.accept",
		"A sponsor accepts an invitation sent to their email and from then on acts for that organisation (refused while their own organisation has campaigns or members).",
		sponsors, teamAccept))
	MTeamDecline = needs(domain.OrgViewer, define("team.decline",
		"A sponsor declines an invitation sent to their email.",
		sponsors, teamDecline))
)

// needs sets the least organisation role a sponsor needs for m (default manager).
func needs(role domain.OrgRole, m *Mutator) *Mutator {
	m.OrgRole = role
	return m
}

func teamInvite(c *Ctx, a *TeamInvite) error {
	org, err := c.orgID()
	if err != nil {
		return err
	}
	id := OrgMemberID(org, a.Email)
	var row domain.OrgMember
	switch err := c.Tx.Get(&row, `SELECT * FROM org_members WHERE id = ?`, id); {
	case errors.Is(err, sql.ErrNoRows):
		return exec(c.Tx, `INSERT INTO org_members (id, org_id, email, account_id, role, status, invited_by, created_at, updated_at)
			VALUES (?, ?, ?, NULL, ?, 'invited', ?, ?, ?)`, id, org, a.Email, a.Role, c.Actor.ID, c.Now, c.Now)
	case err != nil:
		return err
	}
	switch row.Status {
	case domain.MemberActive:
		return domain.Errorf(domain.CodeInvalidTransition, "%s is already a member", a.Email)
	case domain.MemberInvited:
		return domain.Errorf(domain.CodeInvalidTransition, "%s is already invited", a.Email)
	}
	return exec(c.Tx, `UPDATE org_members SET status = 'invited', account_id = NULL, role = ?, invited_by = ?, updated_at = ?
		WHERE id = ?`, a.Role, c.Actor.ID, c.Now, id)
}

// orgRow loads a membership row of the actor's organisation; another
// organisation's row does not exist for them.
func orgRow(c *Ctx, id string) (*domain.OrgMember, error) {
	org, err := c.orgID()
	if err != nil {
		return nil, err
	}
	var row domain.OrgMember
	err = c.Tx.Get(&row, `SELECT * FROM org_members WHERE id = ? AND org_id = ?`, id, org)
	if err := notFound(err, "member", id); err != nil {
		return nil, err
	}
	return &row, nil
}

func teamSetRole(c *Ctx, a *TeamSetRole) error {
	row, err := orgRow(c, a.MemberID)
	if err != nil {
		return err
	}
	if row.Founder() && a.Role != domain.OrgOwner {
		return domain.Errorf(domain.CodeForbidden, "the organisation's founder stays an owner")
	}
	if row.Status != domain.MemberActive && row.Status != domain.MemberInvited {
		return domain.Errorf(domain.CodeInvalidTransition, "%s is %s", row.Email, row.Status)
	}
	return exec(c.Tx, `UPDATE org_members SET role = ?, updated_at = ? WHERE id = ?`, a.Role, c.Now, row.ID)
}

func teamRemove(c *Ctx, a *TeamRemove) error {
	row, err := orgRow(c, a.MemberID)
	if err != nil {
		return err
	}
	if row.Founder() {
		return domain.Errorf(domain.CodeForbidden, "the organisation's founder cannot be removed")
	}
	if row.Status != domain.MemberActive && row.Status != domain.MemberInvited {
		return domain.Errorf(domain.CodeInvalidTransition, "%s is already %s", row.Email, row.Status)
	}
	if err := exec(c.Tx, `UPDATE org_members SET status = 'removed', updated_at = ? WHERE id = ?`, c.Now, row.ID); err != nil {
		return err
	}
	if row.AccountID != nil && row.Status == domain.MemberActive {
		company := ""
		if p, err := loadSponsor(c.Tx, row.OrgID); err == nil {
			company = p.CompanyName
		}
		return notify(c, *row.AccountID, "team.removed", Params{"company": company}, "org_members", row.ID)
	}
	return nil
}

// invitation loads an invitation sent to the actor's email; any other row does not
// exist for them.
func invitation(c *Ctx, id string) (*domain.OrgMember, error) {
	var row domain.OrgMember
	err := c.Tx.Get(&row, `SELECT * FROM org_members WHERE id = ? AND status = 'invited' AND email = ?`, id, c.Actor.Email)
	if err := notFound(err, "invitation", id); err != nil {
		return nil, err
	}
	return &row, nil
}

func teamAccept(c *Ctx, a *TeamAccept) error {
	row, err := invitation(c, a.MemberID)
	if err != nil {
		return err
	}
	cur, err := c.membership()
	if err != nil {
		return err
	}
	if cur.org != c.Actor.ID {
		return domain.Errorf(domain.CodeInvalidTransition, "you already act for another organisation: leave it first")
	}
	// The organisation the actor founded must be empty: its campaigns and members
	// cannot follow them.
	busy, err := exists(c.Tx, `SELECT 1 FROM campaigns WHERE sponsor_id = ? AND deleted_at IS NULL
		UNION ALL SELECT 1 FROM org_members WHERE org_id = ? AND id <> org_id AND status IN ('active', 'invited')`, c.Actor.ID, c.Actor.ID)
	if err != nil {
		return err
	}
	if busy {
		return domain.Errorf(domain.CodeInvalidTransition, "your own organisation has campaigns or members: it cannot be left behind")
	}
	if err := exec(c.Tx, `UPDATE org_members SET status = 'removed', updated_at = ? WHERE id = ? AND status = 'active'`,
		c.Now, c.Actor.ID); err != nil {
		return err
	}
	if err := exec(c.Tx, `UPDATE org_members SET status = 'active', account_id = ?, updated_at = ? WHERE id = ?`,
		c.Actor.ID, c.Now, row.ID); err != nil {
		return err
	}
	c.member = nil
	if row.InvitedBy != nil && *row.InvitedBy != c.Actor.ID {
		return notify(c, *row.InvitedBy, "team.joined", Params{"member": c.Actor.Name}, "org_members", row.ID)
	}
	return nil
}

func teamDecline(c *Ctx, a *TeamDecline) error {
	row, err := invitation(c, a.MemberID)
	if err != nil {
		return err
	}
	return exec(c.Tx, `UPDATE org_members SET status = 'declined', updated_at = ? WHERE id = ?`, c.Now, row.ID)
}
