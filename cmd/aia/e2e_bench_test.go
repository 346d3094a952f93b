//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkEndToEnd measures what users run: the built binary, `aia score -f FORMAT -`
// with a generated corpus of JSON Lines on standard input, and the output to /dev/null
// or to a file; in the same run, decoding the same stream into map[string]any with
// encoding/json on all cores (the baseline). It reports files/s, MB/s, the ratio to the
// baseline, the CPU time per file and the peak resident memory.
//
//	go test -run XXX -bench EndToEnd -benchtime 3x ./cmd/aia/
//
// AIA_BENCH_BINARY=/tmp/aia-old runs another build instead, to compare two versions on
// the same corpus under the same conditions.
func BenchmarkEndToEnd(b *testing.B) {
	const n = 20000
	bin := os.Getenv("AIA_BENCH_BINARY")
	if bin == "" {
		bin = builtBinary(b)
	}
	stream := newCorpus(2).jsonLines(n)
	dir := b.TempDir()
	input := filepath.Join(dir, "corpus.jsonl")
	if err := os.WriteFile(input, stream, 0o644); err != nil {
		b.Fatal(err)
	}
	baseline, baselineCPU := decodeBaseline(stream)
	// The process's own peak memory: a rusage from wait would mix in the go build of
	// the binary, another child of this process.
	timeCmd, _ := exec.LookPath("/usr/bin/time")
	rssFile := filepath.Join(dir, "rss")
	for _, c := range []struct{ name, format, output string }{
		{"jsonl-devnull", "jsonl", os.DevNull},
		{"jsonl-file", "jsonl", filepath.Join(dir, "out.jsonl")},
		{"csv-devnull", "csv", os.DevNull},
		{"csv-file", "csv", filepath.Join(dir, "out.csv")},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(stream)))
			var elapsed, cpu time.Duration
			var peak int64
			for b.Loop() {
				in, _ := os.Open(input)
				out, _ := os.Create(c.output)
				args := []string{bin, "score", "-f", c.format, "-q", "-"}
				if timeCmd != "" { // GNU time writes the peak resident size, in KiB
					args = append([]string{timeCmd, "-f", "%M", "-o", rssFile}, args...)
				}
				cmd := exec.Command(args[0], args[1:]...)
				cmd.Stdin, cmd.Stdout = in, out
				start := time.Now()
				err := cmd.Run()
				elapsed += time.Since(start)
				if ps := cmd.ProcessState; ps != nil { // wait4 counts the reaped grandchild too
					cpu += ps.UserTime() + ps.SystemTime()
				}
				in.Close()
				out.Close()
				if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() > 1 {
					b.Fatalf("aia score: %v", err)
				}
				// The last line: GNU time first says "Command exited with non-zero status 1".
				report := strings.TrimSpace(readFileString(rssFile))
				if kib, err := strconv.ParseInt(report[strings.LastIndexByte(report, '\n')+1:], 10, 64); err == nil {
					peak = max(peak, kib)
				}
			}
			rate := float64(n*b.N) / elapsed.Seconds()
			b.ReportMetric(rate, "files/s")
			b.ReportMetric(rate/baseline, "x-baseline")
			// CPU time per file: steadier than the rates when other work shares the machine.
			cpuPerFile := float64(cpu.Microseconds()) / float64(n*b.N)
			b.ReportMetric(cpuPerFile, "cpu-µs/file")
			b.ReportMetric(baselineCPU/cpuPerFile, "x-baseline-cpu")
			if peak > 0 {
				b.ReportMetric(float64(peak)/1024, "peak-MiB")
			}
		})
	}
	b.Logf("baseline (encoding/json into map[string]any, %d cores): %.0f files/s, %.1f cpu-µs/file", runtime.GOMAXPROCS(0), baseline, baselineCPU)
}

func readFileString(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// decodeBaseline returns the files per second of decoding the stream's lines into
// map[string]any with encoding/json on all cores, and the CPU time per file in
// microseconds (best of three each). The CPU time is this process's, so the ratio of
// CPU times holds even when other work shares the machine and the rates do not.
func decodeBaseline(stream []byte) (rate, cpuPerFile float64) {
	lines := bytes.Split(bytes.TrimSpace(stream), []byte("\n"))
	best, bestCPU := 0.0, math.Inf(1)
	for range 3 {
		cpuStart := processCPU()
		start := time.Now()
		workers := runtime.GOMAXPROCS(0)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := w; i < len(lines); i += workers {
					var m map[string]any
					json.Unmarshal(lines[i], &m)
				}
			})
		}
		wg.Wait()
		best = max(best, float64(len(lines))/time.Since(start).Seconds())
		bestCPU = min(bestCPU, float64((processCPU()-cpuStart).Microseconds())/float64(len(lines)))
	}
	return best, bestCPU
}

// processCPU is the user and system time this process has used.
func processCPU() time.Duration {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
