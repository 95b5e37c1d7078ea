package localdata

import (
	"context"
	"testing"
	"time"

	"iescp/backend/auth"
	"iescp/backend/domain"
)

func openDir(t *testing.T) *Directory {
	t.Helper()
	d, err := OpenDirectory(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestDirectory_RememberFindTouchAccounts(t *testing.T) {
	ctx := context.Background()
	d := openDir(t)
	maya := domain.Account{ID: "id-maya", Email: "maya@brand.test", Name: "Maya", Role: domain.RoleSponsor}
	ivan := domain.Account{ID: "id-ivan", Email: "ivan@creator.test", Name: "Ivan", Role: domain.RoleInfluencer}
	if err := d.Remember(ctx, maya, "maya's password", "http://a.test"); err != nil {
		t.Fatal(err)
	}
	if err := d.Remember(ctx, ivan, "ivan's password", ""); err != nil {
		t.Fatal(err)
	}

	// Found by the email as typed or in another case; the password is a verifier.
	c, ok, err := d.Find(ctx, "MAYA@brand.test")
	if err != nil || !ok || c.ID != "id-maya" || c.ServerURL != "http://a.test" || c.Role != "sponsor" {
		t.Fatalf("Find = %+v, %v, %v; want maya", c, ok, err)
	}
	if c.PasswordHash == "" || c.PasswordHash == "maya's password" {
		t.Fatalf("stored %q, want a verifier", c.PasswordHash)
	}
	if ok, _ := auth.VerifyPassword(c.PasswordHash, "maya's password"); !ok {
		t.Fatal("the verifier does not match the password")
	}
	if _, ok, err := d.Find(ctx, "nobody@x.test"); ok || err != nil {
		t.Fatalf("Find(nobody) = %v, %v; want not found", ok, err)
	}

	// Never signed in: listed after those that did, by email; then latest first.
	t0 := time.Date(2026, 11, 15, 12, 0, 0, 0, time.UTC)
	list, err := d.Accounts(ctx)
	if err != nil || len(list) != 2 || list[0].Email != "ivan@creator.test" || list[0].LastSignedIn != nil {
		t.Fatalf("Accounts = %+v, %v", list, err)
	}
	if err := d.Touch(ctx, "id-maya", "Maya B", t0); err != nil {
		t.Fatal(err)
	}
	list, _ = d.Accounts(ctx)
	if list[0].ID != "id-maya" || list[0].Name != "Maya B" || list[0].LastSignedIn == nil || !list[0].LastSignedIn.Equal(t0) {
		t.Fatalf("after touch: %+v", list)
	}
	if err := d.Touch(ctx, "id-ivan", "Ivan", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	list, _ = d.Accounts(ctx)
	if list[0].ID != "id-ivan" || list[1].ID != "id-maya" {
		t.Fatalf("latest first: %+v", list)
	}

	// Remembering again keeps the sign-in time; the same email under a new ID
	// (the account was recreated on the server) replaces the old one.
	if err := d.Remember(ctx, maya, "new password", "http://b.test"); err != nil {
		t.Fatal(err)
	}
	c, _, _ = d.Find(ctx, "maya@brand.test")
	if c.ServerURL != "http://b.test" || c.LastSignedIn == nil {
		t.Fatalf("re-remembered: %+v", c)
	}
	maya.ID = "id-maya-2"
	if err := d.Remember(ctx, maya, "new password", "http://b.test"); err != nil {
		t.Fatal(err)
	}
	list, _ = d.Accounts(ctx)
	if len(list) != 2 || (list[0].ID != "id-maya-2" && list[1].ID != "id-maya-2") {
		t.Fatalf("after recreating maya: %+v", list)
	}
}

func TestDirectory_Settings(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	d, err := OpenDirectory(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if u, err := d.ServerURL(ctx); err != nil || u != DefaultServerURL {
		t.Fatalf("ServerURL = %q, %v; want the default", u, err)
	}
	if _, err := d.SetServerURL(ctx, "gopher://x"); domain.ErrorCode(err) != domain.CodeInvalidArgument {
		t.Fatalf("SetServerURL(gopher) = %v, want invalid_argument", err)
	}
	if u, err := d.SetServerURL(ctx, " https://sync.example.com/ "); err != nil || u != "https://sync.example.com" {
		t.Fatalf("SetServerURL = %q, %v", u, err)
	}
	if u, err := d.SetServerURL(ctx, "https://other.example.com"); err != nil || u != "https://other.example.com" {
		t.Fatalf("SetServerURL again = %q, %v", u, err)
	}
	d.Close()
	d, err = OpenDirectory(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if u, _ := d.ServerURL(ctx); u != "https://other.example.com" {
		t.Fatalf("stored address after reopening = %q", u)
	}
	if _, ok, err := d.Setting(ctx, "nothing"); ok || err != nil {
		t.Fatalf("Setting(nothing) = %v, %v", ok, err)
	}
}

func TestNormalizeServerURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"http://127.0.0.1:8787", "http://127.0.0.1:8787"},
		{" https://sync.example.com/ ", "https://sync.example.com"},
		{"https://example.com/iescp/", "https://example.com/iescp"},
		{"http://[::1]:8787", "http://[::1]:8787"},
		{"", ""},
		{"ftp://example.com", ""},
		{"example.com:8787", ""},
		{"http://", ""},
		{"http://user:pw@example.com", ""},
		{"http://example.com/?x=1", ""},
		{"http://example.com:99999", ""},
		{"http://example.com:0", ""},
		{"javascript:alert(1)", ""},
	} {
		got, err := NormalizeServerURL(tc.in)
		if (err != nil) != (tc.want == "") || got != tc.want {
			t.Errorf("NormalizeServerURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
