package replica

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/store"
)

// CopyVisible copies into dst every row of the canonical database at srcPath that
// viewer v may see, with private columns masked. dst must be empty.
func CopyVisible(ctx context.Context, dst *store.Store, srcPath string, v Viewer) (_ int64, err error) {
	conn, err := dst.W.Connx(ctx)
	if err != nil {
		return 0, err
	}
	// Close hands the connection back to the pool; it fails only on a connection
	// already closed, which the copy's own error then explains.
	defer func() { err = errors.Join(err, conn.Close()) }()
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS src`, srcPath); err != nil {
		return 0, fmt.Errorf("replica: attach %s: %w", srcPath, err)
	}
	// Detach even when ctx is cancelled: the connection goes back to the pool, and
	// a source left attached would refuse the next copy's ATTACH.
	defer func() {
		if _, derr := conn.ExecContext(context.Background(), `DETACH DATABASE src`); derr != nil {
			err = errors.Join(err, fmt.Errorf("replica: detach %s: %w", srcPath, derr))
		}
	}()
	tx, err := conn.BeginTxx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var total int64
	for _, tb := range Tables {
		q, args := tb.Select(v, "src.")
		res, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO main.%s (%s) %s`, tb.Name, strings.Join(tb.Columns, ", "), q), args...)
		if err != nil {
			return 0, fmt.Errorf("replica: copy %s: %w", tb.Name, err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, tx.Commit()
}

// CopyVisibleFrom is CopyVisible from an open canonical store on either engine: an
// SQLite file is attached and copied in SQL; from PostgreSQL the visible rows are
// read and written row by row, with each value as a pull sends it (times as
// RFC 3339 in UTC, bytes as text), so dst holds what a synced desktop holds.
func CopyVisibleFrom(ctx context.Context, dst, src *store.Store, v Viewer) (int64, error) {
	if !src.IsPostgres() {
		return CopyVisible(ctx, dst, src.Path, v)
	}
	var total int64
	err := dst.Write(ctx, func(tx *sqlx.Tx) error {
		for _, tb := range Tables {
			q, args := tb.Select(v, "")
			rows, err := src.R.QueryxContext(ctx, q, args...)
			if err != nil {
				return fmt.Errorf("replica: copy %s: %w", tb.Name, err)
			}
			ins := fmt.Sprintf(`INSERT INTO %s (%s) VALUES (%s)`, tb.Name, strings.Join(tb.Columns, ", "),
				strings.TrimSuffix(strings.Repeat("?, ", len(tb.Columns)), ", "))
			for rows.Next() {
				row := map[string]any{}
				if err := rows.MapScan(row); err != nil {
					rows.Close()
					return err
				}
				vals := make([]any, len(tb.Columns))
				for i, c := range tb.Columns {
					vals[i] = WireValue(row[c])
				}
				if _, err := tx.ExecContext(ctx, ins, vals...); err != nil {
					rows.Close()
					return fmt.Errorf("replica: copy %s: %w", tb.Name, err)
				}
				total++
			}
			if err := rows.Close(); err != nil {
				return err
			}
		}
		return nil
	})
	return total, err
}

// WireValue is a canonical column value as a pull sends it: bytes as text, times in
// UTC (whatever zone the engine read them in), anything else as it is.
func WireValue(v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	return v
}
