// Package protocol holds the wire types of the sync HTTP contract
// (../shared/design/sync.md, docs/openapi.yaml) and its version constants, shared by
// the desktop engine and the server.
package protocol

import (
	"encoding/json"
	"time"
)

// ProtocolVersion is the version of this wire format. The server accepts
// [MinProtocolVersion, ProtocolVersion]; older clients get 426.
const (
	ProtocolVersion    = 1
	MinProtocolVersion = 1
)

// Limits of the contract.
const (
	MaxPushMutations = 500
	MaxPullLimit     = 5000
	DefaultPullLimit = 1000
	MaxBodyBytes     = 8 << 20
)

// ErrorBody is every error answer: {"error": {"code", "message"}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is a typed error. ExpectedID is set with out_of_order.
type ErrorDetail struct {
	Code       string `json:"code"`
	Message    string `json:"message"`
	ExpectedID int64  `json:"expected_id,omitempty"`
}

// User is the public view of an account, as the auth endpoints return it.
type User struct {
	ID       string `json:"id"`
	Email    string `json:"email"`
	Role     string `json:"role"`
	Name     string `json:"name"`
	Active   bool   `json:"active"`
	Flagged  bool   `json:"flagged"`
	Approval string `json:"approval,omitempty"` // sponsors only
}

// RegisterRequest creates a sponsor or influencer account.
type RegisterRequest struct {
	Role     string          `json:"role"`
	Email    string          `json:"email"`
	Password string          `json:"password"`
	Name     string          `json:"name"`
	Profile  RegisterProfile `json:"profile"`
}

// RegisterProfile is the role's profile at registration.
type RegisterProfile struct {
	CompanyName string `json:"company_name,omitempty"`
	Industry    string `json:"industry,omitempty"`
	Budget      int64  `json:"budget,omitempty"`
	DisplayName string `json:"display_name,omitempty"`
	Category    string `json:"category,omitempty"`
	Niche       string `json:"niche,omitempty"`
	Bio         string `json:"bio,omitempty"`
}

// RegisterResponse is 201's body.
type RegisterResponse struct {
	User User `json:"user"`
}

// LoginRequest signs in.
type LoginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// RefreshRequest rotates a refresh token; LogoutRequest revokes it.
type RefreshRequest struct {
	RefreshToken string `json:"refresh_token"`
}

// TokenResponse answers login and refresh.
type TokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int64  `json:"expires_in"` // seconds
	User         User   `json:"user"`
}

// Mutation is one queued user action.
type Mutation struct {
	ID         int64           `json:"id"`
	Name       string          `json:"name"`
	Args       json.RawMessage `json:"args"`
	ClientTime time.Time       `json:"client_time"`
}

// PushRequest sends the outbox, in order.
type PushRequest struct {
	ClientID        string     `json:"client_id"`
	ProtocolVersion int        `json:"protocol_version"`
	SchemaVersion   int        `json:"schema_version"`
	Mutations       []Mutation `json:"mutations"`
}

// Result statuses.
const (
	StatusApplied  = "applied"
	StatusRejected = "rejected"
)

// MutationResult is the server's outcome for one mutation.
type MutationResult struct {
	ID      int64  `json:"id"`
	Status  string `json:"status"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
}

// PushResponse answers a push.
type PushResponse struct {
	LastMutationID int64            `json:"last_mutation_id"`
	Results        []MutationResult `json:"results"`
}

// PullRequest asks for changes since a cursor.
type PullRequest struct {
	ClientID        string `json:"client_id"`
	ProtocolVersion int    `json:"protocol_version"`
	SchemaVersion   int    `json:"schema_version"`
	Cursor          int64  `json:"cursor"`
	Epoch           string `json:"epoch,omitempty"`
	Limit           int    `json:"limit"`
	// SnapshotVersion and SnapshotEpoch ask for a correction pull: the desktop
	// installed the server's snapshot of its role's visibility class taken at
	// that version and epoch (GET /sync/v1/snapshot) and its cursor starts there.
	// The first page (cursor = SnapshotVersion) also brings the rows the user
	// sees otherwise than the class (own rows, masked columns read unmasked) and
	// dels for the class's rows the user may not see; every page's dels cover
	// the class's rows too. Zero: an ordinary pull.
	SnapshotVersion int64  `json:"snapshot_version,omitempty"`
	SnapshotEpoch   string `json:"snapshot_epoch,omitempty"`
}

// Snapshot download (GET /sync/v1/snapshot): the body is an SQLite database file,
// a desktop replica of the caller's visibility class (the rows every account of
// its role sees, none of anyone's own); these headers describe it.
const (
	HeaderSnapshotVersion = "X-Snapshot-Version" // server version the snapshot is at
	HeaderSnapshotEpoch   = "X-Snapshot-Epoch"   // server epoch it belongs to
	HeaderSnapshotSHA256  = "X-Snapshot-Sha256"  // hex SHA-256 of the whole file
	HeaderSnapshotSchema  = "X-Snapshot-Schema"  // desktop domain schema version it was built with
	HeaderSnapshotRows    = "X-Snapshot-Rows"    // domain rows it holds (progress)
	HeaderSnapshotClass   = "X-Snapshot-Class"   // visibility class (the role)
	SnapshotContentType   = "application/vnd.sqlite3"
)

// Change ops.
const (
	OpPut = "put"
	OpDel = "del"
)

// Change is one row to upsert or remove.
type Change struct {
	Op    string          `json:"op"`
	Table string          `json:"table"`
	ID    string          `json:"id"`
	Row   json.RawMessage `json:"row,omitempty"`
}

// PullResponse is a page of changes. With Reset the client wipes its replica
// (never its outbox) and pulls from cursor 0.
type PullResponse struct {
	Cursor         int64            `json:"cursor"`
	Epoch          string           `json:"epoch"`
	LastMutationID int64            `json:"last_mutation_id"`
	HasMore        bool             `json:"has_more"`
	Reset          bool             `json:"reset"`
	Changes        []Change         `json:"changes"`
	Results        []MutationResult `json:"results,omitempty"` // rejected mutations not yet seen by the client
	// Total is, on the first page of a first download (cursor 0), how many rows
	// the whole download brings: the desktop shows "n of total rows" and the time
	// left. 0 (absent) on every other page, and from servers before it.
	Total int64 `json:"total,omitempty"`
}

// Poke is the data of an SSE "poke" event.
type Poke struct {
	Version int64 `json:"version"`
}

// Header returns what every sync request carries: the client and its versions.
func (r *PushRequest) Header() (clientID string, protocolVersion, schemaVersion int) {
	return r.ClientID, r.ProtocolVersion, r.SchemaVersion
}

// Header returns what every sync request carries: the client and its versions.
func (r *PullRequest) Header() (clientID string, protocolVersion, schemaVersion int) {
	return r.ClientID, r.ProtocolVersion, r.SchemaVersion
}

// AnalyticsMetric is a held-out mean absolute error (in the target's unit: the
// engagement rate as a fraction, or views) and coefficient of determination.
type AnalyticsMetric struct {
	MAE float64 `json:"mae"`
	R2  float64 `json:"r2"`
}

// AnalyticsComparison is the model against the two naive baselines on the same
// held-out posts (docs/prediction.md): the size tier's median and the influencer's
// own mean.
type AnalyticsComparison struct {
	Rows       int             `json:"rows"`
	Model      AnalyticsMetric `json:"model"`
	TierMedian AnalyticsMetric `json:"tier_median"`
	OwnMean    AnalyticsMetric `json:"own_mean"`
}

// AnalyticsRefresh is what POST /v1/admin/analytics/refresh answers: the model now
// stored (its version, when and on how many posts it was trained, its held-out
// metrics for the engagement rate and the views), how many influencers were computed
// and how many of their stats rows changed. ModelError says why no model was trained
// (too little data; the stored model, if any, stays and ModelVersion is 0).
type AnalyticsRefresh struct {
	ModelVersion int64               `json:"model_version"`
	TrainedAt    *time.Time          `json:"trained_at"`
	Rows         int64               `json:"rows"`
	ER           AnalyticsComparison `json:"er"`
	Views        AnalyticsComparison `json:"views"`
	ModelError   string              `json:"model_error,omitempty"`
	Influencers  int                 `json:"influencers"`
	StatsChanged int                 `json:"stats_changed"`
	Seconds      float64             `json:"seconds"`
}
