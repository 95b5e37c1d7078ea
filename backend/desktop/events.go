package desktop

// Event topics the desktop publishes to the UI, declared once here; the UI
// declares the same names once, in frontend/src/api/events.js (a test checks
// that both lists agree).
const (
	TopicSyncStatus     = "sync:status"     // client.Status
	TopicSyncProgress   = "sync:progress"   // SyncProgress
	TopicDataChanged    = "data:changed"    // DataChanged
	TopicJobsChanged    = "jobs:changed"    // {account_id}: a job ran or changed
	TopicExportProgress = "export:progress" // ExportProgress
	TopicExportDone     = "export:done"     // ExportDone
	// TopicSessionChanged carries the SessionInfo Go signed in by itself at
	// start (--sign-in, or the last session resumed), or null when that failed.
	TopicSessionChanged = "session:changed"
	TopicAppOpen        = "app:open" // the window came back to show something: BackgroundService.TakeOpen
)

// Topics lists every topic above (for the test that keeps Go and JS in step).
var Topics = []string{TopicSyncStatus, TopicSyncProgress, TopicDataChanged, TopicJobsChanged,
	TopicExportProgress, TopicExportDone, TopicSessionChanged, TopicAppOpen}

// SyncProgress reports rows received during a long pull; Initial is set during the
// first download of a fresh replica (at sign-in). Total is how many rows that
// first download brings, when the server said (0: unknown); Rows never exceeds it.
type SyncProgress struct {
	Rows    int  `json:"rows"`
	Total   int  `json:"total,omitempty"`
	Initial bool `json:"initial"`
}

// DataChanged tells the UI to re-query: a pull or a local change touched the replica.
type DataChanged struct {
	AccountID string `json:"account_id"`
	Source    string `json:"source"` // "sync", "local", "jobs" or "attachments" (an upload finished)
}

func (s *Services) emit(topic string, data any) {
	if s.Emit != nil {
		s.Emit(topic, data)
	}
}
