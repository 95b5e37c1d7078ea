package cards

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
)

// vectors is testdata/vectors.json, which frontend/tests/cards.test.js runs too.
type vectors struct {
	Numbers []struct {
		Input, Brand, Last4, Error string
	} `json:"numbers"`
	Prefixes []struct {
		Input, Brand string
	} `json:"prefixes"`
	Expiry []struct {
		Now         time.Time `json:"now"`
		Input       string    `json:"input"`
		Month, Year int
		Error       string `json:"error"`
	} `json:"expiry"`
	CVC []struct {
		Brand, Input, Error string
	} `json:"cvc"`
}

func loadVectors(t *testing.T) vectors {
	t.Helper()
	b, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Numbers) == 0 || len(v.Prefixes) == 0 || len(v.Expiry) == 0 || len(v.CVC) == 0 {
		t.Fatal("vectors.json has an empty section")
	}
	return v
}

// code is err's domain code, or "" for nil.
func code(err error) string {
	if err == nil {
		return ""
	}
	return string(domain.ErrorCode(err))
}

func TestVectors_Numbers(t *testing.T) {
	for _, v := range loadVectors(t).Numbers {
		m, err := ParseNumber(v.Input)
		if got := code(err); got != v.Error {
			t.Errorf("ParseNumber(%q): got error %q (%v), want %q", v.Input, got, err, v.Error)
			continue
		}
		if err != nil {
			if strings.Contains(err.Error(), strings.TrimSpace(v.Input)) && strings.TrimSpace(v.Input) != "" {
				t.Errorf("ParseNumber(%q): the error %q quotes the input", v.Input, err)
			}
			continue
		}
		if string(m.Brand()) != v.Brand || m.Last4() != v.Last4 {
			t.Errorf("ParseNumber(%q): got %s %s, want %s %s", v.Input, m.Brand(), m.Last4(), v.Brand, v.Last4)
		}
	}
}

func TestVectors_Prefixes(t *testing.T) {
	for _, v := range loadVectors(t).Prefixes {
		if got := BrandOf(v.Input); string(got) != v.Brand {
			t.Errorf("BrandOf(%q): got %q, want %q", v.Input, got, v.Brand)
		}
	}
}

func TestVectors_Expiry(t *testing.T) {
	for _, v := range loadVectors(t).Expiry {
		e, err := ParseExpiry(v.Input, v.Now)
		if got := code(err); got != v.Error {
			t.Errorf("ParseExpiry(%q at %s): got error %q (%v), want %q", v.Input, v.Now, got, err, v.Error)
			continue
		}
		if err == nil && (e.Month != v.Month || e.Year != v.Year) {
			t.Errorf("ParseExpiry(%q): got %v, want %02d/%d", v.Input, e, v.Month, v.Year)
		}
	}
}

func TestVectors_CVC(t *testing.T) {
	for _, v := range loadVectors(t).CVC {
		_, err := ParseCVC(v.Input, Brand(v.Brand))
		if got := code(err); got != v.Error {
			t.Errorf("ParseCVC(%q, %s): got error %q (%v), want %q", v.Input, v.Brand, got, err, v.Error)
		}
	}
}

func TestLuhn(t *testing.T) {
	for s, want := range map[string]bool{"79927398713": true, "79927398710": false, "0": true, "": false, "1a": false} {
		if got := Luhn(s); got != want {
			t.Errorf("Luhn(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestParse_Order(t *testing.T) {
	now := time.Date(2030, 3, 15, 0, 0, 0, 0, time.UTC)
	c, err := Parse("3782 822463 10005", "04/31", "1234", now)
	if err != nil {
		t.Fatal(err)
	}
	if c.Number.Brand() != Amex || c.Expiry != (Expiry{4, 2031}) || c.CVC.Digits() != "1234" {
		t.Fatalf("got %s %v %s", c.Number.Brand(), c.Expiry, c.CVC.Digits())
	}
	if _, err := Parse("378282246310005", "04/31", "123", now); code(err) != "card_invalid" {
		t.Errorf("an Amex with a 3-digit CVC: got %v", err)
	}
	if _, err := Parse("4242424242424242", "01/30", "123", now); code(err) != "card_expired" {
		t.Errorf("an expired card: got %v", err)
	}
}

// Every way a card value may be printed shows the brand and last four and never
// the number or the CVC.
func TestMasked_NeverPrintsTheNumber(t *testing.T) {
	const pan = "4000056655665556"
	c, err := Parse(pan, "12/34", "987", time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	type holder struct {
		Card  Card
		N     Masked
		C     CVC
		Ptr   *Masked
		Slice []Masked
		Map   map[Masked]int
	}
	h := holder{Card: c, N: c.Number, C: c.CVC, Ptr: &c.Number, Slice: []Masked{c.Number}, Map: map[Masked]int{c.Number: 1}}
	var outs []string
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.4s"} {
		outs = append(outs, fmt.Sprintf(f, c.Number), fmt.Sprintf(f, c), fmt.Sprintf(f, c.CVC), fmt.Sprintf(f, h))
	}
	outs = append(outs, fmt.Sprint(c.Number, c, h), fmt.Sprintln(c.Number, c.CVC), c.Number.String(), c.String())
	j, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	outs = append(outs, string(j))
	var logs bytes.Buffer
	noTime := &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}
	for _, hd := range []slog.Handler{slog.NewJSONHandler(&logs, noTime), slog.NewTextHandler(&logs, noTime)} {
		l := slog.New(hd)
		l.Info("charge", "card", c, "number", c.Number, "cvc", c.CVC, "holder", h)
		l.Info("charge", slog.Any("number", c.Number), slog.Group("g", "n", c.Number))
	}
	outs = append(outs, logs.String())
	all := strings.Join(outs, "\n")
	for _, secret := range []string{pan, "400005", "56655", "987", "0000"} {
		if strings.Contains(all, secret) {
			t.Errorf("%q leaked into:\n%s", secret, all)
		}
	}
	if !strings.Contains(all, "Visa •••• 5556") || !strings.Contains(string(j), `"Visa •••• 5556"`) {
		t.Errorf("the mask is missing:\n%s", all)
	}
	if c.Number.Digits() != pan {
		t.Errorf("Digits: got %q", c.Number.Digits())
	}
}
