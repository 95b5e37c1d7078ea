package desktop

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/renameio/v2"

	"iescp/backend/domain"
	"iescp/backend/export"
	"iescp/backend/jobs"
	"iescp/backend/report"
)

// Reports, exports and the jobs screen, for the signed-in account.

// ReportFile is one saved monthly report (its HTML and PDF).
type ReportFile struct {
	Month     string    `json:"month"`
	Name      string    `json:"name"` // file base
	HTMLPath  string    `json:"html_path"`
	PDFPath   string    `json:"pdf_path"`
	PDFSize   int64     `json:"pdf_size"`
	CreatedAt time.Time `json:"created_at"`
}

// monthlyReport is the sponsor's monthly job: last month's report, saved and
// delivered (the PDF attached to the email).
func (s *Services) monthlyReport(ctx context.Context, sess *session, month string, now time.Time) (jobs.Outcome, error) {
	f, r, html, err := s.writeReport(ctx, sess, month, now)
	if err != nil {
		return jobs.Outcome{}, err
	}
	summary := fmt.Sprintf("%s report: %d campaigns, %s committed", r.MonthLabel, r.Totals.Campaigns, report.FormatMoney(r.Totals.Committed))
	return jobs.Outcome{Summary: summary, Files: []string{f.HTMLPath, f.PDFPath}, Message: &jobs.Message{
		Kind: "report", Subject: "IESCP: your " + r.MonthLabel + " activity report",
		Text: fmt.Sprintf("Your activity report for %s is ready: %d campaigns, %s committed, %s completed. The PDF is attached.",
			r.MonthLabel, r.Totals.Campaigns, report.FormatMoney(r.Totals.Committed), report.FormatMoney(r.Totals.Completed)),
		HTML: string(html), RefTable: "reports", RefID: f.Name, Attachments: []string{f.PDFPath},
	}}, nil
}

// writeReport gathers one month and writes its HTML and PDF to the reports folder
// (through temporary files, so a crash never leaves half a report); it returns
// the HTML too, for an email's body.
func (s *Services) writeReport(ctx context.Context, sess *session, month string, now time.Time) (ReportFile, *report.Report, []byte, error) {
	r, err := report.Gather(ctx, sess.db.R, sess.info.AccountID, month, now)
	if err != nil {
		return ReportFile{}, nil, nil, err
	}
	html, err := r.HTML()
	if err != nil {
		return ReportFile{}, nil, nil, fmt.Errorf("report: html: %w", err)
	}
	pdf, err := r.PDF()
	if err != nil {
		return ReportFile{}, nil, nil, fmt.Errorf("report: pdf: %w", err)
	}
	dir := s.ReportsDir(sess.info.AccountID)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ReportFile{}, nil, nil, fmt.Errorf("report: %w", err)
	}
	base := r.FileBase()
	f := ReportFile{Month: r.Month, Name: base, HTMLPath: filepath.Join(dir, base+".html"), PDFPath: filepath.Join(dir, base+".pdf"),
		PDFSize: int64(len(pdf)), CreatedAt: now.UTC()}
	for path, data := range map[string][]byte{f.HTMLPath: html, f.PDFPath: pdf} {
		if err := renameio.WriteFile(path, data, 0o600); err != nil {
			return ReportFile{}, nil, nil, fmt.Errorf("report: %w", err)
		}
	}
	return f, r, html, nil
}

// ReportService is bound to the UI: the sponsor's reports, the CSV exports and
// the jobs settings.
type ReportService struct {
	s *Services

	mu      sync.Mutex
	exports map[string]context.CancelFunc
}

// NewReportService makes the service over the desktop services.
func NewReportService(s *Services) *ReportService {
	return &ReportService{s: s, exports: map[string]context.CancelFunc{}}
}

func (rs *ReportService) sponsor() (*session, error) {
	if err := needRole(rs.s, domain.RoleSponsor); err != nil {
		return nil, err
	}
	return rs.s.active()
}

// Reports lists the saved reports, the newest month first.
func (rs *ReportService) Reports() ([]ReportFile, error) {
	sess, err := rs.sponsor()
	if err != nil {
		return nil, toUI(err)
	}
	out := []ReportFile{}
	dir := rs.s.ReportsDir(sess.info.AccountID)
	matches, _ := filepath.Glob(filepath.Join(dir, "iescp-report-*.pdf"))
	for _, pdf := range matches {
		st, err := os.Stat(pdf)
		if err != nil {
			continue
		}
		base := strings.TrimSuffix(filepath.Base(pdf), ".pdf")
		month := strings.TrimPrefix(base, "iescp-report-")
		if len(month) >= 7 {
			month = month[:7]
		}
		f := ReportFile{Month: month, Name: base, PDFPath: pdf, PDFSize: st.Size(), CreatedAt: st.ModTime().UTC()}
		if _, err := os.Stat(filepath.Join(dir, base+".html")); err == nil {
			f.HTMLPath = filepath.Join(dir, base+".html")
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Month != out[j].Month {
			return out[i].Month > out[j].Month
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// Generate makes (or remakes) the report of any month, "YYYY-MM", now; with
// email it is also sent by email (which must be set up).
func (rs *ReportService) Generate(month string, email bool) (ReportFile, error) {
	sess, err := rs.sponsor()
	if err != nil {
		return ReportFile{}, toUI(err)
	}
	ctx := context.Background()
	f, r, html, err := rs.s.writeReport(ctx, sess, month, rs.s.cfg.Now())
	if err != nil {
		return ReportFile{}, toUI(err)
	}
	rs.s.emit(TopicJobsChanged, map[string]string{"account_id": sess.info.AccountID})
	if email {
		ch := rs.s.emailChannel(sess)
		if !ch.Enabled(ctx) {
			return f, toUI(domain.Errorf(domain.CodeInvalidArgument, "set up email in Settings first; the report is saved"))
		}
		if err := ch.Send(ctx, jobs.Message{Subject: "IESCP: your " + r.MonthLabel + " activity report",
			Text: "Your activity report for " + r.MonthLabel + " is attached.", HTML: string(html), Attachments: []string{f.PDFPath}}); err != nil {
			return f, toUI(domain.Errorf(domain.CodeInternal, "the report is saved, but sending it failed: %v", err))
		}
	}
	return f, nil
}

// reportPath checks that path is one of the account's report files.
func (rs *ReportService) reportPath(sess *session, path string) (string, error) {
	dir := rs.s.ReportsDir(sess.info.AccountID)
	clean := filepath.Clean(path)
	if filepath.Dir(clean) != dir || !strings.HasPrefix(filepath.Base(clean), "iescp-report-") ||
		(filepath.Ext(clean) != ".pdf" && filepath.Ext(clean) != ".html") {
		return "", domain.Errorf(domain.CodeInvalidArgument, "not one of your reports")
	}
	if _, err := os.Stat(clean); err != nil {
		return "", domain.Errorf(domain.CodeNotFound, "the report file is gone; generate it again")
	}
	return clean, nil
}

// HTML returns a saved report's HTML, to show in the app.
func (rs *ReportService) HTML(path string) (string, error) {
	sess, err := rs.sponsor()
	if err != nil {
		return "", toUI(err)
	}
	p, err := rs.reportPath(sess, path)
	if err != nil {
		return "", toUI(err)
	}
	b, err := os.ReadFile(p)
	return string(b), toUI(err)
}

// Open opens a saved report (PDF or HTML) with the system's viewer.
func (rs *ReportService) Open(path string) error {
	sess, err := rs.sponsor()
	if err != nil {
		return toUI(err)
	}
	p, err := rs.reportPath(sess, path)
	if err != nil {
		return toUI(err)
	}
	if rs.s.OpenFile == nil {
		return toUI(domain.Errorf(domain.CodeInternal, "opening files is not available here"))
	}
	return toUI(rs.s.OpenFile(p))
}

// ExportKinds lists the exports the signed-in account may run.
func (rs *ReportService) ExportKinds() ([]string, error) {
	sess, err := rs.s.active()
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
	sess, err := rs.s.active()
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
	ctx, cancel := context.WithCancel(context.Background())
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
func (rs *ReportService) writeExport(ctx context.Context, sess *session, k export.Kind, path string, p export.Progress) (int, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".iescp-export-*.csv")
	if err != nil {
		return 0, domain.Errorf(domain.CodeInvalidArgument, "cannot write in %s: %v", filepath.Dir(path), err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 256<<10)
	rows, err := export.Write(ctx, sess.db.R, k, sess.info.AccountID, w, p)
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
