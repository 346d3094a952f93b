package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/gc-aia/aia/questionnaire"
)

// progress shows a progress line on standard error while a long run goes on, only
// when standard error is a terminal and --quiet is not given. Other messages printed
// through it do not garble the line.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	lang    questionnaire.Lang
	show    bool
	count   int
	total   int // -1 while unknown
	bytes   int64
	start   time.Time
	done    chan struct{}
	stopped sync.WaitGroup
	drawn   bool
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func startProgress(w io.Writer, quiet bool, lang questionnaire.Lang) *progress {
	p := &progress{w: w, show: !quiet && isTerminal(w), total: -1, start: time.Now(), done: make(chan struct{}), lang: lang}
	if p.show {
		p.stopped.Add(1)
		go func() {
			defer p.stopped.Done()
			tick := time.NewTicker(250 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-tick.C:
					p.mu.Lock()
					p.draw()
					p.mu.Unlock()
				case <-p.done:
					return
				}
			}
		}()
	}
	return p
}

// setTotal records how many inputs the run has, once known.
func (p *progress) setTotal(n int) {
	p.mu.Lock()
	p.total = n
	p.mu.Unlock()
}

func (p *progress) add(size int) {
	p.mu.Lock()
	p.count++
	p.bytes += int64(size)
	p.mu.Unlock()
}

// draw writes the line; the caller holds p.mu.
func (p *progress) draw() {
	elapsed := time.Since(p.start).Seconds()
	if elapsed < 1 {
		return // short runs show nothing
	}
	rate := float64(p.count) / elapsed
	fmt.Fprintf(p.w, "\r\x1b[K%d", p.count)
	if p.total >= 0 {
		fmt.Fprintf(p.w, "/%d", p.total)
	}
	fmt.Fprint(p.w, say(p.lang, "progress", rate, humanBytes(p.bytes, p.lang)))
	if p.total > p.count && rate > 0 {
		eta := time.Duration(float64(p.total-p.count)/rate) * time.Second
		fmt.Fprint(p.w, say(p.lang, "progressLeft", eta))
	}
	p.drawn = true
}

// printf prints a message on its own line.
func (p *progress) printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
	fmt.Fprintf(p.w, format, args...)
}

func (p *progress) stop() {
	if !p.show {
		return
	}
	close(p.done)
	p.stopped.Wait()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
