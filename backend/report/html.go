package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"math"
	"strconv"
)

//go:embed report.html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"n": func(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) },
}).Parse(htmlSource))

// The SVG charts are laid out here and drawn by the template; every text goes
// through html/template's escaping.
type svgChart struct {
	W, H  float64
	Label string // the chart's accessible name
	Rects []svgRect
	Lines []svgLine
	Texts []svgText
}

type svgRect struct {
	X, Y, W, H float64
	Fill       string
	Title      string
}

type svgLine struct {
	X1, Y1, X2, Y2 float64
	Stroke         string
}

type svgText struct {
	X, Y   float64
	Text   string
	Anchor string // start, middle, end
	Fill   string
	Size   float64
	Bold   bool
	Title  string
}

func (c *svgChart) text(x, y float64, s, anchor, fill string, size float64, bold bool) {
	c.Texts = append(c.Texts, svgText{X: x, Y: y, Text: s, Anchor: anchor, Fill: fill, Size: size, Bold: bold})
}

// legend draws coloured keys left to right from x at baseline y.
func (c *svgChart) legend(x, y float64, keys []legendKey) {
	for _, k := range keys {
		c.Rects = append(c.Rects, svgRect{X: x, Y: y - 9, W: 10, H: 10, Fill: k.Color})
		c.text(x+14, y, k.Label, "start", colText, 12, false)
		x += 14 + float64(len([]rune(k.Label)))*6.6 + 18
	}
}

type legendKey struct{ Label, Color string }

var moneyKeys = []legendKey{{"Budget", colBudget}, {"Committed", colCommitted}, {"Completed", colCompleted}}

// overviewSVG is the grouped bar chart: per campaign, budget, committed, completed.
func overviewSVG(cs []Campaign) svgChart {
	const (
		w, labelW, valueW  = 900.0, 230.0, 78.0
		barH, gap, groupGp = 10.0, 2.0, 16.0
		top                = 34.0
	)
	group := 3*barH + 2*gap
	x0, x1 := labelW, w-valueW
	h := top + float64(len(cs))*(group+groupGp) + 22
	c := svgChart{W: w, H: h, Label: "Budget, committed and completed by campaign"}
	c.legend(x0, 14, moneyKeys)
	scale, step := niceScale(maxMoney(cs))
	px := func(v int64) float64 { return (x1 - x0) * float64(v) / float64(scale) }
	bottom := h - 22
	for v := int64(0); v <= scale; v += step {
		x := x0 + px(v)
		c.Lines = append(c.Lines, svgLine{X1: x, Y1: top - 6, X2: x, Y2: bottom, Stroke: colGrid})
		c.text(x, bottom+16, moneyShort(v), "middle", colMuted, 11, false)
	}
	c.Lines = append(c.Lines, svgLine{X1: x0, Y1: top - 6, X2: x0, Y2: bottom, Stroke: colMuted})
	y := top
	for _, cp := range cs {
		name := truncate(cp.Name, 32)
		t := svgText{X: x0 - 10, Y: y + group/2 + 4, Text: name, Anchor: "end", Fill: colText, Size: 12}
		if name != cp.Name {
			t.Title = cp.Name
		}
		c.Texts = append(c.Texts, t)
		for i, v := range []int64{cp.Budget, cp.Committed, cp.Completed} {
			by := y + float64(i)*(barH+gap)
			bw := px(v)
			if v > 0 {
				bw = math.Max(bw, 1.5)
			}
			c.Rects = append(c.Rects, svgRect{X: x0, Y: by, W: bw, H: barH, Fill: moneyKeys[i].Color,
				Title: fmt.Sprintf("%s — %s: %s", cp.Name, moneyKeys[i].Label, FormatMoney(v))})
			if v > 0 { // an empty bar says nothing: no "$0" beside it (its tooltip still does)
				c.text(x0+bw+5, by+barH-1, FormatMoney(v), "start", colMuted, 10, false)
			}
		}
		y += group + groupGp
	}
	return c
}

type hrow struct {
	Label, Color string
	Value        int64
	Text         string
}

// hbarSVG is a simple horizontal bar chart, one row per value.
func hbarSVG(label string, rows []hrow, w, labelW, valueW, rowH float64) svgChart {
	barH := rowH * 0.62
	c := svgChart{W: w, H: float64(len(rows))*rowH + 4, Label: label}
	var m int64
	for _, r := range rows {
		m = max(m, r.Value)
	}
	x0, x1 := labelW, w-valueW
	c.Lines = append(c.Lines, svgLine{X1: x0, Y1: 0, X2: x0, Y2: c.H, Stroke: colBorder})
	for i, r := range rows {
		y := float64(i)*rowH + 2
		c.text(x0-8, y+rowH/2+4, r.Label, "end", colText, 12, false)
		c.Rects = append(c.Rects, svgRect{X: x0, Y: y + (rowH-barH)/2, W: x1 - x0, H: barH, Fill: "#f1f3f5"})
		bw := 0.0
		if m > 0 {
			bw = (x1 - x0) * float64(r.Value) / float64(m)
		}
		if r.Value > 0 {
			bw = math.Max(bw, 2)
		}
		c.Rects = append(c.Rects, svgRect{X: x0, Y: y + (rowH-barH)/2, W: bw, H: barH, Fill: r.Color,
			Title: r.Label + ": " + r.Text})
		c.text(x1+8, y+rowH/2+4, r.Text, "start", colText, 12, true)
	}
	return c
}

// stackedSVG is the requests by status as one stacked bar with a legend.
func stackedSVG(s StatusCounts, w float64) svgChart {
	const barH, rowH = 18.0, 20.0
	c := svgChart{W: w, Label: "Ad requests by status"}
	c.Rects = append(c.Rects, svgRect{X: 0, Y: 0, W: w, H: barH, Fill: "#f1f3f5"})
	if s.Total() == 0 {
		c.text(w/2, 13, "No ad request activity this month", "middle", colMuted, 11, false)
	}
	if total := s.Total(); total > 0 {
		x := 0.0
		for _, sc := range s.List() {
			if sc.Count == 0 {
				continue
			}
			sw := w * float64(sc.Count) / float64(total)
			c.Rects = append(c.Rects, svgRect{X: x, Y: 0, W: sw, H: barH, Fill: statusColors[sc.Status],
				Title: fmt.Sprintf("%s: %d", sc.Label, sc.Count)})
			if label := strconv.Itoa(sc.Count); float64(len(label))*7+6 < sw {
				fill := "#ffffff"
				if sc.Status == "pending" || sc.Status == "withdrawn" {
					fill = colText
				}
				c.text(x+sw/2, 13, label, "middle", fill, 11, true)
			}
			x += sw
			if x < w-0.5 {
				c.Lines = append(c.Lines, svgLine{X1: x, Y1: 0, X2: x, Y2: barH, Stroke: "#ffffff"})
			}
		}
	}
	// The legend: aligned columns when they fit (on an estimate of the text width),
	// else wrapped.
	items := s.List()
	widths := make([]float64, len(items))
	widest := 0.0
	for i, sc := range items {
		widths[i] = 15 + float64(len(sc.Label)+1+len(strconv.Itoa(sc.Count)))*6.2
		widest = math.Max(widest, widths[i])
	}
	col := w / float64(len(items))
	x, y := 0.0, barH+18
	for i, sc := range items {
		iw := widths[i] + 12
		if widest <= col {
			iw = col
		} else if x > 0 && x+widths[i] > w {
			x, y = 0, y+rowH
		}
		c.Rects = append(c.Rects, svgRect{X: x, Y: y - 9, W: 9, H: 9, Fill: statusColors[sc.Status]})
		c.text(x+13, y, fmt.Sprintf("%s %d", sc.Label, sc.Count), "start", colText, 11, false)
		x += iw
	}
	c.H = y + 6
	return c
}

func statusRows(s StatusCounts) []hrow {
	var rows []hrow
	for _, sc := range s.List() {
		rows = append(rows, hrow{Label: sc.Label, Color: statusColors[sc.Status], Value: int64(sc.Count), Text: strconv.Itoa(sc.Count)})
	}
	return rows
}

func moneyRows(s Stats) []hrow {
	return []hrow{
		{"Budget", colBudget, s.Budget, FormatMoney(s.Budget)},
		{"Committed", colCommitted, s.Committed, FormatMoney(s.Committed)},
		{"Completed", colCompleted, s.Completed, FormatMoney(s.Completed)},
	}
}

type kpi struct{ Label, Value, Note string }

func kpis(r *Report) []kpi {
	t := r.Totals
	rate := kpi{"Acceptance rate", FormatRate(t.AcceptanceRate), "no answers this month"}
	if t.Decided > 0 {
		rate.Note = fmt.Sprintf("%d of %s", t.Accepted, Plural(t.Decided, "answer", "answers"))
	}
	rounds := kpi{"Avg. negotiation rounds", FormatRounds(t.AvgRounds), "offers per answered request"}
	budgetNote := Plural(t.Campaigns, "campaign", "campaigns")
	return []kpi{
		{"Budget", FormatMoney(t.Budget), budgetNote},
		{"Committed", FormatMoney(t.Committed), "accepted this month"},
		{"Completed", FormatMoney(t.Completed), "delivered this month"},
		{"Ad requests", strconv.Itoa(t.Requests.Total()), "with activity this month"},
		rate,
		rounds,
	}
}

type htmlCampaign struct {
	Campaign
	StatusLabel, StatusColor, Dates string
	Money, Requests                 svgChart
	KPIs                            []kpi
	Top                             []htmlInfluencer
}

type htmlInfluencer struct {
	Rank               int
	Name, Amount, Reqs string
}

func topRows(in []Influencer) []htmlInfluencer {
	out := make([]htmlInfluencer, len(in))
	for i, x := range in {
		out[i] = htmlInfluencer{Rank: i + 1, Name: x.Name, Amount: FormatMoney(x.Amount), Reqs: strconv.Itoa(x.Requests)}
	}
	return out
}

type htmlView struct {
	R            *Report
	Title        string
	Period       string
	Generated    string
	KPIs         []kpi
	Overview     svgChart
	OverviewNote string
	Status       svgChart
	Top          []htmlInfluencer
	Campaigns    []htmlCampaign
	Definitions  []string
	// Performance: the post metrics table (one row per campaign with a post).
	Performance      []perfRow
	PerformanceTotal *perfRow
	PerformanceNote  string
	// CampaignPerf: the campaign performance table (campaigns with a deal, to date).
	CampaignPerf      []campRow
	CampaignPerfTotal *campRow
	CampaignPerfNote  string
	// Money: the escrow table (one row per campaign whose money moved or is held).
	Money      []moneyRow
	MoneyTotal *moneyRow
	MoneyNote  string
}

// HTML renders the report as one self-contained HTML page: inline CSS and inline SVG
// charts, no script, no external asset.
func (r *Report) HTML() ([]byte, error) {
	v := htmlView{
		R:           r,
		Title:       r.Company + " — activity report, " + r.MonthLabel,
		Period:      formatDate(r.PeriodStart) + " – " + formatDate(r.PeriodEnd),
		Generated:   r.GeneratedAt.UTC().Format("Jan 2, 2006 15:04 UTC"),
		KPIs:        kpis(r),
		Status:      hbarSVG("Ad requests by status", statusRows(r.Totals.Requests), 440, 86, 46, 30),
		Top:         topRows(r.Totals.TopInfluencers),
		Definitions: r.definitions(),
	}
	v.Performance, v.PerformanceTotal = r.performanceRows()
	v.PerformanceNote = r.performanceNote()
	v.Money, v.MoneyTotal = r.moneyTable()
	v.CampaignPerf, v.CampaignPerfTotal = r.campaignPerformanceRows()
	v.CampaignPerfNote = campaignPerformanceNote
	v.MoneyNote = r.moneyNote()
	ov := r.overviewCampaigns()
	v.Overview = overviewSVG(ov)
	if len(ov) < len(r.Campaigns) {
		v.OverviewNote = fmt.Sprintf("The %d campaigns with the largest budgets of %d; every campaign is detailed below.", len(ov), len(r.Campaigns))
	}
	for _, c := range r.Campaigns {
		hc := htmlCampaign{
			Campaign:    c,
			StatusLabel: titleCase(c.Status),
			StatusColor: statusColors[c.Status],
			Dates:       formatDate(c.StartDate) + " – " + formatDate(c.EndDate),
			Money:       hbarSVG("Budget, committed and completed", moneyRows(c.Stats), 440, 84, 96, 26),
			Requests:    stackedSVG(c.Requests, 440),
			Top:         topRows(c.TopInfluencers),
			KPIs: []kpi{
				{"Budget", FormatMoney(c.Budget), ""},
				{"Committed", FormatMoney(c.Committed), ""},
				{"Completed", FormatMoney(c.Completed), ""},
				{"Ad requests", strconv.Itoa(c.Requests.Total()), ""},
				{"Acceptance rate", FormatRate(c.AcceptanceRate), ""},
				{"Avg. rounds", FormatRounds(c.AvgRounds), ""},
			},
		}
		if hc.StatusColor == "" {
			hc.StatusColor = colMuted
		}
		v.Campaigns = append(v.Campaigns, hc)
	}
	var b bytes.Buffer
	if err := htmlTemplate.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("report: html: %w", err)
	}
	return b.Bytes(), nil
}
