package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// outcome is the processing of one input: the value computed, or why it failed.
type outcome[T any] struct {
	seq      int
	source   string
	size     int
	value    T
	err      error
	duration time.Duration
}

type task struct {
	seq int
	in  input
}

// process runs work on every input on all cores and hands the outcomes to emit in input
// order. At most a small window of inputs (eight per core) is between reading and
// emitting at any time, however many pass through, so memory stays flat. Reading stops
// when ctx ends or emit fails; the inputs already read are still processed and emitted
// (emit is not called again after it fails).
func process[T any](ctx context.Context, each func(yield func(input) bool), work func(input) (T, error), emit func(outcome[T]) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := runtime.GOMAXPROCS(0)
	window := 8 * workers
	slots := make(chan struct{}, window) // taken when an input is read, given back when emitted
	tasks := make(chan task, window)
	results := make(chan outcome[T], window) // never full: at most window tasks exist

	go func() {
		defer close(tasks)
		seq := 0
		each(func(in input) bool {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return false
			}
			tasks <- task{seq: seq, in: in}
			seq++
			return ctx.Err() == nil
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for t := range tasks {
				start := time.Now()
				o := outcome[T]{seq: t.seq, source: t.in.source, size: len(t.in.data), err: t.in.err}
				if o.err == nil {
					o.value, o.err = safely(work, t.in)
				}
				o.duration = time.Since(start)
				results <- o
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	waiting := map[int]outcome[T]{}
	next := 0
	var emitErr error
	for r := range results {
		waiting[r.seq] = r
		for {
			o, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			next++
			if emitErr == nil {
				if emitErr = emit(o); emitErr != nil {
					cancel()
				}
			}
			<-slots
		}
	}
	return emitErr
}

// safely runs work, turning a panic into an error for that input, so that one input
// that trips a bug cannot stop a batch of millions.
func safely[T any](work func(input) (T, error), in input) (v T, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error (please report it): %v", p)
		}
	}()
	return work(in)
}
