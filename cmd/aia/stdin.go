package main

import (
	"context"
	"io"
	"sync"
)

// interruptibleReader reads r on a goroutine of its own, so that a command waiting for
// standard input stops at the first Ctrl-C: a read blocked on a terminal or a silent
// pipe cannot be interrupted, but waiting for it can. Reading starts at the first Read;
// a command that never reads standard input leaves it alone.
type interruptibleReader struct {
	ctx   context.Context
	r     io.Reader
	start sync.Once
	data  chan chunk  // what the goroutine read
	free  chan []byte // buffers the reader is done with
	cur   chunk       // the chunk being read from
	rest  []byte      // its unread bytes
}

type chunk struct {
	buf []byte // the whole buffer, to give back
	n   int
	err error
}

func newInterruptibleReader(ctx context.Context, r io.Reader) *interruptibleReader {
	return &interruptibleReader{ctx: ctx, r: r}
}

func (ir *interruptibleReader) run() {
	ir.data, ir.free = make(chan chunk), make(chan []byte, 2)
	ir.free <- make([]byte, 64<<10) // two buffers: one read into while the other is used
	ir.free <- make([]byte, 64<<10)
	go func() {
		for {
			var buf []byte
			select {
			case buf = <-ir.free:
			case <-ir.ctx.Done():
				return
			}
			n, err := ir.r.Read(buf)
			select {
			case ir.data <- chunk{buf, n, err}:
			case <-ir.ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
}

func (ir *interruptibleReader) Read(p []byte) (int, error) {
	ir.start.Do(ir.run)
	for len(ir.rest) == 0 {
		if ir.cur.err != nil {
			return 0, ir.cur.err
		}
		if ir.cur.buf != nil {
			ir.free <- ir.cur.buf
			ir.cur.buf = nil
		}
		select {
		case ir.cur = <-ir.data:
			ir.rest = ir.cur.buf[:ir.cur.n]
		case <-ir.ctx.Done():
			return 0, context.Cause(ir.ctx)
		}
	}
	n := copy(p, ir.rest)
	ir.rest = ir.rest[n:]
	return n, nil
}
