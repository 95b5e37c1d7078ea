package domain

import "time"

// The rows of the analytics tables (issue 12; domain migration 0012, docs/sync.md
// "Analytics"), scanned with SELECT *. backend/analytics computes over its own
// plain types (analytics.Post, analytics.AudienceShare); these are the stored rows.

// Post is one post of an influencer's history (posts), the owner's alone. Source is
// "manual" (post.record), "import" (posts.import) or "seed" (demo data).
type Post struct {
	ID           string     `db:"id" json:"id"`
	InfluencerID string     `db:"influencer_id" json:"influencer_id"`
	Platform     string     `db:"platform" json:"platform"`
	ContentType  string     `db:"content_type" json:"content_type"`
	ExternalID   string     `db:"external_id" json:"external_id"`
	PostedAt     time.Time  `db:"posted_at" json:"posted_at"`
	Followers    int64      `db:"followers" json:"followers"`
	Views        int64      `db:"views" json:"views"`
	Reach        int64      `db:"reach" json:"reach"`
	Likes        int64      `db:"likes" json:"likes"`
	Comments     int64      `db:"comments" json:"comments"`
	Shares       int64      `db:"shares" json:"shares"`
	Saves        int64      `db:"saves" json:"saves"`
	Sponsored    bool       `db:"sponsored" json:"sponsored"`
	Source       string     `db:"source" json:"source"`
	CreatedAt    time.Time  `db:"created_at" json:"created_at"`
	UpdatedAt    time.Time  `db:"updated_at" json:"updated_at"`
	DeletedAt    *time.Time `db:"deleted_at" json:"deleted_at"`
	Version      int64      `db:"version" json:"version"`
}

// AudienceShare is one bucket of an influencer's audience breakdown
// (audience_shares), in basis points; 0 means the bucket is absent.
type AudienceShare struct {
	ID           string    `db:"id" json:"id"`
	InfluencerID string    `db:"influencer_id" json:"influencer_id"`
	Dimension    string    `db:"dimension" json:"dimension"` // country, age, gender
	Bucket       string    `db:"bucket" json:"bucket"`
	ShareBps     int64     `db:"share_bps" json:"share_bps"`
	UpdatedAt    time.Time `db:"updated_at" json:"updated_at"`
	Version      int64     `db:"version" json:"version"`
}

// MediaKit is what an influencer makes public of their analytics (media_kits); no
// row means DefaultMediaKit.
type MediaKit struct {
	InfluencerID string    `db:"influencer_id" json:"influencer_id"`
	ShowAudience bool      `db:"show_audience" json:"show_audience"`
	ShowHistory  bool      `db:"show_history" json:"show_history"`
	Headline     string    `db:"headline" json:"headline"`
	UpdatedAt    time.Time `db:"updated_at" json:"updated_at"`
	Version      int64     `db:"version" json:"version"`
}

// DefaultMediaKit is an influencer's media kit before their first mediaKit.update:
// the audience hidden, the history shown, no headline.
func DefaultMediaKit(influencerID string) MediaKit {
	return MediaKit{InfluencerID: influencerID, ShowHistory: true}
}

// InfluencerStats are an influencer's aggregates (influencer_stats), written by the
// server's analytics job alone. RiskReasons, Series, ByType and BestSlot are JSON
// (Series and ByType are "" on other desktops while the media kit hides the history).
type InfluencerStats struct {
	InfluencerID   string    `db:"influencer_id" json:"influencer_id"`
	Followers      int64     `db:"followers" json:"followers"`
	Posts90d       int64     `db:"posts_90d" json:"posts_90d"`
	ERFollowers    float64   `db:"er_followers" json:"er_followers"`
	ERViews        float64   `db:"er_views" json:"er_views"`
	AvgViews       int64     `db:"avg_views" json:"avg_views"`
	AvgLikes       int64     `db:"avg_likes" json:"avg_likes"`
	AvgComments    int64     `db:"avg_comments" json:"avg_comments"`
	Growth30d      float64   `db:"growth_30d" json:"growth_30d"`
	PostsPerWeek   float64   `db:"posts_per_week" json:"posts_per_week"`
	SizeTier       string    `db:"size_tier" json:"size_tier"`
	PerfTier       string    `db:"perf_tier" json:"perf_tier"`
	Segment        int64     `db:"segment" json:"segment"`
	RiskScore      int64     `db:"risk_score" json:"risk_score"` // 0..100
	RiskReasons    string    `db:"risk_reasons" json:"risk_reasons"`
	PredictedER    float64   `db:"predicted_er" json:"predicted_er"`
	PredictedViews int64     `db:"predicted_views" json:"predicted_views"`
	OnTimeRate     float64   `db:"on_time_rate" json:"on_time_rate"`
	Series         string    `db:"series" json:"series"`
	ByType         string    `db:"by_type" json:"by_type"`
	BestSlot       string    `db:"best_slot" json:"best_slot"`
	ModelVersion   int64     `db:"model_version" json:"model_version"`
	ComputedAt     time.Time `db:"computed_at" json:"computed_at"`
	// The engagement model's history of the influencer (predict.History): its
	// posts in the model's final fit and their mean log targets; 0 posts, none.
	HistPosts    int64   `db:"hist_posts" json:"hist_posts"`
	HistLogER    float64 `db:"hist_log_er" json:"hist_log_er"`
	HistLogViews float64 `db:"hist_log_views" json:"hist_log_views"`
	Version      int64   `db:"version" json:"version"`
}

// AnalyticsModel is a trained model (analytics_models), written by the server's
// analytics job alone. Metrics and Params are JSON.
type AnalyticsModel struct {
	ID           string    `db:"id" json:"id"`
	ModelVersion int64     `db:"model_version" json:"model_version"`
	TrainedAt    time.Time `db:"trained_at" json:"trained_at"`
	Rows         int64     `db:"rows" json:"rows"`
	Metrics      string    `db:"metrics" json:"metrics"`
	Params       string    `db:"params" json:"params"`
	Version      int64     `db:"version" json:"version"`
}
