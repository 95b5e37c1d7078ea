package seed

// The vocabularies the generator draws from.

// category is an influencer or campaign category with its niches, the platforms its
// creators favour (weights for instagram, youtube, tiktok, x, other) and words for
// handles, bios and campaign copy.
type category struct {
	Name       string
	Niches     []string
	Platforms  [5]float64
	Handle     []string // words that make handles: "Cooks", "Eats"
	Topics     []string // what the creator posts about
	Industries []string // sponsor industries that buy this category
	Products   []string // what campaigns promote
}

var categories = []category{
	{"Fashion", []string{"Streetwear", "Sustainable Fashion", "Luxury", "Vintage", "Menswear", "Plus Size"},
		[5]float64{5, 1.5, 4, 0.5, 0.5}, []string{"Style", "Wears", "Closet", "Threads", "Outfits"},
		[]string{"capsule wardrobes", "thrift flips", "runway recaps", "outfit ideas", "styling tips"},
		[]string{"Apparel", "Footwear", "Accessories"},
		[]string{"autumn collection", "sneaker drop", "denim line", "recycled outerwear", "watch collection"}},
	{"Beauty", []string{"Skincare", "Makeup", "Haircare", "Nail Art", "Clean Beauty", "Fragrance"},
		[5]float64{5, 2, 4, 0.3, 0.3}, []string{"Glow", "Beauty", "Skin", "Glam", "Looks"},
		[]string{"skincare routines", "makeup tutorials", "product swatches", "hair transformations", "honest reviews"},
		[]string{"Cosmetics", "Personal Care"},
		[]string{"vitamin C serum", "matte lipstick range", "SPF 50 sunscreen", "hair repair mask", "fragrance launch"}},
	{"Tech", []string{"Smartphones", "PC Building", "AI Tools", "Smart Home", "Gadget Reviews", "Photography"},
		[5]float64{1.5, 5, 2, 3, 1}, []string{"Tech", "Bytes", "Unboxed", "Gadgets", "Labs"},
		[]string{"gadget reviews", "PC builds", "AI productivity tools", "smart home setups", "camera tests"},
		[]string{"Consumer Electronics", "Software", "Telecom"},
		[]string{"flagship phone", "noise-cancelling headphones", "mechanical keyboard", "mesh Wi-Fi system", "AI writing assistant"}},
	{"Gaming", []string{"Esports", "Indie Games", "Speedrunning", "Retro", "Mobile Gaming", "Strategy"},
		[5]float64{1, 5, 3, 1.5, 4}, []string{"Plays", "Gaming", "GG", "Quest", "Arcade"},
		[]string{"let's plays", "esports analysis", "speedrun attempts", "indie game discoveries", "retro collections"},
		[]string{"Video Games", "Consumer Electronics", "Energy Drinks"},
		[]string{"open-world RPG launch", "gaming headset", "wireless controller", "cloud gaming pass", "esports tournament"}},
	{"Fitness", []string{"Yoga", "Strength Training", "Running", "HIIT", "Calisthenics", "Pilates"},
		[5]float64{4, 3, 4, 0.5, 1}, []string{"Fit", "Moves", "Strong", "Sweat", "Runs"},
		[]string{"home workouts", "marathon training", "mobility flows", "strength programs", "healthy habits"},
		[]string{"Sports & Fitness", "Nutrition", "Apparel"},
		[]string{"running shoe", "protein powder", "fitness tracker", "yoga mat", "gym membership"}},
	{"Food", []string{"Vegan", "Baking", "Street Food", "Meal Prep", "Wine", "Coffee"},
		[5]float64{4, 3, 4, 0.5, 0.5}, []string{"Eats", "Cooks", "Kitchen", "Bakes", "Bites"},
		[]string{"weeknight recipes", "sourdough experiments", "street food tours", "meal prep guides", "coffee brewing"},
		[]string{"Food & Beverage", "Kitchenware", "Grocery Delivery"},
		[]string{"plant-based burger", "espresso machine", "meal kit", "olive oil", "craft soda"}},
	{"Travel", []string{"Backpacking", "Luxury Travel", "Van Life", "City Guides", "Adventure", "Budget Travel"},
		[5]float64{5, 4, 2, 0.5, 1}, []string{"Travels", "Wanders", "Roams", "Abroad", "Journeys"},
		[]string{"city guides", "hidden beaches", "van life", "budget itineraries", "mountain treks"},
		[]string{"Travel & Hospitality", "Airlines", "Luggage"},
		[]string{"boutique hotel chain", "rail pass", "carry-on suitcase", "travel insurance", "island resort"}},
	{"Finance", []string{"Personal Finance", "Investing", "Crypto", "Budgeting", "Real Estate", "Side Hustles"},
		[5]float64{1, 4, 2, 4, 1}, []string{"Money", "Invests", "Wealth", "Cents", "Finance"},
		[]string{"budgeting tips", "index investing", "real estate math", "side hustles", "money psychology"},
		[]string{"Fintech", "Banking", "Insurance"},
		[]string{"budgeting app", "high-yield savings account", "investment platform", "credit card", "tax software"}},
	{"Education", []string{"Languages", "Science", "History", "Math", "Study Tips", "Coding"},
		[5]float64{1.5, 5, 3, 1.5, 1}, []string{"Learns", "Explains", "Academy", "Class", "Notes"},
		[]string{"science explainers", "language lessons", "history deep dives", "study techniques", "coding tutorials"},
		[]string{"EdTech", "Publishing", "Software"},
		[]string{"language learning app", "online course platform", "e-reader", "note-taking app", "coding bootcamp"}},
	{"Music", []string{"Indie", "Hip-Hop", "Classical", "DJ", "Guitar", "Music Production"},
		[5]float64{3, 4, 4, 1, 3}, []string{"Beats", "Sounds", "Music", "Tunes", "Records"},
		[]string{"covers", "production breakdowns", "gear reviews", "live sessions", "album reviews"},
		[]string{"Music & Audio", "Consumer Electronics", "Streaming"},
		[]string{"studio headphones", "music streaming plan", "digital piano", "festival tickets", "audio interface"}},
	{"Lifestyle", []string{"Minimalism", "Home Decor", "Productivity", "Wellness", "Sustainability", "Family"},
		[5]float64{5, 3, 3, 1, 1}, []string{"Living", "Life", "Daily", "Home", "Days"},
		[]string{"slow living", "home makeovers", "morning routines", "zero-waste swaps", "family life"},
		[]string{"Home & Living", "Personal Care", "Retail"},
		[]string{"linen bedding", "robot vacuum", "planner", "candle collection", "furniture range"}},
	{"Pets", []string{"Dogs", "Cats", "Exotic Pets", "Pet Training", "Aquariums"},
		[5]float64{5, 2, 5, 0.5, 0.5}, []string{"Paws", "Pets", "Pups", "Whiskers", "Tails"},
		[]string{"dog training", "cat antics", "pet care tips", "adoption stories", "aquarium builds"},
		[]string{"Pet Care", "Retail"},
		[]string{"grain-free dog food", "smart litter box", "pet insurance", "chew toys", "GPS collar"}},
}

var firstNames = []string{
	"Maya", "Liam", "Sofia", "Noah", "Aisha", "Mateo", "Chloé", "Ethan", "Zoë", "Lucas", "Amara", "Oliver",
	"Isabella", "Kenji", "Priya", "Diego", "Hana", "Jonas", "Léa", "Omar", "Nina", "Rafael", "Yuki", "Elena",
	"Kwame", "Freya", "Arjun", "Camila", "Theo", "Ines", "Samuel", "Mei", "Björn", "Ava", "José", "Fatima",
	"Leo", "Renée", "Mohammed", "Clara", "Felix", "Nadia", "Hugo", "Sara", "Tariq", "Emma", "Daniel", "Lina",
	"Marco", "Aiko", "Jordan", "Riley", "Avery", "Malik", "Sienna", "Gabriel", "Ana", "Viktor", "Tomás", "Jade",
}

var lastNames = []string{
	"Chen", "Rivera", "Okafor", "Müller", "Patel", "García", "Kim", "Nguyen", "Rossi", "Dubois", "Silva",
	"Kowalski", "Haddad", "Andersen", "Tanaka", "Moreau", "Costa", "Ivanova", "Mensah", "O'Brien", "Novak",
	"Fernández", "Larsen", "Ahmed", "Schmidt", "Lopez", "Sato", "Bianchi", "Nakamura", "Johansson", "Brown",
	"Williams", "Martin", "Jansen", "Yilmaz", "Kaur", "Santos", "Walker", "Hughes", "Bergström", "Reyes",
}

var cities = []string{
	"Lisbon", "Berlin", "Toronto", "Seoul", "Lagos", "Mexico City", "Melbourne", "Paris", "Austin", "Mumbai",
	"Stockholm", "Cape Town", "Tokyo", "São Paulo", "Barcelona", "Vancouver", "Nairobi", "Amsterdam", "Chicago",
	"Kraków", "Istanbul", "Dublin", "Singapore", "Montréal", "Copenhagen",
}

var companyHeads = []string{
	"Northwind", "Bluepeak", "Lumen", "Aurora", "Cobalt", "Evergreen", "Helix", "Juniper", "Keystone", "Meridian",
	"Nimbus", "Orchid", "Pioneer", "Quartz", "Redwood", "Solstice", "Tidewater", "Vantage", "Willow", "Zenith",
	"Atlas", "Brightline", "Cascade", "Driftwood", "Ember", "Foxglove", "Granite", "Harbor", "Ironbark", "Kestrel",
}

var companyTails = map[string][]string{
	"Apparel": {"Outfitters", "Apparel Co.", "Clothing", "Wear"}, "Footwear": {"Footwear", "Shoe Co."},
	"Accessories": {"Accessories", "Goods"}, "Cosmetics": {"Cosmetics", "Beauty", "Skin Lab"},
	"Personal Care": {"Care", "Naturals"}, "Consumer Electronics": {"Electronics", "Devices", "Audio"},
	"Software": {"Software", "Labs", "Systems"}, "Telecom": {"Mobile", "Telecom"},
	"Video Games": {"Games", "Interactive", "Studios"}, "Energy Drinks": {"Energy", "Drinks"},
	"Sports & Fitness": {"Athletics", "Sports", "Fitness"}, "Nutrition": {"Nutrition", "Foods"},
	"Food & Beverage": {"Foods", "Kitchen", "Beverages"}, "Kitchenware": {"Kitchenware", "Cookware"},
	"Grocery Delivery": {"Fresh", "Market"}, "Travel & Hospitality": {"Hotels", "Travel", "Resorts"},
	"Airlines": {"Air", "Airways"}, "Luggage": {"Luggage", "Travel Goods"},
	"Fintech": {"Pay", "Money", "Finance"}, "Banking": {"Bank", "Savings"}, "Insurance": {"Insurance", "Mutual"},
	"EdTech": {"Learning", "Academy"}, "Publishing": {"Press", "Books"}, "Music & Audio": {"Audio", "Sound"},
	"Streaming": {"Stream", "Media"}, "Home & Living": {"Home", "Living"}, "Retail": {"Stores", "Retail"},
	"Pet Care": {"Pet Co.", "Pet Supply"},
}

var campaignOpeners = []string{"Launch", "Spotlight", "Summer of", "Winter", "Holiday", "Back to School", "Spring",
	"Creator Series", "Challenge", "Festival", "Black Friday", "New Year", "Ambassador Program"}

var campaignGoals = []string{
	"Drive %s awareness among %s fans",
	"Reach %d new followers interested in %s",
	"Generate %d sign-ups with tracked links",
	"Produce %d short-form videos showing real use",
	"Collect honest reviews and user-generated content",
	"Grow newsletter subscribers by %d%%",
}

var requirementsText = []string{
	"1 Instagram reel and 2 stories with link sticker",
	"1 dedicated YouTube video (60–90 s integration) and a pinned comment",
	"3 TikTok videos over two weeks, brand tagged",
	"1 X thread and 1 livestream mention",
	"2 Instagram carousel posts and usage rights for 6 months",
	"1 long-form review video and a discount code in the description",
}

var offerMessages = map[string][]string{
	"open_sponsor":    {"We love your content and think you'd be a great fit.", "Would you be interested in joining our campaign?", "Your audience matches ours perfectly."},
	"open_influencer": {"I'd love to work on this campaign.", "My audience would be a natural fit for this.", "I've used your products for years."},
	"counter_sponsor": {"We can meet you partway.", "Our budget is tight, but here's our best offer.", "Can we agree on this amount?"},
	"counter_infl":    {"Given my engagement rate, I'd ask a bit more.", "Happy to do it for this amount with usage rights.", "Could we settle on this?"},
}

var reviewBodies = []string{
	"Great to work with, delivered on time.", "Content exceeded our expectations.", "Clear brief and fast payment.",
	"Communication could have been better.", "Professional and creative.", "Would gladly work together again.",
	"Solid results, a few delays.", "Excellent engagement on the posts.",
}

var flagReasons = []string{"Suspected fake followers", "Misleading claims reported by users",
	"Spam reported by several users", "Terms of service violation under review"}

var rejectReasons = []string{"Company details could not be verified", "Industry not supported on the platform"}

var closeReasons = map[string][]string{
	"rejected":  {"Budget doesn't fit my rates", "Not the right fit for my audience", "Schedule is full this month", ""},
	"withdrawn": {"Campaign plans changed", "Found a better fit", "Timeline no longer works", ""},
}
