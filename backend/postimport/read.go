// Package postimport reads an influencer's post history and audience breakdown from
// CSV files (issue 12, 1(b) and 1(c); docs/import.md): our own template and the
// export shapes of the common creator dashboards, a column-mapping step the user can
// correct, values and dates as dashboards write them, limits, and a report of the
// rows accepted and refused, each refusal with a reason code and its parameters (the
// UI words them). It is core: pure Go over a reader, no SQL, no clock (the caller
// passes Now); the posts.import mutation stores what it accepts.
package postimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"iescp/backend/domain"
)

// Limits of one file.
const (
	MaxBytes     = 10 << 20 // 10 MiB
	MaxRows      = 50_000   // data rows, the header not counted
	MaxCellChars = 10_000   // characters in one cell
)

// File-level reasons: the whole file is refused (FileError.Reason).
const (
	FileTooLarge    = "too_large"    // over MaxBytes, over MaxRows, or a header cell over MaxCellChars
	FileNotCSV      = "not_csv"      // not comma/semicolon/tab separated text (a spreadsheet, a PDF, a broken quote)
	FileEmpty       = "empty"        // no header, or a header and no data row
	FileBadEncoding = "bad_encoding" // not UTF-8 (UTF-16, Latin-1, ...): save it again as "CSV UTF-8"
)

// FileError refuses a whole file. Reason is one of the File* codes, Params its
// parameters (e.g. "max_bytes", "line"). It unwraps to the domain.Error the services
// hand on (payload_too_large for too_large, invalid_argument for the others).
type FileError struct {
	Reason string            `json:"reason"`
	Params map[string]string `json:"params,omitempty"`
}

func (e *FileError) Error() string {
	s := "postimport: " + e.Reason
	for _, k := range sortedKeys(e.Params) {
		s += " " + k + "=" + e.Params[k]
	}
	return s
}

// Unwrap makes domain.ErrorCode(err) answer the domain code of a file-level refusal.
func (e *FileError) Unwrap() error {
	code := domain.CodeInvalidArgument
	if e.Reason == FileTooLarge {
		code = domain.CodePayloadTooLarge
	}
	return &domain.Error{Code: code, Message: e.Error()}
}

func fileErr(reason string, kv ...string) *FileError {
	e := &FileError{Reason: reason}
	if len(kv) > 0 {
		e.Params = map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			e.Params[kv[i]] = kv[i+1]
		}
	}
	return e
}

// table is a file read whole: its header and data records, each with its line.
type table struct {
	delimiter rune
	header    []string
	records   []record
}

type record struct {
	line  int // line of the file where the record starts (the header is line 1)
	cells []string
}

// readTable reads a whole CSV file within the limits: BOM stripped, UTF-8 checked,
// separator (comma, semicolon or tab) chosen from the header line, blank lines
// skipped. A cell over MaxCellChars stays in the record; the row parser refuses it.
func readTable(r io.Reader) (*table, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBytes {
		return nil, fileErr(FileTooLarge, "max_bytes", strconv.Itoa(MaxBytes))
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return nil, fileErr(FileBadEncoding, "encoding", "utf-16")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return nil, fileErr(FileNotCSV, "looks_like", "xlsx")
	case bytes.HasPrefix(data, []byte("%PDF")):
		return nil, fileErr(FileNotCSV, "looks_like", "pdf")
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if bytes.IndexByte(data, 0) >= 0 {
		// NUL bytes: UTF-16 without a BOM, or a binary file.
		if looksUTF16(data) {
			return nil, fileErr(FileBadEncoding, "encoding", "utf-16")
		}
		return nil, fileErr(FileNotCSV, "looks_like", "binary")
	}
	if !utf8.Valid(data) {
		return nil, fileErr(FileBadEncoding, "encoding", "not_utf8", "line", strconv.Itoa(firstInvalidLine(data)))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fileErr(FileEmpty)
	}

	t := &table{delimiter: sniffDelimiter(data)}
	// Excel writes "sep=;" as a first line to name the separator: obey it, skip it.
	offset := 0
	if d, rest, ok := sepLine(data); ok {
		t.delimiter, data, offset = d, rest, 1
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = t.delimiter
	cr.FieldsPerRecord = -1 // rows may be short or long; the row parser says so
	cr.ReuseRecord = false
	first := true
	for {
		cells, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fileErr(FileNotCSV, "line", strconv.Itoa(pe.StartLine+offset))
			}
			return nil, fileErr(FileNotCSV)
		}
		line, _ := cr.FieldPos(0)
		line += offset
		if blank(cells) {
			continue
		}
		if first {
			first = false
			for _, c := range cells {
				if utf8.RuneCountInString(c) > MaxCellChars {
					return nil, fileErr(FileTooLarge, "max_cell_chars", strconv.Itoa(MaxCellChars), "line", strconv.Itoa(line))
				}
			}
			t.header = cells
			continue
		}
		if len(t.records) == MaxRows {
			return nil, fileErr(FileTooLarge, "max_rows", strconv.Itoa(MaxRows))
		}
		t.records = append(t.records, record{line: line, cells: cells})
	}
	if t.header == nil {
		return nil, fileErr(FileEmpty)
	}
	if len(t.header) < 2 {
		// One column: no separator we know, or not a table at all.
		return nil, fileErr(FileNotCSV, "columns", strconv.Itoa(len(t.header)))
	}
	if len(t.records) == 0 {
		return nil, fileErr(FileEmpty)
	}
	return t, nil
}

// sepLine reads Excel's "sep=X" first line.
func sepLine(data []byte) (rune, []byte, bool) {
	line, rest, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) == 5 && bytes.EqualFold(line[:4], []byte("sep=")) && bytes.ContainsRune([]byte(",;\t|"), rune(line[4])) {
		return rune(line[4]), rest, true
	}
	return 0, nil, false
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// sniffDelimiter counts commas, semicolons and tabs outside quotes on the first
// line; the most frequent wins, a comma on a tie.
func sniffDelimiter(data []byte) rune {
	counts := map[rune]int{}
	inQuote := false
	for _, b := range data {
		if b == '"' {
			inQuote = !inQuote
			continue
		}
		if inQuote {
			continue
		}
		if b == '\n' {
			break
		}
		switch b {
		case ',', ';', '\t':
			counts[rune(b)]++
		}
	}
	best := ','
	for _, d := range []rune{';', '\t'} {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return best
}

func looksUTF16(data []byte) bool {
	n := min(len(data), 64)
	zeros := 0
	for i := 0; i < n; i++ {
		if data[i] == 0 {
			zeros++
		}
	}
	return zeros*3 >= n
}

func firstInvalidLine(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// Quote is how a report shows a cell the file held: at most 60 characters (an
// ellipsis after), control characters as spaces, and a cell that a spreadsheet would
// run as a formula (it starts with =, +, -, @, a tab or a carriage return) behind a
// single quote, so that a report pasted or exported into a spreadsheet shows the
// text and never runs it.
func Quote(cell string) string {
	const max = 60
	var b strings.Builder
	n := 0
	for _, r := range cell {
		if n == max {
			b.WriteString("…")
			break
		}
		if r < 0x20 || r == 0x7f {
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	s := b.String()
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		s = "'" + s
	}
	return s
}
