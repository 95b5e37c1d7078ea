package desktop

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/google/renameio/v2"

	"iescp/backend/domain"
	"iescp/backend/ledger"
)

// DocumentsService is bound to the UI: the signed-in party's receipts, invoices
// and payout statements (every document for an admin), each saved as a PDF
// rendered by backend/report, and the party's ledger statement as CSV. Online
// only, like the wallet: the documents are the server's.
type DocumentsService struct{ s *Services }

// NewDocumentsService makes the documents service over the desktop services.
func NewDocumentsService(s *Services) *DocumentsService { return &DocumentsService{s: s} }

// SavedFile is a file a document or a statement was written to.
type SavedFile struct {
	Path string `json:"path"`
	Size int64  `json:"size"`
}

// DocumentsDir is where documents are saved unless the user chooses:
// <data dir>/documents/<account id>.
func (s *Services) DocumentsDir(accountID string) string {
	return filepath.Join(s.cfg.DataDir, "documents", accountID)
}

// List is the party's documents, newest first.
func (ds *DocumentsService) List() ([]ledger.Document, error) {
	ws := WalletService{s: ds.s}
	ctx, eng, err := ws.engine()
	if err != nil {
		return nil, toUI(err)
	}
	out, err := eng.Documents(ctx)
	return out, toUI(walletError(err))
}

// SavePDF renders document id as a PDF and writes it to path, or, when path is
// "", to the documents folder of the data dir under its own name.
func (ds *DocumentsService) SavePDF(id, path string) (SavedFile, error) {
	ws := WalletService{s: ds.s}
	ctx, eng, err := ws.engine()
	if err != nil {
		return SavedFile{}, toUI(err)
	}
	d, err := eng.Document(ctx, id)
	if err != nil {
		return SavedFile{}, toUI(walletError(err))
	}
	pdf, err := d.PDF()
	if err != nil {
		return SavedFile{}, toUI(err)
	}
	if path == "" {
		_, sess, err := ds.s.begin()
		if err != nil {
			return SavedFile{}, toUI(err)
		}
		path = filepath.Join(ds.s.DocumentsDir(sess.info.AccountID), d.FileBase()+".pdf")
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return SavedFile{}, toUI(err)
		}
	}
	return save(path, ".pdf", pdf)
}

// SavePDFAs asks where to save document id (the native save dialog) and saves
// it there; a cancelled dialog returns an empty SavedFile and no error.
func (ds *DocumentsService) SavePDFAs(id, defaultName string) (SavedFile, error) {
	path, err := ds.ask(defaultName, ".pdf")
	if err != nil || path == "" {
		return SavedFile{}, err
	}
	return ds.SavePDF(id, path)
}

// ExportLedgerCSV asks where to save the party's statement (the whole ledger for
// an admin) and writes the server's CSV there; cancelled: empty, no error.
func (ds *DocumentsService) ExportLedgerCSV() (SavedFile, error) {
	path, err := ds.ask("iescp-ledger-"+ds.s.cfg.Now().UTC().Format("2006-01-02")+".csv", ".csv")
	if err != nil || path == "" {
		return SavedFile{}, err
	}
	return ds.ExportLedgerCSVTo(path)
}

// ExportLedgerCSVTo writes the statement as CSV to path (absolute, ".csv").
func (ds *DocumentsService) ExportLedgerCSVTo(path string) (SavedFile, error) {
	ws := WalletService{s: ds.s}
	ctx, eng, err := ws.engine()
	if err != nil {
		return SavedFile{}, toUI(err)
	}
	b, err := eng.LedgerCSV(ctx)
	if err != nil {
		return SavedFile{}, toUI(walletError(err))
	}
	return save(path, ".csv", b)
}

func (ds *DocumentsService) ask(defaultName, ext string) (string, error) {
	if _, _, err := ds.s.begin(); err != nil {
		return "", toUI(err)
	}
	if ds.s.SaveDialog == nil {
		return "", toUI(domain.Errorf(domain.CodeInternal, "no save dialog here"))
	}
	if defaultName == "" || filepath.Base(defaultName) != defaultName {
		defaultName = "iescp-document" + ext
	}
	path, err := ds.s.SaveDialog(defaultName)
	if err != nil {
		return "", toUI(domain.Errorf(domain.CodeInternal, "save dialog: %v", err))
	}
	return path, nil
}

// save writes b to path atomically; path must be absolute, end in ext and be in
// a folder that exists.
func save(path, ext string, b []byte) (SavedFile, error) {
	if !filepath.IsAbs(path) || !strings.EqualFold(filepath.Ext(path), ext) {
		return SavedFile{}, toUI(domain.Errorf(domain.CodeInvalidArgument, "save it as a %s file", ext))
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return SavedFile{}, toUI(domain.Errorf(domain.CodeInvalidArgument, "the folder %s does not exist", filepath.Dir(path)))
	}
	if err := renameio.WriteFile(path, b, 0o600); err != nil {
		return SavedFile{}, toUI(domain.Errorf(domain.CodeInternal, "saving %s: %v", filepath.Base(path), err))
	}
	return SavedFile{Path: path, Size: int64(len(b))}, nil
}
