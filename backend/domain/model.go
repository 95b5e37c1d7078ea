package domain

import (
	"time"

	"github.com/google/uuid"
)

// Role is an account's one role.
type Role string

const (
	RoleAdmin      Role = "admin"
	RoleSponsor    Role = "sponsor"
	RoleInfluencer Role = "influencer"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleSponsor || r == RoleInfluencer }

// Approval is a sponsor's approval state.
type Approval string

const (
	ApprovalPending  Approval = "pending"
	ApprovalApproved Approval = "approved"
	ApprovalRejected Approval = "rejected"
)

// CampaignStatus is a campaign's life-cycle state.
type CampaignStatus string

const (
	CampaignDraft     CampaignStatus = "draft"
	CampaignActive    CampaignStatus = "active"
	CampaignCompleted CampaignStatus = "completed"
	CampaignCancelled CampaignStatus = "cancelled"
)

// Visibility of a campaign.
type Visibility string

const (
	VisibilityPublic  Visibility = "public"
	VisibilityPrivate Visibility = "private"
)

// AdRequestStatus is the state of an ad request. pending → accepted → completed,
// or pending → rejected | withdrawn, or accepted → withdrawn.
type AdRequestStatus string

const (
	AdPending   AdRequestStatus = "pending"
	AdAccepted  AdRequestStatus = "accepted"
	AdRejected  AdRequestStatus = "rejected"
	AdWithdrawn AdRequestStatus = "withdrawn"
	AdCompleted AdRequestStatus = "completed"
)

// Open reports whether the request still takes part in negotiation or delivery.
func (s AdRequestStatus) Open() bool { return s == AdPending || s == AdAccepted }

// Party is a side of an ad request.
type Party string

const (
	PartySponsor    Party = "sponsor"
	PartyInfluencer Party = "influencer"
)

// Platforms on which influencers report their reach.
var Platforms = []string{"instagram", "youtube", "tiktok", "x", "other"}

// Account is a person's account. Credentials are not part of it: they live only on
// the server.
type Account struct {
	ID         string    `db:"id" json:"id"`
	Email      string    `db:"email" json:"email"`
	Role       Role      `db:"role" json:"role"`
	Name       string    `db:"name" json:"name"`
	Active     bool      `db:"active" json:"active"`
	Flagged    bool      `db:"flagged" json:"flagged"`
	FlagReason string    `db:"flag_reason" json:"flag_reason"`
	CreatedAt  time.Time `db:"created_at" json:"created_at"`
	UpdatedAt  time.Time `db:"updated_at" json:"updated_at"`
	Version    int64     `db:"version" json:"version"`
}

// SponsorProfile is a sponsor's company or individual profile.
type SponsorProfile struct {
	AccountID    string     `db:"account_id" json:"account_id"`
	CompanyName  string     `db:"company_name" json:"company_name"`
	Industry     string     `db:"industry" json:"industry"`
	Budget       int64      `db:"budget" json:"budget"`
	Approval     Approval   `db:"approval" json:"approval"`
	ReviewedBy   *string    `db:"reviewed_by" json:"reviewed_by"`
	ReviewedAt   *time.Time `db:"reviewed_at" json:"reviewed_at"`
	ReviewReason string     `db:"review_reason" json:"review_reason"`
	UpdatedAt    time.Time  `db:"updated_at" json:"updated_at"`
	Version      int64      `db:"version" json:"version"`
}

// InfluencerProfile is an influencer's public profile.
type InfluencerProfile struct {
	AccountID      string    `db:"account_id" json:"account_id"`
	DisplayName    string    `db:"display_name" json:"display_name"`
	Category       string    `db:"category" json:"category"`
	Niche          string    `db:"niche" json:"niche"`
	ReachInstagram int64     `db:"reach_instagram" json:"reach_instagram"`
	ReachYouTube   int64     `db:"reach_youtube" json:"reach_youtube"`
	ReachTikTok    int64     `db:"reach_tiktok" json:"reach_tiktok"`
	ReachX         int64     `db:"reach_x" json:"reach_x"`
	ReachOther     int64     `db:"reach_other" json:"reach_other"`
	ReachTotal     int64     `db:"reach_total" json:"reach_total"`
	Bio            string    `db:"bio" json:"bio"`
	UpdatedAt      time.Time `db:"updated_at" json:"updated_at"`
	Version        int64     `db:"version" json:"version"`
}

// Campaign is a sponsor's advertising campaign: a container of ad requests.
type Campaign struct {
	ID          string         `db:"id" json:"id"`
	SponsorID   string         `db:"sponsor_id" json:"sponsor_id"`
	Name        string         `db:"name" json:"name"`
	Description string         `db:"description" json:"description"`
	Category    string         `db:"category" json:"category"`
	Niche       string         `db:"niche" json:"niche"`
	StartDate   string         `db:"start_date" json:"start_date"`
	EndDate     string         `db:"end_date" json:"end_date"`
	Budget      int64          `db:"budget" json:"budget"`
	Committed   int64          `db:"committed" json:"committed"`
	Visibility  Visibility     `db:"visibility" json:"visibility"`
	Goals       string         `db:"goals" json:"goals"`
	Status      CampaignStatus `db:"status" json:"status"`
	Flagged     bool           `db:"flagged" json:"flagged"`
	FlagReason  string         `db:"flag_reason" json:"flag_reason"`
	LandingURL  string         `db:"landing_url" json:"landing_url"` // http(s); "" when the sponsor named none
	// The campaign's target audience (issue 12), comma-separated; "" for none:
	// ISO 3166-1 alpha-2 country codes, age bands (analytics.AgeBands), platforms.
	TargetCountries string     `db:"target_countries" json:"target_countries"`
	TargetAges      string     `db:"target_ages" json:"target_ages"`
	TargetPlatforms string     `db:"target_platforms" json:"target_platforms"`
	CreatedAt       time.Time  `db:"created_at" json:"created_at"`
	UpdatedAt       time.Time  `db:"updated_at" json:"updated_at"`
	DeletedAt       *time.Time `db:"deleted_at" json:"deleted_at"`
	Version         int64      `db:"version" json:"version"`
}

// AdRequest is a contract between a campaign and an influencer.
type AdRequest struct {
	ID            string          `db:"id" json:"id"`
	CampaignID    string          `db:"campaign_id" json:"campaign_id"`
	InfluencerID  string          `db:"influencer_id" json:"influencer_id"`
	InitiatedBy   Party           `db:"initiated_by" json:"initiated_by"`
	Requirements  string          `db:"requirements" json:"requirements"`
	PaymentAmount int64           `db:"payment_amount" json:"payment_amount"`
	Status        AdRequestStatus `db:"status" json:"status"`
	CloseReason   string          `db:"close_reason" json:"close_reason"`
	CreatedAt     time.Time       `db:"created_at" json:"created_at"`
	UpdatedAt     time.Time       `db:"updated_at" json:"updated_at"`
	RespondedAt   *time.Time      `db:"responded_at" json:"responded_at"`
	CompletedAt   *time.Time      `db:"completed_at" json:"completed_at"`
	DeletedAt     *time.Time      `db:"deleted_at" json:"deleted_at"`
	// The deal's escrow as the server's ledger left it (docs/money.md).
	EscrowState    EscrowState `db:"escrow_state" json:"escrow_state"`
	EscrowCents    int64       `db:"escrow_cents" json:"escrow_cents"`
	CommissionBps  int         `db:"commission_bps" json:"commission_bps"`
	ReleasedCents  int64       `db:"released_cents" json:"released_cents"`
	ResolutionNote string      `db:"resolution_note" json:"resolution_note"`
	Version        int64       `db:"version" json:"version"`
}

// EscrowState is where a deal's money is (docs/money.md).
type EscrowState string

const (
	EscrowNone     EscrowState = ""
	EscrowFunded   EscrowState = "funded"
	EscrowDisputed EscrowState = "disputed"
	EscrowReleased EscrowState = "released"
	EscrowRefunded EscrowState = "refunded"
	EscrowSplit    EscrowState = "split"
)

// Offer is one entry of an ad request's append-only negotiation thread.
type Offer struct {
	ID           string `db:"id" json:"id"`
	AdRequestID  string `db:"ad_request_id" json:"ad_request_id"`
	Seq          int    `db:"seq" json:"seq"`
	AuthorID     string `db:"author_id" json:"author_id"`
	AuthorRole   Party  `db:"author_role" json:"author_role"`
	Amount       int64  `db:"amount" json:"amount"`
	Requirements string `db:"requirements" json:"requirements"`
	Message      string `db:"message" json:"message"`
	// Deliverables is the offer's list of DeliverableTerms as a JSON array ("[]":
	// none); the accepted offer's list becomes the request's deliverables.
	Deliverables string    `db:"deliverables" json:"deliverables"`
	CreatedAt    time.Time `db:"created_at" json:"created_at"`
	Version      int64     `db:"version" json:"version"`
}

// ContentTypes are the kinds of content a deliverable asks for.
var ContentTypes = []string{"reel", "story", "short", "long_video", "post", "thread"}

// DeliverableStatus is a deliverable's state: todo → draft_submitted →
// (changes_requested → draft_submitted)* → approved_for_posting → posted →
// accepted; any of draft_submitted .. posted may become disputed.
type DeliverableStatus string

const (
	DeliverableTodo             DeliverableStatus = "todo"
	DeliverableDraftSubmitted   DeliverableStatus = "draft_submitted"
	DeliverableChangesRequested DeliverableStatus = "changes_requested"
	DeliverableApproved         DeliverableStatus = "approved_for_posting"
	DeliverablePosted           DeliverableStatus = "posted"
	DeliverableAccepted         DeliverableStatus = "accepted"
	DeliverableDisputed         DeliverableStatus = "disputed"
)

// DeliverableTerm is one item of an offer's deliverables: what is to be delivered.
type DeliverableTerm struct {
	Platform    string `json:"platform"`
	ContentType string `json:"content_type"`
	Quantity    int    `json:"quantity"`
	DueDate     string `json:"due_date"`
	Brief       string `json:"brief"`
}

// Deliverable is one item of an accepted ad request's contract, with its progress.
type Deliverable struct {
	ID              string            `db:"id" json:"id"`
	AdRequestID     string            `db:"ad_request_id" json:"ad_request_id"`
	Seq             int               `db:"seq" json:"seq"`
	Platform        string            `db:"platform" json:"platform"`
	ContentType     string            `db:"content_type" json:"content_type"`
	Quantity        int               `db:"quantity" json:"quantity"`
	DueDate         string            `db:"due_date" json:"due_date"`
	Brief           string            `db:"brief" json:"brief"`
	Status          DeliverableStatus `db:"status" json:"status"`
	DraftText       string            `db:"draft_text" json:"draft_text"`
	DraftLinks      string            `db:"draft_links" json:"draft_links"` // JSON array of URLs
	ChangeComment   string            `db:"change_comment" json:"change_comment"`
	ProofURL        string            `db:"proof_url" json:"proof_url"`
	PostedAt        *time.Time        `db:"posted_at" json:"posted_at"`
	SubmittedAt     *time.Time        `db:"submitted_at" json:"submitted_at"`
	DecidedAt       *time.Time        `db:"decided_at" json:"decided_at"`
	AutoAcceptAfter string            `db:"auto_accept_after" json:"auto_accept_after"` // YYYY-MM-DD; "" until posted
	DisputeReason   string            `db:"dispute_reason" json:"dispute_reason"`
	DisputedBy      string            `db:"disputed_by" json:"disputed_by"` // "", sponsor or influencer
	CreatedAt       time.Time         `db:"created_at" json:"created_at"`
	UpdatedAt       time.Time         `db:"updated_at" json:"updated_at"`
	DeletedAt       *time.Time        `db:"deleted_at" json:"deleted_at"`
	Version         int64             `db:"version" json:"version"`

	// DraftAttachments is a JSON array of attachment refs ({sha256, name, size,
	// content_type}, backend/blobs); ProofScreenshot one ref, or "" before a proof.
	DraftAttachments string `db:"draft_attachments" json:"draft_attachments"`
	ProofScreenshot  string `db:"proof_screenshot" json:"proof_screenshot"`
}

// DealMessage is a message one party of an ad request wrote to the other, outside
// any offer (adRequest.message); never edited.
type DealMessage struct {
	ID          string `db:"id" json:"id"`
	AdRequestID string `db:"ad_request_id" json:"ad_request_id"`
	AuthorID    string `db:"author_id" json:"author_id"`
	AuthorRole  Party  `db:"author_role" json:"author_role"`
	Body        string `db:"body" json:"body"`
	// Attachments is a JSON array of attachment refs ({sha256, name, size,
	// content_type}, backend/blobs); "[]" for none.
	Attachments string    `db:"attachments" json:"attachments"`
	CreatedAt   time.Time `db:"created_at" json:"created_at"`
	Version     int64     `db:"version" json:"version"`
}

// TrackingLink is an accepted ad request's short link, promo code and hashtag:
// the sync server redirects /r/{code} to TargetURL (the campaign's landing page
// with UTM parameters; "" when the campaign names none) and counts the clicks.
type TrackingLink struct {
	ID          string    `db:"id" json:"id"`
	AdRequestID string    `db:"ad_request_id" json:"ad_request_id"`
	Code        string    `db:"code" json:"code"`
	PromoCode   string    `db:"promo_code" json:"promo_code"`
	Hashtag     string    `db:"hashtag" json:"hashtag"`
	Slug        string    `db:"slug" json:"slug"` // the campaign's name as utm_campaign, fixed at acceptance
	TargetURL   string    `db:"target_url" json:"target_url"`
	Clicks      int64     `db:"clicks" json:"clicks"`
	CreatedAt   time.Time `db:"created_at" json:"created_at"`
	UpdatedAt   time.Time `db:"updated_at" json:"updated_at"`
	Version     int64     `db:"version" json:"version"`
}

// Review is a rating after a completed ad request: the influencer rates the
// campaign, the sponsor rates the influencer.
type Review struct {
	ID           string    `db:"id" json:"id"`
	AdRequestID  string    `db:"ad_request_id" json:"ad_request_id"`
	AuthorID     string    `db:"author_id" json:"author_id"`
	Subject      string    `db:"subject" json:"subject"`
	CampaignID   string    `db:"campaign_id" json:"campaign_id"`
	InfluencerID string    `db:"influencer_id" json:"influencer_id"`
	Rating       int       `db:"rating" json:"rating"`
	Body         string    `db:"body" json:"body"`
	CreatedAt    time.Time `db:"created_at" json:"created_at"`
	Version      int64     `db:"version" json:"version"`
}

// Notification is an in-app message to one account.
type Notification struct {
	ID        string     `db:"id" json:"id"`
	AccountID string     `db:"account_id" json:"account_id"`
	Kind      string     `db:"kind" json:"kind"`
	Title     string     `db:"title" json:"title"` // rows made before params; new rows leave it empty
	Body      string     `db:"body" json:"body"`
	Params    string     `db:"params" json:"params"` // JSON object of strings and integers: what the kind says
	RefTable  string     `db:"ref_table" json:"ref_table"`
	RefID     string     `db:"ref_id" json:"ref_id"`
	CreatedAt time.Time  `db:"created_at" json:"created_at"`
	ReadAt    *time.Time `db:"read_at" json:"read_at"`
	Version   int64      `db:"version" json:"version"`
}

// NewID returns a new UUIDv7: time-ordered, made by whichever side creates the row.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// ValidID reports whether s is a canonical UUID string.
func ValidID(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && u.String() == s
}

// DerivedID returns a deterministic UUID (v5) for a row a mutator creates as a side
// effect (a notification, say), so that replaying the mutation makes the same row.
func DerivedID(parts ...string) string {
	name := ""
	for _, p := range parts {
		name += p + "\x00"
	}
	return uuid.NewSHA1(idNamespace, []byte(name)).String()
}

var idNamespace = uuid.MustParse("6d1c3f0e-5b7a-4f4e-9a53-1f0b8e2c4d71")
