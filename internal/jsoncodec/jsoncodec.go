// Package jsoncodec encodes Go values as JSON and decodes JSON into them as
// encoding/json does, for the kinds of values this module's packages exchange: structs
// with json tags (name, omitempty, omitzero, "-"; embedded structs promote their
// fields), strings, booleans, integers, floats, slices, arrays, maps with string keys,
// pointers, interfaces, json.RawMessage, and types with a MarshalJSON method. Its output
// is encoding/json's byte for byte; the tests check it on every type the module
// marshals, and by fuzzing.
//
// It exists for the browser: encoding/json, with the reflection-driven machinery it
// carries for every case it supports, was 84 KB of the WebAssembly engine with brotli;
// this package, a few hundred lines over the module's own scanner (internal/jsonscan),
// is about 20 KB. It does not support byte slices as base64, the ",string"
// option or map keys other than strings (Marshal and Unmarshal return an error for
// them), does not call IsZero methods for omitzero (see isZero), and refuses to decode
// into a type with an UnmarshalJSON method other than json.RawMessage.
//
// Values may nest at most 64 levels deep. Decoding stops at the first error: a syntax
// error is a *jsonscan.SyntaxError with its byte offset, a value of the wrong kind an
// *UnmarshalTypeError.
package jsoncodec

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"github.com/gc-aia/aia/internal/jsonscan"
)

// maxDepth bounds nesting as the module's other JSON readers do; it also bounds the
// work of Unmarshal, which scans a nested value again at each level it decodes.
const maxDepth = jsonscan.MaxDepth

// Valid reports whether data is one valid JSON value.
func Valid(data []byte) bool { return jsonscan.Value(data, maxDepth) == nil }

// Compact appends to dst the JSON value src without insignificant space.
func Compact(dst *bytes.Buffer, src []byte) error {
	b, err := appendCompact(dst.AvailableBuffer(), src, false)
	if err == nil {
		dst.Write(b)
	}
	return err
}

// appendCompact appends src without insignificant space, with <, > and & in strings
// escaped when escapeHTML is set (what encoding/json does to a MarshalJSON result).
func appendCompact(dst, src []byte, escapeHTML bool) ([]byte, error) {
	if err := jsonscan.Value(src, maxDepth); err != nil {
		return dst, err
	}
	inString := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case inString:
			if c == '\\' {
				dst = append(dst, c, src[i+1])
				i++
				continue
			}
			if c == '"' {
				inString = false
			} else if escapeHTML && (c == '<' || c == '>' || c == '&') {
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
				continue
			} else if escapeHTML && c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && src[i+2]&^1 == 0xA8 {
				dst = append(dst, '\\', 'u', '2', '0', '2', hex[src[i+2]&0xF])
				i += 2
				continue
			}
			dst = append(dst, c)
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			inString = c == '"'
			dst = append(dst, c)
		}
	}
	return dst, nil
}

// Indent appends to dst the JSON value src indented as encoding/json's Indent does:
// each element or member on a line of its own that begins with prefix and one indent
// per level of nesting; empty objects and arrays stay {} and [].
func Indent(dst *bytes.Buffer, src []byte, prefix, indent string) error {
	compact, err := appendCompact(nil, src, false)
	if err != nil {
		return err
	}
	dst.Write(appendIndent(nil, compact, prefix, indent))
	return nil
}

// appendIndent indents compact JSON.
func appendIndent(dst, compact []byte, prefix, indent string) []byte {
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for range depth {
			dst = append(dst, indent...)
		}
	}
	inString := false
	for i := 0; i < len(compact); i++ {
		c := compact[i]
		if inString {
			dst = append(dst, c)
			if c == '\\' {
				dst = append(dst, compact[i+1])
				i++
			} else if c == '"' {
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			dst = append(dst, c)
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(compact) && (compact[i+1] == '}' || compact[i+1] == ']') {
				dst = append(dst, compact[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

const hex = "0123456789abcdef"

// safe and safeHTML mark the ASCII bytes a JSON string holds as they are: not the
// control characters, the quote and the backslash, nor, in safeHTML, <, > and &.
// Non-ASCII bytes are not marked: they are checked as characters.
var safe, safeHTML = func() (t, h [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	t['"'], t['\\'] = false, false
	h = t
	h['<'], h['>'], h['&'] = false, false, false
	return t, h
}()

// AppendString appends s as a JSON string, escaped as encoding/json escapes it: control
// characters, invalid UTF-8 (as U+FFFD), U+2028 and U+2029, and with escapeHTML also <,
// > and &. It is on the batch's hot path: most strings (IDs) need no escape.
func AppendString(dst []byte, s string, escapeHTML bool) []byte {
	table := &safe
	if escapeHTML {
		table = &safeHTML
	}
	plain := 0 // the common case: nothing to escape, one append
	for plain < len(s) && table[s[plain]] {
		plain++
	}
	dst = slices.Grow(dst, len(s)+2)
	dst = append(dst, '"')
	if plain == len(s) {
		dst = append(dst, s...)
		return append(dst, '"')
	}
	start := 0
	for i := plain; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if table[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2 // a valid two-byte character (most accented letters): as it is
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
