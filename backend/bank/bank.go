// Package bank checks the bank account an influencer is paid to, the way a payout
// form and a processor do: an IBAN (the country's length from the SWIFT registry,
// the ISO 13616 mod-97 check) or a US account number with its ABA routing number
// (nine digits, the 3-7-1 checksum), and the account holder's name.
//
// A checked account is an Account: whatever prints it (fmt, encoding/json,
// log/slog) sees only its kind, country and last four; Number is the one explicit
// way to the whole number (for the processor that tokenises it). Every refusal is
// a *domain.Error with code bank_account_invalid whose message names the field
// and never quotes what was typed; Check reports each field's problem for a form.
package bank

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"unicode"

	"iescp/backend/domain"
)

// Kind is how the account is identified.
type Kind string

const (
	IBAN Kind = "iban" // an International Bank Account Number
	US   Kind = "us"   // a US account number and ABA routing number
)

// The form's fields, as Problem.Field names them (the JSON names of Input).
const (
	FieldKind    = "kind"
	FieldHolder  = "holder"
	FieldIBAN    = "iban"
	FieldRouting = "routing_number"
	FieldAccount = "account_number"
)

// MaxHolder bounds the holder's name (characters).
const MaxHolder = 100

// Input is the payout account form as typed.
type Input struct {
	Kind          Kind   `json:"kind"`
	Holder        string `json:"holder"`
	IBAN          string `json:"iban,omitempty"`           // kind iban: spaces allowed, any case
	RoutingNumber string `json:"routing_number,omitempty"` // kind us: 9 digits
	AccountNumber string `json:"account_number,omitempty"` // kind us: 4 to 17 digits
}

// Account is a checked bank account. Its zero value is no account.
type Account struct {
	Kind    Kind
	Country string // ISO 3166 alpha-2: the IBAN's country, "US" for kind us
	Holder  string // trimmed
	Routing string // kind us: the ABA routing number (a bank's public identifier)
	number  string // the IBAN (upper case, no spaces) or the US account number
}

// Number is the whole IBAN or account number: only for the processor's vault.
func (a Account) Number() string { return a.number }

// Last4 is the last four characters of the IBAN or account number.
func (a Account) Last4() string {
	if len(a.number) < 4 {
		return ""
	}
	return a.number[len(a.number)-4:]
}

// String prints the account masked: "iban DE ••••3000".
func (a Account) String() string {
	return fmt.Sprintf("%s %s ••••%s", a.Kind, a.Country, a.Last4())
}

// GoString masks %#v too.
func (a Account) GoString() string { return a.String() }

// LogValue masks the account in log/slog.
func (a Account) LogValue() slog.Value { return slog.StringValue(a.String()) }

// MarshalJSON writes only what may be shown.
func (a Account) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Kind    Kind   `json:"kind"`
		Country string `json:"country"`
		Holder  string `json:"holder"`
		Last4   string `json:"last4"`
	}{a.Kind, a.Country, a.Holder, a.Last4()})
}

// Problem is what is wrong with one field of the form.
type Problem struct {
	Field string        `json:"field"`
	Err   *domain.Error `json:"error"`
}

// Parse checks the form: the account, or the first field's problem (a
// *domain.Error bank_account_invalid).
func Parse(in Input) (Account, error) {
	a, ps := Check(in)
	if len(ps) > 0 {
		return Account{}, ps[0].Err
	}
	return a, nil
}

// Check checks every field of the form: the account when all are right, or one
// Problem per wrong field (holder first, then the number fields in form order).
func Check(in Input) (Account, []Problem) {
	var ps []Problem
	add := func(field string, err error) {
		if err != nil {
			ps = append(ps, Problem{Field: field, Err: domain.AsError(err)})
		}
	}
	holder, err := CheckHolder(in.Holder)
	add(FieldHolder, err)
	a := Account{Kind: in.Kind, Holder: holder}
	switch in.Kind {
	case IBAN:
		n, err := NormalizeIBAN(in.IBAN)
		add(FieldIBAN, err)
		a.number = n
		if err == nil {
			a.Country = n[:2]
		}
	case US:
		r, err := CheckRouting(in.RoutingNumber)
		add(FieldRouting, err)
		n, err2 := CheckUSAccount(in.AccountNumber)
		add(FieldAccount, err2)
		a.Routing, a.number, a.Country = r, n, "US"
	default:
		add(FieldKind, invalid("choose an IBAN or a US account and routing number"))
	}
	if len(ps) > 0 {
		return Account{}, ps
	}
	return a, nil
}

func invalid(format string, args ...any) *domain.Error {
	return domain.Errorf(domain.CodeBankAccountInvalid, format, args...)
}

// CheckHolder: 1 to MaxHolder characters of text after trimming, with a letter.
func CheckHolder(name string) (string, error) {
	name = strings.TrimSpace(name)
	n, letter := 0, false
	for _, c := range name {
		n++
		if unicode.IsControl(c) || c == '\uFFFD' {
			return "", invalid("the account holder's name has characters that are not text")
		}
		letter = letter || unicode.IsLetter(c)
	}
	if n == 0 {
		return "", invalid("enter the account holder's name as the bank knows it")
	}
	if n > MaxHolder {
		return "", invalid("the account holder's name has at most %d characters", MaxHolder)
	}
	if !letter {
		return "", invalid("the account holder's name needs letters")
	}
	return name, nil
}

// ibanLengths is the SWIFT IBAN registry: each country's IBAN length.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
	"BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
	"EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
	"GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
	"JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
	"MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
	"NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
	"SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}

// IBANLength is the IBAN length of a country (0 when it has no IBAN).
func IBANLength(country string) int { return ibanLengths[country] }

// NormalizeIBAN checks an IBAN as typed (spaces between groups, any case) and
// returns it upper case without spaces: two letters of a country that uses IBANs,
// two check digits (02 to 98), letters and digits to the country's length, and
// the mod-97 check (ISO 13616) equal to 1.
func NormalizeIBAN(s string) (string, error) {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c == ' ':
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z':
			b.WriteRune(c)
		case c >= 'a' && c <= 'z':
			b.WriteRune(c - 'a' + 'A')
		default:
			return "", invalid("an IBAN has only letters, digits and spaces")
		}
	}
	n := b.String()
	if n == "" {
		return "", invalid("enter the IBAN")
	}
	if len(n) < 2 || !isLetters(n[:2]) {
		return "", invalid("an IBAN starts with its country's two letters")
	}
	want := ibanLengths[n[:2]]
	if want == 0 {
		return "", invalid("%s accounts have no IBAN: choose a country that uses IBANs", n[:2])
	}
	if len(n) != want {
		return "", invalid("an IBAN from %s has %d characters, this one has %d", n[:2], want, len(n))
	}
	if !isDigits(n[2:4]) || n[2:4] < "02" || n[2:4] > "98" {
		return "", invalid("an IBAN's third and fourth characters are check digits from 02 to 98")
	}
	if mod97(n[4:]+n[:4]) != 1 {
		return "", invalid("this IBAN's check digits do not match: look for a mistyped character")
	}
	return n, nil
}

// mod97 is the remainder of s read as a number with A=10 … Z=35, piece by piece.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			v := int(c-'A') + 10
			r = (r*100 + v) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}

// CheckRouting checks an ABA routing number: 9 digits (spaces and dashes
// between them allowed), a Federal Reserve prefix (01–12, 21–32, 61–72, 80), and
// the checksum 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).
func CheckRouting(s string) (string, error) {
	d, ok := digits(s)
	switch {
	case !ok:
		return "", invalid("a routing number has only digits")
	case d == "":
		return "", invalid("enter the 9-digit routing number")
	case len(d) != 9:
		return "", invalid("a routing number has 9 digits, this one has %d", len(d))
	}
	p := int(d[0]-'0')*10 + int(d[1]-'0')
	if !(p >= 1 && p <= 12 || p >= 21 && p <= 32 || p >= 61 && p <= 72 || p == 80) {
		return "", invalid("this is not a bank's routing number (its first two digits are not a Federal Reserve district)")
	}
	w := [3]int{3, 7, 1}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += w[i%3] * int(d[i]-'0')
	}
	if sum%10 != 0 {
		return "", invalid("this routing number's check digit does not match: look for a mistyped digit")
	}
	return d, nil
}

// CheckUSAccount checks a US account number: 4 to 17 digits (spaces and dashes
// between them allowed), not all zeros.
func CheckUSAccount(s string) (string, error) {
	d, ok := digits(s)
	switch {
	case !ok:
		return "", invalid("an account number has only digits")
	case d == "":
		return "", invalid("enter the account number")
	case len(d) < 4 || len(d) > 17:
		return "", invalid("a US account number has 4 to 17 digits, this one has %d", len(d))
	case strings.Trim(d, "0") == "":
		return "", invalid("an account number is not all zeros")
	}
	return d, nil
}

// digits strips spaces and dashes; ok is false when anything else is not a digit.
func digits(s string) (string, bool) {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
		case c == ' ' || c == '-':
		default:
			return "", false
		}
	}
	return b.String(), true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
