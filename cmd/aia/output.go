package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

// sink writes scored assessments in one output format.
type sink interface {
	write(o outcome[*aia.Report]) error
	// end writes what comes after the last assessment.
	end(s *summary) error
}

func newSink(w io.Writer, format string, lang questionnaire.Lang, summaryOnly bool) (sink, error) {
	if summaryOnly {
		return &summarySink{w: w, json: format == "jsonl", lang: lang}, nil
	}
	switch format {
	case "text":
		return &textSink{w: w, lang: lang}, nil
	case "jsonl":
		return &jsonlSink{w: w, lang: lang}, nil
	case "csv":
		return newCSVSink(w), nil
	}
	return nil, fmt.Errorf("%w: --format must be text, jsonl or csv, not %q", errUsage, format)
}

type textSink struct {
	w    io.Writer
	lang questionnaire.Lang
}

func (s *textSink) write(o outcome[*aia.Report]) error {
	if o.err != nil {
		_, err := fmt.Fprintf(s.w, "%s\n  %s: %v\n\n", o.source, label(s.lang, "error"), o.err)
		return err
	}
	return writeText(s.w, o.source, o.value, s.lang)
}

func (s *textSink) end(*summary) error { return nil }

type jsonlSink struct {
	w    io.Writer
	lang questionnaire.Lang
}

func (s *jsonlSink) write(o outcome[*aia.Report]) error {
	var rec any
	if o.err != nil {
		rec = struct {
			Source string `json:"source"`
			Error  string `json:"error"`
		}{o.source, o.err.Error()}
	} else {
		rec = newRecord(o.source, o.value, s.lang)
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	_, err = s.w.Write(append(b, '\n'))
	return err
}

func (s *jsonlSink) end(*summary) error { return nil }

// csvSink writes one RFC 4180 row per assessment. Its section columns are the pages of
// every embedded version that hold scored questions, so that a batch of mixed versions
// shares one header; a section an assessment's version lacks is left empty.
type csvSink struct {
	w        *csv.Writer
	sections []string
	started  bool
}

func newCSVSink(w io.Writer) *csvSink {
	s := &csvSink{w: csv.NewWriter(w)}
	seen := map[string]bool{}
	versions := questionnaire.Versions()
	for i := len(versions) - 1; i >= 0; i-- { // current version's order first
		for _, p := range versions[i].Pages {
			for _, x := range p.Questions {
				if x.Scored() && !seen[p.ID] {
					seen[p.ID] = true
					s.sections = append(s.sections, p.ID)
				}
			}
		}
	}
	return s
}

func (s *csvSink) write(o outcome[*aia.Report]) error {
	if !s.started {
		s.started = true
		header := []string{"source", "questionnaire", "level", "current", "raw", "mitigation", "deduction", "maxRaw", "maxMitigation"}
		for _, id := range s.sections {
			header = append(header, "section:"+id)
		}
		header = append(header, "warnings", "error")
		if err := s.w.Write(header); err != nil {
			return err
		}
	}
	row := make([]string, 0, 11+len(s.sections))
	if o.err != nil {
		row = append(row, o.source)
		for range 8 + len(s.sections) + 1 {
			row = append(row, "")
		}
		row = append(row, o.err.Error())
		return s.w.Write(row)
	}
	r := o.value
	itoa := strconv.Itoa
	row = append(row, o.source, r.Questionnaire, itoa(int(r.Level)), itoa(r.Current), itoa(r.Raw), itoa(r.Mitigation),
		strconv.FormatBool(r.Deduction), itoa(r.MaxRaw), itoa(r.MaxMitigation))
	for _, id := range s.sections {
		cell := ""
		for _, sec := range r.Sections {
			if sec.ID == id {
				cell = itoa(sec.Score)
				break
			}
		}
		row = append(row, cell)
	}
	row = append(row, itoa(len(r.Warnings)), "")
	return s.w.Write(row)
}

func (s *csvSink) end(*summary) error {
	s.w.Flush()
	return s.w.Error()
}

// summary gathers counts over a run, in memory that does not grow with the number of
// inputs (failures beyond maxListed are only counted).
type summary struct {
	Inputs       int            `json:"inputs"`
	Scored       int            `json:"scored"`
	Failed       int            `json:"failed"`
	WithWarnings int            `json:"withWarnings"`
	Bytes        int64          `json:"bytes"`
	Seconds      float64        `json:"seconds"`
	ByLevel      map[string]int `json:"byLevel"`
	ByVersion    map[string]int `json:"byQuestionnaire"`
	Failures     []failure      `json:"failures"`
	Slowest      []inputStat    `json:"slowest"`
	Largest      []inputStat    `json:"largest"`
	Interrupted  bool           `json:"interrupted,omitempty"`
	start        time.Time
}

type failure struct {
	Source string `json:"source"`
	Error  string `json:"error"`
}

type inputStat struct {
	Source string  `json:"source"`
	Bytes  int     `json:"bytes"`
	Millis float64 `json:"ms"`
}

const maxListed = 100

func newSummary() *summary {
	return &summary{ByLevel: map[string]int{}, ByVersion: map[string]int{}, Failures: []failure{}, start: time.Now()}
}

func (s *summary) add(o outcome[*aia.Report]) {
	s.Inputs++
	s.Bytes += int64(o.size)
	st := inputStat{Source: o.source, Bytes: o.size, Millis: float64(o.duration.Microseconds()) / 1000}
	s.Slowest = keepTop(s.Slowest, st, func(a, b inputStat) bool { return a.Millis > b.Millis })
	s.Largest = keepTop(s.Largest, st, func(a, b inputStat) bool { return a.Bytes > b.Bytes })
	if o.err != nil {
		s.Failed++
		if len(s.Failures) < maxListed {
			s.Failures = append(s.Failures, failure{o.source, o.err.Error()})
		}
		return
	}
	s.Scored++
	s.ByLevel[o.value.Level.String()]++
	s.ByVersion[o.value.Questionnaire]++
	if len(o.value.Warnings) > 0 {
		s.WithWarnings++
	}
}

// keepTop keeps the five greatest items by less.
func keepTop(list []inputStat, it inputStat, greater func(a, b inputStat) bool) []inputStat {
	const n = 5
	list = append(list, it)
	sort.SliceStable(list, func(i, j int) bool { return greater(list[i], list[j]) })
	if len(list) > n {
		list = list[:n]
	}
	return list
}

type summarySink struct {
	w    io.Writer
	json bool
	lang questionnaire.Lang
}

func (s *summarySink) write(outcome[*aia.Report]) error { return nil }

func (s *summarySink) end(sum *summary) error {
	if s.json {
		b, err := json.Marshal(sum)
		if err != nil {
			return err
		}
		_, err = s.w.Write(append(b, '\n'))
		return err
	}
	var b strings.Builder
	rate := 0.0
	if sum.Seconds > 0 {
		rate = float64(sum.Inputs) / sum.Seconds
	}
	fmt.Fprintf(&b, "Inputs: %d (%s) in %.2fs, %.0f/s\n", sum.Inputs, humanBytes(sum.Bytes), sum.Seconds, rate)
	fmt.Fprintf(&b, "Scored: %d   Failed: %d   With warnings: %d\n", sum.Scored, sum.Failed, sum.WithWarnings)
	if sum.Interrupted {
		b.WriteString("Interrupted: the counts cover the inputs read before the interruption.\n")
	}
	b.WriteString("\nBy level:\n")
	for _, l := range []string{"I", "II", "III", "IV"} {
		fmt.Fprintf(&b, "  %-4s %d\n", l, sum.ByLevel[l])
	}
	b.WriteString("\nBy questionnaire:\n")
	for _, v := range sortedKeys(sum.ByVersion) {
		fmt.Fprintf(&b, "  %-8s %d\n", v, sum.ByVersion[v])
	}
	if len(sum.Failures) > 0 {
		b.WriteString("\nFailures:\n")
		for _, f := range sum.Failures {
			fmt.Fprintf(&b, "  %s: %s\n", f.Source, f.Error)
		}
		if sum.Failed > len(sum.Failures) {
			fmt.Fprintf(&b, "  … and %d more\n", sum.Failed-len(sum.Failures))
		}
	}
	b.WriteString("\nSlowest inputs:\n")
	for _, st := range sum.Slowest {
		fmt.Fprintf(&b, "  %8.3f ms  %s\n", st.Millis, st.Source)
	}
	b.WriteString("\nLargest inputs:\n")
	for _, st := range sum.Largest {
		fmt.Fprintf(&b, "  %9s  %s\n", humanBytes(int64(st.Bytes)), st.Source)
	}
	_, err := io.WriteString(s.w, b.String())
	return err
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// atomicFile is an output file written under a temporary name and renamed into place
// only when the run succeeds, so that a failed run never leaves a half-written report.
type atomicFile struct {
	*os.File
	path string
}

func createAtomic(path string) (*atomicFile, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	return &atomicFile{File: f, path: path}, nil
}

// commit makes the file visible under its name.
func (f *atomicFile) commit() error {
	if err := f.Sync(); err != nil {
		f.abort()
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), f.path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// abort discards the file.
func (f *atomicFile) abort() {
	f.Close()
	os.Remove(f.Name())
}
