package jobs

import (
	"context"
	"slices"

	"iescp/backend/domain"
)

// Notification preferences: which events reach which channel, a matrix event
// kind × channel kept per account in the account's local settings (a person's
// preferences on their machine: never synced). One function decides,
// Prefs.Allows, and every delivery path asks it: the scheduler's deliveries (the
// bell's local notification, the desktop notification, the webhook, email) and
// the bell's list and unread count (Prefs.Hidden).
//
// An event is a notification kind: the ones the mutators write into the synced
// notifications table (they reach the bell only: nothing forwards a synced row
// to another channel) and the jobs' own (the daily reminder and the monthly
// report, which every channel carries). The defaults are what the per-channel
// switches did before the matrix: every event on every channel that carries it.

// settingPrefs is the local settings key of the matrix.
const settingPrefs = "notify.prefs"

// Event groups, as the Settings card shows them.
const (
	GroupRequests  = "requests"  // new requests, applications and offers
	GroupDeals     = "deals"     // deal progress: answers, deliverables, reviews
	GroupMoney     = "money"     // payouts and dispute settlements
	GroupMessages  = "messages"  // a deal's messages
	GroupReminders = "reminders" // the jobs' daily reminder and monthly report
	GroupAdmin     = "admin"     // an admin's decisions about the account or a campaign
)

// AllChannels are the channels in the order the matrix shows them.
var AllChannels = []string{ChannelInApp, ChannelNative, ChannelWebhook, ChannelEmail}

// bellOnly: a synced notification reaches the bell only.
var bellOnly = []string{ChannelInApp}

// EventGroup is a group of events; Events are notification kinds.
type EventGroup struct {
	ID     string   `json:"id"`
	Events []string `json:"events"`
}

// EventGroups are every event the matrix knows, grouped. A kind that is not
// here (a newer server's) is never hidden or skipped.
var EventGroups = []EventGroup{
	{GroupRequests, []string{"ad_request.received", "ad_request.application", "ad_request.counter"}},
	{GroupDeals, []string{"ad_request.accepted", "ad_request.rejected", "ad_request.withdrawn",
		"deliverable.draft_submitted", "deliverable.changes_requested", "deliverable.approved",
		"deliverable.proof_submitted", "deliverable.proof_accepted", "deliverable.auto_accepted", "deliverable.disputed",
		"deliverable.metrics_reported", "deliverable.metrics_corrected", "review.received"}},
	{GroupMoney, []string{"deal.completed", "dispute.resolved"}},
	{GroupMessages, []string{"ad_request.message"}},
	{GroupReminders, []string{KindReminder, KindReport}},
	{GroupAdmin, []string{"sponsor.approved", "sponsor.rejected", "account.flagged", "account.unflagged",
		"campaign.flagged", "campaign.unflagged"}},
}

// eventGroup maps a kind to its group.
var eventGroup = func() map[string]string {
	m := map[string]string{}
	for _, g := range EventGroups {
		for _, k := range g.Events {
			m[k] = g.ID
		}
	}
	return m
}()

// Reach lists the channels that carry an event (nil for a kind the matrix does
// not know): the jobs' messages go everywhere, synced notifications to the bell.
func Reach(kind string) []string {
	switch {
	case kind == KindReminder || kind == KindReport:
		return AllChannels
	case eventGroup[kind] != "":
		return bellOnly
	}
	return nil
}

// Prefs is an account's matrix. The zero value is the defaults.
type Prefs struct {
	// Off lists, per event, the channels turned off (absent: on, the default).
	Off map[string][]string `json:"off"`
}

// DefaultPrefs are the defaults: everything on.
func DefaultPrefs() Prefs { return Prefs{Off: map[string][]string{}} }

// Allows says whether an event of kind goes to channel. A kind the matrix does
// not know goes everywhere it is sent (it cannot be turned off); a channel that
// does not carry the kind never gets it.
func (p Prefs) Allows(kind, channel string) bool {
	reach := Reach(kind)
	if reach == nil {
		return true
	}
	return slices.Contains(reach, channel) && !slices.Contains(p.Off[kind], channel)
}

// Hidden lists the kinds turned off for a channel (the bell hides these).
func (p Prefs) Hidden(channel string) []string {
	out := []string{}
	for _, g := range EventGroups {
		for _, k := range g.Events {
			if slices.Contains(Reach(k), channel) && !p.Allows(k, channel) {
				out = append(out, k)
			}
		}
	}
	return out
}

// PrefChange turns one event on or off on one channel.
type PrefChange struct {
	Event   string `json:"event"`
	Channel string `json:"channel"`
	On      bool   `json:"on"`
}

// maxPrefChanges bounds one SetPrefs (the whole matrix is well under it).
const maxPrefChanges = 500

// Apply returns p with the changes made, validated: an unknown event or channel,
// or a channel that does not carry the event, is invalid_argument.
func (p Prefs) Apply(changes []PrefChange) (Prefs, error) {
	if len(changes) > maxPrefChanges {
		return p, domain.Errorf(domain.CodeInvalidArgument, "at most %d changes at once", maxPrefChanges)
	}
	out := Prefs{Off: map[string][]string{}}
	for k, v := range p.Off {
		out.Off[k] = slices.Clone(v)
	}
	for _, c := range changes {
		if err := checkCell(c.Event, c.Channel); err != nil {
			return p, err
		}
		off := slices.DeleteFunc(out.Off[c.Event], func(ch string) bool { return ch == c.Channel })
		if !c.On {
			off = append(off, c.Channel)
		}
		if len(off) == 0 {
			delete(out.Off, c.Event)
		} else {
			out.Off[c.Event] = off
		}
	}
	return out, nil
}

// checkCell validates one cell of the matrix.
func checkCell(event, channel string) error {
	if !slices.Contains(AllChannels, channel) {
		return domain.Errorf(domain.CodeInvalidArgument, "unknown channel %q", channel)
	}
	reach := Reach(event)
	if reach == nil {
		return domain.Errorf(domain.CodeInvalidArgument, "unknown event %q", event)
	}
	if !slices.Contains(reach, channel) {
		return domain.Errorf(domain.CodeInvalidArgument, "%s does not reach %s", event, channel)
	}
	return nil
}

// clean drops what a stored matrix may hold that is no longer a cell (an event
// or channel since removed), so a stale row never fails a read.
func (p Prefs) clean() Prefs {
	out := DefaultPrefs()
	for k, chans := range p.Off {
		for _, ch := range chans {
			if checkCell(k, ch) == nil && !slices.Contains(out.Off[k], ch) {
				out.Off[k] = append(out.Off[k], ch)
			}
		}
	}
	return out
}

// PrefEvent is one row of the matrix as the UI shows it: the channels that
// carry the event (reach) and, of those, which are on.
type PrefEvent struct {
	Kind  string          `json:"kind"`
	Reach []string        `json:"reach"`
	On    map[string]bool `json:"on"`
}

// PrefGroup is a group of rows.
type PrefGroup struct {
	ID     string      `json:"id"`
	Events []PrefEvent `json:"events"`
}

// ChannelState says whether a channel is set up (the bell always; the desktop
// where the system has notifications; the webhook with an address; email when
// switched on in the delivery settings). A channel not set up delivers nothing
// whatever the matrix says.
type ChannelState struct {
	Name  string `json:"name"`
	Ready bool   `json:"ready"`
}

// PrefsView is the matrix as the Settings card shows it.
type PrefsView struct {
	Channels []ChannelState `json:"channels"`
	Groups   []PrefGroup    `json:"groups"`
}

// View is the matrix in groups, for the UI.
func (p Prefs) View(channels []ChannelState) PrefsView {
	out := PrefsView{Channels: channels, Groups: make([]PrefGroup, 0, len(EventGroups))}
	for _, g := range EventGroups {
		pg := PrefGroup{ID: g.ID, Events: make([]PrefEvent, 0, len(g.Events))}
		for _, k := range g.Events {
			e := PrefEvent{Kind: k, Reach: Reach(k), On: map[string]bool{}}
			for _, ch := range e.Reach {
				e.On[ch] = p.Allows(k, ch)
			}
			pg.Events = append(pg.Events, e)
		}
		out.Groups = append(out.Groups, pg)
	}
	return out
}

// Prefs returns the account's matrix. The first read of an account that has
// none migrates its per-channel switches and stores the result: desktop
// notifications switched off turn the desktop off for every event; email set up
// and then switched off (a host kept, the switch off) turns email off for every
// event.
func (d Account) Prefs(ctx context.Context) (Prefs, error) {
	var p Prefs
	ok, err := getLocal(ctx, d.DB, settingPrefs, &p)
	if err != nil {
		return Prefs{}, err
	}
	if ok {
		return p.clean(), nil
	}
	p, err = d.migratePrefs(ctx)
	if err != nil {
		return Prefs{}, err
	}
	return p, putLocal(ctx, d.DB, settingPrefs, p)
}

// migratePrefs builds the matrix from the switches the account had before it.
func (d Account) migratePrefs(ctx context.Context) (Prefs, error) {
	native := true
	if _, err := getLocal(ctx, d.DB, settingNative, &native); err != nil {
		return Prefs{}, err
	}
	var email EmailSettings
	emailSet, err := getLocal(ctx, d.DB, settingEmail, &email)
	if err != nil {
		return Prefs{}, err
	}
	var off []PrefChange
	for _, g := range EventGroups {
		for _, k := range g.Events {
			reach := Reach(k)
			if !native && slices.Contains(reach, ChannelNative) {
				off = append(off, PrefChange{Event: k, Channel: ChannelNative})
			}
			if emailSet && !email.Enabled && email.Host != "" && slices.Contains(reach, ChannelEmail) {
				off = append(off, PrefChange{Event: k, Channel: ChannelEmail})
			}
		}
	}
	return DefaultPrefs().Apply(off)
}

// SetPrefs applies changes to the account's matrix and returns it.
func (d Account) SetPrefs(ctx context.Context, changes []PrefChange) (Prefs, error) {
	p, err := d.Prefs(ctx)
	if err != nil {
		return Prefs{}, err
	}
	if p, err = p.Apply(changes); err != nil {
		return Prefs{}, err
	}
	return p, putLocal(ctx, d.DB, settingPrefs, p)
}

// ResetPrefs puts the defaults back (the migrated switches are not restored).
func (d Account) ResetPrefs(ctx context.Context) (Prefs, error) {
	p := DefaultPrefs()
	return p, putLocal(ctx, d.DB, settingPrefs, p)
}

// ChannelStates says which channels are set up.
func (d Account) ChannelStates(ctx context.Context) []ChannelState {
	return []ChannelState{
		{ChannelInApp, true},
		{ChannelNative, d.Notify != nil},
		{ChannelWebhook, d.Webhook().Enabled(ctx)},
		{ChannelEmail, d.EmailChannel().Enabled(ctx)},
	}
}

// PrefsView is the account's matrix for the Settings card.
func (d Account) PrefsView(ctx context.Context) (PrefsView, error) {
	p, err := d.Prefs(ctx)
	if err != nil {
		return PrefsView{}, err
	}
	return p.View(d.ChannelStates(ctx)), nil
}
