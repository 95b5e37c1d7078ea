// Package queries holds the read models the desktop's services, its jobs and its
// reports share: every SQL read of a replica, answered for a Viewer. Filters are
// parsed here (a bad one is an invalid_argument); rows hidden from the viewer
// answer not_found.
package queries

import (
	"strings"
	"unicode/utf8"

	"iescp/backend/domain"
)

// Page bounds of the lists.
const (
	DefaultPageSize = 25
	MaxPageSize     = 200
	maxSearchText   = 200
)

// paging fills in the defaults of a page and checks it.
func paging(page, size *int, def int) error {
	if *page == 0 {
		*page = 1
	}
	if *size == 0 {
		*size = def
	}
	if *page < 1 || *size < 1 || *size > MaxPageSize {
		return domain.Errorf(domain.CodeInvalidArgument, "page must be ≥ 1 and page_size from 1 to %d", MaxPageSize)
	}
	return nil
}

// like makes a LIKE pattern (ESCAPE '\') matching the trimmed text anywhere; ""
// when there is no text.
func like(text string) (string, error) {
	t := strings.TrimSpace(text)
	if t == "" {
		return "", nil
	}
	if utf8.RuneCountInString(t) > maxSearchText {
		return "", domain.Errorf(domain.CodeInvalidArgument, "search text is too long")
	}
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(t) + "%", nil
}

// order is an ORDER BY column of a sort key, or an invalid_argument.
func order(sorts map[string]string, key string) (string, error) {
	col, ok := sorts[key]
	if !ok {
		return "", domain.Errorf(domain.CodeInvalidArgument, "unknown sort %q", clip(key))
	}
	return col, nil
}

func dir(desc bool) string {
	if desc {
		return "DESC"
	}
	return "ASC"
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}

func needID(what, id string) error {
	if strings.TrimSpace(id) == "" {
		return domain.Errorf(domain.CodeInvalidArgument, "choose the %s", what)
	}
	return nil
}

func notFound(what string) error { return domain.Errorf(domain.CodeNotFound, "no such %s", what) }

func forbidden(format string, args ...any) error {
	return domain.Errorf(domain.CodeForbidden, format, args...)
}

// party is true for the roles that negotiate (sponsors and influencers).
func (v Viewer) party() bool { return v.Role == domain.RoleSponsor || v.Role == domain.RoleInfluencer }

// need refuses a viewer of another role.
func (v Viewer) need(role domain.Role, what string) error {
	if v.Role != role {
		return forbidden("%s is for %ss", what, role)
	}
	return nil
}
