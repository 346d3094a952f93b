package engine_test

import (
	"testing"

	"github.com/gc-aia/aia/internal/futurerelease"
	"github.com/gc-aia/aia/wasm/engine"
)

func TestPlainText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"No markup\n\nat all", "No markup\n\nat all"},
		{"R&amp;D &lt;b&gt; l&rsquo;outil &#233;t&#xE9; &unknown; & done", "R&D <b> l’outil été &unknown; & done"},
		{"<p>One\n  two</p><p>Three<br>four</p>", "One two\n\nThree\nfour"},
		{"Choose:<ul><li>first</li><li><strong>second</strong></li></ul>After", "Choose:\n\n- first\n- second\n\nAfter"},
		{`See <a href="https://example.org/a?b=1&amp;c=2">the guide</a>.`, "See the guide (https://example.org/a?b=1&c=2)."},
		{`<a href="javascript:alert(1)">x</a> <a href='http://e.org' onclick="y">z</a>`, "x z (http://e.org)"},
		{"a <!-- hidden --> b < c", "a b < c"},
		{futurerelease.ReviewTitle, "Is a human review planned? alert(1) details guide (https://example.org/review)"},
	} {
		if got := engine.PlainText(c.in); got != c.want {
			t.Errorf("PlainText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
