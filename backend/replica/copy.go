package replica

import (
	"context"
	"errors"
	"fmt"
	"strings"

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
