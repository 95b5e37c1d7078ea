// Package cards checks payment cards the way a card form and a processor do: the
// brand from the number's IIN range and length, the Luhn check digit, the expiry
// (not past, at most 20 years ahead) and the CVC (4 digits for Amex, 3 otherwise).
//
// A card number is held as a Masked: whatever prints it (fmt, encoding/json,
// log/slog) sees only its brand and last four digits; Digits is the one explicit way
// to the number. Every refusal is a *domain.Error (card_invalid, card_expired) whose
// message never quotes what was typed. The same rules run in the card form
// (frontend/src/cards.js); both are tested against testdata/vectors.json.
package cards

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"iescp/backend/domain"
)

// Brand is a card network, as the processor names it.
type Brand string

const (
	Visa       Brand = "visa"
	Mastercard Brand = "mastercard"
	Amex       Brand = "amex"
	Discover   Brand = "discover"
	JCB        Brand = "jcb"
	Diners     Brand = "diners"
	UnionPay   Brand = "unionpay"
	Unknown    Brand = ""
)

// Name is the brand as people read it.
func (b Brand) Name() string {
	switch b {
	case Visa:
		return "Visa"
	case Mastercard:
		return "Mastercard"
	case Amex:
		return "American Express"
	case Discover:
		return "Discover"
	case JCB:
		return "JCB"
	case Diners:
		return "Diners Club"
	case UnionPay:
		return "UnionPay"
	}
	return "Card"
}

// iin is one issuer range: numbers whose first len(lo) digits lie in [lo, hi].
type iin struct {
	lo, hi string
	brand  Brand
}

// ranges are checked in order; the first match wins. 62 is UnionPay as a whole
// (Discover's co-branded 622126–622925 included), as processors detect it.
var ranges = []iin{
	{"4", "4", Visa},
	{"51", "55", Mastercard},
	{"2221", "2720", Mastercard},
	{"34", "34", Amex},
	{"37", "37", Amex},
	{"6011", "6011", Discover},
	{"644", "649", Discover},
	{"65", "65", Discover},
	{"3528", "3589", JCB},
	{"300", "305", Diners},
	{"3095", "3095", Diners},
	{"36", "36", Diners},
	{"38", "39", Diners},
	{"62", "62", UnionPay},
}

// lengths are the number lengths each brand issues.
var lengths = map[Brand][]int{
	Visa:       {13, 16, 19},
	Mastercard: {16},
	Amex:       {15},
	Discover:   {16, 17, 18, 19},
	JCB:        {16, 17, 18, 19},
	Diners:     {14, 15, 16, 17, 18, 19},
	UnionPay:   {16, 17, 18, 19},
}

// BrandOf is the brand of a number's leading digits (a whole number or the start
// of one being typed), or Unknown while too few digits are known.
func BrandOf(digits string) Brand {
	for _, r := range ranges {
		if len(digits) < len(r.lo) {
			continue
		}
		p := digits[:len(r.lo)]
		if p >= r.lo && p <= r.hi {
			return r.brand
		}
	}
	return Unknown
}

// Lengths are the number lengths brand b issues (nil for Unknown).
func Lengths(b Brand) []int { return lengths[b] }

// Normalize strips the spaces and dashes people type between groups and refuses
// anything else that is not a digit.
func Normalize(s string) (string, error) {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
		case c == ' ' || c == '-':
		default:
			return "", domain.Errorf(domain.CodeCardInvalid, "a card number has only digits (spaces and dashes between them are fine)")
		}
	}
	return b.String(), nil
}

// Luhn reports whether digits (only digits) end in a valid Luhn check digit.
func Luhn(digits string) bool {
	if digits == "" {
		return false
	}
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		c := digits[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// ParseNumber normalises and checks a card number: a known brand, one of its
// lengths, and the Luhn check digit.
func ParseNumber(s string) (Masked, error) {
	if len(s) > 64 {
		return Masked{}, domain.Errorf(domain.CodeCardInvalid, "the card number is too long")
	}
	d, err := Normalize(s)
	if err != nil {
		return Masked{}, err
	}
	if d == "" {
		return Masked{}, domain.Errorf(domain.CodeCardInvalid, "enter the card number")
	}
	b := BrandOf(d)
	if b == Unknown {
		return Masked{}, domain.Errorf(domain.CodeCardInvalid, "this card's brand is not accepted (Visa, Mastercard, American Express, Discover, JCB, Diners Club, UnionPay)")
	}
	okLen := false
	for _, n := range lengths[b] {
		okLen = okLen || len(d) == n
	}
	if !okLen {
		return Masked{}, domain.Errorf(domain.CodeCardInvalid, "a %s number has %s digits", b.Name(), lengthWords(lengths[b]))
	}
	if !Luhn(d) {
		return Masked{}, domain.Errorf(domain.CodeCardInvalid, "the card number is mistyped (its check digit does not match)")
	}
	return Masked{d}, nil
}

func lengthWords(ns []int) string {
	if len(ns) == 1 {
		return fmt.Sprint(ns[0])
	}
	if ns[len(ns)-1]-ns[0] == len(ns)-1 {
		return fmt.Sprintf("%d to %d", ns[0], ns[len(ns)-1])
	}
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// Masked is a checked card number. Printed in any way — fmt with any verb,
// encoding/json (as a value or a map key), encoding.TextMarshaler, log/slog — it
// reads as its brand and last four ("Visa •••• 4242"); only Digits gives the number.
// It is a struct, not a string type, because encoding/json writes a string-typed
// map key as it is, without asking MarshalText.
type Masked struct{ digits string }

// Digits is the whole number: use it only where the number itself is needed (the
// processor's decision), never to print or store it.
func (m Masked) Digits() string { return m.digits }

// Brand is the number's brand.
func (m Masked) Brand() Brand { return BrandOf(m.digits) }

// Last4 is the last four digits (fewer for a shorter string).
func (m Masked) Last4() string { return Last4(m.digits) }

// Mask is what prints: brand name and last four.
func (m Masked) Mask() string { return m.Brand().Name() + " •••• " + m.Last4() }

func (m Masked) String() string   { return m.Mask() }
func (m Masked) GoString() string { return fmt.Sprintf("cards.Masked(%q)", m.Mask()) }

// Format prints the mask whatever the verb (%v, %+v, %#v, %s, %q, %x, %d…).
func (m Masked) Format(f fmt.State, verb rune) {
	switch verb {
	case 'q':
		fmt.Fprintf(f, "%q", m.Mask())
	case 'v':
		if f.Flag('#') {
			_, _ = f.Write([]byte(m.GoString()))
			return
		}
		_, _ = f.Write([]byte(m.Mask()))
	default:
		_, _ = f.Write([]byte(m.Mask()))
	}
}

// MarshalJSON encodes the mask.
func (m Masked) MarshalJSON() ([]byte, error) { return json.Marshal(m.Mask()) }

// MarshalText encodes the mask (map keys, text encoders).
func (m Masked) MarshalText() ([]byte, error) { return []byte(m.Mask()), nil }

// LogValue logs the mask.
func (m Masked) LogValue() slog.Value { return slog.StringValue(m.Mask()) }

// Last4 is the last four characters of digits (all of them when shorter).
func Last4(digits string) string {
	if len(digits) <= 4 {
		return digits
	}
	return digits[len(digits)-4:]
}

// MaxYearsAhead is how far ahead an expiry may be.
const MaxYearsAhead = 20

// Expiry is a card's expiry month; the card works through the month's last day.
type Expiry struct {
	Month int // 1–12
	Year  int // four digits
}

func (e Expiry) String() string { return fmt.Sprintf("%02d/%04d", e.Month, e.Year) }

// ParseExpiry reads MM/YY or MM/YYYY (spaces around the slash allowed; YY is the
// year ending so within 50 years before now and 49 after) and checks
// the card has not expired at now (it works through its month's last day, in
// UTC) and expires at most MaxYearsAhead years after now's year.
func ParseExpiry(s string, now time.Time) (Expiry, error) {
	bad := domain.Errorf(domain.CodeCardInvalid, "the expiry date reads MM/YY, e.g. 04/29")
	if len(s) > 16 {
		return Expiry{}, bad
	}
	mm, yy, ok := strings.Cut(s, "/")
	if !ok {
		return Expiry{}, bad
	}
	mm, yy = strings.Trim(mm, " "), strings.Trim(yy, " ")
	month, ok1 := atoi(mm)
	year, ok2 := atoi(yy)
	if !ok1 || !ok2 || len(mm) != 2 || (len(yy) != 2 && len(yy) != 4) || month < 1 || month > 12 {
		return Expiry{}, bad
	}
	now = now.UTC()
	if len(yy) == 2 { // this century's, or the next one's late in a century
		year += now.Year() / 100 * 100
		if year < now.Year()-50 {
			year += 100
		}
	}
	if year < now.Year() || (year == now.Year() && month < int(now.Month())) {
		return Expiry{}, domain.Errorf(domain.CodeCardExpired, "this card has expired")
	}
	if year > now.Year()+MaxYearsAhead {
		return Expiry{}, domain.Errorf(domain.CodeCardInvalid, "the expiry date is more than %d years ahead: check it", MaxYearsAhead)
	}
	return Expiry{Month: month, Year: year}, nil
}

func atoi(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// CVCLength is the number of CVC digits of brand b: 4 for Amex, 3 otherwise.
func CVCLength(b Brand) int {
	if b == Amex {
		return 4
	}
	return 3
}

// CVC is a card's security code. Like Masked it never prints itself.
type CVC struct{ digits string }

func (CVC) String() string                 { return "•••" }
func (CVC) GoString() string               { return `cards.CVC("•••")` }
func (c CVC) Format(f fmt.State, _ rune)   { _, _ = f.Write([]byte(c.String())) }
func (c CVC) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }
func (c CVC) MarshalText() ([]byte, error) { return []byte(c.String()), nil }
func (c CVC) LogValue() slog.Value         { return slog.StringValue(c.String()) }

// Digits is the code itself: for the processor's decision only.
func (c CVC) Digits() string { return c.digits }

// ParseCVC checks a CVC for brand b: CVCLength(b) digits.
func ParseCVC(s string, b Brand) (CVC, error) {
	s = strings.Trim(s, " ")
	if _, ok := atoi(s); !ok || len(s) != CVCLength(b) {
		return CVC{}, domain.Errorf(domain.CodeCardInvalid, "the security code (CVC) has %d digits", CVCLength(b))
	}
	return CVC{s}, nil
}

// Card is a whole checked card. It prints (fmt, JSON, slog) as its number's mask.
type Card struct {
	Number Masked
	Expiry Expiry
	CVC    CVC
}

// Parse checks a card's number, expiry (against now) and CVC, in that order.
func Parse(number, expiry, cvc string, now time.Time) (Card, error) {
	n, err := ParseNumber(number)
	if err != nil {
		return Card{}, err
	}
	e, err := ParseExpiry(expiry, now)
	if err != nil {
		return Card{}, err
	}
	c, err := ParseCVC(cvc, n.Brand())
	if err != nil {
		return Card{}, err
	}
	return Card{Number: n, Expiry: e, CVC: c}, nil
}

func (c Card) String() string                { return c.Number.Mask() }
func (c Card) GoString() string              { return fmt.Sprintf("cards.Card(%q)", c.Number.Mask()) }
func (c Card) Format(f fmt.State, verb rune) { c.Number.Format(f, verb) }
func (c Card) MarshalJSON() ([]byte, error)  { return c.Number.MarshalJSON() }
func (c Card) LogValue() slog.Value          { return c.Number.LogValue() }
