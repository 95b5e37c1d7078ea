package jobs

import (
	"embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// The texts the jobs write themselves (the daily reminder's email, webhook post
// and desktop notification, test messages) come from a message catalog
// (nicksnyder/go-i18n) with plural forms, not from code: messages/en.json. The
// in-app notification of a run carries its kind and params instead, and the UI
// renders those through its own i18n.

//go:embed messages/*.json
var messageFiles embed.FS

var (
	catalogOnce sync.Once
	catalog     *i18n.Localizer
	catalogErr  error
)

func localizer() (*i18n.Localizer, error) {
	catalogOnce.Do(func() {
		b := i18n.NewBundle(language.English)
		b.RegisterUnmarshalFunc("json", json.Unmarshal)
		if _, err := b.LoadMessageFileFS(messageFiles, "messages/en.json"); err != nil {
			catalogErr = fmt.Errorf("jobs: message catalog: %w", err)
			return
		}
		catalog = i18n.NewLocalizer(b, "en")
	})
	return catalog, catalogErr
}

// T renders the catalog's message id with data (its {{.name}} fields).
func T(id string, data map[string]any) string { return render(id, data, nil) }

// TN renders a message with plural forms for count; data may name more fields,
// and {{.Count}} is count.
func TN(id string, count int, data map[string]any) string {
	d := map[string]any{"Count": count}
	for k, v := range data {
		d[k] = v
	}
	return render(id, d, count)
}

func render(id string, data map[string]any, count any) string {
	l, err := localizer()
	if err != nil {
		return id
	}
	s, err := l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil {
		return id // a missing message shows its id, which a test catches
	}
	return s
}
