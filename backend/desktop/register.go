package desktop

import (
	"context"
	"strings"

	"iescp/backend/domain"
	"iescp/sync/client"
	"iescp/sync/protocol"
)

// Registration is a new account's profile: company_name, industry and budget
// (minor units) for a sponsor; display_name, category, niche and bio for an
// influencer.
type Registration struct {
	CompanyName string `json:"company_name"`
	Industry    string `json:"industry"`
	Budget      int64  `json:"budget"`
	DisplayName string `json:"display_name"`
	Category    string `json:"category"`
	Niche       string `json:"niche"`
	Bio         string `json:"bio"`
}

// RegisterResult is what the UI shows after registering.
type RegisterResult struct {
	AccountID       string `json:"account_id"`
	Email           string `json:"email"`
	Name            string `json:"name"`
	Role            string `json:"role"`
	Approval        string `json:"approval"`
	PendingApproval bool   `json:"pending_approval"` // a sponsor waits for an admin before publishing
}

// Register creates a sponsor or influencer account on the sync server (the
// server validates everything; its typed errors reach the UI). It does not sign
// in: the user signs in next, with the same password.
func (ss *SessionService) Register(role, email, password, name string, profile Registration) (RegisterResult, error) {
	r, err := ss.register(ss.s.baseCtx(), role, email, password, name, profile)
	return r, toUI(err)
}

func (ss *SessionService) register(ctx context.Context, role, email, password, name string, p Registration) (RegisterResult, error) {
	if role != string(domain.RoleSponsor) && role != string(domain.RoleInfluencer) {
		return RegisterResult{}, domain.Errorf(domain.CodeInvalidArgument, "choose sponsor or influencer")
	}
	serverURL, _, err := ss.s.serverURL(ctx)
	if err != nil {
		return RegisterResult{}, err
	}
	req := protocol.RegisterRequest{Role: role, Email: strings.TrimSpace(email), Password: password,
		Name: strings.TrimSpace(name)}
	if role == string(domain.RoleSponsor) {
		req.Profile = protocol.RegisterProfile{CompanyName: strings.TrimSpace(p.CompanyName),
			Industry: strings.TrimSpace(p.Industry), Budget: p.Budget}
	} else {
		req.Profile = protocol.RegisterProfile{DisplayName: strings.TrimSpace(p.DisplayName),
			Category: strings.TrimSpace(p.Category), Niche: strings.TrimSpace(p.Niche), Bio: strings.TrimSpace(p.Bio)}
	}
	rctx, cancel := context.WithTimeout(ctx, loginTimeout)
	defer cancel()
	u, err := client.Register(rctx, serverURL, req)
	if err != nil {
		return RegisterResult{}, fromServer(err, serverURL)
	}
	return RegisterResult{AccountID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Approval: u.Approval,
		PendingApproval: u.Role == string(domain.RoleSponsor) && u.Approval != "approved"}, nil
}
