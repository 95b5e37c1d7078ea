package domain

import "time"

// OrgRole is what a member may do for their organisation (docs/teams.md): an owner
// everything, including money and membership; a manager the day-to-day work
// (campaigns, invitations, negotiation, lists); a viewer reads and changes nothing.
type OrgRole string

const (
	OrgOwner   OrgRole = "owner"
	OrgManager OrgRole = "manager"
	OrgViewer  OrgRole = "viewer"
)

// Valid reports whether r is one of the three roles.
func (r OrgRole) Valid() bool { return r == OrgOwner || r == OrgManager || r == OrgViewer }

// AtLeast reports whether r may do what min may (owner > manager > viewer).
func (r OrgRole) AtLeast(min OrgRole) bool { return r.rank() >= min.rank() }

func (r OrgRole) rank() int {
	switch r {
	case OrgOwner:
		return 3
	case OrgManager:
		return 2
	case OrgViewer:
		return 1
	}
	return 0
}

// MemberStatus is where a membership stands.
type MemberStatus string

const (
	MemberInvited  MemberStatus = "invited"
	MemberActive   MemberStatus = "active"
	MemberRemoved  MemberStatus = "removed"
	MemberDeclined MemberStatus = "declined"
)

// OrgMember is one row of org_members: a member of an organisation, or an invitation
// to become one. An organisation is named by its founder's account id (OrgID); the
// founder's own row has ID == OrgID.
type OrgMember struct {
	ID        string       `db:"id" json:"id"`
	OrgID     string       `db:"org_id" json:"org_id"`
	Email     string       `db:"email" json:"email"`
	AccountID *string      `db:"account_id" json:"account_id"`
	Role      OrgRole      `db:"role" json:"role"`
	Status    MemberStatus `db:"status" json:"status"`
	InvitedBy *string      `db:"invited_by" json:"invited_by"`
	CreatedAt time.Time    `db:"created_at" json:"created_at"`
	UpdatedAt time.Time    `db:"updated_at" json:"updated_at"`
	Version   int64        `db:"version" json:"version"`
}

// Founder reports whether the row is the organisation's founder's (never removed,
// always an owner).
func (m OrgMember) Founder() bool { return m.ID == m.OrgID }
