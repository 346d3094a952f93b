package record

import (
	"encoding/json"
	"testing"
)

func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote\back`, "tab\tnl\ncr\r\x00\x1f", "<a&b>", "é – 中 😀", "\u2028\u2029", "bad \xff utf8", "\xe2\x80"} {
		want, _ := json.Marshal(s)
		if got := AppendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("AppendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}

// TestAppendJSONStringGenerated compares with encoding/json on generated strings, with
// the byte sequences around the fast paths: two-byte characters at their bounds,
// overlong and truncated sequences, U+2028 and U+2029.
func TestAppendJSONStringGenerated(t *testing.T) {
	parts := []string{"a", " ", "\"", "\\", "<", ">", "&", "\x00", "\x1f", "\x7f", "é", "\xc2\x80", "\xdf\xbf", "\xc1\xbf", "\xc0\x80",
		"\xc2", "\xdf", "\xe0", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80", "\xed\xa0\x80", "\xef\xbf\xbd", "😀", "\xf0\x9f", "\xff", "\x80", "中"}
	seed := uint32(1)
	for range 50000 {
		s := ""
		for range seed % 6 {
			seed = seed*1664525 + 1013904223
			s += parts[(seed>>8)%uint32(len(parts))]
		}
		seed = seed*1664525 + 1013904223
		want, _ := json.Marshal(s)
		if got := AppendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("AppendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}
