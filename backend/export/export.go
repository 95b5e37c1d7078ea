// Package export writes CSV exports of a replica: a sponsor's campaigns and ad
// requests, and for admins every account and every campaign.
//
// The format (docs/reports.md, "CSV exports"):
//
//   - RFC 4180 through encoding/csv: comma-separated, fields quoted when they hold a
//     comma, a double quote or a line break, quotes doubled, and every line (inside a
//     quoted field too) ending in CRLF. A lone CR in a value is written as a line
//     break (encoding/csv would silently drop it).
//   - UTF-8 without a byte order mark, and a header row of snake_case names. Most
//     readers (LibreOffice, Numbers, Google Sheets, Python, Go, pandas) take UTF-8 as
//     is, while a BOM would become part of the first header name for those that do
//     not expect one. Excel for Windows opened by double-click wants the BOM to read
//     non-ASCII text; a caller targeting it writes UTF8BOM to w before Write.
//   - Money, stored as integer cents, is written in dollars with two decimals
//     ("1234.50", "-0.05") in columns whose name ends in _usd, so spreadsheets read
//     numbers. Booleans are true/false, counts plain integers, dates YYYY-MM-DD and
//     instants "YYYY-MM-DD HH:MM:SS" in UTC.
//   - Formula injection guard (OWASP "CSV Injection"): a text cell beginning with =,
//     +, -, @, tab or CR is written with a leading apostrophe, so a spreadsheet shows
//     it as text instead of evaluating it. Numeric cells are never changed.
//
// Rows are streamed from one read transaction (a consistent snapshot, even while sync
// writes), so memory stays flat whatever the size, and the total given to Progress
// (a COUNT in the same snapshot) is exact.
package export

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// Kind names an export.
type Kind string

const (
	SponsorCampaigns  Kind = "sponsor_campaigns"
	SponsorAdRequests Kind = "sponsor_ad_requests"
	AdminAccounts     Kind = "admin_accounts"
	AdminCampaigns    Kind = "admin_campaigns"
)

// Kinds lists every export, in the order a UI would offer them.
var Kinds = []Kind{SponsorCampaigns, SponsorAdRequests, AdminAccounts, AdminCampaigns}

// UTF8BOM is the byte order mark Excel for Windows needs to read a double-clicked
// CSV as UTF-8. Write does not emit it; write it to w first to opt in.
const UTF8BOM = "\uFEFF"

// Progress is called with rows written so far and the total (known up front via
// COUNT): once with (0, total) before the first row, then at most every 1% or every
// 1,000 rows (whichever is larger), and once at the end with (total, total). It is
// called on Write's goroutine and never after Write returns.
type Progress func(done, total int)

// ParseKind validates a kind from the UI: unknown → *domain.Error invalid_argument.
func ParseKind(s string) (Kind, error) {
	k := Kind(s)
	if _, ok := specs[k]; !ok {
		return "", domain.Errorf(domain.CodeInvalidArgument, "unknown export %q", s)
	}
	return k, nil
}

// KindRole tells which role may run the kind: "sponsor" or "admin" ("" if unknown).
func KindRole(k Kind) string {
	if s, ok := specs[k]; ok {
		return string(s.role)
	}
	return ""
}

// DefaultFileName is the suggested file name of an export made at now, in now's
// location, e.g. "iescp-campaigns-2026-11-21.csv".
func DefaultFileName(kind Kind, now time.Time) string {
	base := "export"
	if s, ok := specs[kind]; ok {
		base = s.file
	}
	return "iescp-" + base + "-" + now.Format("2006-01-02") + ".csv"
}

// Header returns the header row of a kind (nil if unknown).
func Header(k Kind) []string {
	s, ok := specs[k]
	if !ok {
		return nil
	}
	out := make([]string, len(s.cols))
	for i, c := range s.cols {
		out[i] = c.name
	}
	return out
}

// Write streams one export as CSV to w. accountID scopes the sponsor kinds to that
// sponsor's campaigns (ignored for admin kinds). It checks ctx between rows
// (cancellation → ctx.Err()). rows is the number of data rows written (the header
// not counted). On error, what was written to w is incomplete: the caller discards
// the file. db is normally the replica's reader pool (store.Store.R); the writer
// works too, without taking the write lock.
func Write(ctx context.Context, db *sqlx.DB, kind Kind, accountID string, w io.Writer, progress Progress) (rows int, err error) {
	s, ok := specs[kind]
	if !ok {
		return 0, domain.Errorf(domain.CodeInvalidArgument, "unknown export %q", kind)
	}
	var args []any
	if s.role == domain.RoleSponsor {
		if accountID == "" {
			return 0, domain.Errorf(domain.CodeInvalidArgument, "the %s export needs a sponsor account", kind)
		}
		args = []any{accountID}
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}

	// A deferred (read-only) transaction: the COUNT and the rows see one snapshot, and
	// no write lock is taken even on a connection opened with _txlock=immediate.
	tx, err := db.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, ctxErr(ctx, fmt.Errorf("export: begin: %w", err))
	}
	defer tx.Rollback() // read only: nothing to keep

	var total int
	if err := tx.GetContext(ctx, &total, `SELECT COUNT(*) `+s.from, args...); err != nil {
		return 0, ctxErr(ctx, fmt.Errorf("export %s: count: %w", kind, err))
	}

	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw) // reuses bw: its buffer is larger than csv's default
	cw.UseCRLF = true
	if err := cw.Write(Header(kind)); err != nil {
		return 0, fmt.Errorf("export %s: write: %w", kind, err)
	}

	q, err := tx.QueryxContext(ctx, s.query(), args...)
	if err != nil {
		return 0, ctxErr(ctx, fmt.Errorf("export %s: query: %w", kind, err))
	}
	defer q.Close()

	dest := make([]any, len(s.cols))
	strs := make([]sql.NullString, len(s.cols))
	ints := make([]sql.NullInt64, len(s.cols))
	for i, c := range s.cols {
		if c.typ == colText || c.typ == colInstant {
			dest[i] = &strs[i]
		} else {
			dest[i] = &ints[i]
		}
	}
	record := make([]string, len(s.cols))
	if progress != nil {
		progress(0, total) // the total, before the first row (a sort may delay it)
	}
	step := max(1000, total/100)
	next := step
	done := 0
	for q.Next() {
		if err := ctx.Err(); err != nil {
			return done, err
		}
		if err := q.Scan(dest...); err != nil {
			return done, ctxErr(ctx, fmt.Errorf("export %s: scan: %w", kind, err))
		}
		for i, c := range s.cols {
			record[i] = c.format(strs[i], ints[i])
		}
		if err := cw.Write(record); err != nil {
			return done, fmt.Errorf("export %s: write: %w", kind, err)
		}
		done++
		if done >= next {
			next += step
			cw.Flush()
			if err := cw.Error(); err != nil {
				return done, fmt.Errorf("export %s: write: %w", kind, err)
			}
			if progress != nil && done < total {
				progress(done, total)
			}
		}
	}
	if err := q.Err(); err != nil {
		return done, ctxErr(ctx, fmt.Errorf("export %s: read: %w", kind, err))
	}
	if err := ctx.Err(); err != nil {
		return done, err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return done, fmt.Errorf("export %s: write: %w", kind, err)
	}
	if err := bw.Flush(); err != nil {
		return done, fmt.Errorf("export %s: write: %w", kind, err)
	}
	if progress != nil {
		// One snapshot: done == total. Should they ever differ, the end is still 100%.
		progress(done, done)
	}
	return done, nil
}

// ctxErr prefers the context's error: a cancelled query fails with the driver's
// "interrupted", which the caller should see as context.Canceled.
func ctxErr(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	return err
}

type colType int

const (
	colText    colType = iota // a string: guarded against formula injection
	colInt                    // an integer written as is
	colMoney                  // integer cents written as dollars, 2 decimals
	colBool                   // 0/1 written as false/true
	colInstant                // a stored instant, written by Instant
)

type column struct {
	name string
	typ  colType
	expr string // SQL
}

func (c column) format(s sql.NullString, n sql.NullInt64) string {
	switch c.typ {
	case colText:
		if !s.Valid {
			return ""
		}
		return Cell(s.String)
	case colInstant:
		if !s.Valid {
			return ""
		}
		return Instant(s.String)
	case colInt:
		if !n.Valid {
			return ""
		}
		return strconv.FormatInt(n.Int64, 10)
	case colMoney:
		if !n.Valid {
			return ""
		}
		return Money(n.Int64)
	case colBool:
		if !n.Valid {
			return ""
		}
		if n.Int64 != 0 {
			return "true"
		}
		return "false"
	}
	return ""
}

// Money formats integer cents as dollars with two decimals: 123450 → "1234.50",
// -5 → "-0.05". No thousands separator, a dot for decimals, whatever the locale.
func Money(cents int64) string {
	neg := cents < 0
	u := uint64(cents)
	if neg {
		u = -u
	}
	b := make([]byte, 0, 24)
	if neg {
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, u/100, 10)
	b = append(b, '.', byte('0'+u%100/10), byte('0'+u%10))
	return string(b)
}

// instantLayouts are the forms instants are stored in (the driver writes the first;
// values synced as JSON arrive as RFC 3339), as the driver itself reads them.
var instantLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

// Instant writes a stored instant as "YYYY-MM-DD HH:MM:SS" in UTC, to the second
// (a form every spreadsheet reads as a date and time). A value in none of the known
// forms is written as stored (through Cell).
func Instant(s string) string {
	// The common case, "2026-10-08 14:29:56+00:00", without parsing.
	if len(s) == 25 && s[10] == ' ' && s[19:] == "+00:00" {
		return s[:19]
	}
	for _, l := range instantLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC().Format("2006-01-02 15:04:05")
		}
	}
	return Cell(s)
}

// Cell prepares a text value for a CSV cell: a value beginning with =, +, -, @, tab
// or CR gets a leading apostrophe (OWASP's guard against formula injection), and a
// lone CR becomes a line break (which the CSV writer then writes as CRLF).
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		s = "'" + s
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s
}
