package server

import (
	"sync"
)

// hub fans pokes out to the connected event streams of each account.
type hub struct {
	mu     sync.Mutex
	subs   map[string]map[*subscriber]struct{} // account id -> streams
	closed bool
}

type subscriber struct {
	account string
	ch      chan int64 // latest version; capacity 1, coalescing
	done    chan struct{}
}

func newHub() *hub { return &hub{subs: map[string]map[*subscriber]struct{}{}} }

func (h *hub) subscribe(account string) *subscriber {
	s := &subscriber{account: account, ch: make(chan int64, 1), done: make(chan struct{})}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		close(s.done)
		return s
	}
	if h.subs[account] == nil {
		h.subs[account] = map[*subscriber]struct{}{}
	}
	h.subs[account][s] = struct{}{}
	return s
}

func (h *hub) unsubscribe(s *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if set := h.subs[s.account]; set != nil {
		delete(set, s)
		if len(set) == 0 {
			delete(h.subs, s.account)
		}
	}
}

// poke tells the given accounts (nil: everyone connected) about version v. A slow
// stream never blocks: an unread older poke is replaced by the newer one.
func (h *hub) poke(accounts map[string]bool, v int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for acc, set := range h.subs {
		if accounts != nil && !accounts[acc] {
			continue
		}
		for s := range set {
			select {
			case s.ch <- v:
			default:
				select {
				case <-s.ch:
				default:
				}
				select {
				case s.ch <- v:
				default:
				}
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
}
