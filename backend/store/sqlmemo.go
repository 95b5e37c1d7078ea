package store

import "sync"

// The statements a server sends are a small set of shapes built again and again
// from constant text: rebound placeholders (Rebind), a read's fingerprint, a
// push's assertion, statements sent as one (Batch.AddAsOne). Building them anew
// for every push was a tenth of the push's garbage, so each shape is built once
// and kept, up to maxMemo shapes (statements built from variable text, such as
// an IN list per length, stop being kept there, and are built each time).

// memoKey names a shape: what it is built from, up to four texts.
type memoKey [4]string

const maxMemo = 4096

var memo = struct {
	sync.RWMutex
	m map[memoKey]string
}{m: map[memoKey]string{}}

// memoSQL is the statement k names, built by build the first time.
func memoSQL(k memoKey, build func() string) string {
	memo.RLock()
	s, ok := memo.m[k]
	memo.RUnlock()
	if ok {
		return s
	}
	s = build()
	memo.Lock()
	if len(memo.m) < maxMemo {
		memo.m[k] = s
	}
	memo.Unlock()
	return s
}
