package jobs

import (
	"context"
	"testing"
)

// A desktop notification about an item carries it (clicking opens it); one
// about nothing, or where the app cannot open items, is a plain one.
func TestNative_NotifyAboutCarriesTheItem(t *testing.T) {
	var plain, about []string
	c := Native{
		Notify: func(title, body string) error { plain = append(plain, title); return nil },
		NotifyAbout: func(title, body, table, id string) error {
			about = append(about, title+"|"+table+"|"+id)
			return nil
		},
	}
	ctx := context.Background()
	if err := c.Send(ctx, Message{Subject: "New ad request", Text: "b", RefTable: "ad_requests", RefID: "r1"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(ctx, Message{Subject: "Your day", Text: "b"}); err != nil {
		t.Fatal(err)
	}
	if len(about) != 1 || about[0] != "New ad request|ad_requests|r1" || len(plain) != 1 || plain[0] != "Your day" {
		t.Fatalf("about %v, plain %v", about, plain)
	}
	c.NotifyAbout = nil
	if err := c.Send(ctx, Message{Subject: "New ad request", Text: "b", RefTable: "ad_requests", RefID: "r1"}); err != nil {
		t.Fatal(err)
	}
	if len(plain) != 2 {
		t.Fatalf("without NotifyAbout: plain %v", plain)
	}
}
