//go:build js && wasm

package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/wasm/store"
)

// These tests need a browser's IndexedDB: wasm/server's TestStoreInBrowser runs them in
// headless Chromium.

func open(t *testing.T) (*store.Store, string) {
	t.Helper()
	ctx := context.Background()
	name := "aia-test-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	s, err := store.Open(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		if err := store.Delete(context.Background(), name); err != nil {
			t.Errorf("delete database: %v", err)
		}
	})
	return s, name
}

func TestPutGetList(t *testing.T) {
	s, _ := open(t)
	ctx := context.Background()
	clock := time.UnixMilli(1_700_000_000_000)
	s.Now = func() time.Time { return clock }

	a, err := s.Put(ctx, store.Record{Title: "First", Version: "v1.0.1", File: `{"data":{}}`})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.Created != clock.UnixMilli() || a.Updated != a.Created {
		t.Fatalf("new record %+v: want an ID and created = updated = now", a)
	}
	clock = clock.Add(time.Minute)
	b, err := s.Put(ctx, store.Record{Title: "Second", Version: "v0.9", File: `{"version":"v0.9","data":{}}`})
	if err != nil {
		t.Fatal(err)
	}
	if b.ID == a.ID {
		t.Fatal("two new records got the same ID")
	}
	// Updating keeps the creation time; stamps keep increasing even when the clock
	// does not move.
	a.Title, a.File, a.Created = "First, renamed", `{"data":{"x":1}}`, 0
	a2, err := s.Put(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if a2.Created != a.Updated || a2.Updated <= b.Updated {
		t.Errorf("updated record %+v: want created %d and updated after %d", a2, a.Updated, b.Updated)
	}
	got, err := s.Get(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got != a2 {
		t.Errorf("Get = %+v, want %+v", got, a2)
	}
	list, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
		t.Fatalf("List = %+v, want the renamed record first", list)
	}
	if list[0].File != "" || list[0].Title != "First, renamed" || list[1].Version != "v0.9" {
		t.Errorf("List = %+v, want titles and versions without files", list)
	}
	if _, err := s.Get(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get(nope) error = %v, want ErrNotFound", err)
	}
}

func TestDuplicateRemove(t *testing.T) {
	s, _ := open(t)
	ctx := context.Background()
	a, err := s.Put(ctx, store.Record{Title: "Original", Version: "v1.0.1", File: `{"data":{"projectDetailsTitle":"Original"}}`})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Duplicate(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == a.ID || c.File != a.File || c.Title != a.Title || c.Created < a.Created {
		t.Errorf("duplicate %+v of %+v", c, a)
	}
	if err := s.Remove(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removed record still there: %v", err)
	}
	if err := s.Remove(ctx, a.ID); err != nil {
		t.Errorf("removing twice: %v", err)
	}
	list, err := s.List(ctx)
	if err != nil || len(list) != 1 || list[0].ID != c.ID {
		t.Errorf("List = %+v, %v; want the copy only", list, err)
	}
	if _, err := s.Duplicate(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Duplicate(nope) error = %v", err)
	}
}

func TestSettingsAndReopen(t *testing.T) {
	s, name := open(t)
	ctx := context.Background()
	if v, ok, err := s.Setting(ctx, "lang"); err != nil || ok || v != "" {
		t.Errorf("unset setting = %q, %v, %v", v, ok, err)
	}
	if err := s.SetSetting(ctx, "lang", "fr"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, "lang", "en"); err != nil {
		t.Fatal(err)
	}
	r, err := s.Put(ctx, store.Record{Title: "Kept", File: "{}"})
	if err != nil {
		t.Fatal(err)
	}
	// A second connection (a reload) sees everything.
	s2, err := store.Open(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if v, ok, err := s2.Setting(ctx, "lang"); err != nil || !ok || v != "en" {
		t.Errorf("setting after reopening = %q, %v, %v", v, ok, err)
	}
	if got, err := s2.Get(ctx, r.ID); err != nil || got != r {
		t.Errorf("record after reopening = %+v, %v", got, err)
	}
}

func TestCancelledContext(t *testing.T) {
	s, _ := open(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// Each call must give up at once with the context's error, never hang (go-indexeddb's
	// own waits can, with a context already done); repeated, as the hang was a coin toss.
	calls := map[string]func() error{
		"Put":        func() error { _, err := s.Put(ctx, store.Record{Title: "x", File: "{}"}); return err },
		"Save":       func() error { _, _, err := s.Save(ctx, "x", "{}", "{}", 1, describe); return err },
		"Get":        func() error { _, err := s.Get(ctx, "x"); return err },
		"List":       func() error { _, err := s.List(ctx); return err },
		"Remove":     func() error { return s.Remove(ctx, "x") },
		"SetSetting": func() error { return s.SetSetting(ctx, "k", "v") },
	}
	for name, call := range calls {
		for range 20 {
			done := make(chan error, 1)
			go func() { done <- call() }()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("%s with a cancelled context: %v, want context.Canceled", name, err)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("%s with a cancelled context did not return", name)
			}
		}
	}
	// The store still works afterwards.
	if _, err := s.Put(context.Background(), store.Record{Title: "after", File: "{}"}); err != nil {
		t.Fatal(err)
	}
}

// describe stands for the app's: a title from the saved file's data, an error for a
// text that is not a JSON object.
func describe(file string) (string, string, error) {
	var f struct {
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(file), &f); err != nil {
		return "", "", err
	}
	title, _ := f.Data["projectDetailsTitle"].(string)
	return title, "v1.0.1", nil
}

// answers returns the data of a saved file's text.
func answers(t *testing.T, file string) map[string]any {
	t.Helper()
	var f struct {
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(file), &f); err != nil {
		t.Fatalf("%v: %s", err, file)
	}
	return f.Data
}

// TestSaveMergesTabs plays two tabs (two connections to one database) that edit the
// same assessment from the same stored revision: neither loses the other's answers.
func TestSaveMergesTabs(t *testing.T) {
	tabA, name := open(t)
	ctx := context.Background()
	tabB, err := store.Open(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	defer tabB.Close()
	base := `{"version":"v1.0.1","data":{"projectDetailsTitle":"Start","projectDetailsBranch":"B0","projectDetailsProgram":"P0"}}`
	r, err := tabA.Put(ctx, store.Record{Title: "Start", Version: "v1.0.1", File: base})
	if err != nil {
		t.Fatal(err)
	}
	if r.Rev != 1 {
		t.Fatalf("new record at revision %d, want 1", r.Rev)
	}
	// Both tabs opened revision 1. A changes the branch: nobody wrote since, so A's
	// text is stored as it is.
	mineA := `{"version":"v1.0.1","data":{"projectDetailsTitle":"Start","projectDetailsBranch":"Branch A","projectDetailsProgram":"P0"}}`
	a, written, err := tabA.Save(ctx, r.ID, mineA, base, 1, describe)
	if err != nil || !written || a.Rev != 2 || a.File != mineA || a.Created != r.Created {
		t.Fatalf("A's save = %+v, written %v, %v; want revision 2 with A's text", a, written, err)
	}
	// B, still at revision 1, changes the program: A's branch stays.
	mineB := `{"version":"v1.0.1","data":{"projectDetailsTitle":"Start","projectDetailsBranch":"B0","projectDetailsProgram":"Program B"}}`
	b, written, err := tabB.Save(ctx, r.ID, mineB, base, 1, describe)
	if err != nil || !written || b.Rev != 3 {
		t.Fatalf("B's save = %+v, written %v, %v; want revision 3", b, written, err)
	}
	want := map[string]any{"projectDetailsTitle": "Start", "projectDetailsBranch": "Branch A", "projectDetailsProgram": "Program B"}
	if diff := cmp.Diff(want, answers(t, b.File)); diff != "" {
		t.Errorf("after B's stale save (-want +got):\n%s", diff)
	}
	if got, err := tabA.Get(ctx, r.ID); err != nil || got != b {
		t.Errorf("stored %+v, %v; want what Save returned, %+v", got, err, b)
	}
	// A, still at revision 2, changes the program too and the title: for the program
	// the later write (A's) wins; B's other answers are kept.
	mineA2 := `{"version":"v1.0.1","data":{"projectDetailsTitle":"Title A","projectDetailsBranch":"Branch A","projectDetailsProgram":"Program A"}}`
	a2, written, err := tabA.Save(ctx, r.ID, mineA2, mineA, 2, describe)
	if err != nil || !written || a2.Rev != 4 || a2.Title != "Title A" {
		t.Fatalf("A's second save = %+v, written %v, %v; want revision 4 titled Title A", a2, written, err)
	}
	want = map[string]any{"projectDetailsTitle": "Title A", "projectDetailsBranch": "Branch A", "projectDetailsProgram": "Program A"}
	if diff := cmp.Diff(want, answers(t, a2.File)); diff != "" {
		t.Errorf("after A's second save (-want +got):\n%s", diff)
	}
	// B removes the branch, from revision 3: a removal is a change too.
	mineB2 := `{"version":"v1.0.1","data":{"projectDetailsTitle":"Start","projectDetailsProgram":"Program B"}}`
	b2, _, err := tabB.Save(ctx, r.ID, mineB2, b.File, 3, describe)
	if err != nil {
		t.Fatal(err)
	}
	want = map[string]any{"projectDetailsTitle": "Title A", "projectDetailsProgram": "Program A"}
	if diff := cmp.Diff(want, answers(t, b2.File)); diff != "" {
		t.Errorf("after B's removal (-want +got):\n%s", diff)
	}
	// A tab with nothing of its own catches up without writing.
	same, written, err := tabA.Save(ctx, r.ID, a2.File, a2.File, 4, describe)
	if err != nil || written || same != b2 {
		t.Errorf("catching up = %+v, written %v, %v; want the stored %+v, not written", same, written, err, b2)
	}
	// A text that is not a saved file is refused, and nothing is written.
	if _, _, err := tabA.Save(ctx, r.ID, `{"data":`, b2.File, b2.Rev, describe); err == nil {
		t.Error("saving a broken text: no error")
	}
	if got, _ := tabA.Get(ctx, r.ID); got != b2 {
		t.Errorf("after a refused save the record is %+v, want %+v", got, b2)
	}
	// A record deleted by another tab is stored again.
	if err := tabB.Remove(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	again, written, err := tabA.Save(ctx, r.ID, mineA2, b2.File, b2.Rev, describe)
	if err != nil || !written || again.Rev != 1 || again.File != mineA2 {
		t.Errorf("saving a deleted record = %+v, written %v, %v; want it stored again", again, written, err)
	}
	// Its revision starts again at 1: a tab based on the first revision 1 still merges.
	mineB3 := `{"version":"v1.0.1","data":{"projectDetailsTitle":"Start","projectDetailsBranch":"B0","projectDetailsProgram":"P0","projectDetailsID":"ID B"}}`
	b3, _, err := tabB.Save(ctx, r.ID, mineB3, base, 1, describe)
	if err != nil {
		t.Fatal(err)
	}
	want = map[string]any{"projectDetailsTitle": "Title A", "projectDetailsBranch": "Branch A", "projectDetailsProgram": "Program A", "projectDetailsID": "ID B"}
	if diff := cmp.Diff(want, answers(t, b3.File)); diff != "" {
		t.Errorf("after a stale save on the record stored again (-want +got):\n%s", diff)
	}
}

// TestSaveConcurrent runs many stale saves from two connections at once, each adding an
// answer of its own: since each save reads and writes in one transaction, none is lost.
func TestSaveConcurrent(t *testing.T) {
	tabA, name := open(t)
	ctx := context.Background()
	tabB, err := store.Open(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	defer tabB.Close()
	base := `{"version":"v1.0.1","data":{}}`
	r, err := tabA.Put(ctx, store.Record{File: base})
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	errs := make(chan error, n)
	for i := range n {
		tab := tabA
		if i%2 == 1 {
			tab = tabB
		}
		go func() {
			key := "q" + strconv.Itoa(i)
			_, _, err := tab.Save(ctx, r.ID, `{"version":"v1.0.1","data":{"`+key+`":"`+key+`"}}`, base, 1, describe)
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	got, err := tabA.Get(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{}
	for i := range n {
		want["q"+strconv.Itoa(i)] = "q" + strconv.Itoa(i)
	}
	if diff := cmp.Diff(want, answers(t, got.File)); diff != "" {
		t.Errorf("after %d concurrent stale saves (-want +got):\n%s", n, diff)
	}
	if got.Rev != n+1 {
		t.Errorf("revision %d after %d saves, want %d", got.Rev, n, n+1)
	}
}

func TestWithTimeout(t *testing.T) {
	ctx, cancel := store.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	<-ctx.Done()
	if err := context.Cause(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cause after the timeout: %v, want context.DeadlineExceeded", err)
	}
	ctx, cancel = store.WithTimeout(context.Background(), time.Hour)
	cancel()
	if err := context.Cause(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cause after cancel: %v, want context.Canceled", err)
	}
}
