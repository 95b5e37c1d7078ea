package queries

import (
	"testing"
	"time"
)

func TestLastMonths(t *testing.T) {
	got := LastMonths(time.Date(2026, 2, 28, 23, 0, 0, 0, time.UTC), 4)
	want := []string{"2025-11", "2025-12", "2026-01", "2026-02"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("LastMonths = %v, want %v", got, want)
		}
	}
}
