package richtext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHTML(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "Is the system fair?", "Is the system fair?"},
		{"plain text is escaped", `5 < 6 & "x"`, "5 &lt; 6 &amp; &#34;x&#34;"},
		{"allowed tags kept", "<p>One <strong>two</strong> <em>three</em><br>four</p>", "<p>One <strong>two</strong> <em>three</em><br>four</p>"},
		{"lists", "<ul><li>a</li><li>b</ul><ol><li>c</ol>", "<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol>"},
		{"unclosed li closed by the next", "<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"},
		{"b and i", "<b>x</b><i>y</i>", "<strong>x</strong><em>y</em>"},
		{"br forms", "a<br/>b</br>c<BR >d", "a<br>b<br>c<br>d"},
		{"script escaped", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"img onerror escaped", `<img src=x onerror="alert(1)">`, "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"},
		{"iframe escaped", `<iframe src="https://evil.example"></iframe>`, "&lt;iframe src=&#34;https://evil.example&#34;&gt;&lt;/iframe&gt;"},
		{"style escaped", `<style>body{}</style>`, "&lt;style&gt;body{}&lt;/style&gt;"},
		{"https link", `<a href="https://www.canada.ca/en.html">Canada</a>`, `<a href="https://www.canada.ca/en.html" rel="noopener noreferrer">Canada</a>`},
		{"http link, unquoted, upper case", `<A HREF=http://example.org/x>x</A>`, `<a href="http://example.org/x" rel="noopener noreferrer">x</a>`},
		{"javascript href dropped", `<a href="javascript:alert(1)">x</a>`, "x"},
		{"javascript href with entities dropped", `<a href="&#106;avascript:alert(1)">x</a>`, "x"},
		{"javascript href with spaces and case dropped", `<a href="  JaVaScRiPt:alert(1)">x</a>`, "x"},
		{"data href dropped", `<a href="data:text/html,<script>alert(1)</script>">x</a>`, "x"},
		{"relative href dropped", `<a href="/en/page">x</a>`, "x"},
		{"protocol-relative href dropped", `<a href="//evil.example">x</a>`, "x"},
		{"href without host dropped", `<a href="https:evil">x</a>`, "x"},
		{"link without href dropped", `<a name="x">x</a>`, "x"},
		{"other attributes dropped", `<a href="https://a.example/" onclick="alert(1)" style="x" target="_blank">a</a><p class="c" onmouseover="x">p</p>`, `<a href="https://a.example/" rel="noopener noreferrer">a</a><p>p</p>`},
		{"attribute quotes and entities in href", `<a href="https://a.example/?a=1&amp;b=&quot;2">q</a>`, `<a href="https://a.example/?a=1&amp;b=&#34;2" rel="noopener noreferrer">q</a>`},
		{"href breaking out of its quotes", `<a href='https://a.example/"onmouseover="alert(1)'>q</a>`, `<a href="https://a.example/%22onmouseover=%22alert%281%29" rel="noopener noreferrer">q</a>`},
		{"nested link closes the first", `<a href="https://a.example/">a<a href="https://b.example/">b</a></a>`, `<a href="https://a.example/" rel="noopener noreferrer">a</a><a href="https://b.example/" rel="noopener noreferrer">b</a>`},
		{"unclosed tags closed", "<p><strong>bold <em>both", "<p><strong>bold <em>both</em></strong></p>"},
		{"misnested tags", "<strong><em>x</strong>y</em>", "<strong><em>x</em></strong>y"},
		{"stray end tags dropped", "</p></ul>x</strong>", "x"},
		{"paragraph in paragraph", "<p>a<p>b", "<p>a</p><p>b</p>"},
		{"layout tags", `<h3 id="t">Title</h3><div class="x">Body <span lang="fr">mot</span> <abbr title="t">AIA</abbr></div>`, "<p>Title</p><p>Body mot AIA</p>"},
		{"entities", "caf&eacute; &amp; th&#233; &lt;script&gt;", "café &amp; thé &lt;script&gt;"},
		{"entity-encoded tags stay text", "&lt;img src=x onerror=alert(1)&gt;", "&lt;img src=x onerror=alert(1)&gt;"},
		{"comment dropped", "a<!-- <script>x</script> -->b", "ab"},
		{"unclosed comment", "a<!-- b", "a"},
		{"unfinished tag is text", `x <img src=x onerror=alert(1)`, "x &lt;img src=x onerror=alert(1)"},
		{"unterminated quote is text", `<a href="https://a.example>x`, "&lt;a href=&#34;https://a.example&gt;x"},
		{"lone angle brackets", "a < b > c <> d </ e", "a &lt; b &gt; c &lt;&gt; d &lt;/ e"},
		{"svg escaped", `<svg onload=alert(1)>`, "&lt;svg onload=alert(1)&gt;"},
		{"self-closing allowed tag", "<p/>x<strong/>y", "xy"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := HTML(c.in); got != c.want {
				t.Errorf("HTML(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

func TestPlain(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"unchanged without markup", "Line one\nline two", "Line one\nline two"},
		{"entities without tags", "R&amp;D &eacute;", "R&D é"},
		{"paragraphs", "<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"breaks", "a<br>b<br/><br>c", "a\nb\nc"},
		{"list", "Choose:<ul><li>a</li><li><strong>b</strong></li></ul>after", "Choose:\n\n- a\n- b\n\nafter"},
		{"link", `See <a href="https://www.canada.ca/x">the Directive</a>.`, "See the Directive (https://www.canada.ca/x)."},
		{"link whose text is its URL", `<a href="https://a.example/">https://a.example</a>`, "https://a.example"},
		{"unsafe link keeps its text only", `<a href="javascript:alert(1)">x</a>`, "x"},
		{"other tags shown as text", "<script>alert(1)</script>", "<script>alert(1)</script>"},
		{"html whitespace collapsed", "<p>a\n   b</p>\n\n<p>c</p>", "a b\n\nc"},
		{"no-break spaces kept", "Niveau\u00a0: II, réversibles\u202f?", "Niveau\u00a0: II, réversibles\u202f?"},
		{"spaces between inline tags kept", "<strong>a</strong> <em>b</em>", "a b"},
		{"layout tags", "<h3>Title</h3><div>Body</div>", "Title\n\nBody"},
		{"comment dropped", "a<!--x-->b", "ab"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Plain(c.in); got != c.want {
				t.Errorf("Plain(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

// FuzzHTML checks that no input yields a tag outside the allow-list, an attribute other
// than a safe href, or unbalanced tags.
func FuzzHTML(f *testing.F) {
	for _, s := range []string{"<p>x</p>", `<a href="https://a.example/">x</a>`, "<script>x</script>", `<img src=x onerror=alert(1)>`, "<ul><li>a<li>b", "&lt;&#60;", "<!--", "<a href='javascript:x'>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := HTML(s)
		checkSafe(t, s, out)
		if utf8.ValidString(s) != utf8.ValidString(out) && utf8.ValidString(s) {
			t.Errorf("HTML(%q) = %q: invalid UTF-8 from valid", s, out)
		}
		_ = Plain(s) // must not panic
	})
}

func checkSafe(t *testing.T, in, out string) {
	t.Helper()
	var open []string
	for rest := out; ; {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		rest = rest[i:]
		end := strings.IndexByte(rest, '>')
		if end < 0 {
			t.Fatalf("HTML(%q) = %q: unterminated tag", in, out)
		}
		tag := rest[1:end]
		rest = rest[end+1:]
		switch {
		case tag == "br":
		case strings.HasPrefix(tag, "/"):
			name := tag[1:]
			if len(open) == 0 || open[len(open)-1] != name {
				t.Fatalf("HTML(%q) = %q: unbalanced </%s>", in, out, name)
			}
			open = open[:len(open)-1]
		case strings.HasPrefix(tag, "a "):
			href, ok := strings.CutPrefix(tag, `a href="`)
			href, rel, ok2 := strings.Cut(href, `"`)
			if !ok || !ok2 || rel != ` rel="noopener noreferrer"` || !(strings.HasPrefix(href, "http://") || strings.HasPrefix(href, "https://")) || strings.ContainsAny(href, "<>\"'") {
				t.Fatalf("HTML(%q) = %q: unsafe link %q", in, out, tag)
			}
			open = append(open, "a")
		case tag == "p" || tag == "ul" || tag == "ol" || tag == "li" || tag == "strong" || tag == "em":
			open = append(open, tag)
		default:
			t.Fatalf("HTML(%q) = %q: tag <%s> outside the allow-list", in, out, tag)
		}
	}
	if len(open) > 0 {
		t.Fatalf("HTML(%q) = %q: unclosed %v", in, out, open)
	}
}

func TestHTMLIsSafeOnHostileInputs(t *testing.T) {
	for _, s := range []string{
		`<scr<script>ipt>alert(1)</script>`,
		`<<script>script>alert(1)<</script>/script>`,
		`<a href="https://a.example/" <script>>x</a>`,
		`<p onclick=alert(1)//>x`,
		"<a\nhref=\"https://a.example/\"\nonclick=x>y</a>",
		`<li><ul><li><ol><li>deep</ol></ul>`,
		`<em><a href="https://a.example/"><strong>x</em>y</a>`,
	} {
		checkSafe(t, s, HTML(s))
	}
}
