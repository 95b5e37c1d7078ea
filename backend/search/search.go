// Package search finds influencers and public campaigns: full-text search (SQLite
// FTS5, see migrations/domain/0002_search.sql) combined with filters, sorting and
// paging, written as hand-made SQL over a store's reader pool.
//
// User text never reaches FTS5 as syntax: it is split into words, each word is quoted,
// and the last one is matched as a prefix (see MatchQuery), so no input can cause a
// query syntax error. Invalid filters or paging answer a *domain.Error with
// domain.CodeInvalidArgument.
package search

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// Limits of a query.
const (
	MaxPageSize  = 100 // most hits one page may hold
	MaxTextRunes = 200 // longest search text accepted
	maxTerms     = 12  // words of the search text beyond this are ignored
)

// Sort orders. Each has a natural direction (best, biggest or alphabetical first) that
// Order may reverse.
const (
	SortRelevance = "relevance" // FTS5 bm25 rank; without text, the natural order of the other keys
	SortReach     = "reach"     // influencers: reach (of Platform when given), biggest first
	SortName      = "name"      // influencers: display name, A to Z
	SortRating    = "rating"    // influencers: average rating, best first, unrated last
	SortER        = "er"        // influencers: ER by followers, highest first, without stats last
	SortPredicted = "predicted" // influencers: predicted ER, highest first, without stats last
	SortRisk      = "risk"      // influencers: authenticity risk, lowest first, without stats last
	SortBudget    = "budget"    // campaigns: budget, biggest first
	SortStartDate = "start_date"
	SortEndDate   = "end_date"
)

// Order overrides a sort's natural direction.
const (
	OrderDefault = ""
	OrderAsc     = "asc"
	OrderDesc    = "desc"
)

// Page is one page of results and the total number of matches.
type Page[T any] struct {
	Items    []T `json:"items"`
	Total    int `json:"total"`
	Page     int `json:"page"`
	PageSize int `json:"page_size"`
}

// Pages is the number of pages the total spans.
func (p Page[T]) Pages() int {
	if p.PageSize <= 0 {
		return 0
	}
	return (p.Total + p.PageSize - 1) / p.PageSize
}

func invalid(format string, args ...any) error {
	return domain.Errorf(domain.CodeInvalidArgument, format, args...)
}

func checkPaging(page, size int) error {
	if page < 1 {
		return invalid("page must be at least 1, got %d", page)
	}
	if size < 1 || size > MaxPageSize {
		return invalid("page_size must be between 1 and %d, got %d", MaxPageSize, size)
	}
	return nil
}

func checkText(text string) error {
	if !utf8.ValidString(text) {
		return invalid("search text is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(text); n > MaxTextRunes {
		return invalid("search text must be at most %d characters, got %d", MaxTextRunes, n)
	}
	return nil
}

func checkRange(field string, lo, hi int64) error {
	if lo < 0 || hi < 0 {
		return invalid("%s bounds must not be negative", field)
	}
	if hi > 0 && lo > hi {
		return invalid("min_%s (%d) must not be above max_%s (%d)", field, lo, field, hi)
	}
	return nil
}

func checkOrder(order string) error {
	switch order {
	case OrderDefault, OrderAsc, OrderDesc:
		return nil
	}
	return invalid("order must be asc or desc, got %q", clip(order))
}

// direction returns the SQL direction for a key whose natural direction is natural,
// reversed when order asks for the other one.
func direction(natural, order string) string {
	if order == OrderDefault {
		order = natural
	}
	if order == OrderAsc {
		return "ASC"
	}
	return "DESC"
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}

// Terms splits user text into search words the way FTS5's unicode61 tokenizer does:
// a word is a run of letters, digits and combining marks; everything else (quotes,
// operators, punctuation, spaces) separates words. At most 12 words are kept.
func Terms(text string) []string {
	var terms []string
	var b strings.Builder
	word := false // b holds a letter or digit, not only marks
	flush := func() {
		if word && len(terms) < maxTerms {
			terms = append(terms, b.String())
		}
		b.Reset()
		word = false
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r):
			b.WriteRune(r)
			word = true
		case unicode.Is(unicode.M, r):
			b.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return terms
}

// MatchQuery builds a safe FTS5 MATCH expression from user text: every word quoted
// (so FTS5 operators such as AND, NEAR( or * are plain words), all words required,
// and the last one matched as a prefix, for search-as-you-type, when it has at least
// two characters (a one-letter prefix matches most of the index and costs a full
// ranking). It returns "" when the text holds no word.
func MatchQuery(text string) string {
	terms := Terms(text)
	if len(terms) == 0 {
		return ""
	}
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(t, `"`, `""`))
		b.WriteByte('"')
	}
	if utf8.RuneCountInString(terms[len(terms)-1]) >= 2 {
		b.WriteByte('*')
	}
	return b.String()
}

const dateLayout = "2006-01-02"

func checkDate(field, s string) error {
	if s == "" {
		return nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil || t.Format(dateLayout) != s {
		return invalid("%s must be a date YYYY-MM-DD, got %q", field, clip(s))
	}
	return nil
}

// where collects SQL conditions and their arguments.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// run counts the matches of from+where and loads one page of them, both in one read
// transaction so that the total and the page agree.
func run[T any](ctx context.Context, db *sqlx.DB, selectList, from string, w *where, orderBy string,
	page, size int) (Page[T], error) {
	out := Page[T]{Items: []T{}, Page: page, PageSize: size}
	tx, err := db.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return out, fmt.Errorf("search: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := tx.GetContext(ctx, &out.Total, "SELECT COUNT(*) FROM "+from+w.String(), w.args...); err != nil {
		return out, fmt.Errorf("search: count: %w", err)
	}
	offset := (page - 1) * size
	if out.Total == 0 || offset >= out.Total {
		return out, nil
	}
	q := "SELECT " + selectList + " FROM " + from + w.String() + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?"
	args := append(append([]any{}, w.args...), size, offset)
	if err := tx.SelectContext(ctx, &out.Items, q, args...); err != nil {
		return out, fmt.Errorf("search: query: %w", err)
	}
	return out, nil
}
