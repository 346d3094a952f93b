package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"runtime"
	"sync"
	"testing"
)

const batchSize = 2000

// BenchmarkBatchJSONL is `aia score --format jsonl -` in process over a generated
// stream of saved files (see corpus): read, decode, score, report and write, on all
// cores.
func BenchmarkBatchJSONL(b *testing.B) {
	stream := newCorpus(1).jsonLines(batchSize)
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	for b.Loop() {
		status := run(context.Background(), &env{
			args:  []string{"score", "--format", "jsonl", "--quiet", "-"},
			stdin: bytes.NewReader(stream), stdout: io.Discard, stderr: io.Discard,
		})
		if status != 1 { // the corpus holds a few invalid lines
			b.Fatalf("status %d", status)
		}
	}
	b.ReportMetric(float64(batchSize*b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkDecodeMapBaseline merely decodes the same lines with encoding/json into
// map[string]any, on all cores: the baseline BenchmarkBatchJSONL must beat.
func BenchmarkDecodeMapBaseline(b *testing.B) {
	stream := newCorpus(1).jsonLines(batchSize)
	lines := bytes.Split(bytes.TrimSpace(stream), []byte("\n"))
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	workers := runtime.GOMAXPROCS(0)
	for b.Loop() {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := w; i < len(lines); i += workers {
					var m map[string]any
					json.Unmarshal(lines[i], &m) // the invalid lines fail, as they should
				}
			})
		}
		wg.Wait()
	}
	b.ReportMetric(float64(batchSize*b.N)/b.Elapsed().Seconds(), "files/s")
}
