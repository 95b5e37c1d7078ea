package mutate

// Every argument type names its mutator (Mutation()), so a caller applies a typed value
// (client.Apply(ctx, db, actor, &mutate.AdRequestAccept{...}, now)) and never
// spells a mutation name. define checks each name against its registration.
//
// Mutators that take the same fields have their own named types over one shared
// shape (AdRequestReject and AdRequestWithdraw are both an AdRequestClose).

type (
	// AdminApproveSponsor approves a sponsor's sign-up.
	AdminApproveSponsor AdminSponsorReview
	// AdminRejectSponsor rejects a sponsor's sign-up, with an optional reason.
	AdminRejectSponsor AdminSponsorReview
	// AdminUnflag clears the flag of an account or a campaign.
	AdminUnflag AdminFlag
	// AdRequestReject declines the other party's latest offer.
	AdRequestReject AdRequestClose
	// AdRequestWithdraw calls off a pending or accepted request.
	AdRequestWithdraw AdRequestClose
	// AdRequestComplete marks an accepted request delivered.
	AdRequestComplete AdRequestRef
	// CampaignPublish makes a draft campaign active.
	CampaignPublish CampaignRef
	// CampaignComplete closes an active campaign.
	CampaignComplete CampaignRef
	// CampaignDelete deletes or cancels a campaign.
	CampaignDelete CampaignRef
	// DeliverableApproveDraft approves a submitted draft for posting.
	DeliverableApproveDraft DeliverableRef
	// DeliverableAcceptProof accepts a posted deliverable's proof.
	DeliverableAcceptProof DeliverableRef
)

func (a *AdminApproveSponsor) Validate() error     { return (*AdminSponsorReview)(a).Validate() }
func (a *AdminRejectSponsor) Validate() error      { return (*AdminSponsorReview)(a).Validate() }
func (a *AdminUnflag) Validate() error             { return (*AdminFlag)(a).Validate() }
func (a *AdRequestReject) Validate() error         { return (*AdRequestClose)(a).Validate() }
func (a *AdRequestWithdraw) Validate() error       { return (*AdRequestClose)(a).Validate() }
func (a *AdRequestComplete) Validate() error       { return (*AdRequestRef)(a).Validate() }
func (a *CampaignPublish) Validate() error         { return (*CampaignRef)(a).Validate() }
func (a *CampaignComplete) Validate() error        { return (*CampaignRef)(a).Validate() }
func (a *CampaignDelete) Validate() error          { return (*CampaignRef)(a).Validate() }
func (a *DeliverableApproveDraft) Validate() error { return (*DeliverableRef)(a).Validate() }
func (a *DeliverableAcceptProof) Validate() error  { return (*DeliverableRef)(a).Validate() }

func (*AdminApproveSponsor) Mutation() string       { return "admin.approveSponsor" }
func (*AdminRejectSponsor) Mutation() string        { return "admin.rejectSponsor" }
func (*AdminFlag) Mutation() string                 { return "admin.flag" }
func (*AdminUnflag) Mutation() string               { return "admin.unflag" }
func (*AdminSetActive) Mutation() string            { return "admin.setActive" }
func (*AdRequestSend) Mutation() string             { return "adRequest.send" }
func (*AdRequestApply) Mutation() string            { return "adRequest.apply" }
func (*AdRequestCounter) Mutation() string          { return "adRequest.counter" }
func (*AdRequestAccept) Mutation() string           { return "adRequest.accept" }
func (*AdRequestReject) Mutation() string           { return "adRequest.reject" }
func (*AdRequestWithdraw) Mutation() string         { return "adRequest.withdraw" }
func (*AdRequestComplete) Mutation() string         { return "adRequest.complete" }
func (*CampaignCreate) Mutation() string            { return "campaign.create" }
func (*CampaignUpdate) Mutation() string            { return "campaign.update" }
func (*CampaignPublish) Mutation() string           { return "campaign.publish" }
func (*CampaignSetVisibility) Mutation() string     { return "campaign.setVisibility" }
func (*CampaignComplete) Mutation() string          { return "campaign.complete" }
func (*CampaignDelete) Mutation() string            { return "campaign.delete" }
func (*ProfileUpdate) Mutation() string             { return "profile.update" }
func (*ReviewCreate) Mutation() string              { return "review.create" }
func (*NotificationMarkRead) Mutation() string      { return "notification.markRead" }
func (*DeliverableSubmitDraft) Mutation() string    { return "deliverable.submitDraft" }
func (*DeliverableRequestChanges) Mutation() string { return "deliverable.requestChanges" }
func (*DeliverableApproveDraft) Mutation() string   { return "deliverable.approveDraft" }
func (*DeliverableSubmitProof) Mutation() string    { return "deliverable.submitProof" }
func (*DeliverableAcceptProof) Mutation() string    { return "deliverable.acceptProof" }
func (*DeliverableDispute) Mutation() string        { return "deliverable.dispute" }
func (*PlatformSetCommission) Mutation() string     { return "platform.setCommission" }
func (*DisputeResolve) Mutation() string            { return "dispute.resolve" }
