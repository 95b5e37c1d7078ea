package desktop

import (
	"bufio"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"iescp/backend/domain"
	"iescp/backend/export"
)

// CSV exports (sponsors and admins), written in the background with progress
// events; a cancelled or failed export leaves no file.

// ExportKinds lists the exports the signed-in account may run.
func (rs *ReportService) ExportKinds() ([]string, error) {
	_, sess, err := rs.s.begin()
	if err != nil {
		return nil, toUI(err)
	}
	out := []string{}
	for _, k := range export.Kinds {
		if export.KindRole(k) == sess.info.Role {
			out = append(out, string(k))
		}
	}
	return out, nil
}

// ExportStarted says an export runs.
type ExportStarted struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Path string `json:"path"`
}

// ExportProgress is the export:progress event.
type ExportProgress struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// ExportDone is the export:done event: Error is empty on success.
type ExportDone struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Path  string `json:"path"`
	Rows  int    `json:"rows"`
	Code  string `json:"code,omitempty"`
	Error string `json:"error,omitempty"`
}

// Export asks where to save (the native save dialog), then writes the CSV in
// the background: export:progress events while it runs, export:done at the end.
// A cancelled dialog returns an empty ExportStarted and no error.
func (rs *ReportService) Export(kind string) (ExportStarted, error) {
	k, sess, err := rs.exportKind(kind)
	if err != nil {
		return ExportStarted{}, toUI(err)
	}
	if rs.s.SaveDialog == nil {
		return ExportStarted{}, toUI(domain.Errorf(domain.CodeInternal, "no save dialog here"))
	}
	path, err := rs.s.SaveDialog(export.DefaultFileName(k, rs.s.cfg.Now()))
	if err != nil {
		return ExportStarted{}, toUI(domain.Errorf(domain.CodeInternal, "save dialog: %v", err))
	}
	if path == "" {
		return ExportStarted{}, nil
	}
	return rs.startExport(sess, k, path)
}

// ExportTo writes the CSV to path in the background (what Export does after the
// dialog); path must be absolute and end in .csv.
func (rs *ReportService) ExportTo(kind, path string) (ExportStarted, error) {
	k, sess, err := rs.exportKind(kind)
	if err != nil {
		return ExportStarted{}, toUI(err)
	}
	return rs.startExport(sess, k, path)
}

func (rs *ReportService) exportKind(kind string) (export.Kind, *session, error) {
	_, sess, err := rs.s.begin()
	if err != nil {
		return "", nil, err
	}
	k, err := export.ParseKind(kind)
	if err != nil {
		return "", nil, err
	}
	if export.KindRole(k) != sess.info.Role {
		return "", nil, domain.Errorf(domain.CodeForbidden, "this export is for %ss", export.KindRole(k))
	}
	return k, sess, nil
}

func (rs *ReportService) startExport(sess *session, k export.Kind, path string) (ExportStarted, error) {
	if !filepath.IsAbs(path) || !strings.EqualFold(filepath.Ext(path), ".csv") {
		return ExportStarted{}, toUI(domain.Errorf(domain.CodeInvalidArgument, "save the export as a .csv file"))
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return ExportStarted{}, toUI(domain.Errorf(domain.CodeInvalidArgument, "the folder %s does not exist", filepath.Dir(path)))
	}
	id := domain.NewID()
	base := sess.ctx // the export stops with the session (sign-out)
	if base == nil {
		base = context.Background() // a session built by hand in a test
	}
	ctx, cancel := context.WithCancel(base)
	rs.mu.Lock()
	rs.exports[id] = cancel
	rs.mu.Unlock()
	started := ExportStarted{ID: id, Kind: string(k), Path: path}
	go func() {
		defer func() {
			rs.mu.Lock()
			delete(rs.exports, id)
			rs.mu.Unlock()
			cancel()
		}()
		rows, err := rs.writeExport(ctx, sess, k, path, func(done, total int) {
			rs.s.emit(TopicExportProgress, ExportProgress{ID: id, Kind: string(k), Done: done, Total: total})
		})
		done := ExportDone{ID: id, Kind: string(k), Path: path, Rows: rows}
		if err != nil {
			e := domain.AsError(err)
			done.Code, done.Error = string(e.Code), e.Message
		}
		rs.s.emit(TopicExportDone, done)
	}()
	return started, nil
}

// writeExport writes through a temporary file beside path, renamed at the end:
// a failed or cancelled export never leaves a partial file under the chosen name.
func (rs *ReportService) writeExport(ctx context.Context, sess *session, k export.Kind, path string, p export.Progress) (rows int, err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".iescp-export-*.csv")
	if err != nil {
		return 0, domain.Errorf(domain.CodeInvalidArgument, "cannot write in %s: %v", filepath.Dir(path), err)
	}
	defer func() {
		// After the rename the temporary file is gone; before it, a leftover one is
		// worth reporting along with the failure.
		if rerr := os.Remove(tmp.Name()); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			err = errors.Join(err, rerr)
		}
	}()
	w := bufio.NewWriterSize(tmp, 256<<10)
	rows, err = export.Write(ctx, sess.db.R, k, sess.info.AccountID, w, p)
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return rows, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return rows, err
	}
	return rows, nil
}

// CancelExport stops a running export (its file is not written).
func (rs *ReportService) CancelExport(id string) error {
	rs.mu.Lock()
	cancel, ok := rs.exports[id]
	rs.mu.Unlock()
	if !ok {
		return toUI(domain.Errorf(domain.CodeNotFound, "no running export %q", id))
	}
	cancel()
	return nil
}
