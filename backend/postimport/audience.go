package postimport

import (
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"iescp/backend/analytics"
)

// Audience dimensions.
const (
	DimensionCountry = "country"
	DimensionAge     = "age"
	DimensionGender  = "gender"
)

// SumToleranceBps is how far a dimension's shares may add up past 100 % (and, for
// age and gender, short of it): the rounding of a dashboard that shows whole or
// one-decimal percentages.
const SumToleranceBps = 100

var (
	countryCode = regexp.MustCompile(`^[A-Za-z]{2}$`)
	shareNumber = regexp.MustCompile(`^\d+(?:[.,]\d+)?$`)
)

// ParseAudience reads an audience breakdown: a header with the columns dimension,
// bucket and share (any order, any case), one row per bucket. Dimension is country
// (bucket an ISO 3166-1 alpha-2 code), age (13-17 ... 65+) or gender (female, male,
// other; f, m, women, men and u/unknown are read too). Share is a percentage
// ("12.5 %" or, in a dimension whose shares add up to about 100, "12.5") or a fraction
// ("0.125", in a dimension whose shares add up to about 1); it becomes basis points.
// Then each dimension's sum is checked: at most 100 % (+ SumToleranceBps) for country
// (a dashboard shows its top countries only), 100 % ± SumToleranceBps for age and
// gender; a dimension that fails is refused whole (bad_sum on its first line). The
// shares come out in file order.
func ParseAudience(r io.Reader) ([]analytics.AudienceShare, []Refused, error) {
	t, err := readTable(r)
	if err != nil {
		return nil, nil, err
	}
	cols := map[string]int{}
	for i, h := range t.header {
		n := normHeader(h)
		switch n {
		case "dimension", "bucket", "share":
			if _, seen := cols[n]; !seen {
				cols[n] = i
			}
		}
	}
	for _, need := range []string{"dimension", "bucket", "share"} {
		if _, ok := cols[need]; !ok {
			return nil, nil, fileErr(FileNotCSV, "missing_column", need)
		}
	}

	type parsed struct {
		line    int
		share   analytics.AudienceShare
		raw     float64 // the number as written, without %
		percent bool    // written with %
		col     int
		value   string
	}
	var rows []parsed
	refused := []Refused{}
	bad := func(line, col int, field string, e *cellError, v string) {
		refused = append(refused, Refused{Line: line, Column: col, Field: field, Reason: e.reason, Params: e.params, Value: Quote(v)})
	}
	seen := map[[2]string]int{}
	for _, rec := range t.records {
		get := func(name string) (string, bool) {
			c := cols[name]
			if c >= len(rec.cells) {
				bad(rec.line, c, name, refuse(ReasonMissing, "columns", strconv.Itoa(len(rec.cells))), "")
				return "", false
			}
			if utf8Len(rec.cells[c]) > MaxCellChars {
				bad(rec.line, c, name, refuse(ReasonTooLarge, "max_chars", strconv.Itoa(MaxCellChars)), rec.cells[c])
				return "", false
			}
			return rec.cells[c], true
		}
		before := len(refused)
		dimCell, okD := get("dimension")
		bucketCell, okB := get("bucket")
		shareCell, okS := get("share")
		if !okD || !okB || !okS {
			continue
		}
		dim := strings.ToLower(strings.TrimSpace(dimCell))
		var bucket string
		switch dim {
		case DimensionCountry, DimensionAge, DimensionGender:
			var e *cellError
			bucket, e = audienceBucket(dim, bucketCell)
			if e != nil {
				bad(rec.line, cols["bucket"], "bucket", e, bucketCell)
			}
		case "":
			bad(rec.line, cols["dimension"], "dimension", refuse(ReasonMissing), dimCell)
		default:
			bad(rec.line, cols["dimension"], "dimension", refuse(ReasonUnknownDimension), dimCell)
		}
		s := strings.TrimSpace(shareCell)
		percent := strings.HasSuffix(s, "%")
		s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
		var raw float64
		switch {
		case s == "":
			bad(rec.line, cols["share"], "share", refuse(ReasonMissing), shareCell)
		case strings.HasPrefix(s, "-"):
			bad(rec.line, cols["share"], "share", refuse(ReasonNegative), shareCell)
		case !shareNumber.MatchString(s):
			bad(rec.line, cols["share"], "share", refuse(ReasonBadShare), shareCell)
		default:
			raw, _ = strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
			if raw > 100 {
				bad(rec.line, cols["share"], "share", refuse(ReasonBadShare), shareCell)
			}
		}
		if len(refused) > before {
			continue
		}
		key := [2]string{dim, bucket}
		if first, dup := seen[key]; dup {
			bad(rec.line, cols["bucket"], "bucket", refuse(ReasonDuplicate, "first_line", strconv.Itoa(first)), bucketCell)
			continue
		}
		seen[key] = rec.line
		rows = append(rows, parsed{
			line: rec.line, share: analytics.AudienceShare{Dimension: dim, Bucket: bucket},
			raw: raw, percent: percent, col: cols["share"], value: shareCell,
		})
	}

	// Per dimension: percent or fraction (by the sum of the unmarked values), to basis
	// points, then the sum check.
	var out []analytics.AudienceShare
	for _, dim := range []string{DimensionCountry, DimensionAge, DimensionGender} {
		var idx []int
		unmarked := 0.0
		for i, p := range rows {
			if p.share.Dimension == dim {
				idx = append(idx, i)
				if !p.percent {
					unmarked += p.raw
				}
			}
		}
		if len(idx) == 0 {
			continue
		}
		fraction := unmarked <= 1+float64(SumToleranceBps)/10000
		var sum int64
		for _, i := range idx {
			p := &rows[i]
			if p.percent || !fraction {
				p.share.ShareBps = int64(math.Round(p.raw * 100))
			} else {
				p.share.ShareBps = int64(math.Round(p.raw * 10000))
			}
			sum += p.share.ShareBps
		}
		over := sum > 10000+SumToleranceBps
		under := dim != DimensionCountry && sum < 10000-SumToleranceBps
		if over || under {
			first := rows[idx[0]]
			bad(first.line, first.col, "share", refuse(ReasonBadSum, "dimension", dim, "sum_bps", strconv.FormatInt(sum, 10)), first.value)
		}
	}
	// File order, the dimensions that passed.
	failed := map[string]bool{}
	for _, f := range refused {
		if f.Reason == ReasonBadSum {
			failed[f.Params["dimension"]] = true
		}
	}
	for _, p := range rows {
		if !failed[p.share.Dimension] {
			out = append(out, p.share)
		}
	}
	slices.SortStableFunc(refused, func(a, b Refused) int { return a.Line - b.Line })
	return out, refused, nil
}

func utf8Len(s string) int { return len([]rune(s)) }

var ageAliases = map[string]string{"65 +": "65+", "65 and over": "65+", "65-100": "65+", "65plus": "65+"}

func audienceBucket(dim, cell string) (string, *cellError) {
	v := strings.TrimSpace(cell)
	if v == "" {
		return "", refuse(ReasonMissing)
	}
	switch dim {
	case DimensionCountry:
		if countryCode.MatchString(v) {
			return strings.ToUpper(v), nil
		}
	case DimensionAge:
		a := strings.NewReplacer("–", "-", "—", "-", " - ", "-").Replace(strings.ToLower(v))
		if x, ok := ageAliases[a]; ok {
			a = x
		}
		if slices.Contains(analytics.AgeBands, a) {
			return a, nil
		}
	case DimensionGender:
		switch strings.ToLower(v) {
		case "female", "f", "women", "woman":
			return "female", nil
		case "male", "m", "men", "man":
			return "male", nil
		case "other", "u", "unknown", "undisclosed", "non-binary":
			return "other", nil
		}
	}
	return "", refuse(ReasonUnknownBucket)
}
