package desktop

import (
	"strings"
	"sync/atomic"
	"testing"

	"iescp/sync/client"
)

// TestFirstDownload_ReleasesItsMemory: once a big pull (a first download) is
// applied, the memory its pages used goes back to the system (releaseMemory),
// once; a small delta pulled later does not collect.
func TestFirstDownload_ReleasesItsMemory(t *testing.T) {
	var released atomic.Int32
	old := releaseMemory
	oldRows := releaseAfterRows
	releaseMemory = func() { released.Add(1) }
	releaseAfterRows = 2 // B's first download: the account, its campaign; a delta: one campaign
	t.Cleanup(func() { releaseMemory, releaseAfterRows = old, oldRows })

	ts := newTestServer(t)
	ts.register("sponsor", "maya@brand.test", "Maya")
	a, _ := newTestDesktop(t, ts.URL, "")
	if _, err := a.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatal(err)
	}
	createCampaign(t, a, "Winter launch")
	waitFor(t, "A's outbox to drain", func() bool {
		st, _ := a.Sync.Status()
		return st.Pending == 0 && st.State == client.StateOnline
	})
	before := released.Load() // A's own first download (of its account alone)

	b, _ := newTestDesktop(t, ts.URL, "")
	if _, err := b.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatal(err)
	}
	if got := released.Load() - before; got != 1 {
		t.Fatalf("released %d times after B's first download, want once", got)
	}
	createCampaign(t, a, "Spring teaser")
	waitFor(t, "B to receive the new campaign", func() bool {
		return strings.Contains(strings.Join(campaignNames(t, b), ","), "Spring teaser")
	})
	if got := released.Load() - before; got != 1 {
		t.Fatalf("released %d times after a delta pull, want still once", got)
	}
}
