package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// jsonLines returns n saved files as JSON Lines, cycling through the examples.
func jsonLines(b *testing.B, n int) []byte {
	files, err := filepath.Glob("../../examples/assessments/*.json")
	if err != nil || len(files) == 0 {
		b.Fatal("no examples")
	}
	var lines [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		var c bytes.Buffer
		if err := json.Compact(&c, data); err != nil {
			b.Fatal(err)
		}
		lines = append(lines, c.Bytes())
	}
	var out bytes.Buffer
	for i := range n {
		out.Write(lines[i%len(lines)])
		out.WriteByte('\n')
	}
	return out.Bytes()
}

const batchSize = 2000

// BenchmarkBatchJSONL is `aia score --format jsonl -` over a stream of v1.0.1 saved
// files: read, decode, score, report and write, on all cores.
func BenchmarkBatchJSONL(b *testing.B) {
	stream := jsonLines(b, batchSize)
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	for b.Loop() {
		status := run(context.Background(), &env{
			args:  []string{"score", "--format", "jsonl", "--quiet", "-"},
			stdin: bytes.NewReader(stream), stdout: io.Discard, stderr: io.Discard,
		})
		if status != 0 {
			b.Fatalf("status %d", status)
		}
	}
	b.ReportMetric(float64(batchSize*b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkDecodeMapBaseline merely decodes the same lines with encoding/json into
// map[string]any, on all cores: the baseline BenchmarkBatchJSONL must beat.
func BenchmarkDecodeMapBaseline(b *testing.B) {
	stream := jsonLines(b, batchSize)
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
					if err := json.Unmarshal(lines[i], &m); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
	}
	b.ReportMetric(float64(batchSize*b.N)/b.Elapsed().Seconds(), "files/s")
}
