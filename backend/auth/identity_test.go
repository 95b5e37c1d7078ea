package auth

import (
	"errors"
	"strings"
	"testing"
)

// TestNormalizeEmail_LookAlikes: addresses that look like admin@example.com either
// normalise to exactly it (so they are the same account) or are refused.
func TestNormalizeEmail_LookAlikes(t *testing.T) {
	const want = "admin@example.com"
	same := map[string]string{
		"plain":                    "admin@example.com",
		"upper case":               "ADMIN@EXAMPLE.COM",
		"spaces around":            "  Admin@Example.com\t",
		"fullwidth local part":     "ａｄｍｉｎ@example.com",
		"one fullwidth letter":     "ａdmin@example.com",
		"fullwidth upper case":     "ＡＤＭＩＮ@example.com",
		"fullwidth domain":         "admin@ｅｘａｍｐｌｅ.ｃｏｍ",
		"fullwidth at sign":        "admin＠example.com",
		"ideographic full stop":    "admin@example。com",
		"fullwidth everything":     "ＡＤＭＩＮ＠ＥＸＡＭＰＬＥ．ＣＯＭ",
		"fullwidth mixed with cap": "Ａdmin@Example.com",
	}
	for name, in := range same {
		t.Run("same/"+name, func(t *testing.T) {
			got, err := NormalizeEmail(in)
			if err != nil || got != want {
				t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", in, got, err, want)
			}
		})
	}
	refused := map[string]string{
		"zero-width space":          "adm\u200bin@example.com",
		"zero-width non-joiner":     "adm\u200cin@example.com",
		"zero-width joiner":         "adm\u200din@example.com",
		"word joiner":               "admin\u2060@example.com",
		"soft hyphen":               "adm\u00adin@example.com",
		"byte order mark":           "\ufeffadmin@example.com",
		"right-to-left override":    "ad\u202emin@example.com",
		"left-to-right mark":        "admin\u200e@example.com",
		"bidi isolate":              "\u2066admin\u2069@example.com",
		"invisible in the domain":   "admin@exam\u200bple.com",
		"soft hyphen in the domain": "admin@exam\u00adple.com",
		"hangul filler":             "admin\u3164@example.com",
		"combining grapheme joiner": "adm\u034fin@example.com",
		"variation selector":        "admin\ufe0f@example.com",
		"control character":         "ad\x01min@example.com",
		"cyrillic a in latin":       "\u0430dmin@example.com",
		"cyrillic o in latin":       "r\u043eot@example.com",
		"greek omicron in latin":    "r\u03bfot@example.com",
		"cyrillic in the domain":    "admin@ex\u0430mple.com",
		"combining dot on i":        "vi\u0307ctim@example.com",
		"mathematical bold a":       "\U0001d41admin@example.com",
		"circled a":                 "\u24d0dmin@example.com",
		"space inside":              "ad min@example.com",
		"no at":                     "admin.example.com",
		"empty local part":          "@example.com",
		"empty domain":              "admin@",
		"two addresses":             "a@example.com, b@example.com",
		"display name":              "Admin <admin@example.com>",
		"double dot domain":         "admin@example..com",
		"leading dot domain":        "admin@.example.com",
		"underscore domain":         "admin@exa_mple.com",
		"local part too long":       strings.Repeat("a", 65) + "@example.com",
		"too long":                  "a@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 63) + "." + strings.Repeat("e", 63) + ".com",
		"empty":                     "   ",
		"invalid utf-8":             "adm\xffin@example.com",
	}
	for name, in := range refused {
		t.Run("refused/"+name, func(t *testing.T) {
			got, err := NormalizeEmail(in)
			var pe *PolicyError
			if err == nil || !errors.As(err, &pe) {
				t.Errorf("NormalizeEmail(%q) = %q, %v; want a *PolicyError", in, got, err)
			}
		})
	}
}

func TestNormalizeEmail_Accepts(t *testing.T) {
	for in, want := range map[string]string{
		"admin@localhost":        "admin@localhost",
		"first.last+tag@a.b.co":  "first.last+tag@a.b.co",
		"o'brien@example.ie":     "o'brien@example.ie",
		"Иван@example.com":       "иван@example.com",           // one script (Cyrillic)
		"иван@пример.рф":         "иван@xn--e1afmkfd.xn--p1ai", // the domain in its ASCII form
		"josé@bücher.de":         "josé@xn--bcher-kva.de",
		"jose\u0301@example.com": "josé@example.com",  // NFC: e + combining acute is é
		"山田taro@example.jp":      "山田taro@example.jp", // Latin with Han is how Japanese is written
		"user@XN--BCHER-KVA.de":  "user@xn--bcher-kva.de",
		"digits123@example.com":  "digits123@example.com",
		"ｕｓｅｒ１２３@example.com":    "user123@example.com",
	} {
		got, err := NormalizeEmail(in)
		if err != nil || got != want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestCheckNewPassword(t *testing.T) {
	ok := []string{
		"12345678",
		"correct horse battery",
		"  padded  ",
		"ééééééé\u00e9", // 8 precomposed characters, 16 bytes
		"пароль12",      // 8 characters, 14 bytes
		strings.Repeat("p", MaxPasswordBytes),
	}
	for _, pw := range ok {
		if err := CheckNewPassword(pw); err != nil {
			t.Errorf("CheckNewPassword(%q) = %v, want nil", pw, err)
		}
	}
	bad := map[string]string{
		"empty":                     "",
		"seven":                     "1234567",
		"only spaces":               "          ",
		"only tabs and spaces":      " \t \t \t \t ",
		"only no-break spaces":      "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0",
		"only ideographic spaces":   "\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000",
		"only zero-width":           "\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b",
		"four letters, eight runes": "e\u0301e\u0301e\u0301e\u0301", // NFC: 4 characters
		"seven letters, many bytes": "ééééééé",
		"too many bytes":            strings.Repeat("p", MaxPasswordBytes+1),
		"multibyte, too many bytes": strings.Repeat("é", MaxPasswordBytes/2+1),
		"control character":         "password\x00",
		"invalid utf-8":             "password\xff",
	}
	for name, pw := range bad {
		t.Run(name, func(t *testing.T) {
			err := CheckNewPassword(pw)
			var pe *PolicyError
			if !errors.As(err, &pe) || pe.Error() == "" {
				t.Errorf("CheckNewPassword(%q) = %v, want a *PolicyError", pw, err)
			}
		})
	}
}
