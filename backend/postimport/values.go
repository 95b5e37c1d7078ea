package postimport

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Row-level reasons (Refused.Reason). docs/import.md words each one.
const (
	ReasonMissing            = "missing"              // a required value is empty, or the row is too short to have it
	ReasonBadNumber          = "bad_number"           // not a whole count ("abc", "12.5", "1.2.3")
	ReasonPercentage         = "percentage"           // a percentage where a count is expected
	ReasonNegative           = "negative"             // a count below zero
	ReasonTooLarge           = "too_large"            // a cell over MaxCellChars, or a count over MaxCount
	ReasonBadDate            = "bad_date"             // not a date and time in a format we read
	ReasonFutureDate         = "future_date"          // posted after Options.Now
	ReasonUnknownPlatform    = "unknown_platform"     // a platform we do not know
	ReasonUnknownContentType = "unknown_content_type" // a content type we cannot map
	ReasonBadBoolean         = "bad_boolean"          // sponsored that is not yes/no, true/false, 1/0
	ReasonDuplicate          = "duplicate"            // the same external id on an earlier line of the file
	// Audience files only.
	ReasonUnknownDimension = "unknown_dimension" // not country, age or gender
	ReasonUnknownBucket    = "unknown_bucket"    // not an ISO country code, age band or gender
	ReasonBadShare         = "bad_share"         // a share that is not a number between 0 and 100 %
	ReasonBadSum           = "bad_sum"           // a dimension's shares add up to more (or, for age and gender, less) than 100 %
)

// MaxCount is the largest count a cell may hold (a trillion: no post has had more).
const MaxCount = 1_000_000_000_000

// cellError is a value refused: a reason and its parameters.
type cellError struct {
	reason string
	params map[string]string
}

func refuse(reason string, kv ...string) *cellError {
	e := &cellError{reason: reason}
	if len(kv) > 0 {
		e.params = map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			e.params[kv[i]] = kv[i+1]
		}
	}
	return e
}

var (
	groupSpaces  = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "'", "")
	groupedComma = regexp.MustCompile(`^\d{1,3}(,\d{3})+$`)
	groupedDot   = regexp.MustCompile(`^\d{1,3}(\.\d{3})+$`)
	abbreviated  = regexp.MustCompile(`^(\d+(?:[.,]\d+)?)([kKmMbB])$`)
	plain        = regexp.MustCompile(`^\d+$`)
	zeroFraction = regexp.MustCompile(`^(\d+)[.,]0+$`)
)

// parseCount reads a whole, non-negative count as dashboards write it: "1234",
// "1,234", "1.234" and "1 234" (groups of three), "1.2K", "3M", "1,5K" (a dashboard's
// abbreviation), "1234.0". Empty, "-" and "--" are 0 (dashboards leave a metric that
// does not apply empty). A percentage is refused.
func parseCount(cell string) (int64, *cellError) {
	s := strings.TrimSpace(cell)
	if s == "" || s == "-" || s == "--" || s == "—" {
		return 0, nil
	}
	if strings.HasSuffix(s, "%") {
		return 0, refuse(ReasonPercentage)
	}
	neg := false
	if strings.HasPrefix(s, "-") {
		neg = true
		s = strings.TrimSpace(s[1:])
	}
	// Spaces as thousands separators: ordinary, no-break and narrow no-break.
	s = groupSpaces.Replace(s)
	switch {
	case plain.MatchString(s):
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, refuse(ReasonTooLarge, "max", strconv.FormatInt(MaxCount, 10))
		}
		if n > MaxCount {
			return 0, refuse(ReasonTooLarge, "max", strconv.FormatInt(MaxCount, 10))
		}
		if neg && n > 0 {
			return 0, refuse(ReasonNegative)
		}
		return n, nil
	case groupedComma.MatchString(s):
		s = strings.ReplaceAll(s, ",", "")
	case groupedDot.MatchString(s):
		s = strings.ReplaceAll(s, ".", "")
	case zeroFraction.MatchString(s):
		s = zeroFraction.FindStringSubmatch(s)[1]
	case abbreviated.MatchString(s):
		m := abbreviated.FindStringSubmatch(s)
		f, err := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
		if err != nil {
			return 0, refuse(ReasonBadNumber)
		}
		switch strings.ToLower(m[2]) {
		case "k":
			f *= 1e3
		case "m":
			f *= 1e6
		case "b":
			f *= 1e9
		}
		v := math.Round(f)
		if v > MaxCount {
			return 0, refuse(ReasonTooLarge, "max", strconv.FormatInt(MaxCount, 10))
		}
		if neg && v > 0 {
			return 0, refuse(ReasonNegative)
		}
		return int64(v), nil
	default:
		return 0, refuse(ReasonBadNumber)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > MaxCount {
		return 0, refuse(ReasonTooLarge, "max", strconv.FormatInt(MaxCount, 10))
	}
	if neg && n > 0 {
		return 0, refuse(ReasonNegative)
	}
	return n, nil
}

// Date orders for dates written with slashes, where 03/04/2025 is either.
const (
	DateOrderMDY = "mdy" // 03/04/2025 is March 4 (US; the Meta and YouTube exports' English default)
	DateOrderDMY = "dmy" // 03/04/2025 is 3 April (most of the rest of the world)
)

// Layouts read in order. Those without a zone are in Options.TimeZone.
var (
	zonedLayouts = []string{
		time.RFC3339Nano,
		"2006-01-02T15:04:05Z0700",
		"2006-01-02 15:04:05 -0700",
		"2006-01-02 15:04 -0700", // the X export's "time"
		"2006-01-02 15:04:05Z07:00",
	}
	localLayouts = []string{
		"2006-01-02T15:04:05",
		"2006-01-02T15:04",
		"2006-01-02 15:04:05",
		"2006-01-02 15:04",
		"2006-01-02",
		"2006/01/02 15:04:05",
		"2006/01/02 15:04",
		"2006/01/02",
		"Jan 2, 2006 3:04 PM",
		"Jan 2, 2006 15:04",
		"Jan 2, 2006", // YouTube Studio's "Video publish time"
		"2 Jan 2006",
	}
	mdyLayouts = []string{"01/02/2006 15:04:05", "01/02/2006 15:04", "01/02/2006 3:04 PM", "01/02/2006", "1/2/2006 15:04", "1/2/2006 3:04 PM", "1/2/2006"}
	dmyLayouts = []string{"02/01/2006 15:04:05", "02/01/2006 15:04", "02/01/2006", "2/1/2006 15:04", "2/1/2006", "02.01.2006 15:04", "02.01.2006"}
)

// The local layouts tried for each order: slashes as the order says, dots always
// day first.
var (
	mdyOrder = slices.Concat(localLayouts, mdyLayouts, dmyLayouts[5:])
	dmyOrder = slices.Concat(localLayouts, dmyLayouts)
)

// parseDate reads a date and time: ISO 8601 with or without a zone, the layouts
// above, slashes in the given order (dots are always day first). A date without a
// zone is in loc. The result is UTC.
func parseDate(cell, order string, loc *time.Location) (time.Time, *cellError) {
	s := strings.Join(strings.Fields(cell), " ")
	if s == "" {
		return time.Time{}, refuse(ReasonMissing)
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	layouts := mdyOrder
	if order == DateOrderDMY {
		layouts = dmyOrder
	}
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, refuse(ReasonBadDate, "order", order)
}

var slashDate = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/\d{4}`)

// guessDateOrder looks at slash dates: a first number over 12 says day first, a
// second over 12 says month first; neither (or both) leaves the default, month first.
func guessDateOrder(cells []string) (order string, ambiguous bool) {
	dmy, mdy, slashes := false, false, false
	for _, c := range cells {
		m := slashDate.FindStringSubmatch(strings.TrimSpace(c))
		if m == nil {
			continue
		}
		slashes = true
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if a > 12 {
			dmy = true
		}
		if b > 12 {
			mdy = true
		}
	}
	switch {
	case dmy && !mdy:
		return DateOrderDMY, false
	case mdy && !dmy:
		return DateOrderMDY, false
	}
	return DateOrderMDY, slashes
}

// contentTypes maps each dashboard's words (normalised: lower case, single spaces)
// to our content types.
var contentTypes = map[string]string{
	"photo": "photo", "image": "photo", "ig image": "photo", "picture": "photo", "post": "photo",
	"carousel": "carousel", "ig carousel": "carousel", "carousel album": "carousel", "album": "carousel",
	"video": "video", "ig video": "video", "long video": "video", "long-form": "video",
	"reel": "reel", "reels": "reel", "ig reel": "reel", "ig reels": "reel",
	"short": "short", "shorts": "short", "youtube short": "short",
	"story": "story", "stories": "story", "ig story": "story",
	"live": "live", "live stream": "live", "livestream": "live", "ig live": "live", "live video": "live",
	"text": "text", "tweet": "text", "post text": "text", "thread": "text",
}

func parseContentType(cell string) (string, *cellError) {
	k := strings.Join(strings.Fields(strings.ToLower(cell)), " ")
	if ct, ok := contentTypes[k]; ok {
		return ct, nil
	}
	return "", refuse(ReasonUnknownContentType)
}

var platforms = map[string]string{
	"instagram": "instagram", "ig": "instagram", "insta": "instagram",
	"youtube": "youtube", "yt": "youtube", "youtube shorts": "youtube",
	"tiktok": "tiktok", "tik tok": "tiktok",
	"x": "x", "twitter": "x", "x (twitter)": "x",
	"other": "other",
}

func parsePlatform(cell string) (string, *cellError) {
	k := strings.Join(strings.Fields(strings.ToLower(cell)), " ")
	if p, ok := platforms[k]; ok {
		return p, nil
	}
	return "", refuse(ReasonUnknownPlatform)
}

func parseBool(cell string) (bool, *cellError) {
	switch strings.ToLower(strings.TrimSpace(cell)) {
	case "", "0", "no", "n", "false", "f":
		return false, nil
	case "1", "yes", "y", "true", "t", "sponsored", "paid", "paid partnership", "ad":
		return true, nil
	}
	return false, refuse(ReasonBadBoolean)
}
