package replica

import (
	"fmt"
	"strings"

	"iescp/backend/domain"
)

// ClassViewer is the synthetic viewer of a role's visibility class: an account of
// that role that owns nothing, belongs to no organisation and was sent no
// invitation (its id names no account). What it sees is what every account of the
// role sees, whoever it is; the sync server's snapshots (docs/sync.md, "First
// download from a snapshot") are that view, and a desktop then pulls only where
// its own account sees otherwise (SelectOtherwise, OnlyBaseWhere).
func ClassViewer(role domain.Role) Viewer {
	return Viewer{ID: "snapshot-class:" + string(role), Role: role}
}

// rule is the viewer's visibility condition over t for tb ("" when the viewer sees
// every row: an admin, outside private tables).
func (tb Table) rule(v Viewer, s string) (string, []any) {
	if v.Role != domain.RoleAdmin || tb.private {
		return tb.where(v, s)
	}
	return "", nil
}

// column is column c of t as viewer v reads it (masked or not), with its args.
func (tb Table) column(v Viewer, s, c string) (string, []any) {
	m, ok := tb.masks[c]
	if !ok || v.Role == domain.RoleAdmin {
		return "t." + c, nil
	}
	var args []any
	for range strings.Count(m, "?") {
		args = append(args, v.ID)
	}
	return "(" + strings.ReplaceAll(m, "{s}", s) + ")", args
}

// SelectOtherwise lists, as Select does for viewer v, the rows of tb that v sees
// otherwise than viewer base: rows base does not see, and rows whose masked
// columns read differently for the two (an own account's email, a sponsor's own
// budget), ANDed with extra. Both viewers are evaluated on the same, current
// state. The difference is tested before v's own rule: most rows of a big table
// are public, seen alike by both, and leave after one test of base's rule.
func (tb Table) SelectOtherwise(v, base Viewer, s, extra string, extraArgs ...any) (string, []any) {
	var conds []string
	var args []any
	if w, wargs := tb.rule(base, s); w != "" {
		conds = append(conds, "NOT ("+w+")")
		args = append(args, wargs...)
	}
	for _, c := range tb.Columns {
		if _, masked := tb.masks[c]; !masked {
			continue
		}
		a, aargs := tb.column(v, s, c)
		b, bargs := tb.column(base, s, c)
		if len(aargs) == 0 && len(bargs) == 0 && a == b {
			continue // read alike by both (say, two admins)
		}
		conds = append(conds, a+" IS DISTINCT FROM "+b)
		args = append(args, aargs...)
		args = append(args, bargs...)
	}
	if len(conds) == 0 {
		conds = []string{"1 = 0"} // v sees every row as base does
	}
	q, qargs := tb.selectColumns(v, s)
	where := []string{"(" + strings.Join(conds, " OR ") + ")"}
	if extra != "" {
		where = append([]string{"(" + extra + ")"}, where...)
		qargs = append(qargs, extraArgs...)
	}
	qargs = append(qargs, args...)
	if w, wargs := tb.rule(v, s); w != "" {
		where = append(where, "("+w+")")
		qargs = append(qargs, wargs...)
	}
	return q + " WHERE " + strings.Join(where, " AND "), qargs
}

// OnlyBaseWhere lists the key of every row of tb that viewer base sees and viewer
// v does not, ANDed with extra: what a replica made from base's view holds that v
// may not (a del to v names only a row base, of v's own role, sees). v's rule is
// tested first: most rows are seen by both and leave after it.
func (tb Table) OnlyBaseWhere(v, base Viewer, s, extra string, extraArgs ...any) (string, []any) {
	q := fmt.Sprintf(`SELECT t.%s FROM %s%s t`, tb.Key(), s, tb.Name)
	var conds []string
	var args []any
	if extra != "" {
		conds = append(conds, "("+extra+")")
		args = append(args, extraArgs...)
	}
	w, wargs := tb.rule(v, s)
	if w == "" {
		conds = append(conds, "1 = 0") // v sees every row
	} else {
		conds = append(conds, "NOT ("+w+")")
		args = append(args, wargs...)
	}
	if w, wargs := tb.rule(base, s); w != "" {
		conds = append(conds, "("+w+")")
		args = append(args, wargs...)
	}
	return q + " WHERE " + strings.Join(conds, " AND "), args
}
