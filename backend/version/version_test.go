package version

import "testing"

func TestString(t *testing.T) {
	saved := Version
	t.Cleanup(func() { Version = saved })
	for _, tc := range []struct{ set, want string }{
		{"", Fallback},
		{"  ", Fallback},
		{Fallback, Fallback},
		{"v1.2.3", "1.2.3"},
		{"v1.2.3-4-gabc1234-dirty", "1.2.3-4-gabc1234-dirty"},
		{"c170de3", "c170de3"},
	} {
		Version = tc.set
		if got := String(); got != tc.want {
			t.Errorf("Version %q: String() = %q, want %q", tc.set, got, tc.want)
		}
	}
}
