package postimport

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Options.TimeZone resolves on a desktop without a zone database (Windows)
	"unicode/utf8"

	"iescp/backend/analytics"
	"iescp/backend/domain"
)

// PreviewRows is how many data rows Inspect shows.
const PreviewRows = 10

// Mapping says which column (0-based index into the header) each field is read from.
// A field absent from Columns has no column: platform, content type and followers then
// come from Options (or the shape), the metrics are 0, external id is empty.
type Mapping struct {
	Columns map[string]int `json:"columns"`
}

// Preview is what Inspect read: the shape it recognised, the header and first rows
// (each cell through Quote), the suggested mapping, the fields it found no column
// for, and what the shape implies when the file does not say.
type Preview struct {
	Shape     string     `json:"shape"`     // one of the Shape* constants
	Delimiter string     `json:"delimiter"` // ",", ";" or "\t"
	Header    []string   `json:"header"`
	Rows      [][]string `json:"rows"`       // the first PreviewRows data rows
	TotalRows int        `json:"total_rows"` // data rows in the file
	Mapping   Mapping    `json:"mapping"`
	Missing   []string   `json:"missing"` // fields with no column, in Fields order
	// Needed lists the fields Parse will refuse every row for unless the user maps a
	// column or gives Options a default: posted_at always; platform, content_type and
	// followers when neither a column nor the shape provides them.
	Needed      []string `json:"needed"`
	Platform    string   `json:"platform"`     // the shape's platform ("" if none): the default for Options.Platform
	ContentType string   `json:"content_type"` // the shape's content type ("" if none): the default for Options.ContentType
	// DateOrder is the order the slash dates of the mapped posted_at column suggest
	// (DateOrderMDY unless a day over 12 shows DateOrderDMY); DateAmbiguous is true
	// when slash dates exist and none says which: the UI asks the user.
	DateOrder     string `json:"date_order"`
	DateAmbiguous bool   `json:"date_ambiguous"`
}

// Options are the values the user gives for the whole file.
type Options struct {
	Platform    string `json:"platform"`     // for rows without a platform column
	ContentType string `json:"content_type"` // for rows without a content type column
	Followers   int64  `json:"followers"`    // for rows without a followers column (0: none given)
	DateOrder   string `json:"date_order"`   // DateOrderMDY (default) or DateOrderDMY, for slash dates
	// TimeZone is the IANA zone of dates written without one ("" = UTC), e.g.
	// "Europe/Berlin": the time zone the dashboard showed.
	TimeZone string    `json:"time_zone"`
	Now      time.Time `json:"-"` // the caller's clock: a post after it is refused (future_date); required
}

// Row is one accepted post. Post.ID and Post.InfluencerID are empty: the mutation
// that stores it fills them.
type Row struct {
	Line       int            `json:"line"`
	Post       analytics.Post `json:"post"`
	ExternalID string         `json:"external_id"`
}

// Refused is one problem with one row (a row may have several; it is refused if it
// has any). Column is the 0-based column (-1 when no column is at fault, e.g. a
// missing field with no column); Value the cell through Quote.
type Refused struct {
	Line   int               `json:"line"`
	Column int               `json:"column"`
	Field  string            `json:"field"`
	Reason string            `json:"reason"`
	Params map[string]string `json:"params,omitempty"`
	Value  string            `json:"value"`
}

// Counts sum up a Result.
type Counts struct {
	Rows     int            `json:"rows"`      // data rows read (blank lines not counted)
	Accepted int            `json:"accepted"`  // rows accepted
	Refused  int            `json:"refused"`   // rows refused (a row with three problems counts once)
	Skipped  int            `json:"skipped"`   // "Total" rows of a dashboard (no date, first cell "Total"): neither accepted nor refused
	ByReason map[string]int `json:"by_reason"` // problems per reason code
}

// Result is what Parse made of a file: accepted rows and refusals in line order.
type Result struct {
	Shape    string    `json:"shape"`
	Accepted []Row     `json:"accepted"`
	Refused  []Refused `json:"refused"`
	Counts   Counts    `json:"counts"`
}

// Inspect reads a file and proposes how to read it. File-level problems are a
// *FileError.
func Inspect(r io.Reader) (Preview, error) {
	t, err := readTable(r)
	if err != nil {
		return Preview{}, err
	}
	sh, cols := detect(t.header)
	p := Preview{
		Shape:       sh.name,
		Delimiter:   string(t.delimiter),
		TotalRows:   len(t.records),
		Mapping:     Mapping{Columns: cols},
		Platform:    sh.platform,
		ContentType: sh.contentType,
		Missing:     []string{},
		Needed:      []string{},
		Rows:        [][]string{},
	}
	for _, h := range t.header {
		p.Header = append(p.Header, Quote(h))
	}
	for i := 0; i < len(t.records) && i < PreviewRows; i++ {
		var row []string
		for _, c := range t.records[i].cells {
			row = append(row, Quote(c))
		}
		p.Rows = append(p.Rows, row)
	}
	for _, f := range Fields {
		if _, ok := cols[f]; ok {
			continue
		}
		p.Missing = append(p.Missing, f)
		switch {
		case f == FieldPostedAt,
			f == FieldPlatform && sh.platform == "",
			f == FieldContentType && sh.contentType == "",
			f == FieldFollowers:
			p.Needed = append(p.Needed, f)
		}
	}
	p.DateOrder = DateOrderMDY
	if c, ok := cols[FieldPostedAt]; ok {
		var dates []string
		for _, rec := range t.records {
			if c < len(rec.cells) {
				dates = append(dates, rec.cells[c])
			}
		}
		p.DateOrder, p.DateAmbiguous = guessDateOrder(dates)
	}
	return p, nil
}

// Parse reads a file with the mapping the user confirmed. File-level problems are a
// *FileError; a mapping or options that cannot be right is a domain invalid_argument
// error; every row-level problem is a Refused in the Result.
func Parse(r io.Reader, m Mapping, opt Options) (Result, error) {
	if opt.Now.IsZero() {
		return Result{}, domain.Errorf(domain.CodeInvalidArgument, "postimport: options.now is required")
	}
	loc := time.UTC
	if opt.TimeZone != "" {
		l, err := time.LoadLocation(opt.TimeZone)
		if err != nil {
			return Result{}, domain.Errorf(domain.CodeInvalidArgument, "postimport: unknown time zone %q", opt.TimeZone)
		}
		loc = l
	}
	order := opt.DateOrder
	if order == "" {
		order = DateOrderMDY
	}
	if order != DateOrderMDY && order != DateOrderDMY {
		return Result{}, domain.Errorf(domain.CodeInvalidArgument, "postimport: date order %q is not mdy or dmy", opt.DateOrder)
	}
	if opt.Platform != "" && !slices.Contains(analytics.Platforms, opt.Platform) {
		return Result{}, domain.Errorf(domain.CodeInvalidArgument, "postimport: unknown platform %q", opt.Platform)
	}
	if opt.ContentType != "" && !slices.Contains(analytics.ContentTypes, opt.ContentType) {
		return Result{}, domain.Errorf(domain.CodeInvalidArgument, "postimport: unknown content type %q", opt.ContentType)
	}
	if opt.Followers < 0 || opt.Followers > MaxCount {
		return Result{}, domain.Errorf(domain.CodeInvalidArgument, "postimport: followers %d out of range", opt.Followers)
	}

	t, err := readTable(r)
	if err != nil {
		return Result{}, err
	}
	used := map[int]string{}
	for f, c := range m.Columns {
		if !slices.Contains(Fields, f) {
			return Result{}, domain.Errorf(domain.CodeInvalidArgument, "postimport: unknown field %q in the mapping", f)
		}
		if c < 0 || c >= len(t.header) {
			return Result{}, domain.Errorf(domain.CodeInvalidArgument, "postimport: field %q mapped to column %d of %d", f, c, len(t.header))
		}
		if other, dup := used[c]; dup {
			return Result{}, domain.Errorf(domain.CodeInvalidArgument, "postimport: column %d mapped to both %q and %q", c, other, f)
		}
		used[c] = f
	}
	sh, _ := detect(t.header)

	res := Result{Shape: sh.name, Accepted: []Row{}, Refused: []Refused{}, Counts: Counts{ByReason: map[string]int{}}}
	firstLine := map[string]int{} // external id → line it first appeared on
	for _, rec := range t.records {
		res.Counts.Rows++
		if isTotalRow(rec, m) {
			res.Counts.Skipped++
			continue
		}
		row, problems := parseRow(rec, m, opt, order, loc)
		if row.ExternalID != "" && len(problems) == 0 {
			if first, dup := firstLine[row.ExternalID]; dup {
				c := m.Columns[FieldExternalID]
				problems = append(problems, Refused{
					Line: rec.line, Column: c, Field: FieldExternalID, Reason: ReasonDuplicate,
					Params: map[string]string{"first_line": strconv.Itoa(first)}, Value: Quote(row.ExternalID),
				})
			} else {
				firstLine[row.ExternalID] = rec.line
			}
		}
		if len(problems) > 0 {
			res.Counts.Refused++
			for _, p := range problems {
				res.Counts.ByReason[p.Reason]++
			}
			res.Refused = append(res.Refused, problems...)
			continue
		}
		res.Counts.Accepted++
		res.Accepted = append(res.Accepted, row)
	}
	return res, nil
}

// parseRow reads one record into a Row, or says every problem it has.
func parseRow(rec record, m Mapping, opt Options, order string, loc *time.Location) (Row, []Refused) {
	row := Row{Line: rec.line}
	var problems []Refused
	bad := func(f string, col int, e *cellError, value string) {
		problems = append(problems, Refused{Line: rec.line, Column: col, Field: f, Reason: e.reason, Params: e.params, Value: Quote(value)})
	}
	// cell returns the field's cell, whether the field has a column, and refuses a
	// row too short to have it or a cell over the limit.
	cell := func(f string) (string, bool) {
		c, mapped := m.Columns[f]
		if !mapped {
			return "", false
		}
		if c >= len(rec.cells) {
			bad(f, c, refuse(ReasonMissing, "columns", strconv.Itoa(len(rec.cells))), "")
			return "", true
		}
		v := rec.cells[c]
		if utf8.RuneCountInString(v) > MaxCellChars {
			bad(f, c, refuse(ReasonTooLarge, "max_chars", strconv.Itoa(MaxCellChars)), v)
			return "", true
		}
		return v, true
	}
	col := func(f string) int {
		if c, ok := m.Columns[f]; ok {
			return c
		}
		return -1
	}

	// Platform: the column, else the option.
	if v, mapped := cell(FieldPlatform); mapped && strings.TrimSpace(v) != "" {
		if p, e := parsePlatform(v); e != nil {
			bad(FieldPlatform, col(FieldPlatform), e, v)
		} else {
			row.Post.Platform = p
		}
	} else if opt.Platform != "" {
		row.Post.Platform = opt.Platform
	} else if !mapped || c0(rec, m, FieldPlatform) {
		bad(FieldPlatform, col(FieldPlatform), refuse(ReasonMissing), v)
	}

	// Content type: the column, else the option.
	if v, mapped := cell(FieldContentType); mapped && strings.TrimSpace(v) != "" {
		if ct, e := parseContentType(v); e != nil {
			bad(FieldContentType, col(FieldContentType), e, v)
		} else {
			row.Post.ContentType = ct
		}
	} else if opt.ContentType != "" {
		row.Post.ContentType = opt.ContentType
	} else if !mapped || c0(rec, m, FieldContentType) {
		bad(FieldContentType, col(FieldContentType), refuse(ReasonMissing), v)
	}

	// Posted at: required, not after Now.
	if v, mapped := cell(FieldPostedAt); !mapped {
		bad(FieldPostedAt, -1, refuse(ReasonMissing), "")
	} else if c0(rec, m, FieldPostedAt) {
		if t, e := parseDate(v, order, loc); e != nil {
			bad(FieldPostedAt, col(FieldPostedAt), e, v)
		} else if t.After(opt.Now) {
			bad(FieldPostedAt, col(FieldPostedAt), refuse(ReasonFutureDate, "now", opt.Now.UTC().Format(time.RFC3339)), v)
		} else {
			row.Post.PostedAt = t
		}
	}

	if v, mapped := cell(FieldExternalID); mapped {
		row.ExternalID = strings.TrimSpace(v)
	}

	// Followers: the column, else the option; one of them is required.
	if v, mapped := cell(FieldFollowers); mapped && strings.TrimSpace(v) != "" {
		if n, e := parseCount(v); e != nil {
			bad(FieldFollowers, col(FieldFollowers), e, v)
		} else {
			row.Post.Followers = n
		}
	} else if opt.Followers > 0 {
		row.Post.Followers = opt.Followers
	} else if !mapped || c0(rec, m, FieldFollowers) {
		bad(FieldFollowers, col(FieldFollowers), refuse(ReasonMissing), v)
	}

	// Metrics: an unmapped or empty metric is 0.
	for _, mf := range []struct {
		field string
		dst   *int64
	}{
		{FieldViews, &row.Post.Views}, {FieldReach, &row.Post.Reach}, {FieldLikes, &row.Post.Likes},
		{FieldComments, &row.Post.Comments}, {FieldShares, &row.Post.Shares}, {FieldSaves, &row.Post.Saves},
	} {
		v, mapped := cell(mf.field)
		if !mapped || !c0(rec, m, mf.field) {
			continue
		}
		n, e := parseCount(v)
		if e != nil {
			bad(mf.field, col(mf.field), e, v)
			continue
		}
		*mf.dst = n
	}

	if v, mapped := cell(FieldSponsored); mapped && c0(rec, m, FieldSponsored) {
		if b, e := parseBool(v); e != nil {
			bad(FieldSponsored, col(FieldSponsored), e, v)
		} else {
			row.Post.Sponsored = b
		}
	}
	return row, problems
}

// c0 says whether the field's cell is readable: mapped, present and within the
// limit (cell has already refused it otherwise, so the caller must not again).
func c0(rec record, m Mapping, f string) bool {
	c, ok := m.Columns[f]
	return ok && c < len(rec.cells) && utf8.RuneCountInString(rec.cells[c]) <= MaxCellChars
}

// isTotalRow says whether a record is a dashboard's sum row (YouTube Studio puts one
// first): its first cell says "Total" and its date cell is empty.
func isTotalRow(rec record, m Mapping) bool {
	if len(rec.cells) == 0 {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(rec.cells[0])) {
	case "total", "totals", "summe", "total general":
	default:
		return false
	}
	c, ok := m.Columns[FieldPostedAt]
	return !ok || c >= len(rec.cells) || strings.TrimSpace(rec.cells[c]) == ""
}
