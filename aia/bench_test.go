package aia_test

import (
	"os"
	"testing"

	"github.com/gc-aia/aia/aia"
)

func loadExample(b *testing.B) []byte {
	data, err := os.ReadFile("../examples/assessments/level2-implementation.json")
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// parsedExample returns the example assessment, parsed.
func parsedExample(b *testing.B) *aia.Assessment {
	f, err := aia.ParseSavedFile(loadExample(b))
	if err != nil {
		b.Fatal(err)
	}
	a, err := aia.FromFile(f, aia.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return a
}

// BenchmarkScore scores one parsed v1.0.1 assessment.
func BenchmarkScore(b *testing.B) {
	a := parsedExample(b)
	b.ReportAllocs()
	for b.Loop() {
		aia.Score(a)
	}
}

// BenchmarkScoreTo scores one parsed v1.0.1 assessment into the same Result each
// time, as a program scoring many in turn does.
func BenchmarkScoreTo(b *testing.B) {
	a := parsedExample(b)
	var r aia.Result
	b.ReportAllocs()
	for b.Loop() {
		aia.ScoreTo(&r, a)
	}
}

// BenchmarkScoreFile decodes one saved file and reports on it, end to end.
func BenchmarkScoreFile(b *testing.B) {
	data := loadExample(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := aia.ScoreFile(data, aia.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVisibility computes which questions of one parsed v1.0.1 assessment are
// shown: the part of BenchmarkScore that evaluates the conditions.
func BenchmarkVisibility(b *testing.B) {
	a := parsedExample(b)
	visible := a.Questionnaire.Visibility(a.Answers, nil)
	b.ReportAllocs()
	for b.Loop() {
		visible = a.Questionnaire.Visibility(a.Answers, visible)
	}
}
