package desktop

import (
	"log/slog"

	"iescp/backend/domain"
	"iescp/backend/jobs"
	"iescp/backend/mutate"
	"iescp/backend/queries"
)

// NotificationService is bound to the UI: the bell. A notification is a kind and
// its params; the UI renders them in the reader's language.
type NotificationService struct{ s *Services }

// NewNotificationService binds the notifications of the signed-in account.
func NewNotificationService(s *Services) *NotificationService { return &NotificationService{s: s} }

// List returns the newest notifications (at most limit, 1..100; 0 means 20) and the
// unread count: the synced ones and this desktop's own (job reminders, reports),
// without the kinds the account turned off for the bell (its notification
// preferences).
func (ns *NotificationService) List(limit int) (queries.NotificationList, error) {
	ctx, sess, err := ns.s.begin()
	if err != nil {
		return queries.NotificationList{}, toUI(err)
	}
	prefs, err := ns.s.delivery(sess).Prefs(ctx)
	if err != nil {
		return queries.NotificationList{}, toUI(err)
	}
	l, err := queries.Notifications(ctx, sess.db.R, viewer(sess), limit, prefs.Hidden(jobs.ChannelInApp))
	return l, toUI(err)
}

// forwardNotifications sends the session's new synced notifications to the
// desktop, the webhook and email where the account's notification preferences
// turn them on (jobs.Forwarder). Called when a session starts (the first time,
// it only notes where the history ends) and after each pull; the rows are
// claimed here, the sends go on in the background so a slow mail server never
// holds the sync up. Not during a fresh replica's first download (no session
// context yet): that is history.
func (s *Services) forwardNotifications(sess *session) {
	if sess.ctx == nil {
		return
	}
	logger := slog.New(slog.NewTextHandler(s.logWriter(), &slog.HandlerOptions{Level: slog.LevelInfo}))
	fw := s.delivery(sess).Forwarder(logger)
	out, err := fw.Pending(sess.ctx)
	if err != nil {
		logger.Warn("notifications: forward", "err", err)
		return
	}
	if len(out) > 0 {
		go fw.Send(sess.ctx, out)
	}
}

// MarkRead marks the given notifications read: this desktop's own here, the
// synced ones by the notification.markRead mutator.
func (ns *NotificationService) MarkRead(ids []string) error {
	ctx, sess, err := ns.s.begin()
	if err != nil {
		return toUI(err)
	}
	if len(ids) == 0 {
		return toUI(domain.Errorf(domain.CodeInvalidArgument, "no notifications given"))
	}
	synced, err := jobs.MarkLocalRead(ctx, sess.db, sess.info.AccountID, ids, ns.s.cfg.Now())
	if err != nil {
		return toUI(err)
	}
	if len(synced) == 0 {
		ns.s.emit(TopicDataChanged, DataChanged{AccountID: sess.info.AccountID, Source: "local"})
		return nil
	}
	_, err = ns.s.apply(ctx, sess, &mutate.NotificationMarkRead{IDs: synced})
	return toUI(err)
}

// MarkAllRead marks every notification of the account read.
func (ns *NotificationService) MarkAllRead() error {
	ctx, sess, err := ns.s.begin()
	if err != nil {
		return toUI(err)
	}
	if err := jobs.MarkAllLocalRead(ctx, sess.db, sess.info.AccountID, ns.s.cfg.Now()); err != nil {
		return toUI(err)
	}
	_, err = ns.s.apply(ctx, sess, &mutate.NotificationMarkRead{All: true})
	return toUI(err)
}
