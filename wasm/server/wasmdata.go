package server

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// WebAssembly binary format constants (core specification, chapter 5).
const (
	wasmMagic            = "\x00asm"
	wasmVersion          = 1
	sectionData          = 11
	sectionDataCount     = 12
	opI32Const           = 0x41
	opEnd                = 0x0b
	segmentActiveMemory0 = 0x00
)

// maxDataGap is the largest run of zero bytes coalesceDataSegments writes to join two
// data segments. Filling a gap costs almost nothing with brotli or gzip, but each byte
// filled is a byte more for a client that takes the file uncompressed, and a module
// with a huge hole in its data would grow by the size of the hole. On the engine, all
// but two of the 75,000 gaps are under 600 bytes, and the data section is 326.8 KB with
// brotli with the gaps up to 64 bytes filled, 325.5 KB with all of them: 4 KiB keeps
// nearly all of the gain (3 segments are left, the two gaps of 4 and 30 KB not
// written), while a module grows by at most 4 KiB for each segment header (5 bytes or
// more) it loses.
const maxDataGap = 4096

// dataSegment is an active data segment of memory 0: bytes written at offset when the
// module is instantiated.
type dataSegment struct {
	offset uint32
	data   []byte
}

// end is the address just past the segment, which may be past 4 GiB in a module that
// cannot be instantiated; it is kept as is so that merging does not hide that.
func (s dataSegment) end() uint64 { return uint64(s.offset) + uint64(len(s.data)) }

// coalesceDataSegments returns module with the active data segments of its data section
// merged into as few segments as possible, the gaps between them (up to maxDataGap)
// filled with zero bytes.
//
// Why: the Go linker splits the data into a segment at every short run of zeros, about
// 75,000 segments for the engine, and their headers (flag, offset expression, size)
// compress badly: merged, the data section is about 80 KB smaller with brotli although
// it is about 0.8 MB larger raw, the zeros compressing to almost nothing.
//
// The merged module initializes the same memory: memory starts zeroed and active
// segments that do not overlap commute. Only the form the Go linker emits is rewritten:
// active segments of memory 0 at an "i32.const N" offset (flag 0), and no data count
// section (the Go linker writes none; with one, code may name segments by index, which
// merging renumbers). A module with any other segment (passive, another memory, another
// offset expression), with overlapping segments, with a data count section, without a
// data section or with nothing to merge is returned unchanged. Every other section is
// copied byte for byte, in order. A module that is not well-formed as far as it is
// read is an error naming the byte offset of the problem.
func coalesceDataSegments(module []byte) ([]byte, error) {
	sections, err := readSections(module)
	if err != nil {
		return nil, err
	}
	data, dataCount := -1, -1
	for i, s := range sections {
		var seen *int
		switch s.id {
		case sectionData:
			seen = &data
		case sectionDataCount:
			seen = &dataCount
		default:
			continue
		}
		if *seen >= 0 {
			return nil, fmt.Errorf("wasm: byte %d: a second section with id %d", s.start, s.id)
		}
		*seen = i
	}
	if data < 0 || dataCount >= 0 {
		// With a data count section, code may name segments by index (memory.init,
		// data.drop), which merging would renumber: left as it is.
		return module, nil
	}
	segments, ok, err := readDataSegments(module, sections[data])
	if err != nil {
		return nil, err
	}
	if !ok {
		return module, nil
	}
	merged, ok := mergeDataSegments(segments)
	if !ok || len(merged) == len(segments) {
		return module, nil
	}

	out := make([]byte, 0, len(module)+int(sumGaps(merged, segments)))
	out = append(out, module[:8]...)
	for _, s := range sections {
		switch s.id {
		case sectionData:
			out = appendSection(out, sectionData, encodeDataSegments(merged))
		default:
			out = append(out, module[s.start:s.end]...)
		}
	}
	return out, nil
}

// section is where a section lies in a module: its id byte at start, its payload from
// payload to end.
type section struct {
	id                  byte
	start, payload, end int
}

// readSections checks the header of a WebAssembly module and splits the rest into its
// sections, checking that each one's size fits in the module.
func readSections(module []byte) ([]section, error) {
	if len(module) < 8 {
		return nil, fmt.Errorf("wasm: %d bytes, too short for the header (8 bytes)", len(module))
	}
	if string(module[:4]) != wasmMagic {
		return nil, fmt.Errorf("wasm: byte 0: magic %q, want %q", module[:4], wasmMagic)
	}
	if v := uint32(module[4]) | uint32(module[5])<<8 | uint32(module[6])<<16 | uint32(module[7])<<24; v != wasmVersion {
		return nil, fmt.Errorf("wasm: byte 4: version %d, want %d", v, wasmVersion)
	}
	var sections []section
	for off := 8; off < len(module); {
		s := section{id: module[off], start: off}
		size, n, err := readU32(module, off+1)
		if err != nil {
			return nil, fmt.Errorf("wasm: size of section %d at byte %d: %w", s.id, off, err)
		}
		s.payload = off + 1 + n
		if uint64(size) > uint64(len(module)-s.payload) {
			return nil, fmt.Errorf("wasm: byte %d: section %d has %d bytes, only %d are left", off, s.id, size, len(module)-s.payload)
		}
		s.end = s.payload + int(size)
		sections = append(sections, s)
		off = s.end
	}
	return sections, nil
}

// readDataSegments reads the data section s of module. ok is false, with no error, when
// a segment has another form than an active segment of memory 0 at an i32.const offset.
func readDataSegments(module []byte, s section) (segments []dataSegment, ok bool, err error) {
	p := module[:s.end] // nothing past the section can be read by mistake
	count, n, err := readU32(p, s.payload)
	if err != nil {
		return nil, false, fmt.Errorf("wasm: data section: segment count: %w", err)
	}
	off := s.payload + n
	// Each segment takes at least 5 bytes: the count cannot reserve more than that.
	segments = make([]dataSegment, 0, min(uint64(count), uint64(s.end-off)/5))
	for i := range count {
		start := off
		flag, n, err := readU32(p, off)
		if err != nil {
			return nil, false, fmt.Errorf("wasm: data segment %d: flag: %w", i, err)
		}
		off += n
		if flag != segmentActiveMemory0 {
			return nil, false, nil
		}
		if off >= len(p) {
			return nil, false, fmt.Errorf("wasm: byte %d: data segment %d: offset expression missing", off, i)
		}
		if p[off] != opI32Const {
			return nil, false, nil
		}
		offset, n, err := readS32(p, off+1)
		if err != nil {
			return nil, false, fmt.Errorf("wasm: data segment %d: i32.const: %w", i, err)
		}
		off += 1 + n
		if off >= len(p) {
			return nil, false, fmt.Errorf("wasm: byte %d: data segment %d: offset expression not ended", off, i)
		}
		if p[off] != opEnd {
			return nil, false, nil
		}
		off++
		size, n, err := readU32(p, off)
		if err != nil {
			return nil, false, fmt.Errorf("wasm: data segment %d: size: %w", i, err)
		}
		off += n
		if uint64(size) > uint64(len(p)-off) {
			return nil, false, fmt.Errorf("wasm: byte %d: data segment %d has %d bytes, only %d are left in the data section", start, i, size, len(p)-off)
		}
		// The offset is an i32 used as an unsigned address.
		segments = append(segments, dataSegment{offset: uint32(offset), data: p[off : off+int(size)]})
		off += int(size)
	}
	if off != s.end {
		return nil, false, fmt.Errorf("wasm: byte %d: %d bytes after the last data segment", off, s.end-off)
	}
	return segments, true, nil
}

// mergeDataSegments sorts the segments by address and joins those at most maxDataGap
// bytes apart, the gaps filled with zeros; ok is false if two segments overlap, since
// their order then matters. Each segment's bytes stay within one merged segment that
// starts and ends at addresses of the original ones, so a merged module fails
// instantiation on an out-of-bounds segment exactly when the original does.
func mergeDataSegments(segments []dataSegment) (merged []dataSegment, ok bool) {
	sorted := slices.Clone(segments)
	slices.SortStableFunc(sorted, func(a, b dataSegment) int { return cmp.Compare(a.offset, b.offset) })
	var (
		cur      []byte // bytes of the segment being merged, starting at curStart
		curStart uint32
		curEnd   uint64
	)
	flush := func() {
		merged = append(merged, dataSegment{offset: curStart, data: cur})
	}
	for i, s := range sorted {
		if i > 0 && len(s.data) > 0 && uint64(s.offset) < curEnd {
			return nil, false
		}
		if i > 0 && uint64(s.offset) <= curEnd+maxDataGap {
			if s.end() > curEnd {
				cur = append(cur, make([]byte, uint64(s.offset)-curEnd)...)
				cur = append(cur, s.data...)
				curEnd = s.end()
			}
			continue
		}
		if i > 0 {
			flush()
		}
		cur, curStart, curEnd = slices.Clone(s.data), s.offset, s.end()
	}
	if len(sorted) > 0 {
		flush()
	}
	return merged, true
}

// sumGaps is how many bytes merging added: the zeros in the gaps.
func sumGaps(merged, segments []dataSegment) uint64 {
	var n uint64
	for _, s := range merged {
		n += uint64(len(s.data))
	}
	for _, s := range segments {
		n -= uint64(len(s.data))
	}
	return n
}

// encodeDataSegments encodes a data section's payload of active segments of memory 0.
func encodeDataSegments(segments []dataSegment) []byte {
	size := 5
	for _, s := range segments {
		size += 1 + 1 + 5 + 1 + 5 + len(s.data)
	}
	b := appendU32(make([]byte, 0, size), uint32(len(segments)))
	for _, s := range segments {
		b = append(b, segmentActiveMemory0, opI32Const)
		b = appendS32(b, int32(s.offset))
		b = append(b, opEnd)
		b = appendU32(b, uint32(len(s.data)))
		b = append(b, s.data...)
	}
	return b
}

// appendSection appends a section: its id, the size of its payload, the payload.
func appendSection(b []byte, id byte, payload []byte) []byte {
	b = append(b, id)
	b = appendU32(b, uint32(len(payload)))
	return append(b, payload...)
}

var errTruncatedLEB = errors.New("truncated LEB128 number")

// readU32 reads an unsigned LEB128 number of at most 32 bits (5 bytes) at b[off:]; n
// is the number of bytes it takes.
func readU32(b []byte, off int) (v uint32, n int, err error) {
	for shift := 0; ; shift += 7 {
		if off+n >= len(b) {
			return 0, 0, fmt.Errorf("byte %d: %w", off, errTruncatedLEB)
		}
		c := b[off+n]
		n++
		if n == 5 && c&0xf0 != 0 {
			return 0, 0, fmt.Errorf("byte %d: unsigned LEB128 number too large for 32 bits", off)
		}
		v |= uint32(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, n, nil
		}
	}
}

// readS32 reads a signed LEB128 number of at most 32 bits (5 bytes) at b[off:].
func readS32(b []byte, off int) (v int32, n int, err error) {
	var u uint32
	for shift := 0; ; shift += 7 {
		if off+n >= len(b) {
			return 0, 0, fmt.Errorf("byte %d: %w", off, errTruncatedLEB)
		}
		c := b[off+n]
		n++
		if n == 5 {
			// Bits 32 and up must repeat bit 31, the sign, and no byte may follow.
			if rest := c & 0x78; c&0x80 != 0 || (rest != 0 && rest != 0x78) {
				return 0, 0, fmt.Errorf("byte %d: signed LEB128 number too large for 32 bits", off)
			}
		}
		u |= uint32(c&0x7f) << shift
		if c&0x80 == 0 {
			if shift+7 < 32 && c&0x40 != 0 {
				u |= ^uint32(0) << (shift + 7) // sign extension
			}
			return int32(u), n, nil
		}
	}
}

// appendU32 appends v as unsigned LEB128, in as few bytes as it takes.
func appendU32(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// appendS32 appends v as signed LEB128, in as few bytes as it takes.
func appendS32(b []byte, v int32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
