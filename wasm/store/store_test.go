//go:build js && wasm

package store_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

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
