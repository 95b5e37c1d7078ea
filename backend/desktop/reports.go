package desktop

import (
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
	"iescp/backend/jobs"
	"iescp/backend/report"
)

// A sponsor's monthly reports: made by the monthly job or on demand, saved as
// HTML and PDF under the reports folder. (CSV exports: exports.go.)

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
	facts := reportFacts(f, r, html)
	msg := jobs.ReportMessage(facts)
	return jobs.Outcome{Summary: jobs.ReportSummary(facts), Files: []string{f.HTMLPath, f.PDFPath}, Message: &msg}, nil
}

func reportFacts(f ReportFile, r *report.Report, html []byte) jobs.ReportFacts {
	return jobs.ReportFacts{MonthLabel: r.MonthLabel, Campaigns: r.Totals.Campaigns, Committed: r.Totals.Committed,
		Completed: r.Totals.Completed, HTML: string(html), FileName: f.Name, PDFPath: f.PDFPath}
}

// writeReport gathers one month and writes its HTML and PDF to the reports folder
// (through temporary files, so a crash never leaves half a report); it returns
// the HTML too, for an email's body.
func (s *Services) writeReport(ctx context.Context, sess *session, month string, now time.Time) (ReportFile, *report.Report, []byte, error) {
	r, err := report.Gather(ctx, sess.db.R, viewer(sess).Org(), month, now) // the organisation's month
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

// sponsor begins a call of a sponsor's (reports are sponsors' only).
func (rs *ReportService) sponsor() (context.Context, *session, error) {
	ctx, sess, err := rs.s.begin()
	if err != nil {
		return nil, nil, err
	}
	if domain.Role(sess.info.Role) != domain.RoleSponsor {
		return nil, nil, domain.Errorf(domain.CodeForbidden, "only a sponsor can do that")
	}
	return ctx, sess, nil
}

// Reports lists the saved reports, the newest month first.
func (rs *ReportService) Reports() ([]ReportFile, error) {
	_, sess, err := rs.sponsor()
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
	ctx, sess, err := rs.sponsor()
	if err != nil {
		return ReportFile{}, toUI(err)
	}
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
		if err := ch.Send(ctx, jobs.ReportEmail(reportFacts(f, r, html))); err != nil {
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
	_, sess, err := rs.sponsor()
	if err != nil {
		return "", toUI(err)
	}
	p, err := rs.reportPath(sess, path)
	if err != nil {
		return "", toUI(err)
	}
	b, err := os.ReadFile(p) //nolint:gosec // G304: path checked by reportPath to be one of the account's report files
	return string(b), toUI(err)
}

// Open opens a saved report (PDF or HTML) with the system's viewer.
func (rs *ReportService) Open(path string) error {
	_, sess, err := rs.sponsor()
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
