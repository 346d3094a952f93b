// Package jsonscan reads JSON objects into their fields without decoding the values:
// each field keeps its raw bytes, checked for syntax, so that a caller decodes only what
// it needs. It is strict (RFC 8259: no trailing data, no control characters in
// strings), reports the byte offset of every error, and bounds nesting depth.
package jsonscan

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Field is one member of an object: its key as written between the quotes (escapes
// not decoded) and its raw value, both sub-slices of the scanned data.
type Field struct {
	RawKey []byte
	Value  []byte
}

// Key returns the decoded key.
func (f Field) Key() string {
	if f.PlainKey() {
		return string(f.RawKey)
	}
	s, _ := unescape(f.RawKey)
	return s
}

// PlainKey reports whether the key has no escapes, so RawKey is the key itself.
func (f Field) PlainKey() bool { return bytes.IndexByte(f.RawKey, '\\') < 0 }

// SyntaxError is malformed JSON.
type SyntaxError struct {
	Offset int    // byte offset of the problem
	Msg    string // what is wrong, in English
	FR     string // the same in French
	err    error
}

func (e *SyntaxError) Error() string { return e.Msg }

// Unwrap returns ErrTruncated for data that ends too early (see Value).
func (e *SyntaxError) Unwrap() error { return e.err }

// MaxDepth is the nesting the module's JSON readers allow (saved files, the texts two
// browser tabs merge, questionnaire files in the browser, internal/jsoncodec): real
// files nest far less deeply, and the bound caps what hostile input costs.
const MaxDepth = 64

// ErrTruncated is wrapped by errors for data that ends too early.
var ErrTruncated = errors.New("unexpected end of JSON")

// ErrInvalidUTF8 is the error of AppendNestedUTF8 for a string that is not valid UTF-8.
var ErrInvalidUTF8 = errors.New("invalid UTF-8 in a string")

type scanner struct {
	data     []byte
	pos      int
	depth    int
	maxDepth int

	nestedKey string  // a top-level key whose object value is read into nested
	nested    []Field //
	found     bool
	utf8      bool // strings must be valid UTF-8
}

// fail returns the error at the scanner's position, in English and French (formatted
// with the same arguments); past the end of the data, ErrTruncated.
func (s *scanner) fail(en, fr string, args ...any) error {
	if s.pos >= len(s.data) {
		return fmt.Errorf("%w at byte %d", ErrTruncated, s.pos)
	}
	return &SyntaxError{Offset: s.pos, Msg: fmt.Sprintf(en, args...), FR: fmt.Sprintf(fr, args...)}
}

// truncated is the error for data that ends too early.
func (s *scanner) truncated() error { return s.fail("", "") }

func (s *scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// AppendObject scans data, which must hold exactly one JSON object (with surrounding
// whitespace), and appends its fields, in order, to dst. Values may nest maxDepth levels
// deep.
func AppendObject(dst []Field, data []byte, maxDepth int) ([]Field, error) {
	fields, _, err := AppendNested(dst, data, maxDepth, "", nil)
	return fields, err
}

// AppendNested is AppendObject that also reads, in the same pass, the fields of the
// object value of key nested (the first one, if the key repeats) into nestedDst. The
// nested fields are nil when there is no such object.
func AppendNested(dst []Field, data []byte, maxDepth int, nested string, nestedDst []Field) (fields, nestedFields []Field, err error) {
	return appendNested(dst, data, maxDepth, nested, nestedDst, false)
}

// AppendNestedUTF8 is AppendNested that also checks, in the same pass, that every
// string is valid UTF-8; the first that is not stops the scan with ErrInvalidUTF8.
// Outside strings JSON is ASCII, so data it scans without an error is valid UTF-8
// throughout. On a syntax error the rest of data is not checked: a caller that reports
// invalid UTF-8 first checks the whole of data then.
func AppendNestedUTF8(dst []Field, data []byte, maxDepth int, nested string, nestedDst []Field) (fields, nestedFields []Field, err error) {
	return appendNested(dst, data, maxDepth, nested, nestedDst, true)
}

func appendNested(dst []Field, data []byte, maxDepth int, nested string, nestedDst []Field, checkUTF8 bool) (fields, nestedFields []Field, err error) {
	s := &scanner{data: data, maxDepth: maxDepth, nestedKey: nested, nested: nestedDst[:0], utf8: checkUTF8}
	s.ws()
	fields, err = s.object(dst)
	if err != nil {
		return nil, nil, err
	}
	s.ws()
	if s.pos < len(s.data) {
		return nil, nil, s.fail("unexpected data after the JSON object at byte %d", "données inattendues après l’objet JSON à l’octet %d", s.pos)
	}
	if s.found {
		nestedFields = s.nested
	}
	return fields, nestedFields, nil
}

// Value checks that data holds exactly one JSON value of any kind (with surrounding
// whitespace), nested at most maxDepth levels deep. Data that ends too early gives a
// *SyntaxError at its end that wraps ErrTruncated.
func Value(data []byte, maxDepth int) error {
	s := &scanner{data: data, maxDepth: maxDepth}
	s.ws()
	err := s.value()
	if err == nil {
		s.ws()
		if s.pos < len(data) {
			err = s.fail("unexpected data after the JSON value", "données inattendues après la valeur JSON")
		}
	}
	if errors.Is(err, ErrTruncated) {
		err = &SyntaxError{Offset: len(data), Msg: "unexpected end of JSON", FR: "fin inattendue du JSON", err: ErrTruncated}
	}
	return err
}

// IsObject reports whether a raw value is an object.
func IsObject(raw []byte) bool { return len(raw) > 0 && raw[0] == '{' }

func (s *scanner) object(fields []Field) ([]Field, error) {
	if s.pos >= len(s.data) || s.data[s.pos] != '{' {
		return nil, s.fail("expected a JSON object", "objet JSON attendu")
	}
	s.pos++
	if fields == nil {
		fields = []Field{}
	}
	s.ws()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		return fields, nil
	}
	for {
		s.ws()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return nil, s.fail("expected a string key", "clé attendue (une chaîne)")
		}
		start := s.pos
		if err := s.skipString(); err != nil {
			return nil, err
		}
		key := s.data[start+1 : s.pos-1]
		s.ws()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return nil, s.fail(`expected ":" after key "%s"`, "«\u00a0:\u00a0» attendu après la clé «\u00a0%s\u00a0»", key)
		}
		s.pos++
		s.ws()
		vstart := s.pos
		if s.depth == 0 && !s.found && s.nestedKey != "" && string(key) == s.nestedKey && s.pos < len(s.data) && s.data[s.pos] == '{' {
			s.found = true
			s.depth++
			nested, err := s.object(s.nested)
			s.depth--
			if err != nil {
				return nil, err
			}
			s.nested = nested
		} else if err := s.value(); err != nil {
			return nil, err
		}
		fields = append(fields, Field{RawKey: key, Value: s.data[vstart:s.pos]})
		s.ws()
		if s.pos >= len(s.data) {
			return nil, s.truncated()
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return fields, nil
		default:
			return nil, s.fail(`expected "," or "}" after the value of "%s"`, "«\u00a0,\u00a0» ou «\u00a0}\u00a0» attendu après la valeur de «\u00a0%s\u00a0»", key)
		}
	}
}

// value skips one value, checking its syntax.
func (s *scanner) value() error {
	if s.pos >= len(s.data) {
		return s.truncated()
	}
	switch c := s.data[s.pos]; {
	case c == '"':
		return s.skipString()
	case c == '{' || c == '[':
		return s.skipContainer(c)
	case c == '-' || c >= '0' && c <= '9':
		return s.skipNumber()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	default:
		return s.fail("invalid character %q looking for a value", "caractère %q inattendu là où une valeur est attendue", string(rune(c)))
	}
}

func (s *scanner) skipContainer(open byte) error {
	s.depth++
	if s.depth > s.maxDepth {
		return s.fail("nested deeper than %d levels", "imbrication de plus de %d niveaux", s.maxDepth)
	}
	defer func() { s.depth-- }()
	close := byte(']')
	if open == '{' {
		close = '}'
	}
	s.pos++
	s.ws()
	if s.pos < len(s.data) && s.data[s.pos] == close {
		s.pos++
		return nil
	}
	for {
		s.ws()
		if open == '{' {
			if s.pos >= len(s.data) || s.data[s.pos] != '"' {
				return s.fail("expected a string key", "clé attendue (une chaîne)")
			}
			if err := s.skipString(); err != nil {
				return err
			}
			s.ws()
			if s.pos >= len(s.data) || s.data[s.pos] != ':' {
				return s.fail(`expected ":"`, "«\u00a0:\u00a0» attendu")
			}
			s.pos++
			s.ws()
		}
		if err := s.value(); err != nil {
			return err
		}
		s.ws()
		if s.pos >= len(s.data) {
			return s.truncated()
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case close:
			s.pos++
			return nil
		default:
			return s.fail("expected %q or %q", "%q ou %q attendu", ",", string(rune(close)))
		}
	}
}

// special marks the bytes a string scan must stop at: the quote, the backslash and
// the control characters; specialUTF8 also marks the bytes of non-ASCII characters.
var special, specialUTF8 = func() (t, u [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	u = t
	for c := utf8.RuneSelf; c < 256; c++ {
		u[c] = true
	}
	return t, u
}()

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// stops8 marks, in the high bit of each byte, the bytes of w (read little-endian) that
// are a quote, a backslash or a control character, and with utf8 the non-ASCII bytes.
// The lowest mark is exact (a byte below 0x20 is the only source of a borrow, and x ^ c
// has a zero byte only where x has c); marks above it may be false.
func stops8(w uint64, utf8 bool) uint64 {
	below := (w - 0x20*ones) &^ w & highs
	quote := (w ^ '"'*ones)
	quote = (quote - ones) &^ quote & highs
	backslash := (w ^ '\\'*ones)
	backslash = (backslash - ones) &^ backslash & highs
	found := below | quote | backslash
	if utf8 {
		found |= w & highs
	}
	return found
}

func (s *scanner) skipString() error {
	data := s.data
	stop := &special
	if s.utf8 {
		stop = &specialUTF8
	}
	pos := s.pos + 1 // opening quote
	for {
		// Eight bytes at a time, to the first that needs a look; then the last few.
		for pos+8 <= len(data) {
			if m := stops8(binary.LittleEndian.Uint64(data[pos:]), s.utf8); m != 0 {
				pos += bits.TrailingZeros64(m) >> 3
				goto look
			}
			pos += 8
		}
		for pos < len(data) && !stop[data[pos]] {
			pos++
		}
		if pos >= len(data) {
			break
		}
	look:
		c := data[pos]
		switch {
		case c == '"':
			s.pos = pos + 1
			return nil
		case c == '\\':
			if pos+1 >= len(data) {
				s.pos = pos + 1
				return s.truncated()
			}
			switch data[pos+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				pos += 2
			case 'u':
				if pos+6 > len(data) {
					s.pos = len(data)
					return s.truncated()
				}
				for _, h := range data[pos+2 : pos+6] {
					if !isHex(h) {
						s.pos = pos
						return s.fail(`invalid \u escape`, "séquence d’échappement \\u non valide")
					}
				}
				pos += 6
			default:
				s.pos = pos
				return s.fail("invalid escape %q in string", "séquence d’échappement %q non valide dans une chaîne", data[pos:pos+2])
			}
		case c < 0x20:
			s.pos = pos
			return s.fail("control character %#x in string", "caractère de contrôle %#x dans une chaîne", c)
		case c >= 0xC2 && c < 0xE0 && pos+1 < len(data) && data[pos+1]&0xC0 == 0x80:
			pos += 2 // a two-byte character (most accented letters), when checking UTF-8
		default: // another non-ASCII character, when checking UTF-8
			r, size := utf8.DecodeRune(data[pos:])
			if r == utf8.RuneError && size == 1 {
				s.pos = pos
				return ErrInvalidUTF8
			}
			pos += size
		}
	}
	s.pos = pos
	return s.truncated()
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f' }

func (s *scanner) skipNumber() error {
	start := s.pos
	if s.data[s.pos] == '-' {
		s.pos++
	}
	digits := func() int {
		n := 0
		for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
			s.pos++
			n++
		}
		return n
	}
	if s.pos < len(s.data) && s.data[s.pos] == '0' {
		s.pos++
	} else if digits() == 0 {
		return s.fail("invalid number %q", "nombre non valide %q", s.data[start:s.pos])
	}
	if s.pos < len(s.data) && s.data[s.pos] == '.' {
		s.pos++
		if digits() == 0 {
			return s.fail("invalid number %q", "nombre non valide %q", s.data[start:s.pos])
		}
	}
	if s.pos < len(s.data) && s.data[s.pos]|0x20 == 'e' {
		s.pos++
		if s.pos < len(s.data) && (s.data[s.pos] == '+' || s.data[s.pos] == '-') {
			s.pos++
		}
		if digits() == 0 {
			return s.fail("invalid number %q", "nombre non valide %q", s.data[start:s.pos])
		}
	}
	return nil
}

func (s *scanner) literal(word string) error {
	if len(s.data)-s.pos < len(word) || string(s.data[s.pos:s.pos+len(word)]) != word {
		return s.fail("invalid literal, expected %s", "littéral non valide, %s attendu", word)
	}
	s.pos += len(word)
	return nil
}

// String decodes a raw JSON string (quotes included) that AppendObject has checked.
// It reports false when raw is not a string.
func String(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	return unescape(raw[1 : len(raw)-1])
}

// unescape decodes the body of a checked JSON string.
func unescape(body []byte) (string, bool) {
	if bytes.IndexByte(body, '\\') < 0 {
		return string(body), true
	}
	b := make([]byte, 0, len(body))
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			b = append(b, c)
			continue
		}
		if i+1 >= len(body) {
			return "", false
		}
		i++
		switch body[i] {
		case '"', '\\', '/':
			b = append(b, body[i])
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, n := decodeU(body[i-1:])
			if n == 0 {
				return "", false
			}
			b = utf8.AppendRune(b, r)
			i += n - 2
		default:
			return "", false
		}
	}
	return string(b), true
}

// decodeU decodes a \uXXXX escape, with its surrogate pair when there is one, and
// returns the rune and the bytes consumed (0 on error).
func decodeU(s []byte) (rune, int) {
	hex := func(s []byte) (rune, bool) {
		if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
			return 0, false
		}
		n, err := strconv.ParseUint(string(s[2:6]), 16, 16)
		return rune(n), err == nil
	}
	r, ok := hex(s)
	if !ok {
		return 0, 0
	}
	if utf16.IsSurrogate(r) {
		if r2, ok := hex(s[6:]); ok {
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				return d, 12
			}
		}
		return utf8.RuneError, 6
	}
	return r, 6
}

// EachElement calls yield with each raw element of a raw JSON array that AppendObject has
// checked, until yield returns false. It reports false when raw is not an array.
func EachElement(raw []byte, yield func(el []byte) bool) bool {
	if len(raw) == 0 || raw[0] != '[' {
		return false
	}
	s := &scanner{data: raw, maxDepth: 1 << 30, pos: 1}
	s.ws()
	if s.pos < len(raw) && raw[s.pos] == ']' {
		return true
	}
	for {
		s.ws()
		start := s.pos
		if s.value() != nil {
			return false
		}
		if !yield(raw[start:s.pos]) {
			return true
		}
		s.ws()
		if s.pos >= len(raw) {
			return false
		}
		switch raw[s.pos] {
		case ',':
			s.pos++
		case ']':
			return true
		default:
			return false
		}
	}
}

// Kind names the kind of a raw JSON value for messages: "an object", "an array",
// "a string", "a number", "a boolean" or "null".
func Kind(raw []byte) string { return kindOf(raw).en }

// KindFR is Kind in French: "un objet", "une liste", "une chaîne", "un nombre",
// "un booléen" or "null".
func KindFR(raw []byte) string { return kindOf(raw).fr }

type kindName struct{ en, fr string }

func kindOf(raw []byte) kindName {
	if len(raw) == 0 {
		return kindName{"nothing", "rien"}
	}
	switch raw[0] {
	case '{':
		return kindName{"an object", "un objet"}
	case '[':
		return kindName{"an array", "une liste"}
	case '"':
		return kindName{"a string", "une chaîne"}
	case 't', 'f':
		return kindName{"a boolean", "un booléen"}
	case 'n':
		return kindName{"null", "null"}
	}
	return kindName{"a number", "un nombre"}
}
