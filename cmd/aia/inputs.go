package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gc-aia/aia/examples"
)

// input is one assessment to process: its source name and its bytes, or why it
// could not be read.
type input struct {
	source string
	data   []byte
	err    error
}

// readInputs calls yield for every assessment named by paths, in order: a file, every
// *.json file below a directory (recursively, lexical order), or "-" for JSON Lines on
// stdin (one saved file per line, named "-:LINE"). It stops when yield returns false or
// ctx ends.
func readInputs(ctx context.Context, paths []string, stdin io.Reader, maxSize int64, yield func(input) bool) {
	for _, path := range paths {
		if path == "-" {
			if !readLines(ctx, stdin, maxSize, yield) {
				return
			}
			continue
		}
		ok := walkPath(ctx, path, func(p string, err error) bool {
			if err != nil {
				return yield(input{source: p, err: err})
			}
			return yield(readFile(p, maxSize))
		})
		if !ok {
			return
		}
	}
}

// countInputs counts the files readInputs would read, or returns -1 when paths include
// standard input (whose length is unknown).
func countInputs(ctx context.Context, paths []string) int {
	n := 0
	for _, path := range paths {
		if path == "-" {
			return -1
		}
		if !walkPath(ctx, path, func(string, error) bool { n++; return true }) {
			return -1
		}
	}
	return n
}

// walkPath calls visit for a file, or for every *.json file below a directory, and for
// each path that cannot be read (with its error). Symbolic links to directories are not
// followed, so links cannot loop. It reports false when visit or ctx stopped it.
func walkPath(ctx context.Context, path string, visit func(path string, err error) bool) bool {
	info, err := os.Stat(path)
	if err != nil {
		return visit(path, err) && ctx.Err() == nil
	}
	if !info.IsDir() {
		return visit(path, nil) && ctx.Err() == nil
	}
	stop := errors.New("stop")
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return stop
		}
		if err != nil { // an unreadable directory: report it and go on
			if !visit(p, err) {
				return stop
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".json") {
			return nil
		}
		if !visit(p, nil) {
			return stop
		}
		return nil
	})
	return err != stop
}

// readSamples yields the embedded sample assessments, named "sample:FILE".
func readSamples(yield func(input) bool) bool {
	entries, err := fs.ReadDir(examples.Assessments(), ".")
	if err != nil {
		return yield(input{source: "sample", err: err})
	}
	for _, e := range entries {
		data, err := fs.ReadFile(examples.Assessments(), e.Name())
		if !yield(input{source: "sample:" + e.Name(), data: data, err: err}) {
			return false
		}
	}
	return true
}

func readFile(path string, maxSize int64) input {
	f, err := os.Open(path)
	if err != nil {
		return input{source: path, err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return input{source: path, err: err}
	}
	if int64(len(data)) > maxSize {
		return input{source: path, err: newMessage("tooLargeFile", maxSize)}
	}
	return input{source: path, data: data}
}

// readStdinOrFile reads one saved file: the file at path, or standard input for "-".
func readStdinOrFile(e *env, path string, maxSize int64) input {
	if path == "-" {
		return readStdin(e.stdin, maxSize)
	}
	return readFile(path, maxSize)
}

// readStdin reads standard input as one saved file, named "-".
func readStdin(r io.Reader, maxSize int64) input {
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return input{source: "-", err: newMessage("readingStdin", err)}
	}
	if int64(len(data)) > maxSize {
		return input{source: "-", err: newMessage("tooLargeStdin", maxSize)}
	}
	return input{source: "-", data: data}
}

// readLines yields each non-blank line of r as one input. A line longer than maxSize is
// reported and skipped; the lines after it are still read.
func readLines(ctx context.Context, r io.Reader, maxSize int64, yield func(input) bool) bool {
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		if ctx.Err() != nil {
			return false
		}
		line, tooLong, err := readLine(br, maxSize, getBuffer())
		source := fmt.Sprintf("-:%d", n)
		if tooLong {
			if !yield(input{source: source, err: newMessage("tooLongLine", maxSize)}) {
				return false
			}
		} else if len(bytes.TrimSpace(line)) > 0 {
			if !yield(input{source: source, data: line}) {
				return false
			}
		}
		if err == io.EOF {
			return true
		}
		if err != nil {
			yield(input{source: source, err: err})
			return false
		}
	}
}

// readLine returns the next line, read into buf, without its end of line; past maxSize
// bytes it discards the rest of the line and reports tooLong.
func readLine(br *bufio.Reader, maxSize int64, buf []byte) (line []byte, tooLong bool, err error) {
	line = buf[:0]
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(line)+len(chunk)) > maxSize+1 {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		line = bytes.TrimRight(line, "\r\n")
		return line, tooLong, err
	}
}
