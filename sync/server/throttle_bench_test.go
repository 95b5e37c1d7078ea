package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"iescp/backend/auth"
	"iescp/backend/store/pgtest"
	"iescp/sync/protocol"
)

// BenchmarkLogin_Failure is the cost of one failed sign-in through the handler:
// the throttles' reservation, the account look-up, a (cheap, test-sized) password
// check and the failure counted, each attempt from its own email and address so
// none is refused. With the production argon2id parameters the hash dominates;
// this isolates what the throttles add (docs/benchmarks.md).
func BenchmarkLogin_Failure(b *testing.B) {
	s, err := New(Config{DBPath: pgtest.ServerDB(b, b.TempDir()), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	s.auth.params = auth.Params{Memory: 256, Time: 1, Threads: 1, KeyLen: 32}
	h := s.Handler()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		body, _ := json.Marshal(protocol.LoginRequest{Email: fmt.Sprintf("nobody%d@example.com", i), Password: "wrong password"})
		req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:5000", i>>16&255, i>>8&255, i&255)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			b.Fatalf("attempt %d: got %d %s, want 401", i, rec.Code, rec.Body)
		}
	}
}
