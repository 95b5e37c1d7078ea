package server

import (
	"errors"
	"sync"
)

// errTooManyStreams refuses a stream when the server holds MaxStreams already.
var errTooManyStreams = errors.New("too many event streams")

// hub fans pokes out to the connected event streams of each account. It holds at
// most perAccount streams per account (a new one closes the account's oldest: a
// desktop that reconnects before its old connection is noticed dead must get in)
// and total streams in all (a new one past that is refused).
type hub struct {
	mu         sync.Mutex
	subs       map[string]map[*subscriber]struct{} // account id -> streams
	n          int                                 // streams held
	seq        uint64                              // opening order, to find the oldest
	perAccount int
	total      int
	closed     bool
	gone       chan struct{} // closed (and replaced) whenever a stream is removed
}

type subscriber struct {
	account string
	seq     uint64
	ch      chan int64    // latest version; capacity 1, coalescing
	done    chan struct{} // closed when the hub ends the stream
}

func newHub(perAccount, total int) *hub {
	return &hub{subs: map[string]map[*subscriber]struct{}{}, perAccount: perAccount, total: total}
}

// subscribe registers a stream of account. Past the per-account cap it closes
// the account's oldest stream; past the total cap it refuses with errTooManyStreams.
func (h *hub) subscribe(account string) (*subscriber, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	s := &subscriber{account: account, seq: h.seq, ch: make(chan int64, 1), done: make(chan struct{})}
	if h.closed {
		close(s.done)
		return s, nil
	}
	set := h.subs[account]
	if len(set) >= h.perAccount {
		var oldest *subscriber
		for o := range set {
			if oldest == nil || o.seq < oldest.seq {
				oldest = o
			}
		}
		h.removeLocked(oldest)
	}
	if h.n >= h.total {
		return nil, errTooManyStreams
	}
	if h.subs[account] == nil {
		h.subs[account] = map[*subscriber]struct{}{}
	}
	h.subs[account][s] = struct{}{}
	h.n++
	return s, nil
}

// removeLocked ends a registered stream: its handler sees done closed.
func (h *hub) removeLocked(s *subscriber) {
	set := h.subs[s.account]
	if _, ok := set[s]; !ok {
		return
	}
	delete(set, s)
	if len(set) == 0 {
		delete(h.subs, s.account)
	}
	h.n--
	close(s.done)
	if h.gone != nil {
		close(h.gone)
		h.gone = nil
	}
}

// removed returns a channel closed when a stream is next removed, to wait for
// a stream's end without polling.
func (h *hub) removed() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.gone == nil {
		h.gone = make(chan struct{})
	}
	return h.gone
}

func (h *hub) unsubscribe(s *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.removeLocked(s)
}

// closeAccount ends every stream of account (deactivated).
func (h *hub) closeAccount(account string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs[account] {
		h.removeLocked(s)
	}
}

// accounts lists the accounts with at least one stream.
func (h *hub) accounts() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]string, 0, len(h.subs))
	for acc := range h.subs {
		out = append(out, acc)
	}
	return out
}

// count is the number of streams held.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n
}

// poke tells the given accounts about version v. A slow stream never blocks: an
// unread poke is replaced by the newer of the two, so a stream never goes back to
// an older version whatever order pokes arrive in.
func (h *hub) poke(accounts map[string]bool, v int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for acc := range accounts {
		for s := range h.subs[acc] {
			select {
			case s.ch <- v:
				continue
			default:
			}
			latest := v
			select {
			case old := <-s.ch:
				latest = max(old, v)
			default:
			}
			select {
			case s.ch <- latest:
			default:
			}
		}
	}
}

func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for _, set := range h.subs {
		for s := range set {
			close(s.done)
		}
	}
	h.subs = map[string]map[*subscriber]struct{}{}
	h.n = 0
}
