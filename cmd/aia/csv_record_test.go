package main

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
)

// TestCSVFieldAsEncodingCSV: appendCSVField writes every field as encoding/csv does.
func TestCSVFieldAsEncodingCSV(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	parts := []string{"", "a", " ", "\t", "\u00a0", "\u2028", ",", "\"", "\"\"", "\r", "\n", "\r\n", `\.`, `\`, ".", "é", "=1", "-:3", "\xff", "x y"}
	for range 20000 {
		var fields []string
		for range 1 + rng.IntN(4) {
			f := ""
			for range rng.IntN(4) {
				f += parts[rng.IntN(len(parts))]
			}
			fields = append(fields, f)
		}
		var b []byte
		for i, f := range fields {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCSVField(b, f)
		}
		b = append(b, '\n')
		if want := csvRow(fields); string(b) != string(want) {
			t.Fatalf("%q: %q, encoding/csv writes %q", fields, b, want)
		}
	}
}

// TestCSVRecordAsEncodingCSV: the rows of --format csv are those encoding/csv writes of
// the cells, on the generated corpus and on errors.
func TestCSVRecordAsEncodingCSV(t *testing.T) {
	f := newCSVFormat(nil)
	s := aia.NewScorer(aia.Options{NoQuestionScores: true})
	lines := bytes.Split(bytes.TrimSpace(newCorpus(5).jsonLines(300)), []byte("\n"))
	for i, line := range lines {
		source := "-:" + strconv.Itoa(i)
		if i%7 == 0 {
			source = "=dir/a \"b\",\n.json"
		}
		rep, err := s.ScoreFile(line)
		if i%11 == 0 {
			rep, err = nil, errors.New("line 1, column 2: bad \"thing\",\nhere")
		}
		got, ferr := f.record(source, rep, err)
		if ferr != nil {
			t.Fatal(ferr)
		}
		if diff := cmp.Diff(string(csvReference(f, source, rep, err)), string(got)); diff != "" {
			t.Fatalf("row %d (-encoding/csv +record):\n%s", i, diff)
		}
	}
}

// csvReference is the row as encoding/csv writes its cells.
func csvReference(f *csvFormat, source string, r *aia.Report, err error) []byte {
	row := []string{csvCell(source)}
	if err != nil {
		for range 8 + len(f.sections) + 1 {
			row = append(row, "")
		}
		return csvRow(append(row, csvCell(err.Error())))
	}
	itoa := strconv.Itoa
	row = append(row, csvCell(r.Questionnaire), itoa(int(r.Level)), itoa(r.Current), itoa(r.Raw), itoa(r.Mitigation),
		strconv.FormatBool(r.Deduction), itoa(r.MaxRaw), itoa(r.MaxMitigation))
	for _, id := range f.sections {
		cell := ""
		for _, sec := range r.Sections {
			if sec.ID == id {
				cell = itoa(sec.Score)
				break
			}
		}
		row = append(row, cell)
	}
	return csvRow(append(row, itoa(len(r.Warnings)), ""))
}
