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
// notifications table (the bell shows them; forward.go sends a new one to the
// other channels that the matrix turns on for it) and the jobs' own (the daily
// reminder and the monthly report). The defaults are what the desktop did before
// the matrix: the jobs' messages on every channel, the synced notifications on
// the bell only.

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
		"campaign.flagged", "campaign.unflagged", "team.joined", "team.removed"}},
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

// jobKind: the jobs' own events, which went to every channel before the matrix.
func jobKind(kind string) bool { return kind == KindReminder || kind == KindReport }

// Default says whether an event of the matrix goes to a channel when the
// account never chose: the jobs' messages everywhere, a synced notification to
// the bell only.
func Default(kind, channel string) bool {
	return jobKind(kind) || channel == ChannelInApp
}

// Prefs is an account's matrix. The zero value is the defaults.
type Prefs struct {
	// Set holds the cells the account chose that differ from the defaults:
	// event → channel → on.
	Set map[string]map[string]bool `json:"set"`
}

// DefaultPrefs are the defaults.
func DefaultPrefs() Prefs { return Prefs{Set: map[string]map[string]bool{}} }

// Allows says whether an event of kind goes to channel: the account's choice,
// else the default. A kind the matrix does not know (a newer server's, a job
// message without a kind) cannot be turned off: it goes wherever it is sent
// (the bell shows it; Forward sends only the matrix's kinds).
func (p Prefs) Allows(kind, channel string) bool {
	if eventGroup[kind] == "" {
		return true
	}
	if on, ok := p.Set[kind][channel]; ok {
		return on
	}
	return Default(kind, channel)
}

// Hidden lists the kinds turned off for a channel (the bell hides these).
func (p Prefs) Hidden(channel string) []string {
	out := []string{}
	for _, g := range EventGroups {
		for _, k := range g.Events {
			if !p.Allows(k, channel) {
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

// Apply returns p with the changes made, validated: an unknown event or
// channel is invalid_argument (and nothing changes). A cell set back to its
// default is forgotten, so the stored matrix holds only the choices.
func (p Prefs) Apply(changes []PrefChange) (Prefs, error) {
	if len(changes) > maxPrefChanges {
		return p, domain.Errorf(domain.CodeInvalidArgument, "at most %d changes at once", maxPrefChanges)
	}
	out := p.clean()
	for _, c := range changes {
		if err := checkCell(c.Event, c.Channel); err != nil {
			return p, err
		}
		out.put(c.Event, c.Channel, c.On)
	}
	return out, nil
}

// put sets one cell, forgetting it when it is the default.
func (p Prefs) put(event, channel string, on bool) {
	if on == Default(event, channel) {
		delete(p.Set[event], channel)
		if len(p.Set[event]) == 0 {
			delete(p.Set, event)
		}
		return
	}
	if p.Set[event] == nil {
		p.Set[event] = map[string]bool{}
	}
	p.Set[event][channel] = on
}

// checkCell validates one cell of the matrix.
func checkCell(event, channel string) error {
	if !slices.Contains(AllChannels, channel) {
		return domain.Errorf(domain.CodeInvalidArgument, "unknown channel %q", channel)
	}
	if eventGroup[event] == "" {
		return domain.Errorf(domain.CodeInvalidArgument, "unknown event %q", event)
	}
	return nil
}

// clean copies p without what a stored matrix may hold that is no longer a cell
// (an event or channel since removed), so a stale row never fails a read.
func (p Prefs) clean() Prefs {
	out := DefaultPrefs()
	for k, chans := range p.Set {
		for ch, on := range chans {
			if checkCell(k, ch) == nil {
				out.put(k, ch, on)
			}
		}
	}
	return out
}

// PrefEvent is one row of the matrix as the UI shows it: which channels are on,
// and which would be by default.
type PrefEvent struct {
	Kind     string          `json:"kind"`
	On       map[string]bool `json:"on"`
	Defaults map[string]bool `json:"defaults"`
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
			e := PrefEvent{Kind: k, On: map[string]bool{}, Defaults: map[string]bool{}}
			for _, ch := range AllChannels {
				e.On[ch], e.Defaults[ch] = p.Allows(k, ch), Default(k, ch)
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
			if !native {
				off = append(off, PrefChange{Event: k, Channel: ChannelNative})
			}
			if emailSet && !email.Enabled && email.Host != "" {
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
