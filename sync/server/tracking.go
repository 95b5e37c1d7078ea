package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// Short links: GET /r/{code} redirects to an accepted ad request's landing page
// (tracking_links.target_url, mutate/tracking.go) and counts the click, which
// syncs to both parties like any change. Nothing about the visitor is kept or
// logged: no address, no user agent, no referrer, no cookie; the count is all.
const (
	trackingPath = "/r/{code}"

	// DefaultClicksPerCodePerMinute is how many clicks of one link are counted in
	// any minute (a sliding window); DefaultClicksPerSecond how many the whole
	// server counts per second (a token bucket, up to that many at once). Clicks
	// past either limit are still redirected, only not counted: a person is never
	// turned away, and a bot cannot turn requests into unbounded writes.
	DefaultClicksPerCodePerMinute = 60
	DefaultClicksPerSecond        = 20
)

// trackingCode is what a code may look like (mutate.TrackingCodeLen characters of
// Crockford's base32; up to 16 for longer codes later): anything else is not
// looked up.
var trackingCode = regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{8,16}$`)

// clickLimits bounds the writes clicks cause: per link code in a sliding minute
// and for the whole fleet per second, counted in the database (throttle.go) so
// every instance behind a load balancer counts against the same limits.
type clickLimits struct {
	shared  *limits
	perCode *attemptThrottle
	global  *rateLimit
}

func newClickLimits(l *limits, perCodePerMinute, perSecond int) *clickLimits {
	return &clickLimits{shared: l, perCode: newAttemptThrottle(scopeClickCode, perCodePerMinute, time.Minute),
		global: newRateLimit(scopeClick, perSecond, time.Second)}
}

func (s *Server) trackingRoutes() {
	perCode, perSecond := s.cfg.ClicksPerCodePerMinute, s.cfg.ClicksPerSecond
	if perCode == 0 {
		perCode = DefaultClicksPerCodePerMinute
	}
	if perSecond == 0 {
		perSecond = DefaultClicksPerSecond
	}
	s.clicks = newClickLimits(newLimits(s.db, s.log), perCode, perSecond)
	// A GET pattern serves HEAD too; a HEAD is answered the same and not counted.
	s.mux.HandleFunc("GET "+trackingPath, s.handleRedirect)
}

// handleRedirect answers 302 to the link's landing page (counting a GET within
// the limits), or 404 for an unknown code and for a link whose campaign names no
// landing page yet.
func (s *Server) handleRedirect(w http.ResponseWriter, r *http.Request) {
	code := strings.ToLower(r.PathValue("code"))
	if !trackingCode.MatchString(code) {
		writeError(w, http.StatusNotFound, string(domain.CodeNotFound), "no tracking link has this code")
		return
	}
	var target string
	err := s.db.R.GetContext(r.Context(), &target, `SELECT target_url FROM tracking_links WHERE code = ?`, code)
	if errors.Is(err, sql.ErrNoRows) {
		writeError(w, http.StatusNotFound, string(domain.CodeNotFound), "no tracking link has this code")
		return
	}
	if err != nil {
		s.log.Error("tracking link lookup failed", "err", err) // no path: the log keeps no trace of who clicked what
		writeError(w, http.StatusInternalServerError, string(domain.CodeInternal), "internal error; try again")
		return
	}
	if target == "" {
		writeError(w, http.StatusNotFound, string(domain.CodeNotFound),
			"this tracking link has no landing page yet: the sponsor has not named one for the campaign")
		return
	}
	if r.Method == http.MethodGet {
		s.countClick(r.Context(), code)
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, target, http.StatusFound)
}

// countClick adds one click to the link if both limits allow it. A failure is
// logged and the visitor redirected all the same: a lost click is better than a
// lost visitor.
func (s *Server) countClick(ctx context.Context, code string) {
	if err := s.recordClick(ctx, code, s.cfg.Now()); err != nil && !errors.Is(err, errRefused) {
		s.log.Error("counting a click failed", "err", err)
	}
}

// recordClick is one write transaction: the click is checked against both limits
// and counted there (no reservation: the check, the count and the click commit
// together), then stamped with a new version, as a push is (autoaccept.go does the
// same), so both parties pull the new count and their event streams are poked. A
// click past a limit writes nothing and returns errRefused.
func (s *Server) recordClick(ctx context.Context, code string, now time.Time) error {
	s.pushMu.Lock()
	defer s.pushMu.Unlock()
	var version int64
	err := s.clicks.shared.run(ctx, now, func(tx *sqlx.Tx) error {
		_, ok, _, err := claimAll(tx, now, false, nil,
			[]claim{{s.clicks.perCode, code}, {s.clicks.global, ""}})
		if err != nil {
			return err
		}
		if !ok {
			return errRefused
		}
		if err := tx.GetContext(ctx, &version, `UPDATE sync_meta SET version = version + 1 WHERE id = 1 RETURNING version`); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE tracking_links SET clicks = clicks + 1, updated_at = ? WHERE code = ?`, now.UTC(), code)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("server: click: %d rows (%v)", n, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.pokeAfter(ctx, version)
	return nil
}
