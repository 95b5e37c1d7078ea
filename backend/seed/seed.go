// Package seed generates realistic, reproducible demo data into a canonical (server)
// database: admins, sponsors, influencers with heavy-tailed reach, campaigns, ad
// requests in every state with consistent negotiation threads and budgets, reviews and
// notifications, plus documented demo accounts.
//
// The same Seed (and Now) always makes the same rows, IDs included: IDs are UUIDv7
// built from the row's instant and the seeded random source. Only password hashes
// differ between runs (their salts are random).
package seed

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"iescp/backend/auth"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/localdata"
	"iescp/backend/statsjob"
	"iescp/backend/store"
)

// The documented demo accounts, in the order they are printed.
var DemoEmails = []string{
	"admin@iescp.demo",       // admin
	"sponsor@iescp.demo",     // approved sponsor, campaigns and ad requests in every state
	"pending@iescp.demo",     // sponsor awaiting approval
	"influencer@iescp.demo",  // requests in every state, some waiting for an answer
	"influencer2@iescp.demo", // a second influencer
	"teammate@iescp.demo",    // a manager of the approved sponsor's team (docs/teams.md)
}

// Defaults of the CLI.
const (
	DefaultInfluencers = 200
	DefaultSponsors    = 30
	DefaultCampaigns   = 100
	DefaultAdRequests  = 500
)

// ServerDBName is the canonical database's file name inside the data folder.
const ServerDBName = "server.db"

// Options of a generation. Password is required; zero Now means the current time.
type Options struct {
	DataDir     string
	Password    string
	Influencers int
	Sponsors    int
	Campaigns   int
	AdRequests  int
	Seed        int64
	Now         time.Time
	Force       bool // replace an existing, non-empty server.db
	// PostsPerInfluencer is the synthetic posts each influencer gets (posts.go); 0
	// writes no posts, audiences, media kits or campaign targets and runs no
	// analytics job.
	PostsPerInfluencer int
}

// Summary tells what was generated.
type Summary struct {
	Path          string                         `json:"path"`
	Accounts      int                            `json:"accounts"`
	Admins        int                            `json:"admins"`
	Sponsors      map[domain.Approval]int        `json:"sponsors"`
	Influencers   int                            `json:"influencers"`
	Campaigns     map[domain.CampaignStatus]int  `json:"campaigns"`
	AdRequests    map[domain.AdRequestStatus]int `json:"ad_requests"`
	Offers        int                            `json:"offers"`
	Reviews       int                            `json:"reviews"`
	Notifications int                            `json:"notifications"`
	Deliverables  int                            `json:"deliverables"`
	Metrics       int                            `json:"metrics"`
	TrackingLinks int                            `json:"tracking_links"`
	Flagged       int                            `json:"flagged_accounts"`
	Deactivated   int                            `json:"deactivated_accounts"`
	DemoEmails    []string                       `json:"demo_emails"`
	// The analytics (posts.go): synthetic posts, the planted fake-follower accounts
	// (SYNTHETIC; their account ids), the stats rows and the model the job wrote.
	Posts        int           `json:"posts"`
	Planted      []string      `json:"planted_fake_accounts"`
	StatsRows    int           `json:"stats_rows"`
	ModelVersion int           `json:"model_version"`
	Elapsed      time.Duration `json:"elapsed"`
}

func (o *Options) check() error {
	if o.DataDir == "" {
		return errors.New("seed: a data folder is required")
	}
	if o.Password == "" {
		return errors.New("seed: a password is required")
	}
	if o.Influencers < 2 || o.Sponsors < 2 || o.Campaigns < len(demoCampaigns) || o.AdRequests < 12 {
		return fmt.Errorf("seed: need at least 2 influencers, 2 sponsors, %d campaigns and 12 ad requests for the demo accounts",
			len(demoCampaigns))
	}
	if o.PostsPerInfluencer < 0 || o.PostsPerInfluencer > 1000 {
		return errors.New("seed: posts per influencer must be between 0 and 1000")
	}
	return nil
}

// build generates the world in memory.
func build(seed int64, now time.Time, o Options) (*world, error) {
	g := newGen(seed, now)
	g.admins()
	g.sponsors(o.Sponsors)
	g.influencers(o.Influencers)
	g.campaigns(o.Campaigns)
	if err := g.requests(o.AdRequests); err != nil {
		return nil, err
	}
	g.teammate() // last, so every other draw stays as it was
	sort.SliceStable(g.w.notifications, func(i, j int) bool {
		return g.w.notifications[i].CreatedAt.Before(g.w.notifications[j].CreatedAt)
	})
	return g.w, nil
}

func sortProfiles(ps []*domain.InfluencerProfile) {
	slices.SortFunc(ps, func(a, b *domain.InfluencerProfile) int { return strings.Compare(a.AccountID, b.AccountID) })
}

// Generate writes a new canonical database <DataDir>/server.db full of demo data.
// It refuses to replace an existing non-empty database unless Force is set.
func Generate(ctx context.Context, o Options) (_ Summary, err error) {
	start := time.Now()
	if err := o.check(); err != nil {
		return Summary{}, err
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Second)
	path := filepath.Join(o.DataDir, ServerDBName)
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		if !o.Force {
			return Summary{}, fmt.Errorf("seed: %s already exists: pass --force to replace it", path)
		}
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return Summary{}, fmt.Errorf("seed: remove %s: %w", p, err)
			}
		}
	}
	w, err := build(o.Seed, now, o)
	if err != nil {
		return Summary{}, err
	}
	hashes, err := passwordHashes(w, o.Password)
	if err != nil {
		return Summary{}, err
	}
	s, err := store.Open(path, store.SetDomain, store.SetServer)
	if err != nil {
		return Summary{}, err
	}
	// Closing checkpoints the WAL into the file: a failed close is a failed seed.
	defer func() {
		if cerr := s.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("seed: close %s: %w", path, cerr)
		}
	}()
	// A large page cache for the bulk load (this connection only): the FTS index and
	// the B-trees stay in memory instead of spilling to the WAL mid-transaction.
	if _, err := s.W.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
		return Summary{}, fmt.Errorf("seed: cache size: %w", err)
	}
	var aw analyticsWorld
	if err := s.Write(ctx, func(tx *sqlx.Tx) error {
		if err := write(ctx, tx, w, hashes); err != nil {
			return err
		}
		if o.PostsPerInfluencer <= 0 {
			return nil
		}
		var err error
		aw, err = seedPosts(ctx, tx, w, o.Seed, o.PostsPerInfluencer, now)
		return err
	}); err != nil {
		return Summary{}, err
	}
	var written statsjob.Written
	var modelVersion *int
	if o.PostsPerInfluencer > 0 {
		if written, modelVersion, err = runStatsJob(ctx, s, now); err != nil {
			return Summary{}, err
		}
	}
	if _, err := s.W.ExecContext(ctx, `PRAGMA optimize`); err != nil {
		return Summary{}, fmt.Errorf("seed: optimize: %w", err)
	}
	if _, err := s.W.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return Summary{}, fmt.Errorf("seed: checkpoint: %w", err)
	}
	sum := summarize(w)
	sum.Path = path
	sum.Posts, sum.Planted, sum.StatsRows = aw.posts, aw.planted, written.StatsChanged
	if modelVersion != nil {
		sum.ModelVersion = *modelVersion
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// passwordHashes gives every account an argon2id hash of the password. The demo
// accounts and admins get their own; the bulk accounts share one, since hashing is
// deliberately slow (about 50 ms each) and they all have the same password anyway.
func passwordHashes(w *world, pw string) (map[string]string, error) {
	shared, err := auth.HashPassword(pw)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(w.accounts))
	for _, a := range w.accounts {
		if w.demo[a.Email] != nil || a.Role == domain.RoleAdmin {
			h, err := auth.HashPassword(pw)
			if err != nil {
				return nil, err
			}
			out[a.ID] = h
		} else {
			out[a.ID] = shared
		}
	}
	return out, nil
}

func summarize(w *world) Summary {
	s := Summary{
		Accounts:      len(w.accounts),
		Influencers:   len(w.influencers),
		Sponsors:      map[domain.Approval]int{},
		Campaigns:     map[domain.CampaignStatus]int{},
		AdRequests:    map[domain.AdRequestStatus]int{},
		Offers:        len(w.offers),
		Reviews:       len(w.reviews),
		Notifications: len(w.notifications),
		Deliverables:  len(w.deliverables),
		Metrics:       len(w.metrics),
		TrackingLinks: len(w.links),
		DemoEmails:    DemoEmails,
	}
	for _, a := range w.accounts {
		if a.Role == domain.RoleAdmin {
			s.Admins++
		}
		if a.Flagged {
			s.Flagged++
		}
		if !a.Active {
			s.Deactivated++
		}
	}
	for _, p := range w.sponsors {
		s.Sponsors[p.Approval]++
	}
	for _, c := range w.campaigns {
		s.Campaigns[c.Status]++
	}
	for _, r := range w.requests {
		s.AdRequests[r.Status]++
	}
	return s
}

// Print writes the summary for a person: counts and the demo accounts (never the
// password).
func (s Summary) Print(out io.Writer) {
	fmt.Fprintf(out, "Seeded %s in %s\n", s.Path, s.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(out, "  accounts:      %d (%d admins, %d flagged, %d deactivated)\n", s.Accounts, s.Admins, s.Flagged, s.Deactivated)
	fmt.Fprintf(out, "  sponsors:      %d approved, %d pending, %d rejected\n",
		s.Sponsors[domain.ApprovalApproved], s.Sponsors[domain.ApprovalPending], s.Sponsors[domain.ApprovalRejected])
	fmt.Fprintf(out, "  influencers:   %d\n", s.Influencers)
	fmt.Fprintf(out, "  campaigns:     %d active, %d draft, %d completed, %d cancelled\n",
		s.Campaigns[domain.CampaignActive], s.Campaigns[domain.CampaignDraft],
		s.Campaigns[domain.CampaignCompleted], s.Campaigns[domain.CampaignCancelled])
	fmt.Fprintf(out, "  ad requests:   %d pending, %d accepted, %d completed, %d rejected, %d withdrawn (%d offers)\n",
		s.AdRequests[domain.AdPending], s.AdRequests[domain.AdAccepted], s.AdRequests[domain.AdCompleted],
		s.AdRequests[domain.AdRejected], s.AdRequests[domain.AdWithdrawn], s.Offers)
	fmt.Fprintf(out, "  deliverables:  %d (%d sets of metrics), %d tracking links\n", s.Deliverables, s.Metrics, s.TrackingLinks)
	fmt.Fprintf(out, "  reviews:       %d\n  notifications: %d\n", s.Reviews, s.Notifications)
	if s.Posts > 0 {
		fmt.Fprintf(out, "  posts:         %d (SYNTHETIC), %d stats rows, model version %d\n", s.Posts, s.StatsRows, s.ModelVersion)
		fmt.Fprintf(out, "  planted fake-follower accounts (SYNTHETIC, for the risk score): %d\n", len(s.Planted))
		for i, id := range s.Planted {
			if i == 10 {
				fmt.Fprintf(out, "    … and %d more (the JSON summary lists them all)\n", len(s.Planted)-10)
				break
			}
			fmt.Fprintf(out, "    %s\n", id)
		}
	}
	fmt.Fprintln(out, "Demo accounts (all with the password given by --password):")
	roles := []string{"admin", "approved sponsor", "sponsor awaiting approval", "influencer", "influencer", "manager of the approved sponsor's team"}
	for i, e := range s.DemoEmails {
		fmt.Fprintf(out, "  %-24s %s\n", e, roles[i])
	}
}

// ProvisionDesktop is called by Main after the server database is written, to build
// the demo accounts' desktop replicas in the same data folder so they can sign in
// offline. A variable so tests can replace it.
var ProvisionDesktop = localdata.ProvisionDesktop

// Main is the `iescp seed` command. It returns the process exit code.
func Main(args []string) int {
	return run(context.Background(), args, os.Stdout, os.Stderr)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: iescp seed --data-dir DIR --password PW [--influencers N] [--sponsors N]\n"+
			"                  [--campaigns N] [--ad-requests N] [--posts-per-influencer N] [--seed N] [--force]")
		fs.PrintDefaults()
	}
	var o Options
	fs.StringVar(&o.DataDir, "data-dir", "", "data folder; the database is written to DIR/"+ServerDBName+" (required)")
	fs.StringVar(&o.Password, "password", "", "password of every generated account (required)")
	fs.IntVar(&o.Influencers, "influencers", DefaultInfluencers, "number of influencers")
	fs.IntVar(&o.Sponsors, "sponsors", DefaultSponsors, "number of sponsors")
	fs.IntVar(&o.Campaigns, "campaigns", DefaultCampaigns, "number of campaigns")
	fs.IntVar(&o.AdRequests, "ad-requests", DefaultAdRequests, "number of ad requests")
	fs.IntVar(&o.PostsPerInfluencer, "posts-per-influencer", DefaultPostsPerInfluencer, "synthetic posts per influencer over the last year (0: none, and no analytics)")
	fs.Int64Var(&o.Seed, "seed", 1, "random seed: the same seed makes the same data")
	fs.BoolVar(&o.Force, "force", false, "replace an existing "+ServerDBName)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if o.DataDir == "" || o.Password == "" {
		fmt.Fprintln(stderr, "seed: --data-dir and --password are required")
		fs.Usage()
		return 2
	}
	sum, err := Generate(ctx, o)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	sum.Print(stdout)
	if ProvisionDesktop != nil {
		if err := ProvisionDesktop(ctx, sum.Path, o.DataDir, DemoEmails, o.Password); err != nil {
			fmt.Fprintln(stderr, "seed: provision desktop:", err)
			return 1
		}
	}
	return 0
}
