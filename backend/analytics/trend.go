package analytics

import "time"

// TrendPoint is one bucket of the trend series: the bucket's first instant (UTC), the
// window's posts in it and their mean ER by followers, and the follower total at the
// bucket's end.
type TrendPoint struct {
	Start       time.Time
	Posts       int
	ERFollowers float64 // as Metrics.ERFollowers over the bucket's posts; 0 without posts
	// Followers: over each platform, the Followers of its latest post (Followers > 0)
	// posted before the bucket's end (or at now, for the last bucket), including posts
	// before the window, summed; 0 before the first post.
	Followers int64
}

// TrendBucket is the bucket of the trend series for a window: "day" up to 31 days,
// "week" (Monday to Sunday, UTC) up to 92 days, "month" (calendar, UTC) beyond.
func TrendBucket(window time.Duration) string {
	switch {
	case window <= 31*24*time.Hour:
		return "day"
	case window <= 92*24*time.Hour:
		return "week"
	default:
		return "month"
	}
}

// bucketStart is the first instant of t's bucket.
func bucketStart(t time.Time, bucket string) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch bucket {
	case "week":
		back := (int(day.Weekday()) + 6) % 7 // days since Monday
		return day.AddDate(0, 0, -back)
	case "month":
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	default:
		return day
	}
}

// nextBucket is the first instant of the bucket after the one starting at s.
func nextBucket(s time.Time, bucket string) time.Time {
	switch bucket {
	case "week":
		return s.AddDate(0, 0, 7)
	case "month":
		return s.AddDate(0, 1, 0)
	default:
		return s.AddDate(0, 0, 1)
	}
}

// trend builds the series from the bucket holding now-window to the bucket holding
// now, every bucket present (empty ones with Posts 0). all is every post of the
// influencer and in the window's posts, both ordered by PostedAt, then ID.
func trend(all, in []Post, now time.Time, window time.Duration) []TrendPoint {
	bucket := TrendBucket(window)
	out := []TrendPoint{}
	latest := map[string]int64{}
	ai, ii := 0, 0
	for s := bucketStart(now.Add(-window), bucket); !s.After(now); s = nextBucket(s, bucket) {
		end := nextBucket(s, bucket)
		var acc erAcc
		for ; ii < len(in) && in[ii].PostedAt.Before(end); ii++ {
			acc.add(in[ii])
		}
		for ; ai < len(all) && all[ai].PostedAt.Before(end) && !all[ai].PostedAt.After(now); ai++ {
			if all[ai].Followers > 0 {
				latest[all[ai].Platform] = all[ai].Followers
			}
		}
		var followers int64
		for _, f := range latest {
			followers += f
		}
		out = append(out, TrendPoint{Start: s, Posts: acc.posts, ERFollowers: acc.erFollowers(), Followers: followers})
	}
	return out
}
