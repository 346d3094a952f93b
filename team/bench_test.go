//go:build !js

package team_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gc-aia/aia/team/storage"
)

// BenchmarkListAssessments lists, over HTTP, the 500 assessments of a member, each with
// 20 revisions of a real saved file, on SQLite.
//
//	go test -run '^$' -bench ListAssessments -benchtime 50x ./team/
func BenchmarkListAssessments(b *testing.B) {
	e := newEnv(b, "sqlite", nil)
	u := e.user("ana@x.ca", false)
	file := sample(b)
	const assessments, revisions = 500, 20
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range assessments {
		id := storage.NewID()
		a := storage.Assessment{ID: id, Title: fmt.Sprintf("Système n° %d", i), Version: "v1.0.1", Level: 1 + i%4, Created: t0}
		if err := e.store.CreateAssessment(ctx, a, file, u); err != nil {
			b.Fatal(err)
		}
		for n := 1; n < revisions; n++ {
			f := withAnswer(b, file, "projectDetailsBranch", fmt.Sprint("branch ", n))
			if _, err := e.store.SaveRevision(ctx, id, n, f, storage.Meta{Title: a.Title, Version: "v1.0.1", Level: a.Level}, u, 0, t0.Add(time.Duration(n)*time.Minute)); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		status, _, raw := e.call("ana@x.ca", "GET", "assessments", nil)
		if status != http.StatusOK {
			b.Fatalf("%d %s", status, raw)
		}
		var list []map[string]any
		if err := json.Unmarshal(raw, &list); err != nil || len(list) != assessments || list[0]["revision"] != float64(revisions) {
			b.Fatalf("%d assessments listed: %v", len(list), err)
		}
	}
}
