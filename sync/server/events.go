package server

import (
	"fmt"
	"net/http"
	"time"
)

// heartbeat keeps idle event streams (and proxies in between) alive.
const heartbeat = 25 * time.Second

// handleEvents streams Server-Sent Events: a "poke" with the new version whenever
// rows the user may see change. The current version is sent at once, so a desktop
// that reconnects after being offline pulls straight away.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request, user string) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, "internal", "streaming unsupported")
		return
	}
	var version int64
	if err := s.db.R.GetContext(r.Context(), &version, `SELECT version FROM sync_meta WHERE id = 1`); err != nil {
		s.writeErr(w, r, err)
		return
	}
	sub := s.hub.subscribe(user)
	defer s.hub.unsubscribe(sub)
	s.metrics.streams.Inc()
	defer s.metrics.streams.Dec()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("Connection", "keep-alive")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprintf(w, "retry: 2000\nevent: poke\ndata: {\"version\":%d}\n\n", version); err != nil {
		return
	}
	flusher.Flush()
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-sub.done:
			return
		case v := <-sub.ch:
			if _, err := fmt.Fprintf(w, "event: poke\ndata: {\"version\":%d}\n\n", v); err != nil {
				return
			}
			flusher.Flush()
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}
