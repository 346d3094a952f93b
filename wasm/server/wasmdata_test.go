//go:build !js

package server_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/wasm/server"
)

// The helpers below assemble and read WebAssembly modules for the tests, written apart
// from the code under test: unsigned LEB128 is encoding/binary's uvarint.

func uleb(v uint64) []byte { return binary.AppendUvarint(nil, v) }

func sleb(v int64) []byte {
	var b []byte
	for {
		c := byte(v) & 0x7f
		v >>= 7
		done := v == 0 && c&0x40 == 0 || v == -1 && c&0x40 != 0
		if !done {
			c |= 0x80
		}
		b = append(b, c)
		if done {
			return b
		}
	}
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// sec is a section: its id, the size of its payload, the payload.
func sec(id byte, payload ...[]byte) []byte {
	p := cat(payload...)
	return cat([]byte{id}, uleb(uint64(len(p))), p)
}

// mod is a module of the sections given.
func mod(sections ...[]byte) []byte {
	return cat(append([][]byte{[]byte("\x00asm\x01\x00\x00\x00")}, sections...)...)
}

// seg is an active data segment of memory 0 at an i32.const offset.
func seg(offset int32, data string) []byte {
	return cat([]byte{0x00, 0x41}, sleb(int64(offset)), []byte{0x0b}, uleb(uint64(len(data))), []byte(data))
}

// dataSec is a data section of the segments given.
func dataSec(segs ...[]byte) []byte {
	return sec(11, append([][]byte{uleb(uint64(len(segs)))}, segs...)...)
}

func zeros(n int) string { return strings.Repeat("\x00", n) }

// Some sections other than the data: types, a custom section, a memory, code.
var (
	typeSec   = sec(1, []byte{0x01, 0x60, 0x00, 0x00})
	customSec = sec(0, []byte{0x04}, []byte("name"), []byte{1, 2, 3})
	memSec    = sec(5, []byte{0x01, 0x00, 0x01})
	codeSec   = sec(10, []byte{0x01, 0x02, 0x00, 0x0b})
)

// rawSection is a section as it lies in a module.
type rawSection struct {
	ID      byte
	Raw     []byte // the whole section, id and size included
	Payload []byte
}

// parseSections splits a module into its sections.
func parseSections(m []byte) ([]rawSection, error) {
	if len(m) < 8 || string(m[:8]) != "\x00asm\x01\x00\x00\x00" {
		return nil, errors.New("no WebAssembly 1 header")
	}
	var out []rawSection
	for rest := m[8:]; len(rest) > 0; {
		size, n := binary.Uvarint(rest[1:])
		if n <= 0 || n > 5 || size > uint64(len(rest)-1-n) {
			return nil, fmt.Errorf("section %d: bad size", len(out))
		}
		end := 1 + n + int(size)
		out = append(out, rawSection{ID: rest[0], Raw: rest[:end], Payload: rest[1+n : end]})
		rest = rest[end:]
	}
	return out, nil
}

// nonData is the raw bytes of the sections other than the data and data count ones.
func nonData(secs []rawSection) [][]byte {
	var out [][]byte
	for _, s := range secs {
		if s.ID != 11 && s.ID != 12 {
			out = append(out, s.Raw)
		}
	}
	return out
}

// testSegment is an active data segment as the tests read it.
type testSegment struct {
	Offset uint32
	Data   []byte
}

var errUnsupported = errors.New("a data segment of another form")

// dataSegments reads the data section of m: errUnsupported for a segment that is not
// an active segment of memory 0 at an i32.const offset.
func dataSegments(m []byte) ([]testSegment, error) {
	secs, err := parseSections(m)
	if err != nil {
		return nil, err
	}
	var segs []testSegment
	for _, s := range secs {
		if s.ID != 11 {
			continue
		}
		p := s.Payload
		uvarint := func() (uint64, bool) {
			v, n := binary.Uvarint(p)
			if n <= 0 || n > 5 || v > 0xffffffff {
				return 0, false
			}
			p = p[n:]
			return v, true
		}
		count, ok := uvarint()
		if !ok {
			return nil, errors.New("bad count")
		}
		for range count {
			// The flag is a u32, which may be padded.
			flag, ok := uvarint()
			if !ok || len(p) == 0 {
				return nil, errors.New("truncated segment")
			}
			if flag != 0 || p[0] != 0x41 {
				return nil, errUnsupported
			}
			p = p[1:]
			var off int64
			shift := 0
			for {
				if len(p) == 0 || shift > 28 {
					return nil, errors.New("bad i32.const")
				}
				c := p[0]
				p = p[1:]
				off |= int64(c&0x7f) << shift
				shift += 7
				if c&0x80 == 0 {
					if c&0x40 != 0 {
						off -= 1 << shift
					}
					break
				}
			}
			if off < -1<<31 || off >= 1<<31 {
				return nil, errors.New("i32.const out of range")
			}
			if len(p) == 0 {
				return nil, errors.New("truncated segment")
			}
			if p[0] != 0x0b {
				return nil, errUnsupported
			}
			p = p[1:]
			size, ok := uvarint()
			if !ok || size > uint64(len(p)) {
				return nil, errors.New("bad segment size")
			}
			segs = append(segs, testSegment{Offset: uint32(int32(off)), Data: p[:size]})
			p = p[size:]
		}
		if len(p) != 0 {
			return nil, errors.New("bytes after the segments")
		}
	}
	return segs, nil
}

// memoryImage is the memory the data segments of m initialize, written in their
// order, as 4 KiB pages by page number; pages left all zero are left out.
func memoryImage(m []byte) (map[uint64][]byte, error) {
	segs, err := dataSegments(m)
	if err != nil {
		return nil, err
	}
	const page = 4096
	img := map[uint64][]byte{}
	for _, s := range segs {
		addr, data := uint64(s.Offset), s.Data
		for len(data) > 0 {
			p := img[addr/page]
			if p == nil {
				p = make([]byte, page)
				img[addr/page] = p
			}
			n := copy(p[addr%page:], data)
			addr, data = addr+uint64(n), data[n:]
		}
	}
	for k, p := range img {
		if bytes.Count(p, []byte{0}) == page {
			delete(img, k)
		}
	}
	return img, nil
}

// diffImages describes the first difference between two memory images, "" if none.
func diffImages(want, got map[uint64][]byte) string {
	for k, p := range want {
		if q, ok := got[k]; !ok {
			return fmt.Sprintf("page at %#x missing", k*4096)
		} else if i := firstDiff(p, q); i >= 0 {
			return fmt.Sprintf("byte at %#x: %#x, want %#x", k*4096+uint64(i), q[i], p[i])
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			return fmt.Sprintf("page at %#x not in the original", k*4096)
		}
	}
	return ""
}

func firstDiff(a, b []byte) int {
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}

func TestCoalesceDataSegments(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in, want []byte // want nil: the module unchanged
	}{
		{
			name: "two segments with a gap",
			in:   mod(typeSec, memSec, codeSec, dataSec(seg(16, "ab"), seg(20, "cd"))),
			want: mod(typeSec, memSec, codeSec, dataSec(seg(16, "ab\x00\x00cd"))),
		},
		{
			name: "adjacent segments",
			in:   mod(dataSec(seg(1, "a"), seg(2, "b"), seg(3, "c"))),
			want: mod(dataSec(seg(1, "abc"))),
		},
		{
			name: "unsorted segments",
			in:   mod(dataSec(seg(100, "x"), seg(10, "abc"), seg(50, "y"))),
			want: mod(dataSec(seg(10, "abc"+zeros(37)+"y"+zeros(49)+"x"))),
		},
		{
			name: "gaps up to 4 KiB are filled, larger ones are not",
			in:   mod(dataSec(seg(0, "a"), seg(1+4096, "b"), seg(2+4096+4097, "c"), seg(3+4096+4097, "d"))),
			want: mod(dataSec(seg(0, "a"+zeros(4096)+"b"), seg(2+4096+4097, "cd"))),
		},
		{
			name: "nothing to merge",
			in:   mod(dataSec(seg(10000, "b"), seg(0, "a"))),
		},
		{
			name: "negative offsets are addresses above 2 GiB",
			in:   mod(dataSec(seg(-8, "cd"), seg(-16, "ab"), seg(0x7ffffff0, "z"))),
			want: mod(dataSec(seg(0x7ffffff0, "z"), seg(-16, "ab"+zeros(6)+"cd"))),
		},
		{
			name: "empty segments",
			in:   mod(dataSec(seg(4, ""), seg(8, "ab"), seg(9, ""), seg(12, ""))),
			want: mod(dataSec(seg(4, zeros(4)+"ab"+zeros(2)))),
		},
		{
			name: "flag in padded LEB128",
			in:   mod(dataSec(cat([]byte{0x80, 0x00}, seg(0, "a")[1:]), seg(2, "b"))),
			want: mod(dataSec(seg(0, "a\x00b"))),
		},
		{
			name: "overlapping segments",
			in:   mod(dataSec(seg(0, "abc"), seg(2, "xy"))),
		},
		{
			name: "same offset",
			in:   mod(dataSec(seg(5, "a"), seg(5, "b"))),
		},
		{
			name: "passive segment",
			in:   mod(dataSec(seg(0, "a"), cat([]byte{0x01}, uleb(1), []byte("p")), seg(2, "b"))),
		},
		{
			name: "segment of an explicit memory",
			in:   mod(dataSec(seg(0, "a"), cat([]byte{0x02, 0x00, 0x41}, sleb(2), []byte{0x0b}, uleb(1), []byte("b")))),
		},
		{
			name: "offset from a global",
			in:   mod(dataSec(seg(0, "a"), cat([]byte{0x00, 0x23, 0x00, 0x0b}, uleb(1), []byte("b")))),
		},
		{
			name: "extended constant offset",
			in:   mod(dataSec(seg(0, "a"), cat([]byte{0x00, 0x41}, sleb(1), []byte{0x41}, sleb(1), []byte{0x6a, 0x0b}, uleb(1), []byte("b")))),
		},
		{
			name: "no data section",
			in:   mod(typeSec, codeSec),
		},
		{
			name: "empty data section",
			in:   mod(dataSec()),
		},
		{
			name: "data count section",
			in:   mod(typeSec, sec(12, uleb(3)), codeSec, dataSec(seg(0, "a"), seg(2, "b"), seg(4, "c"))),
		},
		{
			// Sizes in padded LEB128 are kept in the sections copied, re-encoded in the
			// data section.
			name: "other sections byte for byte, in order",
			in: mod(customSec, typeSec, []byte{0x03, 0x82, 0x80, 0x80, 0x80, 0x00, 0x01, 0x00}, memSec, codeSec,
				[]byte{0x0b, 0x8d, 0x80, 0x00, 0x02, 0x00, 0x41, 0x00, 0x0b, 0x01, 'a', 0x00, 0x41, 0x02, 0x0b, 0x01, 'b'}, customSec),
			want: mod(customSec, typeSec, []byte{0x03, 0x82, 0x80, 0x80, 0x80, 0x00, 0x01, 0x00}, memSec, codeSec,
				dataSec(seg(0, "a\x00b")), customSec),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			if want == nil {
				want = tc.in
			}
			got, err := server.CoalesceDataSegments(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("module (-want +got):\n%s", diff)
			}
			checkSameMemory(t, tc.in, got)
		})
	}
}

// checkSameMemory checks that out initializes the same memory as in, with the same
// other sections.
func checkSameMemory(t *testing.T, in, out []byte) {
	t.Helper()
	imgIn, err := memoryImage(in)
	if err != nil {
		if errors.Is(err, errUnsupported) && !bytes.Equal(in, out) {
			t.Errorf("a module with a data segment of another form was changed")
		}
		return
	}
	imgOut, err := memoryImage(out)
	if err != nil {
		t.Fatalf("the result does not read: %v", err)
	}
	if d := diffImages(imgIn, imgOut); d != "" {
		t.Errorf("memory image differs: %s", d)
	}
	secsIn, _ := parseSections(in)
	secsOut, err := parseSections(out)
	if err != nil {
		t.Fatalf("the result does not read: %v", err)
	}
	if diff := cmp.Diff(nonData(secsIn), nonData(secsOut)); diff != "" {
		t.Errorf("the sections other than the data differ (-in +out):\n%s", diff)
	}
}

func TestCoalesceDataSegmentsMalformed(t *testing.T) {
	for _, tc := range []struct {
		name, want string // want: in the error
		in         []byte
	}{
		{"empty", "too short", nil},
		{"short header", "too short", []byte("\x00asm\x01")},
		{"not wasm", "byte 0: magic", []byte("\x7fELF\x01\x00\x00\x00")},
		{"version 2", "byte 4: version 2", []byte("\x00asm\x02\x00\x00\x00")},
		{"section size missing", "section 1 at byte 8", mod([]byte{0x01})},
		{"section size truncated", "byte 9: truncated", mod([]byte{0x01, 0x80})},
		{"section size over 32 bits", "byte 9: unsigned LEB128 number too large", mod([]byte{0x01, 0x80, 0x80, 0x80, 0x80, 0x10})},
		{"section past the end", "byte 14: section 11 has 5 bytes, only 3 are left", mod(typeSec, []byte{0x0b, 0x05, 0x01, 0x00, 0x41})},
		{"two data sections", "a second section with id 11", mod(dataSec(seg(0, "a")), dataSec(seg(2, "b")))},
		{"two data count sections", "a second section with id 12", mod(sec(12, uleb(0)), sec(12, uleb(0)), dataSec())},
		{"segment count missing", "segment count", mod(sec(11))},
		{"fewer segments than counted", "data segment 1: flag", mod(sec(11, uleb(2), seg(0, "a")))},
		{"offset expression cut", "data segment 0: offset expression missing", mod(sec(11, uleb(1), []byte{0x00}))},
		{"i32.const cut", "data segment 0: i32.const: byte 13: truncated", mod(sec(11, uleb(1), []byte{0x00, 0x41, 0x80}))},
		{"i32.const over 32 bits", "i32.const: byte 13: signed LEB128 number too large", mod(sec(11, uleb(1), []byte{0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x10, 0x0b, 0x00}))},
		{"end missing", "data segment 0: offset expression not ended", mod(sec(11, uleb(1), []byte{0x00, 0x41, 0x05}))},
		{"segment size missing", "data segment 0: size", mod(sec(11, uleb(1), []byte{0x00, 0x41, 0x05, 0x0b}))},
		{"segment past the section", "byte 11: data segment 0 has 4 bytes, only 2 are left", mod(sec(11, uleb(1), []byte{0x00, 0x41, 0x05, 0x0b, 0x04, 'a', 'b'}), typeSec)},
		{"bytes after the segments", "byte 17: 2 bytes after the last data segment", mod(sec(11, uleb(1), seg(0, "a"), []byte{0x00, 0x00}))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := server.CoalesceDataSegments(tc.in)
			if err == nil {
				t.Fatalf("no error; result %x", got)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to say %q", err, tc.want)
			}
			if got != nil {
				t.Errorf("a result with the error: %x", got)
			}
		})
	}
}

// FuzzCoalesceDataSegments checks that no input makes coalescing panic, and that
// whenever it succeeds on a module the tests can read, the result initializes the same
// memory, keeps the other sections and has nothing left to merge.
func FuzzCoalesceDataSegments(f *testing.F) {
	for _, m := range [][]byte{
		mod(typeSec, dataSec(seg(16, "ab"), seg(20, "cd"))),
		mod(dataSec(seg(100, "x"), seg(10, "abc"), seg(50, "y"), seg(-4, "neg"))),
		mod(sec(12, uleb(2)), dataSec(seg(0, "a"), seg(2, "b"))),
		mod(dataSec(seg(0, "abc"), seg(2, "xy"))),
		mod(dataSec(seg(0, "a"), cat([]byte{0x01}, uleb(1), []byte("p")))),
		mod(dataSec(seg(0, "a"), seg(5000, "b"), seg(5002, ""))),
		mod(customSec, sec(11, uleb(1), []byte{0x00, 0x41, 0x05})),
	} {
		f.Add(m)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		orig := bytes.Clone(in)
		out, err := server.CoalesceDataSegments(in)
		if !bytes.Equal(in, orig) {
			t.Fatal("the input was changed")
		}
		if err != nil {
			if out != nil {
				t.Errorf("a result with the error %v", err)
			}
			return
		}
		checkSameMemory(t, in, out)
		if again, err := server.CoalesceDataSegments(out); err != nil || !bytes.Equal(again, out) {
			t.Errorf("coalescing the result again: %v, changed: %v", err, !bytes.Equal(again, out))
		}
	})
}

// TestCoalesceEngine links the engine as Build does, checks that coalescing its data
// segments keeps its memory image and other sections, that the engine Build serves is
// the coalesced one, and logs the sizes.
func TestCoalesceEngine(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds and compresses the engine for js/wasm; skipped with -short and -race")
	}
	src, err := server.FindSource()
	if err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(t.TempDir(), "aia.wasm")
	cmd := exec.Command("go", append(append([]string{"build"}, server.BuildFlags...), "-o", linked, server.Package)...)
	cmd.Dir, cmd.Env = src, append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	in, err := os.ReadFile(linked)
	if err != nil {
		t.Fatal(err)
	}
	out, err := server.CoalesceDataSegments(in)
	if err != nil {
		t.Fatal(err)
	}
	segsIn, err := dataSegments(in)
	if err != nil {
		t.Fatal(err)
	}
	segsOut, err := dataSegments(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(segsIn) < 1000 || len(segsOut) > 8 {
		t.Errorf("%d data segments coalesced into %d, want thousands into a handful", len(segsIn), len(segsOut))
	}
	checkSameMemory(t, in, out)

	w, err := server.Build(context.Background(), server.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(w.Wasm.Raw, out) {
		t.Errorf("Build's aia.wasm (%d bytes) is not the coalesced engine (%d bytes)", len(w.Wasm.Raw), len(out))
	}
	before := server.Encode(in)
	t.Logf("aia.wasm: %d data segments, %d bytes raw, %d brotli, %d gzip; coalesced: %d segments, %d bytes raw, %d brotli, %d gzip",
		len(segsIn), len(before.Raw), len(before.Brotli), len(before.Gzip), len(segsOut), len(w.Wasm.Raw), len(w.Wasm.Brotli), len(w.Wasm.Gzip))
	if len(w.Wasm.Brotli) >= len(before.Brotli) {
		t.Errorf("coalesced engine is %d bytes with brotli, no smaller than %d", len(w.Wasm.Brotli), len(before.Brotli))
	}
}
