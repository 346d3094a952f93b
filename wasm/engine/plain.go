package engine

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// PlainText returns the text of a questionnaire file (the official files hold HTML) as
// plain text, for the page to insert as text: tags are dropped, with their content kept
// as text (a <script> element's too: it never runs); line breaks, paragraphs and list
// items become new lines ("- " before an item); a link with an http or https address is
// followed by it in parentheses; character references are decoded. It is a small
// cousin of internal/richtext's Plain, written for the browser's engine: that package's
// HTML entity table and URL parser would make the WebAssembly a tenth larger.
func PlainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	const (
		lineBreak = '\x00'
		paraBreak = '\x01'
	)
	hasTags := false
	var b strings.Builder
	var links []string // the addresses of the open links ("" when not shown)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '<' && strings.HasPrefix(s[i:], "<!--"):
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				i = len(s)
			} else {
				i += 4 + end + 3
			}
			hasTags = true
		case c == '<' && i+1 < len(s) && (isLetter(s[i+1]) || s[i+1] == '/' && i+2 < len(s) && isLetter(s[i+2])):
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				b.WriteByte(c)
				i++
				continue
			}
			tag := s[i+1 : i+end]
			i += end + 1
			hasTags = true
			closing := strings.HasPrefix(tag, "/")
			name := strings.ToLower(strings.TrimPrefix(tag, "/"))
			if j := strings.IndexAny(name, " \t\n\r/"); j >= 0 {
				name = name[:j]
			}
			switch name {
			case "br":
				b.WriteByte(lineBreak)
			case "p", "div", "section", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6":
				b.WriteByte(paraBreak)
			case "li":
				if !closing {
					b.WriteByte(lineBreak)
					b.WriteString("- ")
				}
			case "a":
				if !closing {
					href := attr(tag, "href")
					if l := strings.ToLower(href); !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "http://") {
						href = ""
					}
					links = append(links, href)
				} else if n := len(links); n > 0 {
					if href := links[n-1]; href != "" {
						b.WriteString(" (" + href + ")")
					}
					links = links[:n-1]
				}
			}
		case c == '&':
			r, n := entity(s[i:])
			if n == 0 {
				b.WriteByte(c)
				i++
				continue
			}
			b.WriteString(r)
			i += n
		default:
			b.WriteByte(c)
			i++
		}
	}
	out := b.String()
	if !hasTags {
		return out
	}
	// HTML collapses white space; the breaks written above are kept.
	out = strings.Join(strings.Fields(out), " ")
	var lines []string
	blank := false
	for _, para := range strings.Split(out, string(paraBreak)) {
		start := len(lines)
		for _, line := range strings.Split(para, string(lineBreak)) {
			if line = strings.TrimSpace(line); line != "" {
				if blank && len(lines) > 0 {
					lines = append(lines, "")
				}
				blank = false
				lines = append(lines, line)
			}
		}
		if len(lines) > start {
			blank = true
		}
	}
	return strings.Join(lines, "\n")
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// attr returns the value of a tag's attribute, with its character references decoded.
func attr(tag, name string) string {
	l := strings.ToLower(tag)
	for from := 0; ; {
		j := strings.Index(l[from:], name)
		if j < 0 {
			return ""
		}
		j += from
		from = j + len(name)
		if j == 0 || !strings.ContainsRune(" \t\n\r", rune(l[j-1])) {
			continue
		}
		rest := strings.TrimLeft(tag[from:], " \t\n\r")
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\n\r")
		var v string
		if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
			if k := strings.IndexByte(rest[1:], rest[0]); k >= 0 {
				v = rest[1 : 1+k]
			} else {
				v = rest[1:]
			}
		} else if k := strings.IndexAny(rest, " \t\n\r>"); k >= 0 {
			v = rest[:k]
		} else {
			v = rest
		}
		return PlainText(strings.ReplaceAll(v, "<", "&lt;")) // references only
	}
}

// entities are the named character references the texts are likely to hold.
var entities = map[string]string{
	"amp": "&", "lt": "<", "gt": ">", "quot": `"`, "apos": "'", "nbsp": "\u00a0",
	"rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“", "laquo": "«", "raquo": "»",
	"ndash": "–", "mdash": "—", "hellip": "…", "eacute": "é", "Eacute": "É", "egrave": "è",
	"Egrave": "È", "ecirc": "ê", "agrave": "à", "Agrave": "À", "acirc": "â", "ccedil": "ç",
	"Ccedil": "Ç", "icirc": "î", "iuml": "ï", "ocirc": "ô", "ucirc": "û", "ugrave": "ù",
	"euml": "ë", "oelig": "œ", "copy": "©", "reg": "®", "deg": "°",
}

// entity decodes the character reference at the start of s ("&…;"), and returns the
// number of bytes read, 0 when there is none.
func entity(s string) (string, int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 12 {
		return "", 0
	}
	name := s[1:end]
	if name[0] == '#' {
		var n uint64
		var err error
		if len(name) > 1 && (name[1] == 'x' || name[1] == 'X') {
			n, err = strconv.ParseUint(name[2:], 16, 32)
		} else {
			n, err = strconv.ParseUint(name[1:], 10, 32)
		}
		if err != nil || n == 0 || !utf8.ValidRune(rune(n)) {
			return "", 0
		}
		return string(rune(n)), end + 1
	}
	if r, ok := entities[name]; ok {
		return r, end + 1
	}
	return "", 0
}
