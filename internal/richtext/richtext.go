// Package richtext renders the texts of questionnaire files, which may hold HTML (the
// official files do), without ever letting that HTML become live markup.
//
// HTML keeps a small allow-list: a (with an http or https href only; every other
// attribute is dropped), p, ul, ol, li, strong, em and br. b and i count as strong and
// em, </br> and <br/> as br. A few layout tags the official files use (div, span, abbr,
// h1 to h6, u, small, sup, sub, section) are unwrapped: their text is kept, h1 to h6,
// div and section as paragraphs. Every other tag (script, img, iframe, style, …) is
// escaped and shows as text; comments are dropped. The result is well nested: stray end
// tags are dropped and unclosed tags closed.
//
// Plain renders the same text without markup, for terminals, Markdown and other plain
// text: line breaks, paragraphs and list items become new lines ("- " before items),
// a link becomes "text (URL)", entities are decoded.
package richtext

import (
	"bytes"
	"html"
	"net/url"
	"strings"
)

// tag kinds
const (
	kindText = iota
	kindStart
	kindEnd
	kindComment
)

type token struct {
	kind  int
	name  string // lower case, for tags
	raw   string // the source of the token
	href  string // for <a>: the decoded href attribute
	self  bool   // <x/>
	hasHR bool
}

// allowed are the tags HTML keeps, under their output names.
var allowed = map[string]string{
	"a": "a", "p": "p", "ul": "ul", "ol": "ol", "li": "li",
	"strong": "strong", "b": "strong", "em": "em", "i": "em", "br": "br",
	// block layout tags, kept as paragraphs
	"div": "p", "section": "p", "h1": "p", "h2": "p", "h3": "p", "h4": "p", "h5": "p", "h6": "p",
	// inline layout tags, unwrapped
	"span": "", "abbr": "", "u": "", "small": "", "sup": "", "sub": "",
}

// tokenize splits s into text, tags and comments. A "<" that does not start a well-formed
// tag is text.
func tokenize(s string) []token {
	var out []token
	textStart := -1 // where the text not yet in out began; -1 when none
	flush := func(end int) {
		if textStart >= 0 && end > textStart {
			out = append(out, token{kind: kindText, raw: s[textStart:end]})
		}
		textStart = -1
	}
	markText := func(pos int) {
		if textStart < 0 {
			textStart = pos
		}
	}
	pos := 0
	for pos < len(s) {
		i := strings.IndexByte(s[pos:], '<')
		if i < 0 {
			markText(pos)
			pos = len(s)
			break
		}
		if i > 0 {
			markText(pos)
		}
		pos += i
		rest := s[pos:]
		if strings.HasPrefix(rest, "<!--") {
			flush(pos)
			out = append(out, token{kind: kindComment})
			if end := strings.Index(rest[4:], "-->"); end < 0 {
				pos = len(s) // an unclosed comment hides the rest, as in a browser
			} else {
				pos += 4 + end + 3
			}
			continue
		}
		t, n := parseTag(rest)
		switch {
		case n > 0:
			flush(pos)
			out = append(out, t)
			pos += n
		case n < 0: // a tag that runs to the end: no tag can follow, the rest is text
			markText(pos)
			pos = len(s)
		default:
			markText(pos)
			pos++
		}
	}
	flush(pos)
	return out
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// parseTag reads a tag at the start of s ("<" included) and returns it with its length,
// a length of 0 when s does not start with a tag, or -1 when what starts as a tag runs
// to the end of s unclosed (then no later "<" can start one either, which keeps the
// work linear on hostile input).
func parseTag(s string) (token, int) {
	t := token{kind: kindStart}
	i := 1
	if i < len(s) && s[i] == '/' {
		t.kind = kindEnd
		i++
	}
	if i >= len(s) || !isLetter(s[i]) {
		return token{}, 0
	}
	start := i
	for i < len(s) && (isLetter(s[i]) || s[i] >= '0' && s[i] <= '9' || s[i] == '-') {
		i++
	}
	t.name = strings.ToLower(s[start:i])
	// attributes, up to the closing ">", quotes respected
	for {
		for i < len(s) && strings.IndexByte(" \t\r\n\f", s[i]) >= 0 {
			i++
		}
		if i >= len(s) {
			return token{}, -1
		}
		switch s[i] {
		case '>':
			t.raw = s[:i+1]
			return t, i + 1
		case '/':
			t.self = true
			i++
			continue
		}
		t.self = false
		nameStart := i
		for i < len(s) && strings.IndexByte(" \t\r\n\f/>=", s[i]) < 0 {
			i++
		}
		name := strings.ToLower(s[nameStart:i])
		for i < len(s) && strings.IndexByte(" \t\r\n\f", s[i]) >= 0 {
			i++
		}
		value := ""
		if i < len(s) && s[i] == '=' {
			i++
			for i < len(s) && strings.IndexByte(" \t\r\n\f", s[i]) >= 0 {
				i++
			}
			if i >= len(s) {
				return token{}, -1
			}
			if q := s[i]; q == '"' || q == '\'' {
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					return token{}, -1
				}
				value = s[i+1 : i+1+end]
				i += end + 2
			} else {
				vs := i
				for i < len(s) && strings.IndexByte(" \t\r\n\f>", s[i]) < 0 {
					i++
				}
				value = s[vs:i]
			}
		}
		if name == "href" && !t.hasHR {
			t.href, t.hasHR = html.UnescapeString(value), true
		}
	}
}

// safeHref returns the link a href gives when it is an absolute http or https URL.
func safeHref(href string) (string, bool) {
	href = strings.TrimSpace(href)
	if href == "" || strings.ContainsAny(href, "\x00\t\r\n") {
		return "", false
	}
	u, err := url.Parse(href)
	if err != nil || u.Host == "" {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.String(), true
	}
	return "", false
}

// hasMarkup reports whether s holds a tag, a comment or an entity.
func hasMarkup(s string) bool { return strings.ContainsAny(s, "<&") }

// HTML returns s as safe HTML: the allow-listed tags of the package documentation, well
// nested, and everything else escaped as text.
func HTML(s string) string {
	if !hasMarkup(s) {
		return html.EscapeString(s)
	}
	var b strings.Builder
	var open []string // output tags still open
	closeTo := func(i int) {
		for j := len(open) - 1; j >= i; j-- {
			b.WriteString("</" + open[j] + ">")
		}
		open = open[:i]
	}
	find := func(name string) int {
		for j := len(open) - 1; j >= 0; j-- {
			if open[j] == name {
				return j
			}
		}
		return -1
	}
	// links whose <a> was dropped (no safe href) have their </a> dropped too
	var aKept []bool
	for _, t := range tokenize(s) {
		switch t.kind {
		case kindText:
			b.WriteString(html.EscapeString(html.UnescapeString(t.raw)))
			continue
		case kindComment:
			continue
		}
		name, ok := allowed[t.name]
		if !ok {
			b.WriteString(html.EscapeString(t.raw))
			continue
		}
		if name == "" {
			continue // unwrapped
		}
		if name == "br" {
			b.WriteString("<br>")
			continue
		}
		if t.kind == kindEnd {
			if name == "a" {
				if n := len(aKept); n > 0 {
					kept := aKept[n-1]
					aKept = aKept[:n-1]
					if !kept {
						continue
					}
				}
			}
			if j := find(name); j >= 0 {
				closeTo(j)
			}
			continue
		}
		switch name {
		case "p":
			if j := find("p"); j >= 0 {
				closeTo(j) // a paragraph ends where the next one starts
			}
		case "li":
			if j := find("li"); j >= 0 && find("ul") < j && find("ol") < j {
				closeTo(j)
			}
		case "a":
			href, ok := safeHref(t.href)
			if t.self {
				continue
			}
			aKept = append(aKept, ok)
			if !ok {
				continue
			}
			if j := find("a"); j >= 0 {
				closeTo(j) // no link inside a link
			}
			b.WriteString(`<a href="` + html.EscapeString(href) + `" rel="noopener noreferrer">`)
			open = append(open, "a")
			continue
		}
		if t.self {
			continue
		}
		b.WriteString("<" + name + ">")
		open = append(open, name)
	}
	closeTo(0)
	return b.String()
}

// Plain returns s as plain text, without markup; see the package documentation.
func Plain(s string) string {
	if !strings.Contains(s, "<") {
		if strings.Contains(s, "&") {
			return html.UnescapeString(s)
		}
		return s
	}
	// out is a byte slice rather than a strings.Builder so that trailing spaces can be
	// cut in place: rewriting the whole text at each line break or link would be
	// quadratic.
	var out []byte
	endsWithSpace := func() bool {
		return len(out) > 0 && (out[len(out)-1] == '\n' || out[len(out)-1] == ' ')
	}
	var links []string // hrefs of open links ("" when not shown)
	var linkStart []int
	breakLine := func(n int) { // end the current line with n new lines at most
		trimmed := bytes.TrimRight(out, " ")
		have := len(trimmed) - len(bytes.TrimRight(trimmed, "\n"))
		if len(bytes.TrimSpace(trimmed)) == 0 {
			return // nothing written yet
		}
		if have < n {
			out = append(trimmed, strings.Repeat("\n", n-have)...)
		}
	}
	showHref := func(href string) {
		out = append(bytes.TrimRight(out, " "), " ("+href+")"...)
	}
	for _, t := range tokenize(s) {
		switch t.kind {
		case kindText:
			text := strings.Join(strings.FieldsFunc(html.UnescapeString(t.raw), isHTMLSpace), " ")
			if text == "" {
				if strings.TrimSpace(t.raw) == "" && t.raw != "" && !endsWithSpace() && len(out) > 0 {
					out = append(out, ' ')
				}
				continue
			}
			raw := t.raw
			if (raw[0] == ' ' || raw[0] == '\n' || raw[0] == '\t') && len(out) > 0 && !endsWithSpace() {
				out = append(out, ' ')
			}
			out = append(out, text...)
			if last := raw[len(raw)-1]; last == ' ' || last == '\n' || last == '\t' {
				out = append(out, ' ')
			}
			continue
		case kindComment:
			continue
		}
		name, ok := allowed[t.name]
		if !ok {
			out = append(out, t.raw...)
			continue
		}
		switch name {
		case "br":
			breakLine(1)
		case "p", "ul", "ol":
			breakLine(2)
		case "li":
			if t.kind == kindStart {
				breakLine(1)
				out = append(out, "- "...)
			}
		case "a":
			if t.kind == kindStart && !t.self {
				href, ok := safeHref(t.href)
				if !ok {
					href = ""
				}
				links = append(links, href)
				linkStart = append(linkStart, len(out))
			} else if t.kind == kindEnd && len(links) > 0 {
				href, start := links[len(links)-1], linkStart[len(linkStart)-1]
				links, linkStart = links[:len(links)-1], linkStart[:len(linkStart)-1]
				label := string(bytes.TrimSpace(out[min(start, len(out)):]))
				if href != "" && label != href && strings.TrimSuffix(label, "/") != strings.TrimSuffix(href, "/") {
					showHref(href)
				}
			}
		}
	}
	for _, href := range links { // unclosed links still show where they lead
		if href != "" {
			showHref(href)
		}
	}
	lines := strings.Split(string(out), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// isHTMLSpace reports the white space HTML collapses: ASCII only, so that no-break
// spaces (French typography) stay.
func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r'
}
