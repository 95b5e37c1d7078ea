package desktop

import (
	"fmt"
	"strings"
)

// OpenItem is what the UI opens when the app is brought back: an item a
// notification is about (the bell's ref_table and ref_id), or a route of a
// deep link. The UI maps it to a screen (components/NotificationBell.vue).
type OpenItem struct {
	RefTable string `json:"ref_table,omitempty"`
	RefID    string `json:"ref_id,omitempty"`
	Route    string `json:"route,omitempty"`
	// Notice asks the UI to say that the app kept running when the window was
	// closed (it could not be said natively).
	Notice string `json:"notice,omitempty"`
}

// refTables are the tables a notification may open.
var refTables = map[string]bool{"ad_requests": true, "campaigns": true, "reports": true}

// NotificationData is what a native notification about an item carries, for
// OpenFromNotification to read back when it is clicked.
func NotificationData(refTable, refID string) map[string]any {
	if !refTables[refTable] {
		return nil
	}
	return map[string]any{"ref_table": refTable, "ref_id": refID}
}

// OpenFromNotification reads the item of a clicked notification (its
// NotificationData); ok is false for a notification about nothing to open.
func OpenFromNotification(data map[string]any) (OpenItem, bool) {
	table, _ := data["ref_table"].(string)
	id, _ := data["ref_id"].(string)
	if !refTables[table] || (id == "" && table != "reports") || len(id) > 64 || strings.ContainsAny(id, "/?#") {
		return OpenItem{}, false
	}
	return OpenItem{RefTable: table, RefID: id}, true
}

// Open brings the UI to an item (app.go shows the window first). The item waits
// in Go until the UI takes it (BackgroundService.TakeOpen), on app:open or when
// it starts: a window started hidden may load its page only when first shown,
// after the event.
func (s *Services) Open(item OpenItem) {
	s.mu.Lock()
	s.pendingOpen = append(s.pendingOpen, item)
	if len(s.pendingOpen) > 8 {
		s.pendingOpen = s.pendingOpen[len(s.pendingOpen)-8:]
	}
	s.mu.Unlock()
	s.emit(TopicAppOpen, nil)
}

// TakeOpen returns, once, what the window was brought back to show, oldest first.
func (bs *BackgroundService) TakeOpen() ([]OpenItem, error) {
	s := bs.s
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.pendingOpen
	s.pendingOpen = nil
	if out == nil {
		out = []OpenItem{}
	}
	return out, nil
}

// DeepLinkScheme is the scheme of the links a second launch may pass on
// (iescp://ad-requests/<id> opens that request).
const DeepLinkScheme = "iescp://"

// ParseDeepLink turns iescp://<route> into the app route "/<route>", refusing
// anything but plain path segments (letters, digits, - and _) and a simple query.
func ParseDeepLink(link string) (string, error) {
	rest, ok := strings.CutPrefix(link, DeepLinkScheme)
	bad := fmt.Errorf("not an IESCP link: %q (want %s<screen>[/<id>])", link, DeepLinkScheme)
	if !ok || rest == "" || len(rest) > 200 {
		return "", bad
	}
	path, query, _ := strings.Cut(rest, "?")
	for _, seg := range strings.Split(strings.Trim(path, "/"), "/") {
		if seg == "" || strings.Trim(seg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
			return "", bad
		}
	}
	route := "/" + strings.Trim(path, "/")
	if query != "" {
		if strings.Trim(query, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=&") != "" {
			return "", bad
		}
		route += "?" + query
	}
	return route, nil
}
