package report

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Page geometry, in millimetres: US Letter (the app's locale is en-US).
const (
	pageW   = 215.9
	pageH   = 279.4
	marginX = 16.0
	contTop = 22.0 // content top on pages after the first
	contBot = pageH - 16.0
	contW   = pageW - 2*marginX
)

const fontFamily = "gofont"

// glyphs is the set of characters the embedded fonts draw; others print as "?".
var glyphs = sync.OnceValue(func() func(rune) bool {
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		return func(r rune) bool { return r < utf8.RuneSelf }
	}
	var mu sync.Mutex
	var buf sfnt.Buffer
	cache := map[rune]bool{}
	return func(r rune) bool {
		if r < utf8.RuneSelf {
			return r >= ' '
		}
		mu.Lock()
		defer mu.Unlock()
		ok, seen := cache[r]
		if !seen {
			gi, err := f.GlyphIndex(&buf, r)
			ok = err == nil && gi != 0
			cache[r] = ok
		}
		return ok
	}
})

// pdfSafe replaces the characters the fonts cannot draw (and control characters) with
// "?", so a name in any script prints without garbage or a panic.
func pdfSafe(s string) string {
	has := glyphs()
	clean := true
	for _, r := range s {
		if !has(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r == utf8.RuneError || !has(r):
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

type pdfDoc struct {
	*fpdf.Fpdf
	r *Report
	y float64 // the cursor: top of the next block
}

func rgb(hex string) (int, int, int) {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil {
		return 0, 0, 0
	}
	return int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)
}

func (d *pdfDoc) fill(hex string)  { d.SetFillColor(rgb(hex)) }
func (d *pdfDoc) draw(hex string)  { d.SetDrawColor(rgb(hex)) }
func (d *pdfDoc) color(hex string) { d.SetTextColor(rgb(hex)) }

func (d *pdfDoc) font(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	d.SetFont(fontFamily, style, size)
}

// fit shortens s with "…" until it is at most w wide in the current font.
func (d *pdfDoc) fit(s string, w float64) string {
	s = pdfSafe(s)
	if d.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r)
	for lo < hi { // the longest prefix that fits with the ellipsis
		mid := (lo + hi + 1) / 2
		if d.GetStringWidth(strings.TrimSpace(string(r[:mid]))+"…") <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimSpace(string(r[:lo])) + "…"
}

// text writes s in a box of width w and height h at (x, y), vertically centred,
// aligned L, C or R, shortened to fit.
func (d *pdfDoc) text(x, y, w, h float64, s, align string) {
	d.SetXY(x, y)
	d.CellFormat(w, h, d.fit(s, w), "", 0, align+"M", false, 0, "")
}

// shrink sets the largest font size up to size at which s fits in w.
func (d *pdfDoc) shrink(bold bool, size float64, s string, w float64) {
	d.font(bold, size)
	for size > 6 && d.GetStringWidth(pdfSafe(s)) > w {
		size -= 0.5
		d.font(bold, size)
	}
}

// need starts a new page unless h millimetres are left.
func (d *pdfDoc) need(h float64) {
	if d.y+h > contBot {
		d.newPage()
	}
}

func (d *pdfDoc) newPage() {
	d.AddPage()
	r := d.r
	d.font(true, 8.5)
	d.color(colAccent)
	d.text(marginX, 9, contW*0.65, 5, r.Company+" · "+r.MonthLabel, "L")
	d.font(false, 8)
	d.color(colMuted)
	d.text(marginX+contW*0.65, 9, contW*0.35, 5, "IESCP monthly activity report", "R")
	d.draw(colBorder)
	d.SetLineWidth(0.2)
	d.Line(marginX, 15, pageW-marginX, 15)
	d.y = contTop
}

func (d *pdfDoc) heading(s string) {
	d.font(true, 11.5)
	d.color(colText)
	d.text(marginX, d.y, contW, 6, s, "L")
	d.y += 8
}

// newPDF starts every PDF the app makes (the monthly report, the ledger's
// documents): US Letter, the embedded fonts, the metadata, and dates from at, so
// the same input renders to the same bytes.
func newPDF(title, subject string, at time.Time) *fpdf.Fpdf {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: pageW, Ht: pageH}})
	f.SetAutoPageBreak(false, 0)
	f.SetCatalogSort(true)
	f.SetMargins(marginX, contTop, marginX)
	f.SetCellMargin(0)
	f.AddUTF8FontFromBytes(fontFamily, "", goregular.TTF)
	f.AddUTF8FontFromBytes(fontFamily, "B", gobold.TTF)
	f.SetTitle(pdfSafe(title), true)
	f.SetSubject(pdfSafe(subject), true)
	f.SetAuthor("IESCP", true)
	f.SetCreator("IESCP", true)
	f.SetProducer("IESCP (go-pdf/fpdf)", true)
	f.SetLang("en-US")
	f.SetCreationDate(at)
	f.SetModificationDate(at)
	return f
}

// outputPDF finishes a PDF begun by newPDF.
func outputPDF(f *fpdf.Fpdf) ([]byte, error) {
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("report: pdf: %w", err)
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		return nil, fmt.Errorf("report: pdf: %w", err)
	}
	return b.Bytes(), nil
}

// PDF renders the report as a PDF with its charts drawn in it (US Letter).
func (r *Report) PDF() ([]byte, error) {
	f := newPDF(r.Company+" — activity report, "+r.MonthLabel, "Monthly activity report, "+r.MonthLabel, r.GeneratedAt)
	d := &pdfDoc{Fpdf: f, r: r}
	d.AddPage()
	d.header()
	d.kpis()
	if r.Empty {
		d.emptyNotice()
		d.definitions()
	} else {
		d.overview()
		d.statusAndTop()
		d.money()
		d.performance()
		d.campaignPerformance()
		// The explanations fill the first page when the first campaign does not fit on it.
		defsDone := false
		if first := 10 + d.cardHeight(&r.Campaigns[0]); d.y+first > contBot && d.y+d.definitionsHeight() <= contBot {
			d.definitions()
			defsDone = true
		}
		d.y += 2
		d.need(10 + d.cardHeight(&r.Campaigns[0]))
		d.heading("Campaigns")
		for i := range r.Campaigns {
			d.campaign(&r.Campaigns[i])
		}
		if !defsDone {
			d.definitions()
		}
	}
	d.footers()
	return outputPDF(f)
}

// header is the first page's title band.
func (d *pdfDoc) header() {
	r := d.r
	d.fill(colAccent)
	d.Rect(0, 0, pageW, 38, "F")
	d.color("#ffffff")
	d.font(false, 8)
	d.text(marginX, 8, contW*0.6, 4, "IESCP · MONTHLY ACTIVITY REPORT", "L")
	d.shrink(true, 19, r.Company, contW*0.66)
	d.text(marginX, 13.5, contW*0.66, 10, r.Company, "L")
	d.font(false, 10.5)
	sub := r.MonthLabel + "  ·  " + formatDate(r.PeriodStart) + " – " + formatDate(r.PeriodEnd)
	if r.Partial {
		sub += "  ·  month in progress"
	}
	d.text(marginX, 25, contW*0.7, 6, sub, "L")
	d.font(false, 8)
	d.text(marginX+contW*0.6, 21, contW*0.4, 4, "Prepared for "+r.SponsorName, "R")
	d.text(marginX+contW*0.6, 26, contW*0.4, 4, "Generated "+r.GeneratedAt.UTC().Format("Jan 2, 2006 15:04 UTC"), "R")
	d.y = 46
}

// kpis are the totals, as a 3 × 2 grid of cards.
func (d *pdfDoc) kpis() {
	const cols, gap, h = 3, 4.0, 19.0
	w := (contW - gap*(cols-1)) / cols
	for i, k := range kpis(d.r) {
		x := marginX + float64(i%cols)*(w+gap)
		y := d.y + float64(i/cols)*(h+gap)
		d.fill("#f8f9fa")
		d.draw(colBorder)
		d.SetLineWidth(0.25)
		d.RoundedRect(x, y, w, h, 1.8, "1234", "FD")
		d.fill(colAccent)
		d.Rect(x, y+3, 0.9, h-6, "F")
		d.font(false, 7.5)
		d.color(colMuted)
		d.text(x+4, y+2.2, w-7, 4, k.Label, "L")
		d.shrink(true, 15, k.Value, w-7)
		d.color(colText)
		d.text(x+4, y+6.6, w-7, 7, k.Value, "L")
		d.font(false, 7)
		d.color(colMuted)
		d.text(x+4, y+13.6, w-7, 3.6, k.Note, "L")
	}
	d.y += 2*h + gap + 7
}

func (d *pdfDoc) emptyNotice() {
	r := d.r
	d.fill("#f8f9fa")
	d.draw(colBorder)
	d.RoundedRect(marginX, d.y, contW, 16, 1.8, "1234", "FD")
	d.fill(colMuted)
	d.Rect(marginX, d.y, 1.2, 16, "F")
	d.font(true, 10.5)
	d.color(colText)
	d.text(marginX+6, d.y+2.5, contW-10, 5.5, "No activity in "+r.MonthLabel, "L")
	d.font(false, 9)
	d.color(colMuted)
	d.text(marginX+6, d.y+8, contW-10, 5, "None of your campaigns ran during the month and no ad request changed.", "L")
	d.y += 24
}

// legend draws colour keys from x at y (the top of a 4 mm line).
func (d *pdfDoc) legend(x, y float64, keys []legendKey) {
	d.font(false, 8)
	for _, k := range keys {
		d.fill(k.Color)
		d.Rect(x, y+0.9, 2.6, 2.6, "F")
		d.color(colText)
		w := d.GetStringWidth(k.Label)
		d.text(x+3.8, y, w+1, 4.4, k.Label, "L")
		x += 3.8 + w + 6
	}
}

// overview is the grouped bar chart of budget, committed and completed per campaign.
// It flows over pages, repeating its axis, when it does not fit.
func (d *pdfDoc) overview() {
	r := d.r
	cs := r.overviewCampaigns()
	const (
		labelW, valueW   = 54.0, 19.0
		barH, gap, padG  = 2.5, 0.6, 3.4
		axisH, legendGap = 6.0, 7.0
	)
	group := 3*barH + 2*gap
	x0, x1 := marginX+labelW, pageW-marginX-valueW
	scale, step := niceScale(maxMoney(cs))
	px := func(v int64) float64 { return (x1 - x0) * float64(v) / float64(scale) }

	d.need(8 + legendGap + group + padG + axisH)
	d.heading("Budget, committed and completed by campaign")
	d.legend(x0, d.y-1.5, moneyKeys)
	d.y += legendGap - 2

	start := d.y
	axis := func(top, bottom float64) {
		d.SetLineWidth(0.15)
		d.font(false, 7)
		for v := int64(0); v <= scale; v += step {
			x := x0 + px(v)
			d.draw(colGrid)
			d.Line(x, top, x, bottom)
			d.color(colMuted)
			d.text(x-10, bottom+0.8, 20, 4, moneyShort(v), "C")
		}
		d.draw(colMuted)
		d.SetLineWidth(0.25)
		d.Line(x0, top, x0, bottom)
	}
	// Draw the groups; when a page fills, close the axis and continue on the next.
	type placed struct {
		c Campaign
		y float64
	}
	var onPage []placed
	flush := func(bottom float64) {
		axis(start-1.5, bottom)
		for _, p := range onPage {
			d.bars(p.c, p.y, x0, barH, gap, px)
		}
		onPage = onPage[:0]
	}
	y := start
	for _, c := range cs {
		if y+group+padG+axisH > contBot {
			flush(y - padG/2)
			d.newPage()
			start, y = d.y+1.5, d.y+1.5
		}
		onPage = append(onPage, placed{c, y})
		y += group + padG
	}
	bottom := y - padG/2
	flush(bottom)
	d.y = bottom + axisH
	if len(cs) < len(r.Campaigns) {
		d.font(false, 7.5)
		d.color(colMuted)
		d.text(marginX, d.y, contW, 4, fmt.Sprintf("The %d campaigns with the largest budgets of %d; every campaign is detailed below.", len(cs), len(r.Campaigns)), "L")
		d.y += 5
	}
	d.y += 4
}

// bars draws one campaign's group in the overview chart.
func (d *pdfDoc) bars(c Campaign, y, x0, barH, gap float64, px func(int64) float64) {
	group := 3*barH + 2*gap
	d.font(false, 8.5)
	d.color(colText)
	d.text(marginX, y, x0-marginX-3, group, c.Name, "R")
	d.font(false, 6.5)
	for i, v := range []int64{c.Budget, c.Committed, c.Completed} {
		by := y + float64(i)*(barH+gap)
		w := px(v)
		if v > 0 {
			w = math.Max(w, 0.4)
		}
		if w > 0 {
			d.fill(moneyKeys[i].Color)
			d.Rect(x0, by, w, barH, "F")
		}
		if v > 0 { // an empty bar says nothing: no "$0" beside it
			d.color(colMuted)
			d.text(x0+w+1.2, by-0.3, 22, barH+0.6, FormatMoney(v), "L")
		}
	}
}

// hbar draws a horizontal bar chart at (x, d.y) of width w and returns its height.
func (d *pdfDoc) hbar(x, y, w, labelW, valueW, rowH float64, rows []hrow, labelSize float64) float64 {
	var m int64
	for _, r := range rows {
		m = max(m, r.Value)
	}
	x0, x1 := x+labelW, x+w-valueW
	barH := rowH * 0.6
	for i, r := range rows {
		ry := y + float64(i)*rowH
		d.font(false, labelSize)
		d.color(colText)
		d.text(x, ry, labelW-2.5, rowH, r.Label, "R")
		d.fill("#f1f3f5")
		d.Rect(x0, ry+(rowH-barH)/2, x1-x0, barH, "F")
		bw := 0.0
		if m > 0 {
			bw = (x1 - x0) * float64(r.Value) / float64(m)
		}
		if r.Value > 0 {
			bw = math.Max(bw, 0.6)
			d.fill(r.Color)
			d.Rect(x0, ry+(rowH-barH)/2, bw, barH, "F")
		}
		d.font(true, labelSize)
		d.text(x1+2, ry, valueW-2, rowH, r.Text, "L")
	}
	d.draw(colBorder)
	d.SetLineWidth(0.2)
	d.Line(x0, y, x0, y+float64(len(rows))*rowH)
	return float64(len(rows)) * rowH
}

// table draws the top influencers at (x, y) in width w and returns its height.
func (d *pdfDoc) table(x, y, w float64, in []Influencer, size float64) float64 {
	const rowH = 5.2
	numW, reqW, rankW := math.Min(26, w*0.26), math.Min(18, w*0.18), 6.0
	nameW := w - numW - reqW - rankW
	d.font(true, size-0.5)
	d.color(colMuted)
	d.text(x+rankW, y, nameW, rowH, "Influencer", "L")
	d.text(x+rankW+nameW, y, numW, rowH, "Committed", "R")
	d.text(x+rankW+nameW+numW, y, reqW, rowH, "Requests", "R")
	d.draw(colBorder)
	d.SetLineWidth(0.25)
	d.Line(x, y+rowH, x+w, y+rowH)
	yy := y + rowH
	if len(in) == 0 {
		d.font(false, size)
		d.color(colMuted)
		d.text(x+rankW, yy+0.5, w-rankW, rowH, "No ad request was accepted this month.", "L")
		return 2*rowH + 1
	}
	for i, p := range in {
		d.font(false, size)
		d.color(colMuted)
		d.text(x, yy, rankW, rowH, strconv.Itoa(i+1), "L")
		d.color(colText)
		d.text(x+rankW, yy, nameW-2, rowH, p.Name, "L")
		d.text(x+rankW+nameW, yy, numW, rowH, FormatMoney(p.Amount), "R")
		d.text(x+rankW+nameW+numW, yy, reqW, rowH, strconv.Itoa(p.Requests), "R")
		yy += rowH
		if i < len(in)-1 {
			d.draw(colGrid)
			d.SetLineWidth(0.15)
			d.Line(x, yy, x+w, yy)
		}
	}
	return yy - y
}

func tableHeight(n int) float64 {
	if n == 0 {
		return 2*5.2 + 1
	}
	return float64(n+1) * 5.2
}

// statusAndTop puts the requests-by-status chart beside the top influencers.
func (d *pdfDoc) statusAndTop() {
	r := d.r
	colW := (contW - 8) / 2
	h := 8 + math.Max(5*6.0+6, tableHeight(len(r.Totals.TopInfluencers)))
	d.need(h)
	top := d.y
	d.heading("Ad requests by status")
	d.hbar(marginX, d.y, colW, 22, 12, 6, statusRows(r.Totals.Requests), 8.5)
	d.font(false, 7.5)
	d.color(colMuted)
	d.text(marginX, d.y+31, colW, 4, Plural(r.Totals.Requests.Total(), "ad request", "ad requests")+" with activity in "+r.MonthLabel, "L")
	x := marginX + colW + 8
	d.font(true, 11.5)
	d.color(colText)
	d.text(x, top, colW, 6, "Top influencers", "L")
	d.table(x, top+8, colW, r.Totals.TopInfluencers, 8.5)
	d.y = top + h + 4
}

// gridCells turns a table's rows and its total line (nil: none) into grid cells.
func gridCells[T any](rows []T, total *T, cells func(T) []string) (body [][]string, foot []string) {
	for _, r := range rows {
		body = append(body, cells(r))
	}
	if total != nil {
		foot = cells(*total)
	}
	return body, foot
}

// performance is the post metrics table: a row per campaign with a post in the
// month (or a click), the total, and what it counts.
func (d *pdfDoc) performance() {
	rows, total := d.r.performanceRows()
	cells := func(r perfRow) []string {
		return []string{r.Name, r.Posts, r.Views, r.Reach, r.Engagements, r.Rate, r.CPM, r.Clicks, r.CPC}
	}
	body, foot := gridCells(rows, total, cells)
	d.grid("Post performance", []float64{0, 23, 17, 17, 24, 16, 19, 13, 17},
		[]string{"Campaign", "Posts", "Views", "Reach", "Engagements", "Eng. rate", "CPM", "Clicks", "Per click"},
		body, foot, "No deliverable was posted this month.", d.r.performanceNote())
}

// campaignPerformance is the campaign performance table: a row per campaign with a
// deal (its results to date), the total, and what it counts.
func (d *pdfDoc) campaignPerformance() {
	rows, total := d.r.campaignPerformanceRows()
	cells := func(r campRow) []string {
		return []string{r.Name, r.Deals, r.Spend, r.Views, r.Engagements, r.Clicks, r.CPM, r.CPE, r.CPC}
	}
	body, foot := gridCells(rows, total, cells)
	d.grid("Campaign performance", []float64{0, 12, 22, 17, 22, 14, 19, 16, 16},
		[]string{"Campaign", "Deals", "Spend", "Views", "Engagements", "Clicks", "CPM", "CPE", "CPC"},
		body, foot, "No campaign has an accepted deal yet.", campaignPerformanceNote)
}

// money is the escrow table: a row per campaign whose money moved in the month or
// is held, the total, and what it counts.
func (d *pdfDoc) money() {
	rows, total := d.r.moneyTable()
	cells := func(r moneyRow) []string {
		return []string{r.Name, r.Funded, r.Released, r.Commission, r.Refunded, r.InEscrow}
	}
	body, foot := gridCells(rows, total, cells)
	d.grid("Money", []float64{0, 25, 25, 25, 25, 25},
		[]string{"Campaign", "Funded", "Released", "Commission", "Refunded", "In escrow"},
		body, foot, "No money was funded, released or refunded this month, and none is in escrow.", d.r.moneyNote())
}

// grid draws a titled table across the page: widths[0] (0) takes what the other
// columns leave; foot (the total) may be nil; empty is said without rows.
func (d *pdfDoc) grid(title string, widths []float64, head []string, rows [][]string, foot []string, empty, noteText string) {
	const rowH = 5.2
	ws := append([]float64(nil), widths...)
	ws[0] = contW
	for _, w := range widths[1:] {
		ws[0] -= w
	}
	n := len(rows) + 1
	if foot != nil {
		n++
	}
	d.font(false, 7.5)
	note := d.SplitText(pdfSafe(noteText), contW)
	d.need(8 + float64(n)*rowH + 2 + float64(len(note))*3.6 + 4)
	d.heading(title)
	row := func(cells []string, bold bool, color string) {
		x := marginX
		for i, cell := range cells {
			d.font(bold, 8)
			d.color(color)
			align := "R"
			if i == 0 {
				align = "L"
			}
			d.text(x, d.y, ws[i]-1.5, rowH, cell, align)
			x += ws[i]
		}
		d.y += rowH
	}
	row(head, true, colMuted)
	d.draw(colBorder)
	d.SetLineWidth(0.25)
	d.Line(marginX, d.y, marginX+contW, d.y)
	if len(rows) == 0 {
		d.font(false, 8.5)
		d.color(colMuted)
		d.text(marginX, d.y+0.5, contW, rowH, empty, "L")
		d.y += rowH + 1
	}
	for i, r := range rows {
		row(r, false, colText)
		if i < len(rows)-1 {
			d.draw(colGrid)
			d.SetLineWidth(0.15)
			d.Line(marginX, d.y, marginX+contW, d.y)
		}
	}
	if foot != nil {
		d.draw(colBorder)
		d.SetLineWidth(0.25)
		d.Line(marginX, d.y, marginX+contW, d.y)
		row(foot, true, colText)
	}
	d.y += 1.5
	d.font(false, 7.5)
	d.color(colMuted)
	for _, l := range note {
		d.SetXY(marginX, d.y)
		d.CellFormat(contW, 3.6, l, "", 0, "LM", false, 0, "")
		d.y += 3.6
	}
	d.y += 4
}

// Campaign card geometry.
const (
	cardPad    = 4.0
	cardGap    = 5.0
	cardHeadH  = 8.5 + 1.5 + 11 + 3 // title, rule, figures
	moneyRowH  = 5.6
	stackBarH  = 4.5
	legendRowH = 4.0
	legendPt   = 6.5
)

// stackedLegend lays out the legend of a stacked status bar in width w: each item's
// x offset and line.
func (d *pdfDoc) stackedLegend(s StatusCounts, w float64) (items []StatusCount, xs []float64, lines []int) {
	d.font(false, legendPt)
	items = s.List()
	widths := make([]float64, len(items))
	widest := 0.0
	for i, sc := range items {
		widths[i] = 3.4 + d.GetStringWidth(sc.Label+" "+strconv.Itoa(sc.Count)) + 1
		widest = math.Max(widest, widths[i])
	}
	if col := w / float64(len(items)); widest <= col { // aligned columns on one line
		for i := range items {
			xs, lines = append(xs, float64(i)*col), append(lines, 0)
		}
		return items, xs, lines
	}
	x, line := 0.0, 0
	for i := range items {
		if x > 0 && x+widths[i] > w {
			x, line = 0, line+1
		}
		xs, lines = append(xs, x), append(lines, line)
		x += widths[i] + 2
	}
	return items, xs, lines
}

// stacked draws the requests by status as one stacked bar with its legend and
// returns its height.
func (d *pdfDoc) stacked(x, y, w float64, s StatusCounts) float64 {
	total := s.Total()
	d.fill("#f1f3f5")
	d.Rect(x, y, w, stackBarH, "F")
	if total > 0 {
		bx := x
		for _, sc := range s.List() {
			if sc.Count == 0 {
				continue
			}
			sw := w * float64(sc.Count) / float64(total)
			d.fill(statusColors[sc.Status])
			d.Rect(bx, y, sw, stackBarH, "F")
			d.font(true, 6.5)
			label := strconv.Itoa(sc.Count)
			if d.GetStringWidth(label)+1.5 < sw {
				if sc.Status == "pending" || sc.Status == "withdrawn" {
					d.color(colText)
				} else {
					d.color("#ffffff")
				}
				d.text(bx, y, sw, stackBarH, label, "C")
			}
			bx += sw
		}
		d.draw("#ffffff")
		d.SetLineWidth(0.3)
		bx = x
		for _, sc := range s.List() { // thin separators between segments
			bx += w * float64(sc.Count) / float64(total)
			if sc.Count > 0 && bx < x+w-0.1 {
				d.Line(bx, y, bx, y+stackBarH)
			}
		}
	}
	if total == 0 {
		d.font(false, 6.5)
		d.color(colMuted)
		d.text(x, y, w, stackBarH, "No ad request activity this month", "C")
	}
	items, xs, lines := d.stackedLegend(s, w)
	ly := y + stackBarH + 1.5
	for i, sc := range items {
		lx := x + xs[i]
		yy := ly + float64(lines[i])*legendRowH
		d.fill(statusColors[sc.Status])
		d.Rect(lx, yy+0.8, 2.4, 2.4, "F")
		d.font(false, legendPt)
		d.color(colText)
		lw := d.GetStringWidth(sc.Label + " ")
		d.text(lx+3.4, yy, lw+0.5, legendRowH, sc.Label+" ", "L")
		d.font(true, legendPt)
		d.text(lx+3.4+lw, yy, 8, legendRowH, strconv.Itoa(sc.Count), "L")
	}
	return stackBarH + 1.5 + float64(lines[len(lines)-1]+1)*legendRowH
}

// cardHeight is the height of a campaign's card.
func (d *pdfDoc) cardHeight(c *Campaign) float64 {
	inner := contW - 2*cardPad
	leftW := inner*0.55 - 4
	_, _, lines := d.stackedLegend(c.Requests, leftW)
	left := 4 + 3*moneyRowH + 3 + 4 + stackBarH + 1.5 + float64(lines[len(lines)-1]+1)*legendRowH
	right := 4 + tableHeight(len(c.TopInfluencers))
	return 2*cardPad + cardHeadH + math.Max(left, right)
}

// campaign draws one campaign's card: title, figures, then the money chart and the
// requests by status on the left and the top influencers on the right.
func (d *pdfDoc) campaign(c *Campaign) {
	inner := contW - 2*cardPad
	leftW := inner*0.55 - 4
	rightX := inner*0.55 + 4
	rightW := inner - rightX
	h := d.cardHeight(c)
	d.need(h)
	x, y := marginX, d.y
	d.fill("#ffffff")
	d.draw(colBorder)
	d.SetLineWidth(0.3)
	d.RoundedRect(x, y, contW, h, 2, "1234", "D")
	x += cardPad
	y += cardPad

	// Title line: name, status pill, dates.
	d.font(false, 8.5)
	dates := formatDate(c.StartDate) + " – " + formatDate(c.EndDate)
	datesW := d.GetStringWidth(dates) + 1
	d.color(colMuted)
	d.text(x+inner-datesW, y, datesW, 7, dates, "R")
	status := titleCase(c.Status)
	d.font(true, 7.5)
	pillW := d.GetStringWidth(status) + 5
	d.font(true, 12)
	nameMax := inner - datesW - pillW - 8
	name := d.fit(c.Name, nameMax)
	d.color(colText)
	d.text(x, y, nameMax, 7, name, "L")
	px := x + d.GetStringWidth(name) + 3
	col := statusColors[c.Status]
	if col == "" {
		col = colMuted
	}
	d.fill(col)
	d.RoundedRect(px, y+1.6, pillW, 4, 2, "1234", "F")
	d.font(true, 7.5)
	d.color("#ffffff")
	d.text(px, y+1.6, pillW, 4, status, "C")
	y += 8.5
	d.draw(colGrid)
	d.SetLineWidth(0.2)
	d.Line(x, y, x+inner, y)
	y += 1.5

	// Figures in a row.
	figs := []kpi{
		{"Budget", FormatMoney(c.Budget), ""},
		{"Committed", FormatMoney(c.Committed), ""},
		{"Completed", FormatMoney(c.Completed), ""},
		{"Ad requests", strconv.Itoa(c.Requests.Total()), ""},
		{"Acceptance rate", FormatRate(c.AcceptanceRate), ""},
		{"Avg. rounds", FormatRounds(c.AvgRounds), ""},
	}
	fw := inner / float64(len(figs))
	for i, k := range figs {
		fx := x + float64(i)*fw
		d.font(false, 7)
		d.color(colMuted)
		d.text(fx, y, fw-2, 4, k.Label, "L")
		d.shrink(true, 11, k.Value, fw-2)
		d.color(colText)
		d.text(fx, y+4, fw-2, 6, k.Value, "L")
	}
	y += 11 + 3

	sub := func(x, y, w float64, s string) {
		d.font(true, 6.8)
		d.color(colMuted)
		d.text(x, y, w, 4, s, "L")
	}
	// Left: money, then requests by status.
	sub(x, y, leftW, "MONEY")
	d.hbar(x, y+4, leftW, 18, 22, moneyRowH, moneyRows(c.Stats), 7.5)
	ly := y + 4 + 3*moneyRowH + 3
	sub(x, ly, leftW, "AD REQUESTS BY STATUS")
	d.stacked(x, ly+4, leftW, c.Requests)
	// Right: top influencers.
	sub(x+rightX, y, rightW, "TOP INFLUENCERS")
	d.table(x+rightX, y+4, rightW, c.TopInfluencers, 7.5)
	d.y += h + cardGap
}

func (d *pdfDoc) wrappedDefinitions() [][]string {
	defs := d.r.definitions()
	d.font(false, 7.5)
	wrapped := make([][]string, len(defs))
	for i, s := range defs {
		wrapped[i] = d.SplitText(pdfSafe(s), contW)
	}
	return wrapped
}

func (d *pdfDoc) definitionsHeight() float64 {
	h := 2 + 2.5 + 5.0
	for _, ls := range d.wrappedDefinitions() {
		h += float64(len(ls)) * 3.6
	}
	return h
}

// definitions explain how the figures are counted.
func (d *pdfDoc) definitions() {
	wrapped := d.wrappedDefinitions()
	d.need(d.definitionsHeight())
	d.y += 2
	d.draw(colBorder)
	d.SetLineWidth(0.2)
	d.Line(marginX, d.y, pageW-marginX, d.y)
	d.y += 2.5
	d.font(true, 8)
	d.color(colMuted)
	d.text(marginX, d.y, contW, 4, "How the figures are counted", "L")
	d.y += 5
	d.font(false, 7.5)
	for _, ls := range wrapped {
		for _, l := range ls {
			d.SetXY(marginX, d.y)
			d.CellFormat(contW, 3.6, l, "", 0, "LM", false, 0, "")
			d.y += 3.6
		}
	}
	d.y += 3
}

// footers number the pages once the page count is known.
func (d *pdfDoc) footers() {
	n := d.PageNo()
	for i := 1; i <= n; i++ {
		d.SetPage(i)
		d.draw(colBorder)
		d.SetLineWidth(0.2)
		d.Line(marginX, pageH-11, pageW-marginX, pageH-11)
		d.font(false, 7.5)
		d.color(colMuted)
		d.text(marginX, pageH-10, contW*0.7, 5, "IESCP · "+d.r.Company+" · "+d.r.MonthLabel, "L")
		d.text(marginX+contW*0.7, pageH-10, contW*0.3, 5, fmt.Sprintf("Page %d of %d", i, n), "R")
	}
}
