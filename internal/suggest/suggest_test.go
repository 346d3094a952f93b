package suggest

import "testing"

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"format", "format", 0},
		{"formt", "format", 1}, {"fromat", "format", 2}, {"kitten", "sitting", 3},
	} {
		if got := EditDistance(c.a, c.b); got != c.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := EditDistance(c.b, c.a); got != c.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d (symmetric)", c.b, c.a, got, c.want)
		}
	}
}

func TestNearest(t *testing.T) {
	flags := []string{"format", "output", "quiet", "questionnaire", "max-size"}
	for _, c := range []struct{ word, want string }{
		{"formt", "format"}, {"ouptut", "output"}, {"questionaire", "questionnaire"},
		{"max_size", "max-size"}, {"verbose", ""}, {"", ""},
	} {
		if got := Nearest(c.word, flags, 2); got != c.want {
			t.Errorf("Nearest(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}
