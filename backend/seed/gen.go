package seed

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// world is the whole generated data set, in memory, before it is written.
type world struct {
	accounts      []*domain.Account
	sponsors      []*domain.SponsorProfile
	influencers   []*domain.InfluencerProfile
	campaigns     []*domain.Campaign
	requests      []*domain.AdRequest
	offers        []*domain.Offer
	reviews       []*domain.Review
	notifications []*domain.Notification
	deliverables  []*domain.Deliverable
	metrics       []*domain.DeliverableMetrics
	links         []*domain.TrackingLink

	demo map[string]*domain.Account // by email
	// members joined an organisation they did not found (their founder rows, written
	// by the server's trigger, are left as they are when they join).
	members []*domain.OrgMember
}

// gen draws everything from one seeded source, so a seed always makes the same world.
type gen struct {
	r   *rand.Rand
	now time.Time
	w   *world

	admin       *domain.Account
	accByID     map[string]*domain.Account
	sponsorOf   map[string]*domain.SponsorProfile    // by account id
	inflOf      map[string]*domain.InfluencerProfile // by account id
	catOf       map[string]*category                 // influencer account id → category
	byCategory  map[string][]*domain.InfluencerProfile
	campaignCat map[string]*category
	// trackingTaken holds the codes and promo codes given out ("code\x00…",
	// "promo_code\x00…"), as the database's UNIQUE columns would.
	trackingTaken map[string]bool
	err           error              // the first failure of a step that cannot return one
	pairs         map[[2]string]bool // (campaign, influencer) pairs that already have a request
	emailSeq      int
}

func newGen(seed int64, now time.Time) *gen {
	return &gen{
		r:           rand.New(rand.NewPCG(uint64(seed), 0x1e5c9_5eed)),
		now:         now,
		w:           &world{demo: map[string]*domain.Account{}},
		accByID:     map[string]*domain.Account{},
		sponsorOf:   map[string]*domain.SponsorProfile{},
		inflOf:      map[string]*domain.InfluencerProfile{},
		catOf:       map[string]*category{},
		byCategory:  map[string][]*domain.InfluencerProfile{},
		campaignCat: map[string]*category{},
		pairs:       map[[2]string]bool{},

		trackingTaken: map[string]bool{},
	}
}

// id returns a UUIDv7 for an instant whose random bits come from the seeded source:
// time-ordered like domain.NewID, and the same on every run with the same seed.
func (g *gen) id(t time.Time) string {
	var u uuid.UUID
	ms := uint64(t.UnixMilli())
	u[0], u[1], u[2], u[3], u[4], u[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	binary.BigEndian.PutUint16(u[6:8], uint16(g.r.Uint32()))
	binary.BigEndian.PutUint64(u[8:16], g.r.Uint64())
	u[6] = 0x70 | u[6]&0x0f // version 7
	u[8] = 0x80 | u[8]&0x3f // RFC 9562 variant
	return u.String()
}

// Small random helpers.
func (g *gen) pick(xs []string) string        { return xs[g.r.IntN(len(xs))] }
func (g *gen) chance(p float64) bool          { return g.r.Float64() < p }
func (g *gen) between(lo, hi int) int         { return lo + g.r.IntN(hi-lo+1) }
func (g *gen) uniform(lo, hi float64) float64 { return lo + g.r.Float64()*(hi-lo) }
func (g *gen) dur(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(g.r.Int64N(int64(hi-lo)+1))
}

// weighted picks an index with probability proportional to its weight.
func (g *gen) weighted(ws ...float64) int {
	sum := 0.0
	for _, w := range ws {
		sum += w
	}
	x := g.r.Float64() * sum
	for i, w := range ws {
		if x < w {
			return i
		}
		x -= w
	}
	return len(ws) - 1
}

func (g *gen) day(offset int) string {
	return g.now.AddDate(0, 0, offset).Format("2006-01-02")
}

func dateTime(d string) time.Time {
	t, _ := time.Parse("2006-01-02", d)
	return t.UTC()
}

var slugFold = strings.NewReplacer("é", "e", "ë", "e", "è", "e", "ö", "o", "ó", "o", "ø", "o", "ü", "u", "ú", "u",
	"á", "a", "ã", "a", "à", "a", "å", "a", "ç", "c", "í", "i", "ñ", "n", "ß", "ss")

// slug makes the local part of a generated email from a name.
func slug(name string) string {
	s := slugFold.Replace(strings.ToLower(name))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

func (g *gen) email(name string) string {
	g.emailSeq++
	return fmt.Sprintf("%s.%d@example.com", slug(name), g.emailSeq)
}

func (g *gen) addAccount(email string, role domain.Role, name string, created time.Time) *domain.Account {
	a := &domain.Account{ID: g.id(created), Email: email, Role: role, Name: name, Active: true,
		CreatedAt: created, UpdatedAt: created, Version: 1}
	g.w.accounts = append(g.w.accounts, a)
	g.accByID[a.ID] = a
	if strings.HasSuffix(email, "@iescp.demo") {
		g.w.demo[email] = a
	}
	return a
}

// accountTime is a sign-up instant between two years and a month ago.
func (g *gen) accountTime() time.Time {
	return g.now.Add(-g.dur(30*24*time.Hour, 730*24*time.Hour)).Truncate(time.Second)
}

func (g *gen) personName() string { return g.pick(firstNames) + " " + g.pick(lastNames) }

// notify records a notification as the mutators do: a kind and its params
// (docs/mutations.md), rendered by the desktop in the reader's language.
func (g *gen) notify(to *domain.Account, kind string, params map[string]any, refTable, refID string, at time.Time) {
	b, err := json.Marshal(params) // keys sorted, as the mutators write them
	if err != nil {
		panic(err) // strings and integers only
	}
	n := &domain.Notification{ID: g.id(at), AccountID: to.ID, Kind: kind, Params: string(b),
		RefTable: refTable, RefID: refID, CreatedAt: at, Version: 1}
	if g.now.Sub(at) > 72*time.Hour && g.chance(0.7) {
		read := at.Add(g.dur(10*time.Minute, 48*time.Hour))
		if read.After(g.now) {
			read = g.now
		}
		n.ReadAt = &read
	}
	g.w.notifications = append(g.w.notifications, n)
}

// admins: the demo admin and one colleague.
func (g *gen) admins() {
	g.admin = g.addAccount("admin@iescp.demo", domain.RoleAdmin, "Avery Admin", g.now.AddDate(-2, 0, 0))
	name := g.personName()
	g.addAccount(g.email(name), domain.RoleAdmin, name, g.now.AddDate(-1, -6, 0))
}

func (g *gen) companyName(industry string, used map[string]bool) string {
	for range 8 {
		n := g.pick(companyHeads) + " " + g.pick(companyTails[industry])
		if !used[n] {
			used[n] = true
			return n
		}
	}
	n := fmt.Sprintf("%s %s %s", g.pick(companyHeads), g.pick(cities), g.pick(companyTails[industry]))
	used[n] = true
	return n
}

func (g *gen) categoryForIndustry(industry string) *category {
	var cs []*category
	for i := range categories {
		for _, ind := range categories[i].Industries {
			if ind == industry {
				cs = append(cs, &categories[i])
			}
		}
	}
	if len(cs) == 0 {
		return &categories[g.r.IntN(len(categories))]
	}
	return cs[g.r.IntN(len(cs))]
}

// sponsors: the two demo sponsors, then companies that are mostly approved, some
// pending and a few rejected; one approved sponsor flagged and one deactivated.
func (g *gen) sponsors(n int) {
	used := map[string]bool{}
	for i := range n {
		var acc *domain.Account
		var industry, company string
		approval := domain.ApprovalApproved
		switch i {
		case 0:
			industry, company = "Apparel", "Northwind Outfitters"
			acc = g.addAccount("sponsor@iescp.demo", domain.RoleSponsor, company, g.now.AddDate(-1, -3, 0))
		case 1:
			industry, company = "Consumer Electronics", "Bluepeak Devices"
			approval = domain.ApprovalPending
			acc = g.addAccount("pending@iescp.demo", domain.RoleSponsor, company, g.now.Add(-50*time.Hour))
		default:
			cat := &categories[g.r.IntN(len(categories))]
			industry = g.pick(cat.Industries)
			company = g.companyName(industry, used)
			switch {
			case i == n-1 && n >= 4:
				approval = domain.ApprovalRejected
			case i == n-2 && n >= 5:
				approval = domain.ApprovalPending
			default:
				approval = [...]domain.Approval{domain.ApprovalApproved, domain.ApprovalPending,
					domain.ApprovalRejected}[g.weighted(82, 11, 7)]
			}
			created := g.accountTime()
			if approval == domain.ApprovalPending {
				created = g.now.Add(-g.dur(2*time.Hour, 10*24*time.Hour)).Truncate(time.Second)
			}
			acc = g.addAccount(g.email(company), domain.RoleSponsor, company, created)
		}
		used[company] = true
		p := &domain.SponsorProfile{AccountID: acc.ID, CompanyName: company, Industry: industry,
			Budget: int64(g.between(50, 5000)) * 1000 * 100, Approval: approval, UpdatedAt: acc.CreatedAt, Version: 1}
		if approval != domain.ApprovalPending {
			at := acc.CreatedAt.Add(g.dur(2*time.Hour, 72*time.Hour))
			p.ReviewedBy, p.ReviewedAt, p.UpdatedAt = &g.admin.ID, &at, at
			if approval == domain.ApprovalRejected {
				p.ReviewReason = g.pick(rejectReasons)
				g.notify(acc, "sponsor.rejected", map[string]any{"reason": p.ReviewReason}, "accounts", acc.ID, at)
			} else {
				g.notify(acc, "sponsor.approved", map[string]any{"reason": ""}, "accounts", acc.ID, at)
			}
		}
		g.w.sponsors = append(g.w.sponsors, p)
		g.sponsorOf[acc.ID] = p
	}
	// One approved sponsor flagged, one deactivated (not the demo ones).
	var others []*domain.Account
	for _, p := range g.w.sponsors[2:] {
		if p.Approval == domain.ApprovalApproved {
			others = append(others, g.accByID[p.AccountID])
		}
	}
	if len(others) >= 4 {
		g.flag(others[len(others)/2])
		off := others[len(others)/2+1]
		off.Active, off.UpdatedAt = false, g.now.Add(-g.dur(24*time.Hour, 20*24*time.Hour)).Truncate(time.Second)
	}
}

func (g *gen) flag(a *domain.Account) {
	at := g.now.Add(-g.dur(12*time.Hour, 30*24*time.Hour)).Truncate(time.Second)
	a.Flagged, a.FlagReason, a.UpdatedAt = true, g.pick(flagReasons), at
	g.notify(a, "account.flagged", map[string]any{"reason": a.FlagReason}, "accounts", a.ID, at)
}

// paretoReach draws an audience size from a heavy-tailed (Pareto) distribution: most
// creators have a few thousand followers, a handful have tens of millions.
func (g *gen) paretoReach() int64 {
	const xm, alpha, ceiling = 1500.0, 1.16, 80_000_000.0
	u := 1 - g.r.Float64() // (0, 1]
	return int64(math.Min(xm/math.Pow(u, 1/alpha), ceiling))
}

// splitReach spreads a total over the platforms: most of it on a primary platform
// chosen by the category's habits, the rest on a few others.
func (g *gen) splitReach(cat *category, total int64) [5]int64 {
	var out [5]int64
	w := cat.Platforms
	primary := g.weighted(w[:]...)
	share := [5]float64{}
	share[primary] = g.uniform(0.55, 0.95)
	rest := 1 - share[primary]
	var others []int
	for i := range 5 {
		if i != primary && g.chance(w[i]/(w[i]+2)) {
			others = append(others, i)
		}
	}
	if len(others) == 0 {
		share[primary] = 1
	} else {
		sum := 0.0
		ws := make([]float64, len(others))
		for j := range others {
			ws[j] = g.uniform(0.2, 1)
			sum += ws[j]
		}
		for j, i := range others {
			share[i] = rest * ws[j] / sum
		}
	}
	for i := range 5 {
		out[i] = int64(math.Round(float64(total) * share[i]))
	}
	return out
}

func (g *gen) displayName(first, last string, cat *category) string {
	h := g.pick(cat.Handle)
	switch g.r.IntN(5) {
	case 0:
		return first + " " + last
	case 1:
		return first + " " + h
	case 2:
		return h + "With" + strings.ReplaceAll(first, " ", "")
	case 3:
		return "The " + first + " " + h
	default:
		return first + strings.ReplaceAll(h, " ", "") + fmt.Sprint(g.between(1, 99))
	}
}

func (g *gen) bio(cat *category, niche string, reach int64) string {
	t1 := g.pick(cat.Topics)
	t2 := g.pick(cat.Topics)
	for t2 == t1 && len(cat.Topics) > 1 {
		t2 = g.pick(cat.Topics)
	}
	city := g.pick(cities)
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf("%s creator based in %s. Sharing %s and %s with %s followers.",
			niche, city, t1, t2, humanCount(reach))
	case 1:
		return fmt.Sprintf("Obsessed with %s. %s tips, %s and honest opinions from %s.",
			strings.ToLower(niche), cat.Name, t1, city)
	case 2:
		return fmt.Sprintf("From %s. I make content about %s — mostly %s, sometimes %s. Open to brand partnerships.",
			city, strings.ToLower(cat.Name), t1, t2)
	default:
		return fmt.Sprintf("%s | %s | %s. New videos every week.", niche, t1, city)
	}
}

func humanCount(n int64) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 1_000:
		return fmt.Sprintf("%dK", n/1000)
	}
	return fmt.Sprint(n)
}

func categoryByName(name string) *category {
	for i := range categories {
		if categories[i].Name == name {
			return &categories[i]
		}
	}
	return &categories[0]
}

// influencers: the two demo influencers, then creators with heavy-tailed reach; a
// couple flagged and one or more deactivated.
func (g *gen) influencers(n int) {
	for i := range n {
		var acc *domain.Account
		var p *domain.InfluencerProfile
		switch i {
		case 0:
			cat := categoryByName("Food")
			acc = g.addAccount("influencer@iescp.demo", domain.RoleInfluencer, "Maya Chen", g.now.AddDate(-1, -1, 0))
			p = &domain.InfluencerProfile{DisplayName: "Maya Cooks", Category: cat.Name, Niche: "Vegan",
				ReachInstagram: 184_000, ReachYouTube: 62_500, ReachTikTok: 241_000, ReachX: 8_900,
				Bio: "Vegan recipes from Lisbon. Weeknight dinners, sourdough experiments and street food tours."}
			g.catOf[acc.ID] = cat
		case 1:
			cat := categoryByName("Tech")
			acc = g.addAccount("influencer2@iescp.demo", domain.RoleInfluencer, "Liam Rivera", g.now.AddDate(0, -10, 0))
			p = &domain.InfluencerProfile{DisplayName: "TechWithLiam", Category: cat.Name, Niche: "Gadget Reviews",
				ReachYouTube: 412_000, ReachX: 37_000, ReachTikTok: 15_200,
				Bio: "Honest gadget reviews and smart home setups from Toronto."}
			g.catOf[acc.ID] = cat
		default:
			cat := &categories[g.r.IntN(len(categories))]
			first, last := g.pick(firstNames), g.pick(lastNames)
			name := first + " " + last
			acc = g.addAccount(g.email(name), domain.RoleInfluencer, name, g.accountTime())
			niche := g.pick(cat.Niches)
			total := g.paretoReach()
			reach := g.splitReach(cat, total)
			p = &domain.InfluencerProfile{DisplayName: g.displayName(first, last, cat), Category: cat.Name, Niche: niche,
				ReachInstagram: reach[0], ReachYouTube: reach[1], ReachTikTok: reach[2], ReachX: reach[3], ReachOther: reach[4],
				Bio: g.bio(cat, niche, total)}
			g.catOf[acc.ID] = cat
		}
		p.AccountID, p.UpdatedAt, p.Version = acc.ID, acc.CreatedAt, 1
		p.ReachTotal = p.ReachInstagram + p.ReachYouTube + p.ReachTikTok + p.ReachX + p.ReachOther
		g.w.influencers = append(g.w.influencers, p)
		g.inflOf[acc.ID] = p
	}
	if n < 6 {
		return
	}
	// Flagged and deactivated creators, spread over the list, never the demo ones.
	flagged := max(2, n/250)
	off := max(1, n/400)
	for k := range flagged + off {
		i := 2 + (k*7919+g.r.IntN(7))%(n-2)
		acc := g.accByID[g.w.influencers[i].AccountID]
		if acc.Flagged || !acc.Active {
			continue
		}
		if k < flagged {
			g.flag(acc)
		} else {
			acc.Active, acc.UpdatedAt = false, g.now.Add(-g.dur(24*time.Hour, 60*24*time.Hour)).Truncate(time.Second)
		}
	}
	for _, p := range g.w.influencers {
		if acc := g.accByID[p.AccountID]; acc.Active && !acc.Flagged {
			g.byCategory[p.Category] = append(g.byCategory[p.Category], p)
		}
	}
}

// campaignPlan is a scripted campaign of the demo sponsor.
type campaignPlan struct {
	status     domain.CampaignStatus
	visibility domain.Visibility
	category   string
	niche      string
	name       string
}

var demoCampaigns = []campaignPlan{
	{domain.CampaignActive, domain.VisibilityPublic, "Fashion", "Sustainable Fashion", "Northwind Recycled Outerwear Launch"},
	{domain.CampaignActive, domain.VisibilityPublic, "Food", "Vegan", "Northwind Picnic Collection Summer Series"},
	{domain.CampaignActive, domain.VisibilityPrivate, "Tech", "Gadget Reviews", "Northwind Smart Jacket Creator Series"},
	{domain.CampaignCompleted, domain.VisibilityPublic, "Fashion", "Streetwear", "Northwind Autumn Streetwear Drop"},
	{domain.CampaignDraft, domain.VisibilityPrivate, "Travel", "Adventure", "Northwind Trail Gear Spring Launch"},
	{domain.CampaignCancelled, domain.VisibilityPublic, "Fitness", "Running", "Northwind Marathon Challenge"},
	{domain.CampaignActive, domain.VisibilityPublic, "Fashion", "Vintage", "Northwind Festival Looks Spotlight"},
	{domain.CampaignActive, domain.VisibilityPublic, "Lifestyle", "Minimalism", "Northwind Capsule Wardrobe Ambassador Program"},
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if w != "" && w[0] >= 'a' && w[0] <= 'z' {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

func (g *gen) campaignName(company string, cat *category) string {
	head := strings.Fields(company)[0]
	product := titleCase(g.pick(cat.Products))
	opener := g.pick(campaignOpeners)
	switch g.r.IntN(3) {
	case 0:
		return fmt.Sprintf("%s %s %s", head, product, opener)
	case 1:
		return fmt.Sprintf("%s: %s %s", opener, head, product)
	default:
		return fmt.Sprintf("%s %s", head, product)
	}
}

func (g *gen) goals(cat *category) string {
	var parts []string
	for _, i := range g.r.Perm(len(campaignGoals))[:2] {
		switch i {
		case 0:
			parts = append(parts, fmt.Sprintf(campaignGoals[i], strings.ToLower(g.pick(cat.Products)), strings.ToLower(cat.Name)))
		case 1:
			parts = append(parts, fmt.Sprintf(campaignGoals[i], g.between(5, 200)*1000, strings.ToLower(cat.Name)))
		case 2:
			parts = append(parts, fmt.Sprintf(campaignGoals[i], g.between(5, 200)*10))
		case 3:
			parts = append(parts, fmt.Sprintf(campaignGoals[i], g.between(3, 30)))
		case 5:
			parts = append(parts, fmt.Sprintf(campaignGoals[i], g.between(1, 10)*5))
		default:
			parts = append(parts, campaignGoals[i])
		}
	}
	return strings.Join(parts, ". ") + "."
}

// campaigns: the demo sponsor's scripted ones, then campaigns spread over the approved
// sponsors with a mix of statuses and visibilities; a few flagged.
func (g *gen) campaigns(n int) {
	demo := g.w.demo["sponsor@iescp.demo"]
	var owners []*domain.Account
	for _, p := range g.w.sponsors {
		if p.Approval == domain.ApprovalApproved && p.AccountID != demo.ID {
			owners = append(owners, g.accByID[p.AccountID])
		}
	}
	demoShare := max(len(demoCampaigns), n/10)
	for i := range n {
		owner := demo
		var plan campaignPlan
		if i < len(demoCampaigns) {
			plan = demoCampaigns[i]
		} else {
			if i >= demoShare && len(owners) > 0 {
				owner = owners[g.r.IntN(len(owners))]
			}
			plan.status = [...]domain.CampaignStatus{domain.CampaignDraft, domain.CampaignActive,
				domain.CampaignCompleted, domain.CampaignCancelled}[g.weighted(12, 58, 20, 10)]
			plan.visibility = domain.VisibilityPrivate
			if g.chance(0.7) {
				plan.visibility = domain.VisibilityPublic
			}
		}
		sp := g.sponsorOf[owner.ID]
		cat := g.categoryForIndustry(sp.Industry)
		if plan.category != "" {
			cat = categoryByName(plan.category)
		}
		if plan.niche == "" {
			plan.niche = g.pick(cat.Niches)
		}
		if plan.name == "" {
			plan.name = g.campaignName(sp.CompanyName, cat)
		}
		var start, end int
		switch plan.status {
		case domain.CampaignActive:
			start = -g.between(0, 75)
			end = start + g.between(30, 150)
			if end < 7 {
				end = g.between(7, 60)
			}
		case domain.CampaignCompleted:
			end = -g.between(1, 120)
			start = end - g.between(20, 90)
		case domain.CampaignDraft:
			start = g.between(7, 60)
			end = start + g.between(20, 90)
		default:
			start = g.between(-90, 30)
			end = start + g.between(20, 90)
		}
		created := dateTime(g.day(start)).Add(-g.dur(5*24*time.Hour, 30*24*time.Hour)).Add(g.dur(8*time.Hour, 18*time.Hour))
		if lo := owner.CreatedAt.Add(24 * time.Hour); created.Before(lo) {
			created = lo.Add(g.dur(0, 48*time.Hour))
		}
		if hi := g.now.Add(-time.Hour); created.After(hi) {
			created = hi.Add(-g.dur(0, 48*time.Hour))
		}
		created = created.Truncate(time.Second)
		budget := int64(g.between(4, 300)) * 500 * 100
		if owner == demo {
			budget = int64(g.between(60, 200)) * 1000 * 100
		}
		product := strings.ToLower(g.pick(cat.Products))
		c := &domain.Campaign{ID: g.id(created), SponsorID: owner.ID, Name: plan.name,
			Description: fmt.Sprintf("%s is looking for %s creators to introduce our %s to their audience. "+
				"We value authentic %s content and long-term partnerships.",
				sp.CompanyName, strings.ToLower(plan.niche), product, strings.ToLower(g.pick(cat.Topics))),
			Category: cat.Name, Niche: plan.niche, StartDate: g.day(start), EndDate: g.day(end), Budget: budget,
			Visibility: plan.visibility, Goals: g.goals(cat), Status: plan.status,
			LandingURL: landingURL(sp.CompanyName, plan.name), CreatedAt: created, UpdatedAt: created, Version: 1}
		if i >= len(demoCampaigns) && n >= 20 && i%29 == 7 {
			c.Flagged, c.FlagReason = true, g.pick(flagReasons)
			c.UpdatedAt = g.now.Add(-g.dur(time.Hour, 10*24*time.Hour)).Truncate(time.Second)
			if c.UpdatedAt.Before(created) {
				c.UpdatedAt = created
			}
			g.notify(owner, "campaign.flagged", map[string]any{"campaign": c.Name, "reason": c.FlagReason},
				"campaigns", c.ID, c.UpdatedAt)
		}
		g.w.campaigns = append(g.w.campaigns, c)
		g.campaignCat[c.ID] = cat
	}
}

// landingURL is a campaign's landing page on its sponsor's (reserved, .example)
// site, so the demo's tracking links lead somewhere.
func landingURL(company, campaign string) string {
	return "https://" + mutate.CampaignSlug(company) + ".example/" + mutate.CampaignSlug(campaign)
}

// teammate adds the demo sponsor's teammate (docs/teams.md): a manager of Northwind
// Outfitters who joined by registering with the invited address, a month ago.
func (g *gen) teammate() {
	org := g.w.demo["sponsor@iescp.demo"]
	at := g.now.AddDate(0, -1, 0).Truncate(time.Second)
	acc := g.addAccount("teammate@iescp.demo", domain.RoleSponsor, "Dana Reyes", at)
	g.w.members = append(g.w.members, &domain.OrgMember{ID: mutate.OrgMemberID(org.ID, acc.Email), OrgID: org.ID, Email: acc.Email,
		AccountID: &acc.ID, Role: domain.OrgManager, Status: domain.MemberActive, InvitedBy: &org.ID, CreatedAt: at, UpdatedAt: at, Version: 1})
	g.notify(org, "team.joined", map[string]any{"member": acc.Name}, "org_members", g.w.members[0].ID, at)
}
