package server

import (
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

type openAPIDoc struct {
	Paths      map[string]map[string]any `yaml:"paths"`
	Components struct {
		Schemas map[string]struct {
			Required   []string       `yaml:"required"`
			Properties map[string]any `yaml:"properties"`
			Enum       []string       `yaml:"enum"`
		} `yaml:"schemas"`
	} `yaml:"components"`
}

func loadOpenAPI(t *testing.T) *openAPIDoc {
	t.Helper()
	b, err := os.ReadFile("../../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc openAPIDoc
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("docs/openapi.yaml: %v", err)
	}
	return &doc
}

// TestOpenAPI_MatchesProtocol keeps docs/openapi.yaml true to sync/protocol: each
// wire struct has a schema of the same name with exactly its JSON fields, and the
// fields a schema requires are ones Go always sends (no omitempty).
func TestOpenAPI_MatchesProtocol(t *testing.T) {
	doc := loadOpenAPI(t)
	for _, v := range []any{
		protocol.ErrorBody{}, protocol.ErrorDetail{}, protocol.User{}, protocol.RegisterRequest{},
		protocol.RegisterProfile{}, protocol.RegisterResponse{}, protocol.LoginRequest{}, protocol.RefreshRequest{},
		protocol.TokenResponse{}, protocol.Mutation{}, protocol.PushRequest{}, protocol.MutationResult{},
		protocol.PushResponse{}, protocol.PullRequest{}, protocol.Change{}, protocol.PullResponse{}, protocol.Poke{},
		protocol.AnalyticsRefresh{}, protocol.AnalyticsComparison{}, protocol.AnalyticsMetric{},
	} {
		typ := reflect.TypeOf(v)
		t.Run(typ.Name(), func(t *testing.T) { checkSchema(t, doc, typ.Name(), typ) })
	}
}

// checkSchema checks that the schema name has exactly the JSON fields of typ, and
// requires only fields Go always sends (no omitempty).
func checkSchema(t *testing.T, doc *openAPIDoc, name string, typ reflect.Type) {
	t.Helper()
	schema, ok := doc.Components.Schemas[name]
	if !ok {
		t.Fatalf("no schema %s", name)
	}
	var fields []string
	always := map[string]bool{}
	for f := range typ.Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		fields = append(fields, name)
		always[name] = !strings.Contains(opts, "omitempty")
	}
	var props []string
	for p := range schema.Properties {
		props = append(props, p)
	}
	sort.Strings(fields)
	sort.Strings(props)
	if !slices.Equal(fields, props) {
		t.Errorf("%s: got properties %v, want the Go fields %v", name, props, fields)
	}
	for _, r := range schema.Required {
		if !always[r] {
			t.Errorf("%s: %s is required but Go may omit it", name, r)
		}
	}
}

func TestOpenAPI_Contract(t *testing.T) {
	doc := loadOpenAPI(t)
	codes := []string{}
	for _, c := range []domain.Code{domain.CodeInvalidArgument, domain.CodeUnauthenticated, domain.CodeForbidden,
		domain.CodeNotFound, domain.CodeInvalidTransition, domain.CodeBudgetExceeded, domain.CodeInsufficientFunds, domain.CodeSponsorNotApproved,
		domain.CodeFlagged, domain.CodeStaleOffer, domain.CodeOutOfOrder, domain.CodeClientTooOld,
		domain.CodePayloadTooLarge, domain.CodeRateLimited, domain.CodeQuotaExceeded, domain.CodeMethodNotAllowed,
		domain.CodeCardInvalid, domain.CodeCardExpired, domain.CodeCardDeclined, domain.CodeProcessingError,
		domain.CodeIdempotencyConflict, domain.CodeUnsupportedMediaType, domain.CodeNotUploaded, domain.CodeBankAccountInvalid,
		domain.CodePayoutFailed, domain.CodeBusy, domain.CodeInternal} {
		codes = append(codes, string(c))
	}
	if got := doc.Components.Schemas["ErrorCode"].Enum; !slices.Equal(got, codes) {
		t.Errorf("got ErrorCode enum %v, want %v", got, codes)
	}
	for path, method := range map[string]string{
		"/api/v1/auth/register": "post", "/api/v1/auth/login": "post", "/api/v1/auth/refresh": "post",
		"/api/v1/auth/logout": "post", "/sync/v1/push": "post", "/sync/v1/pull": "post", "/sync/v1/events": "get",
		"/sync/v1/snapshot": "get", "/healthz": "get", "/readyz": "get", "/metrics": "get", chargesPath: "post", walletPath: "get", adminLedgerPath: "get",
		documentsPath: "get", documentsPath + "/{id}": "get", ledgerCSVPath: "get", trackingPath: "get",
		payoutAccountPath: "put get", payoutsPath: "post get", analyticsRefreshPath: "post",
	} {
		for _, method := range strings.Fields(method) {
			if _, ok := doc.Paths[path][method]; !ok {
				t.Errorf("docs/openapi.yaml has no %s %s", strings.ToUpper(method), path)
			}
		}
	}
	for _, method := range []string{"put", "get"} {
		path := attachmentsPath + "{sha256}"
		if _, ok := doc.Paths[path][method]; !ok {
			t.Errorf("docs/openapi.yaml has no %s %s", strings.ToUpper(method), path)
		}
	}
	if len(doc.Paths) != 22 {
		t.Errorf("got %d paths, want 22", len(doc.Paths))
	}
}
