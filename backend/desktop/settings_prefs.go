package desktop

import "iescp/backend/jobs"

// Notification preferences of the signed-in account: which events reach the
// bell, the desktop, the chat webhook and email (backend/jobs/prefs.go decides;
// the scheduler's deliveries and the bell obey it). They live in the account's
// local settings on this machine.

// NotificationPrefs returns the matrix by group, with which channels are set up.
func (ss *SettingsService) NotificationPrefs() (jobs.PrefsView, error) {
	ctx, sess, err := ss.s.begin()
	if err != nil {
		return jobs.PrefsView{}, toUI(err)
	}
	v, err := ss.s.delivery(sess).PrefsView(ctx)
	return v, toUI(err)
}

// SetNotificationPrefs turns events on or off per channel (an unknown event or
// channel, or a channel that does not carry the event, is invalid_argument) and
// returns the matrix.
func (ss *SettingsService) SetNotificationPrefs(changes []jobs.PrefChange) (jobs.PrefsView, error) {
	ctx, sess, err := ss.s.begin()
	if err != nil {
		return jobs.PrefsView{}, toUI(err)
	}
	if _, err := ss.s.delivery(sess).SetPrefs(ctx, changes); err != nil {
		return jobs.PrefsView{}, toUI(err)
	}
	ss.s.emit(TopicDataChanged, DataChanged{AccountID: sess.info.AccountID, Source: "local"}) // the bell re-reads
	return ss.NotificationPrefs()
}

// ResetNotificationPrefs puts the defaults back (every event on every channel
// that carries it) and returns the matrix.
func (ss *SettingsService) ResetNotificationPrefs() (jobs.PrefsView, error) {
	ctx, sess, err := ss.s.begin()
	if err != nil {
		return jobs.PrefsView{}, toUI(err)
	}
	if _, err := ss.s.delivery(sess).ResetPrefs(ctx); err != nil {
		return jobs.PrefsView{}, toUI(err)
	}
	ss.s.emit(TopicDataChanged, DataChanged{AccountID: sess.info.AccountID, Source: "local"})
	return ss.NotificationPrefs()
}
