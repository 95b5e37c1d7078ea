package mutate

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"iescp/backend/domain"
)

// Limits on user-entered values.
const (
	MaxAmount   = int64(1_000_000_000_000) // minor units: ten billion in a two-decimal currency
	MaxReach    = int64(10_000_000_000)
	maxName     = 120
	maxShort    = 60
	maxLong     = 5000
	maxText     = 2000
	maxReason   = 500
	dateLayout  = "2006-01-02"
	minDateYear = 2000
	maxDateYear = 2100
)

// checker collects the first validation problem, field by field.
type checker struct{ err *domain.Error }

func (v *checker) fail(format string, args ...any) {
	if v.err == nil {
		v.err = domain.Errorf(domain.CodeInvalidArgument, format, args...)
	}
}

func (v *checker) result() error {
	if v.err == nil {
		return nil
	}
	return v.err
}

func (v *checker) id(field, s string) {
	if !domain.ValidID(s) {
		v.fail("%s must be a UUID, got %q", field, clip(s))
	}
}

// text checks a trimmed string's length (in characters) and content.
func (v *checker) text(field string, s *string, minLen, maxLen int) {
	*s = strings.TrimSpace(*s)
	if !utf8.ValidString(*s) {
		v.fail("%s is not valid UTF-8", field)
		return
	}
	for _, r := range *s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
			v.fail("%s contains a control character", field)
			return
		}
	}
	n := utf8.RuneCountInString(*s)
	if n < minLen {
		if minLen == 1 {
			v.fail("%s is required", field)
		} else {
			v.fail("%s must be at least %d characters", field, minLen)
		}
	}
	if n > maxLen {
		v.fail("%s must be at most %d characters", field, maxLen)
	}
}

func (v *checker) optText(field string, s *string, minLen, maxLen int) {
	if s != nil {
		v.text(field, s, minLen, maxLen)
	}
}

func (v *checker) amount(field string, n int64) {
	if n <= 0 {
		v.fail("%s must be greater than 0", field)
	} else if n > MaxAmount {
		v.fail("%s must be at most %d", field, MaxAmount)
	}
}

func (v *checker) budget(field string, n int64) {
	if n < 0 {
		v.fail("%s must not be negative", field)
	} else if n > MaxAmount {
		v.fail("%s must be at most %d", field, MaxAmount)
	}
}

func (v *checker) date(field, s string) {
	t, err := time.Parse(dateLayout, s)
	if err != nil || t.Format(dateLayout) != s {
		v.fail("%s must be a date YYYY-MM-DD, got %q", field, clip(s))
		return
	}
	if t.Year() < minDateYear || t.Year() > maxDateYear {
		v.fail("%s must be between %d and %d", field, minDateYear, maxDateYear)
	}
}

func (v *checker) dateOrder(start, end string) {
	if v.err == nil && start > end {
		v.fail("end_date (%s) must not be before start_date (%s)", end, start)
	}
}

func (v *checker) oneOf(field, s string, allowed ...string) {
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	v.fail("%s must be one of %s, got %q", field, strings.Join(allowed, ", "), clip(s))
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}

func today(now time.Time) string { return now.UTC().Format(dateLayout) }

// Limits are the bounds the mutators enforce on user-entered values, for the UI
// to check forms by (served from Go, never re-typed in the frontend). Lengths are
// in characters; money in minor units.
type Limits struct {
	MaxAmount   int64 `json:"max_amount"`    // an offer or a budget
	MaxReach    int64 `json:"max_reach"`     // followers on one platform
	NameLen     int   `json:"name_len"`      // names: campaign, company, display name
	ShortLen    int   `json:"short_len"`     // category, niche, industry
	LongLen     int   `json:"long_len"`      // a campaign's description
	TextLen     int   `json:"text_len"`      // requirements, messages, goals, bio, review
	ReasonLen   int   `json:"reason_len"`    // a reason for rejecting, withdrawing or flagging
	MinDateYear int   `json:"min_date_year"` // campaign dates
	MaxDateYear int   `json:"max_date_year"`
	MinRating   int   `json:"min_rating"`
	MaxRating   int   `json:"max_rating"`
	// Deliverables: how many one offer carries, one's quantity, a draft's text,
	// its links and a URL's length.
	MaxDeliverables int `json:"max_deliverables"`
	MaxQuantity     int `json:"max_quantity"`
	DraftLen        int `json:"draft_len"`
	MaxDraftLinks   int `json:"max_draft_links"`
	URLLen          int `json:"url_len"`
	AutoAcceptDays  int `json:"auto_accept_days"`
}

// CurrentLimits returns the limits above.
func CurrentLimits() Limits {
	return Limits{MaxAmount: MaxAmount, MaxReach: MaxReach, NameLen: maxName, ShortLen: maxShort, LongLen: maxLong,
		TextLen: maxText, ReasonLen: maxReason, MinDateYear: minDateYear, MaxDateYear: maxDateYear, MinRating: 1, MaxRating: 5,
		MaxDeliverables: MaxDeliverables, MaxQuantity: MaxDeliverableQuantity, DraftLen: maxDraftText, MaxDraftLinks: maxDraftLinks,
		URLLen: maxURL, AutoAcceptDays: AutoAcceptDays}
}
