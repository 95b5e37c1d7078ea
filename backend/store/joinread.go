package store

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// JoinReads is one read that reads each of rs, in one statement on PostgreSQL:
// a single-row read costs a statement's bind, execution and description, and a
// writer that reads ahead for many units of work sends several for each. Each of
// rs is filled as if read on its own (its Dest, NoRow, and what Keep and a
// speculating transaction keep of it), so each can be expected again alone
// (Expect). Like any Read, each part is one row (the first). GetAfter only; on
// SQLite the parts are read one after another.
func JoinReads(rs ...*Read) *Read { return &Read{parts: rs} }

// joinedSQL is the statement of a joined read: one row whatever its parts find,
// each part's columns preceded by a marker (NULL when the part found no row)
// and, fingerprinted, followed by the row's text.
func (r *Read) joinedSQL() string {
	if len(r.parts) > len(memoKey{})-1 {
		return r.buildJoined()
	}
	k := memoKey{"join"}
	if r.parts[0].fingerprinted {
		k[0] = "join, fingerprinted"
	}
	for i, p := range r.parts {
		k[i+1] = p.Query
	}
	return memoSQL(k, r.buildJoined)
}

func (r *Read) buildJoined() string {
	var q strings.Builder
	q.WriteString(`SELECT * FROM (SELECT 1) AS one`)
	n := 0
	for i, p := range r.parts {
		var sub string
		sub, n = rebindFrom(p.Query, n)
		fp := ""
		if p.fingerprinted {
			fp = `, q::text`
		}
		fmt.Fprintf(&q, ` LEFT JOIN (SELECT 1 AS present, q.*%s FROM (%s) AS q LIMIT 1) AS p%d ON true`, fp, sub, i)
	}
	return q.String()
}

// joinedArgs are the parts' arguments, in order.
func (r *Read) joinedArgs() []any {
	var args []any
	for _, p := range r.parts {
		args = append(args, pgArgs(p.Args)...)
	}
	return args
}

// readJoined fills the parts from a joined read's row.
func (r *Read) readJoined(br pgx.BatchResults) error {
	rows, err := br.Query()
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return fmt.Errorf("store: a joined read found no row")
	}
	raw, fds := rows.RawValues(), rows.FieldDescriptions()
	tm := rows.Conn().TypeMap()
	col := 1 // after "one"
	for _, p := range r.parts {
		width := len(p.Dest)
		if p.fingerprinted {
			width++
		}
		if col+1+width > len(raw) {
			return fmt.Errorf("store: a joined read's row has %d columns, too few for its parts", len(raw))
		}
		present := raw[col] != nil
		col++
		p.NoRow, p.raw, p.fp = !present, nil, sql.NullString{}
		if present {
			if p.Keep {
				p.raw = make([][]byte, len(p.Dest))
				for i := range p.Dest {
					if v := raw[col+i]; v != nil {
						p.raw[i] = append([]byte{}, v...)
					}
				}
			}
			dest := p.Dest
			if p.fingerprinted {
				dest = append(dest[:len(dest):len(dest)], &p.fp)
			}
			for i, d := range dest {
				fd := fds[col+i]
				if err := tm.Scan(fd.DataTypeOID, fd.Format, raw[col+i], d); err != nil {
					return fmt.Errorf("store: a joined read's column %s: %w", fd.Name, err)
				}
			}
		}
		col += width
	}
	rows.Close()
	return rows.Err()
}
