package search_test

import (
	"context"
	"os"
	"testing"
	"time"

	"iescp/backend/seed"
)

func TestZZMakeDB(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	sum, err := seed.Generate(context.Background(), seed.Options{DataDir: "/tmp/zzbench", Password: "bench-password",
		Influencers: 100_000, Sponsors: 300, Campaigns: 2_000, AdRequests: 5_000, Seed: 1,
		Now: time.Date(2026, 11, 15, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if err := synthStats(sum.Path); err != nil {
		t.Fatal(err)
	}
	t.Log(sum.Path)
}
