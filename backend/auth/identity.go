package auth

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/secure/precis"
)

// Limits of identifiers and passwords.
const (
	MaxEmailLen      = 254  // bytes, of the normalised address
	MaxLocalPartLen  = 64   // bytes, of the normalised local part
	MaxPasswordBytes = 1024 // bounds the hashing work an anonymous request can ask for
)

// PolicyError is an identifier or password refused by policy; its message can be
// shown to the user as it is.
type PolicyError struct{ msg string }

func (e *PolicyError) Error() string { return e.msg }

func policyErr(format string, args ...any) error {
	return &PolicyError{msg: fmt.Sprintf(format, args...)}
}

// emailDomains maps a domain to its ASCII (A-label) form with the IDNA lookup
// profile: width and case are folded, labels are checked (hyphens, bidi, joiners)
// and must be valid host names.
var emailDomains = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.ValidateLabels(true),
	idna.StrictDomainName(true),
	idna.VerifyDNSLength(true),
	idna.Transitional(false),
)

// NormalizeEmail returns the one form under which an email is stored and compared,
// so addresses that look alike are one account:
//
//   - the local part goes through PRECIS UsernameCaseMapped (RFC 8265): fullwidth
//     letters fold to ASCII (ａdmin → admin), case is mapped to lower case, NFC;
//   - the domain goes through IDNA lookup (width and case folded, stored as its
//     ASCII A-label form, xn--…);
//   - invisible characters (zero-width spaces and joiners, soft hyphens, bidi
//     controls, other format and default-ignorable characters) are refused, not
//     dropped, and so are control characters and spaces;
//   - a local part or domain label mixing scripts in a way no language writes
//     (Latin with Cyrillic or Greek, say) is refused (UTS #39 "highly restrictive").
//
// Non-ASCII addresses in one script (иван@пример.рф) are accepted.
func NormalizeEmail(s string) (string, error) {
	raw := strings.TrimSpace(s)
	if raw == "" {
		return "", policyErr("email is required")
	}
	if len(raw) > 4*MaxEmailLen || !utf8.ValidString(raw) {
		return "", policyErr("email %q is not a valid address", Clip(s))
	}
	for _, r := range raw {
		if invisible(r) {
			return "", policyErr("email %q contains an invisible or control character (U+%04X)", Clip(s), r)
		}
	}
	at := strings.LastIndexByte(raw, '@')
	if at < 0 {
		// A fullwidth at sign is folded like the rest, then looked for again.
		raw = strings.ReplaceAll(raw, "＠", "@")
		at = strings.LastIndexByte(raw, '@')
	}
	if at <= 0 || at == len(raw)-1 {
		return "", policyErr("email %q is not a valid address", Clip(s))
	}
	local, err := precis.UsernameCaseMapped.String(raw[:at])
	if err != nil || local == "" {
		return "", policyErr("email %q is not a valid address: its part before @ has characters an address may not use", Clip(s))
	}
	if strayMark(local) {
		return "", policyErr("email %q has a combining mark on a plain letter (it looks like another address): type the letter without it", Clip(s))
	}
	if !oneScript(local) {
		return "", policyErr("email %q mixes alphabets in its part before @ (letters that only look alike): type it in one alphabet", Clip(s))
	}
	host, err := emailDomains.ToASCII(raw[at+1:])
	if err != nil || host == "" {
		return "", policyErr("email %q is not a valid address: the domain is not a valid host name", Clip(s))
	}
	if uni, err := idna.ToUnicode(host); err != nil || !labelsOneScript(uni) {
		return "", policyErr("email %q mixes alphabets in its domain: type it in one alphabet", Clip(s))
	}
	e := local + "@" + host
	if len(local) > MaxLocalPartLen || len(e) > MaxEmailLen {
		return "", policyErr("email must be at most %d characters", MaxEmailLen)
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Name != "" || a.Address != e || strings.ContainsAny(e, " \t\r\n\"()<>,;:\\[]") {
		return "", policyErr("email %q is not a valid address", Clip(s))
	}
	return e, nil
}

// invisible reports characters that render as nothing (or reorder text) and so let
// two different strings look the same.
func invisible(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || // format: ZWSP, ZWJ, soft hyphen, bidi, BOM
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Variation_Selector, r) ||
		unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) ||
		r == '\u115f' || r == '\u1160' || r == '\u3164' || r == '\uffa0' || // Hangul fillers
		r == '\u034f' || r == '\u180e' || r == utf8.RuneError
}

// strayMark reports a combining mark left on an ASCII character once s is in NFC:
// "i" + U+0307 looks like "i" but no precomposed letter absorbs it, so it only
// serves to make an address look like another. Marks on other letters (Devanagari
// vowel signs, say) belong to their script and pass.
func strayMark(s string) bool {
	prev := rune(-1)
	for _, r := range s {
		if unicode.In(r, unicode.Mn, unicode.Me) && prev >= 0 && prev < utf8.RuneSelf {
			return true
		}
		if !unicode.In(r, unicode.Mn, unicode.Me) {
			prev = r
		}
	}
	return false
}

// scriptNames are the scripts checked for mixing; Common and Inherited (digits,
// punctuation, combining marks) go with any.
var scriptNames = func() []string {
	var names []string
	for name := range unicode.Scripts {
		if name != "Common" && name != "Inherited" {
			names = append(names, name)
		}
	}
	return names
}()

func scriptOf(r rune) string {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return "Latin"
		}
		return ""
	}
	for _, name := range scriptNames {
		if unicode.Is(unicode.Scripts[name], r) {
			return name
		}
	}
	return ""
}

// oneScript reports whether s is "highly restrictive" in the sense of UTS #39:
// one script, or Latin with the scripts Japanese, Chinese or Korean are written in.
func oneScript(s string) bool {
	seen := map[string]bool{}
	for _, r := range s {
		if sc := scriptOf(r); sc != "" {
			seen[sc] = true
		}
	}
	if len(seen) <= 1 {
		return true
	}
	for _, allowed := range [][]string{
		{"Latin", "Han", "Hiragana", "Katakana"},
		{"Latin", "Han", "Bopomofo"},
		{"Latin", "Han", "Hangul"},
	} {
		n := 0
		for _, sc := range allowed {
			if seen[sc] {
				n++
			}
		}
		if n == len(seen) {
			return true
		}
	}
	return false
}

func labelsOneScript(host string) bool {
	for _, label := range strings.Split(host, ".") {
		if !oneScript(label) {
			return false
		}
	}
	return true
}

// MinPasswordLen is the fewest characters (Unicode code points after NFC
// normalisation, not bytes) of a new password.
const MinPasswordLen = 8

// CheckNewPassword applies the policy for a new password (registration, admin
// creation): at most MaxPasswordBytes bytes of valid UTF-8, not only spaces, no
// control characters, and at least MinPasswordLen characters once normalised with
// PRECIS OpaqueString (RFC 8265: NFC, other spaces mapped to the ASCII space). So
// "é" typed as e + combining accent is one character, as it looks. The password is
// hashed as typed; normalisation only measures it.
func CheckNewPassword(pw string) error {
	if len(pw) > MaxPasswordBytes {
		return policyErr("password must be at most %d bytes", MaxPasswordBytes)
	}
	if !utf8.ValidString(pw) {
		return policyErr("password is not valid text")
	}
	if strings.TrimFunc(pw, func(r rune) bool { return unicode.IsSpace(r) || invisible(r) }) == "" {
		if pw == "" {
			return policyErr("password must be at least %d characters", MinPasswordLen)
		}
		return policyErr("password must not be only spaces")
	}
	norm, err := precis.OpaqueString.String(pw)
	if err != nil {
		return policyErr("password contains a control or unassigned character: use letters, digits, spaces and symbols")
	}
	if utf8.RuneCountInString(norm) < MinPasswordLen {
		return policyErr("password must be at least %d characters", MinPasswordLen)
	}
	return nil
}

// Clip shortens s to 40 characters for quoting in a message.
func Clip(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}
