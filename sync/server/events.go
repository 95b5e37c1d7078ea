package server

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"iescp/backend/domain"
)

// heartbeat keeps idle event streams (and proxies in between) alive.
const heartbeat = 25 * time.Second

// handleEvents streams Server-Sent Events: a "poke" with the new version whenever
// rows the user may see change. The current version is sent at once, so a desktop
// that reconnects after being offline pulls straight away.
//
// A stream ends when its access token expires (the desktop reconnects with a fresh
// one), when its account is deactivated, when the account opens more than
// MaxStreamsPerAccount streams (the oldest goes), and when the server stops.
// Deactivated accounts cannot open one.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request, user string) {
	p, ok := principalFrom(r)
	if !ok {
		s.writeErr(w, r, errors.New("events: no principal in the request context"))
		return
	}
	// Subscribe before reading the account: a deactivation that commits after the
	// read below closes this subscription; one that committed before is seen by it.
	sub, err := s.hub.subscribe(user)
	if errors.Is(err, errTooManyStreams) {
		w.Header().Set("Retry-After", "30")
		s.writeErr(w, r, domain.Errorf(domain.CodeRateLimited, "the server holds too many event streams: try again later"))
		return
	}
	defer s.hub.unsubscribe(sub)
	var state struct {
		Active  bool  `db:"active"`
		Version int64 `db:"version"`
	}
	if err := s.db.R.GetContext(r.Context(), &state, `SELECT a.active, m.version FROM accounts a, sync_meta m
		WHERE a.id = ? AND m.id = 1`, user); err != nil {
		s.writeErr(w, r, err)
		return
	}
	if !state.Active {
		s.writeErr(w, r, domain.Errorf(domain.CodeForbidden, msgDeactivated))
		return
	}
	left := p.Expires.Sub(s.cfg.Now())
	if left <= 0 {
		unauthorized(w, "invalid_token")
		return
	}
	expired := s.cfg.After(left)

	// The server's write timeout bounds a whole response; a stream is long by
	// design, so each write moves the deadline instead, and a desktop that stops
	// reading is dropped. (net/http lifts the read deadline itself once the
	// request is read, to watch for the client going away.)
	rc := http.NewResponseController(w)
	write := func(format string, args ...any) bool {
		if err := rc.SetWriteDeadline(time.Now().Add(s.cfg.WriteTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return false
		}
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}

	s.metrics.streams.Inc()
	defer s.metrics.streams.Dec()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Connection", "keep-alive")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if !write("retry: 2000\nevent: poke\ndata: {\"version\":%d}\n\n", state.Version) {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-sub.done:
			return
		case <-expired:
			return
		case v := <-sub.ch:
			if !write("event: poke\ndata: {\"version\":%d}\n\n", v) {
				return
			}
		case <-tick.C:
			if !write(": keep-alive\n\n") {
				return
			}
		}
	}
}
