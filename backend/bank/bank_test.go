package bank

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"iescp/backend/domain"
)

// Real IBANs from the banks' and registries' published examples, each as people
// type it (groups of four, lower case) and normalised.
func TestNormalizeIBAN_Valid(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"},
		{"DE89 3704 0044 0532 0130 00", "DE89370400440532013000"},
		{"de89370400440532013000", "DE89370400440532013000"},
		{"  FR14 2004 1010 0505 0001 3M02 606 ", "FR1420041010050500013M02606"},
		{"NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"},
		{"BE68 5390 0754 7034", "BE68539007547034"},
		{"CH93 0076 2011 6238 5295 7", "CH9300762011623852957"},
		{"NO93 8601 1117 947", "NO9386011117947"}, // the shortest (15)
		{"ES91 2100 0418 4502 0005 1332", "ES9121000418450200051332"},
		{"IT60 X054 2811 1010 0000 0123 456", "IT60X0542811101000000123456"},
		{"MT84 MALT 0110 0001 2345 MTLC AST0 01S", "MT84MALT011000012345MTLCAST001S"},
		{"SA03 8000 0000 6080 1016 7519", "SA0380000000608010167519"},
		{"BR97 0036 0305 0000 1000 9795 493P 1", "BR9700360305000010009795493P1"},
		{"LC55 HEMM 0001 0001 0012 0012 0002 3015", "LC55HEMM000100010012001200023015"}, // the longest (32)
		{"RU02 0445 2560 0407 0281 0412 3456 7890 1", "RU0204452560040702810412345678901"},
	} {
		got, err := NormalizeIBAN(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("NormalizeIBAN(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestNormalizeIBAN_Invalid(t *testing.T) {
	for _, tc := range []struct{ in, why string }{
		{"", "enter the IBAN"},
		{"   ", "enter the IBAN"},
		{"GB82-WEST-1234-5698-7654-32", "only letters, digits and spaces"},
		{"GB82 WEST 1234 5698 7654 3Ä", "only letters, digits and spaces"},
		{"8289 WEST 1234 5698 7654 32", "country's two letters"},
		{"US12 3456 7890 1234 5678 90", "US accounts have no IBAN"},
		{"XX82 WEST 1234 5698 7654 32", "XX accounts have no IBAN"},
		{"GB82 WEST 1234 5698 7654 3", "from GB has 22 characters, this one has 21"},
		{"GB82 WEST 1234 5698 7654 321", "this one has 23"},
		{"DE89 3704 0044 0532 0130 0", "from DE has 22"},
		{"GB82 WEST 1234 5698 7654 33", "check digits do not match"},  // last digit mistyped
		{"GB82 WEST 1234 5698 7645 32", "check digits do not match"},  // two digits swapped
		{"GB28 WEST 1234 5698 7654 32", "check digits do not match"},  // check digits swapped
		{"DE89 3704 0044 0532 0130 01", "check digits do not match"},  // DE with a wrong account
		{"GB01 WEST 1234 5698 7654 32", "check digits from 02 to 98"}, // out of range
		{"GB99 WEST 1234 5698 7654 32", "check digits from 02 to 98"}, // 99 ≡ 2 (mod 97): passes mod-97, still invalid
		{"GBA2 WEST 1234 5698 7654 32", "check digits from 02 to 98"},
	} {
		_, err := NormalizeIBAN(tc.in)
		wantInvalid(t, "NormalizeIBAN("+tc.in+")", err, tc.why)
	}
}

// GB99… passes the mod-97 sum (99 and 02 are the same mod 97): the range check
// is what refuses it.
func TestNormalizeIBAN_99PassesMod97(t *testing.T) {
	if mod97("WEST12345698765432GB99") != mod97("WEST12345698765432GB02") {
		t.Fatal("99 and 02 should be the same mod 97")
	}
}

// Routing numbers of real banks (Federal Reserve, JPMorgan Chase, Bank of America)
// and Stripe's test number.
func TestCheckRouting(t *testing.T) {
	for _, ok := range []string{"021000021", "011000015", "026009593", "121000358", "111000025", "110000000", "021-000-021", "021 000 021"} {
		if got, err := CheckRouting(ok); err != nil || len(got) != 9 {
			t.Errorf("CheckRouting(%q) = %q, %v", ok, got, err)
		}
	}
	for _, tc := range []struct{ in, why string }{
		{"", "enter the 9-digit routing number"},
		{"02100002", "9 digits, this one has 8"},
		{"0210000210", "9 digits, this one has 10"},
		{"02100002a", "only digits"},
		{"021000022", "check digit does not match"}, // Chase's with its last digit changed
		{"120000021", "check digit does not match"}, // two digits swapped
		{"000000000", "Federal Reserve district"},
		{"130000006", "Federal Reserve district"}, // checksum right, prefix 13 unused
		{"990000000", "Federal Reserve district"}, // checksum right
	} {
		_, err := CheckRouting(tc.in)
		wantInvalid(t, "CheckRouting("+tc.in+")", err, tc.why)
	}
}

func TestCheckUSAccount(t *testing.T) {
	for _, ok := range []string{"000123456789", "1234", "12345678901234567", "0001-2345-6789"} {
		if _, err := CheckUSAccount(ok); err != nil {
			t.Errorf("CheckUSAccount(%q): %v", ok, err)
		}
	}
	for _, tc := range []struct{ in, why string }{
		{"", "enter the account number"},
		{"123", "4 to 17 digits, this one has 3"},
		{"123456789012345678", "this one has 18"},
		{"12345x", "only digits"},
		{"0000 0000", "not all zeros"},
	} {
		_, err := CheckUSAccount(tc.in)
		wantInvalid(t, "CheckUSAccount("+tc.in+")", err, tc.why)
	}
}

func TestCheckHolder(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Maya Cooks", "Maya Cooks"},
		{"  Zoë O'Brien-Łukasz ", "Zoë O'Brien-Łukasz"},
		{"山田 太郎", "山田 太郎"},
		{strings.Repeat("é", MaxHolder), strings.Repeat("é", MaxHolder)},
	} {
		if got, err := CheckHolder(tc.in); err != nil || got != tc.want {
			t.Errorf("CheckHolder(%q) = %q, %v", tc.in, got, err)
		}
	}
	for _, tc := range []struct{ in, why string }{
		{"", "enter the account holder's name"},
		{"   ", "enter the account holder's name"},
		{"12345", "needs letters"},
		{"Maya\nCooks", "not text"},
		{"Maya\x00", "not text"},
		{strings.Repeat("a", MaxHolder+1), "at most 100"},
	} {
		_, err := CheckHolder(tc.in)
		wantInvalid(t, "CheckHolder", err, tc.why)
	}
}

// Check names every wrong field of the form at once; Parse the first.
func TestCheck_FieldsAndParse(t *testing.T) {
	a, ps := Check(Input{Kind: US, Holder: "Maya Cooks", RoutingNumber: "110000000", AccountNumber: "000123456789"})
	if ps != nil || a.Kind != US || a.Country != "US" || a.Holder != "Maya Cooks" || a.Routing != "110000000" ||
		a.Number() != "000123456789" || a.Last4() != "6789" {
		t.Fatalf("US account: %+v %v", a, ps)
	}
	a, ps = Check(Input{Kind: IBAN, Holder: "Maya", IBAN: "de89 3704 0044 0532 0130 00"})
	if ps != nil || a.Country != "DE" || a.Number() != "DE89370400440532013000" || a.Last4() != "3000" || a.Routing != "" {
		t.Fatalf("IBAN account: %+v %v", a, ps)
	}
	_, ps = Check(Input{Kind: US, Holder: "", RoutingNumber: "021000022", AccountNumber: "12"})
	if got := fields(ps); got != "holder,routing_number,account_number" {
		t.Fatalf("fields %s", got)
	}
	_, ps = Check(Input{Kind: IBAN, Holder: "Maya", IBAN: "GB82 WEST 1234 5698 7654 33", RoutingNumber: "x"})
	if got := fields(ps); got != "iban" { // the other kind's fields are not looked at
		t.Fatalf("fields %s", got)
	}
	_, ps = Check(Input{Kind: "swift", Holder: "Maya"})
	if got := fields(ps); got != "kind" {
		t.Fatalf("fields %s", got)
	}
	_, err := Parse(Input{Kind: IBAN, Holder: "", IBAN: "GB82"})
	wantInvalid(t, "Parse", err, "holder's name")
	if a, err := Parse(Input{Kind: IBAN, Holder: "Maya", IBAN: "GB82WEST12345698765432"}); err != nil || a.Last4() != "5432" {
		t.Fatalf("Parse: %+v %v", a, err)
	}
}

// The whole number never prints: fmt, %#v, JSON and slog see kind, country and
// last four; no message quotes what was typed.
func TestAccount_Masked(t *testing.T) {
	a, err := Parse(Input{Kind: IBAN, Holder: "Maya", IBAN: "GB82 WEST 1234 5698 7654 32"})
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	slog.New(slog.NewTextHandler(&sb, nil)).Info("x", "account", a)
	j, _ := json.Marshal(a)
	for _, s := range []string{fmt.Sprint(a), fmt.Sprintf("%v %+v %#v %s", a, a, a, a), string(j), sb.String()} {
		if strings.Contains(s, "WEST1234") || strings.Contains(s, "12345698") {
			t.Errorf("the number printed: %s", s)
		}
		if !strings.Contains(s, "5432") {
			t.Errorf("no last four: %s", s)
		}
	}
	for _, in := range []string{"GB82 WEST 1234 5698 7654 33", "GB82 WEST 1234 5698 7654 3", "GB82 WEST 1234 5698 7654 3!"} {
		if _, err := NormalizeIBAN(in); err == nil || strings.Contains(err.Error(), "WEST") || strings.Contains(err.Error(), "5698") {
			t.Errorf("error %v quotes the input", err)
		}
	}
}

func fields(ps []Problem) string {
	var f []string
	for _, p := range ps {
		if p.Err == nil || p.Err.Code != domain.CodeBankAccountInvalid {
			return "bad problem"
		}
		f = append(f, p.Field)
	}
	return strings.Join(f, ",")
}

func wantInvalid(t *testing.T, what string, err error, why string) {
	t.Helper()
	if domain.ErrorCode(err) != domain.CodeBankAccountInvalid || !strings.Contains(err.Error(), why) {
		t.Errorf("%s: %v, want bank_account_invalid containing %q", what, err, why)
	}
}
