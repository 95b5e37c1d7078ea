package auth

import (
	"strings"
	"testing"
)

func TestHashPassword_Verify(t *testing.T) {
	cheap := Params{Memory: 1024, Time: 1, Threads: 1, KeyLen: 32}
	h, err := HashPasswordWith("correct horse", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("got hash %q, want an argon2id PHC string", h)
	}
	h2, _ := HashPasswordWith("correct horse", cheap)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt is not random")
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"correct horse", true}, {"correct horsE", false}, {"", false}, {"correct horse ", false}} {
		ok, err := VerifyPassword(h, tc.pw)
		if err != nil || ok != tc.want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
}

func TestVerifyPassword_Malformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5", "$argon2id$v=19$m=1024,t=1,p=1$!!$a2V5"} {
		if ok, err := VerifyPassword(h, "x"); ok || err == nil {
			t.Errorf("VerifyPassword(%q) = %v, %v; want false, error", h, ok, err)
		}
	}
}
