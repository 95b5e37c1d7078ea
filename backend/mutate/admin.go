package mutate

import (
	"iescp/backend/domain"
)

// AdminSponsorReview approves or rejects a sponsor's sign-up.
type AdminSponsorReview struct {
	SponsorID string `json:"sponsor_id"`
	Reason    string `json:"reason"`
}

func (a *AdminSponsorReview) Validate() error {
	var v checker
	v.id("sponsor_id", a.SponsorID)
	v.text("reason", &a.Reason, 0, maxReason)
	return v.result()
}

// AdminFlag flags (or, for admin.unflag, clears the flag of) an account or a
// campaign. A reason is required to flag.
type AdminFlag struct {
	Target string `json:"target"` // "account" or "campaign"
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

func (a *AdminFlag) Validate() error {
	var v checker
	v.oneOf("target", a.Target, "account", "campaign")
	v.id("id", a.ID)
	v.text("reason", &a.Reason, 0, maxReason)
	return v.result()
}

// AdminSetActive activates or deactivates an account.
type AdminSetActive struct {
	AccountID string `json:"account_id"`
	Active    bool   `json:"active"`
}

func (a *AdminSetActive) Validate() error {
	var v checker
	v.id("account_id", a.AccountID)
	return v.result()
}

var (
	MAdminApproveSponsor = define("admin.approveSponsor",
		"Approve a pending (or previously rejected) sponsor.", admins,
		func(c *Ctx, a *AdminApproveSponsor) error { return adminApproveSponsor(c, (*AdminSponsorReview)(a)) })
	MAdminRejectSponsor = define("admin.rejectSponsor",
		"Reject a pending sponsor, with an optional reason.", admins,
		func(c *Ctx, a *AdminRejectSponsor) error { return adminRejectSponsor(c, (*AdminSponsorReview)(a)) })
	MAdminFlag = define("admin.flag",
		"Flag an account (it can then only read; its campaigns vanish from others' search) or a campaign (it takes no new requests and vanishes from search), with a reason.",
		admins, adminFlag)
	MAdminUnflag = define("admin.unflag",
		"Clear the flag of an account or a campaign.", admins,
		func(c *Ctx, a *AdminUnflag) error { return adminUnflag(c, (*AdminFlag)(a)) })
	MAdminSetActive = define("admin.setActive",
		"Deactivate or reactivate an account (not one's own).", admins, adminSetActive)
)

func sponsorForReview(c *Ctx, id string) (*domain.Account, *domain.SponsorProfile, error) {
	acc, err := loadAccount(c.Tx, id)
	if err != nil {
		return nil, nil, err
	}
	if acc.Role != domain.RoleSponsor {
		return nil, nil, domain.Errorf(domain.CodeInvalidArgument, "account %s is not a sponsor", id)
	}
	p, err := loadSponsor(c.Tx, id)
	return acc, p, err
}

func adminApproveSponsor(c *Ctx, a *AdminSponsorReview) error {
	acc, p, err := sponsorForReview(c, a.SponsorID)
	if err != nil {
		return err
	}
	if p.Approval == domain.ApprovalApproved {
		return domain.Errorf(domain.CodeInvalidTransition, "sponsor %s is already approved", acc.Name)
	}
	if err := exec(c.Tx, `UPDATE sponsor_profiles SET approval = 'approved', reviewed_by = ?, reviewed_at = ?,
		review_reason = ?, updated_at = ? WHERE account_id = ?`, c.Actor.ID, c.Now, a.Reason, c.Now, acc.ID); err != nil {
		return err
	}
	return notify(c, acc.ID, "sponsor.approved", Params{"reason": a.Reason}, "accounts", acc.ID, "approved", c.Now.String())
}

func adminRejectSponsor(c *Ctx, a *AdminSponsorReview) error {
	acc, p, err := sponsorForReview(c, a.SponsorID)
	if err != nil {
		return err
	}
	if p.Approval != domain.ApprovalPending {
		return domain.Errorf(domain.CodeInvalidTransition, "only a pending sponsor can be rejected; %s is %s", acc.Name, p.Approval)
	}
	if err := exec(c.Tx, `UPDATE sponsor_profiles SET approval = 'rejected', reviewed_by = ?, reviewed_at = ?,
		review_reason = ?, updated_at = ? WHERE account_id = ?`, c.Actor.ID, c.Now, a.Reason, c.Now, acc.ID); err != nil {
		return err
	}
	return notify(c, acc.ID, "sponsor.rejected", Params{"reason": a.Reason}, "accounts", acc.ID, "rejected", c.Now.String())
}

func adminFlag(c *Ctx, a *AdminFlag) error {
	if a.Reason == "" {
		return domain.Errorf(domain.CodeInvalidArgument, "reason is required to flag")
	}
	return setFlag(c, a, true)
}

func adminUnflag(c *Ctx, a *AdminFlag) error { return setFlag(c, a, false) }

func setFlag(c *Ctx, a *AdminFlag, flag bool) error {
	verb := map[bool]string{true: "flagged", false: "unflagged"}[flag]
	stored := a.Reason // an unflag's reason goes to the owner, not into flag_reason
	if !flag {
		stored = ""
	}
	var owner string
	params := Params{"reason": a.Reason}
	switch a.Target {
	case "account":
		acc, err := loadAccount(c.Tx, a.ID)
		if err != nil {
			return err
		}
		if acc.Role == domain.RoleAdmin {
			return domain.Errorf(domain.CodeInvalidArgument, "admins cannot be flagged")
		}
		if acc.Flagged == flag {
			return domain.Errorf(domain.CodeInvalidTransition, "account %s is already %s", acc.Name, verb)
		}
		owner = acc.ID
		if err := exec(c.Tx, `UPDATE accounts SET flagged = ?, flag_reason = ?, updated_at = ? WHERE id = ?`,
			flag, stored, c.Now, acc.ID); err != nil {
			return err
		}
	default:
		cp, err := loadCampaign(c.Tx, a.ID)
		if err != nil {
			return err
		}
		if cp.Flagged == flag {
			return domain.Errorf(domain.CodeInvalidTransition, "campaign %s is already %s", cp.Name, verb)
		}
		owner, params["campaign"] = cp.SponsorID, cp.Name
		if err := exec(c.Tx, `UPDATE campaigns SET flagged = ?, flag_reason = ?, updated_at = ? WHERE id = ?`,
			flag, stored, c.Now, cp.ID); err != nil {
			return err
		}
	}
	return notify(c, owner, a.Target+"."+verb, params, a.Target+"s", a.ID, verb, c.Now.String())
}

func adminSetActive(c *Ctx, a *AdminSetActive) error {
	if a.AccountID == c.Actor.ID {
		return domain.Errorf(domain.CodeInvalidArgument, "you cannot deactivate your own account")
	}
	acc, err := loadAccount(c.Tx, a.AccountID)
	if err != nil {
		return err
	}
	if acc.Active == a.Active {
		return domain.Errorf(domain.CodeInvalidTransition, "account %s is already %s", acc.Name,
			map[bool]string{true: "active", false: "deactivated"}[a.Active])
	}
	return exec(c.Tx, `UPDATE accounts SET active = ?, updated_at = ? WHERE id = ?`, a.Active, c.Now, acc.ID)
}
