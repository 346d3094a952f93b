package condition

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

type tokKind int

const (
	tEOF tokKind = iota
	tRef
	tString
	tNumber
	tOp // comparison operator or keyword operator, in text (lower case)
	tAnd
	tOr
	tNot
	tLParen
	tRParen
	tLBracket
	tRBracket
	tComma
)

type token struct {
	kind tokKind
	pos  int
	text string // operator (lower case), reference ID, string contents or number
}

func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of condition"
	case tRef:
		return fmt.Sprintf("reference {%s}", t.text)
	case tString:
		return fmt.Sprintf("string %q", t.text)
	case tNumber:
		return "number " + t.text
	case tLParen:
		return `"("`
	case tRParen:
		return `")"`
	case tLBracket:
		return `"["`
	case tRBracket:
		return `"]"`
	case tComma:
		return `","`
	}
	return fmt.Sprintf("%q", t.text)
}

type lexer struct {
	src string
	pos int
}

// keywords maps the word operators, lower case, to their token kinds.
var keywords = map[string]tokKind{
	"and": tAnd, "or": tOr, "not": tNot,
	"contains": tOp, "notcontains": tOp, "anyof": tOp, "allof": tOp,
	"empty": tOp, "notempty": tOp,
}

func (lx *lexer) next() (token, error) {
	for lx.pos < len(lx.src) && strings.IndexByte(" \t\r\n", lx.src[lx.pos]) >= 0 {
		lx.pos++
	}
	start := lx.pos
	if start >= len(lx.src) {
		return token{kind: tEOF, pos: start}, nil
	}
	c := lx.src[start]
	two := ""
	if start+1 < len(lx.src) {
		two = lx.src[start : start+2]
	}
	switch {
	case c == '{':
		end := strings.IndexByte(lx.src[start:], '}')
		if end < 0 {
			return token{}, &SyntaxError{Src: lx.src, Offset: start, Msg: `reference without closing "}"`}
		}
		id := strings.TrimSpace(lx.src[start+1 : start+end])
		if id == "" {
			return token{}, &SyntaxError{Src: lx.src, Offset: start, Msg: "empty reference {}"}
		}
		lx.pos = start + end + 1
		return token{kind: tRef, pos: start, text: id}, nil
	case c == '"' || c == '\'':
		end := strings.IndexByte(lx.src[start+1:], c)
		if end < 0 {
			return token{}, &SyntaxError{Src: lx.src, Offset: start, Msg: "string without closing quote"}
		}
		lx.pos = start + 1 + end + 1
		return token{kind: tString, pos: start, text: lx.src[start+1 : start+1+end]}, nil
	case two == "&&":
		lx.pos += 2
		return token{kind: tAnd, pos: start, text: "&&"}, nil
	case two == "||":
		lx.pos += 2
		return token{kind: tOr, pos: start, text: "||"}, nil
	case two == "==", two == "!=", two == "<>", two == "<=", two == ">=":
		lx.pos += 2
		op := two
		switch two {
		case "==":
			op = "="
		case "<>":
			op = "!="
		}
		return token{kind: tOp, pos: start, text: op}, nil
	case c == '=' || c == '<' || c == '>':
		lx.pos++
		return token{kind: tOp, pos: start, text: string(c)}, nil
	case c == '!':
		lx.pos++
		return token{kind: tNot, pos: start, text: "!"}, nil
	case c == '(':
		lx.pos++
		return token{kind: tLParen, pos: start}, nil
	case c == ')':
		lx.pos++
		return token{kind: tRParen, pos: start}, nil
	case c == '[':
		lx.pos++
		return token{kind: tLBracket, pos: start}, nil
	case c == ']':
		lx.pos++
		return token{kind: tRBracket, pos: start}, nil
	case c == ',':
		lx.pos++
		return token{kind: tComma, pos: start}, nil
	case c == '-' || c == '.' || (c >= '0' && c <= '9'):
		end := start + 1
		for end < len(lx.src) && strings.IndexByte("0123456789.eE+-", lx.src[end]) >= 0 {
			end++
		}
		text := lx.src[start:end]
		if _, err := strconv.ParseFloat(text, 64); err != nil {
			return token{}, &SyntaxError{Src: lx.src, Offset: start, Msg: fmt.Sprintf("invalid number %q", text)}
		}
		lx.pos = end
		return token{kind: tNumber, pos: start, text: text}, nil
	case isLetter(c):
		end := start
		for end < len(lx.src) && (isLetter(lx.src[end]) || (lx.src[end] >= '0' && lx.src[end] <= '9')) {
			end++
		}
		word := strings.ToLower(lx.src[start:end])
		lx.pos = end
		if kind, ok := keywords[word]; ok {
			return token{kind: kind, pos: start, text: word}, nil
		}
		if word == "true" || word == "false" {
			return token{kind: tString, pos: start, text: word}, nil
		}
		return token{}, &SyntaxError{Src: lx.src, Offset: start, Msg: fmt.Sprintf("unknown word %q (functions and bare names are not supported; write {%s} for a question)", lx.src[start:end], lx.src[start:end])}
	}
	r, _ := utf8.DecodeRuneInString(lx.src[start:])
	return token{}, &SyntaxError{Src: lx.src, Offset: start, Msg: fmt.Sprintf("unexpected character %q", r)}
}

func isLetter(c byte) bool { return c == '_' || (c|0x20) >= 'a' && (c|0x20) <= 'z' }

type parser struct {
	lx      lexer
	tok     token
	resolve Resolver
	seen    map[string]int
	refs    []string
	// code is the condition compiled, operands before their operator: each parse
	// method returns the index of the last instruction it emitted, its root.
	code []instr
}

func (p *parser) emit(in instr) int {
	p.code = append(p.code, in)
	return len(p.code) - 1
}

func (p *parser) next() error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) errorf(pos int, format string, args ...any) error {
	return &SyntaxError{Src: p.lx.src, Offset: pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) parseOr(depth int) (int, error) {
	return p.parseLogic(depth, tOr, p.parseAnd)
}

func (p *parser) parseAnd(depth int) (int, error) {
	return p.parseLogic(depth, tAnd, p.parseNot)
}

// parseLogic parses operands joined by a left-associative and/or operator.
func (p *parser) parseLogic(depth int, op tokKind, operand func(int) (int, error)) (int, error) {
	l, err := operand(depth)
	if err != nil {
		return 0, err
	}
	code := opOr
	if op == tAnd {
		code = opAnd
	}
	for p.tok.kind == op {
		if err := p.next(); err != nil {
			return 0, err
		}
		r, err := operand(depth)
		if err != nil {
			return 0, err
		}
		l = p.emit(instr{op: code, x: l, y: r})
	}
	return l, nil
}

func (p *parser) parseNot(depth int) (int, error) {
	if p.tok.kind != tNot {
		return p.parseComparison(depth)
	}
	if depth >= maxDepth {
		return 0, p.errorf(p.tok.pos, "nested deeper than %d levels", maxDepth)
	}
	if err := p.next(); err != nil {
		return 0, err
	}
	x, err := p.parseNot(depth + 1)
	if err != nil {
		return 0, err
	}
	return p.emit(instr{op: opNot, x: x}), nil
}

func (p *parser) parseComparison(depth int) (int, error) {
	l, err := p.parseOperand(depth)
	if err != nil {
		return 0, err
	}
	if p.tok.kind != tOp {
		return l, nil
	}
	op := p.tok.text
	if err := p.next(); err != nil {
		return 0, err
	}
	switch op {
	case "empty":
		return p.emit(instr{op: opEmpty, x: l}), nil
	case "notempty":
		return p.emit(instr{op: opNotEmpty, x: l}), nil
	}
	r, err := p.parseOperand(depth)
	if err != nil {
		return 0, err
	}
	if ref, lit := p.code[l], p.code[r]; ref.op == opRef && lit.op == opLit {
		// A reference and a literal are one instruction each, the last two: replace
		// them with one that does their work.
		p.code = p.code[:l]
		return p.emit(refLit(binaryOps[op], ref.index, lit.lit)), nil
	}
	return p.emit(instr{op: opBinary, bin: binaryOps[op], x: l, y: r}), nil
}

func (p *parser) parseOperand(depth int) (int, error) {
	t := p.tok
	switch t.kind {
	case tLParen:
		if depth >= maxDepth {
			return 0, p.errorf(t.pos, "nested deeper than %d levels", maxDepth)
		}
		if err := p.next(); err != nil {
			return 0, err
		}
		x, err := p.parseOr(depth + 1)
		if err != nil {
			return 0, err
		}
		if p.tok.kind != tRParen {
			return 0, p.errorf(p.tok.pos, `expected ")" to close "(" at offset %d, found %s`, t.pos, p.tok.describe())
		}
		return x, p.next()
	case tRef:
		index, err := p.ref(t)
		if err != nil {
			return 0, err
		}
		return p.emit(instr{op: opRef, index: index}), p.next()
	case tString, tNumber:
		return p.emit(instr{op: opLit, lit: Text(t.text)}), p.next()
	case tLBracket:
		items := []string{}
		if err := p.next(); err != nil {
			return 0, err
		}
		for p.tok.kind != tRBracket {
			if len(items) > 0 {
				if p.tok.kind != tComma {
					return 0, p.errorf(p.tok.pos, `expected "," or "]" in array, found %s`, p.tok.describe())
				}
				if err := p.next(); err != nil {
					return 0, err
				}
			}
			if p.tok.kind != tString && p.tok.kind != tNumber {
				return 0, p.errorf(p.tok.pos, "expected a string or number in array, found %s", p.tok.describe())
			}
			items = append(items, p.tok.text)
			if err := p.next(); err != nil {
				return 0, err
			}
		}
		return p.emit(instr{op: opLit, lit: List(items...)}), p.next()
	}
	return 0, p.errorf(t.pos, "expected a question reference, literal or \"(\", found %s", t.describe())
}

func (p *parser) ref(t token) (int, error) {
	if i, ok := p.seen[t.text]; ok {
		return i, nil
	}
	var index int
	if p.resolve == nil {
		index = len(p.refs)
	} else {
		i, ok := p.resolve(t.text)
		if !ok {
			return 0, p.errorf(t.pos, "unknown question {%s}", t.text)
		}
		index = i
	}
	p.seen[t.text] = index
	p.refs = append(p.refs, t.text)
	return index, nil
}
