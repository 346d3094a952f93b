//go:build js && wasm

package store_test

import (
	"context"
	"strconv"
	"syscall/js"
	"testing"
	"time"

	"github.com/hack-pad/go-indexeddb/idb"

	"github.com/gc-aia/aia/wasm/store"
)

func TestQuestionnaires(t *testing.T) {
	s, name := open(t)
	ctx := context.Background()
	a, err := s.Put(ctx, store.Record{Title: "Of the new release", Version: "v2.0.0", File: `{"version":"v2.0.0","data":{}}`})
	if err != nil {
		t.Fatal(err)
	}
	if list, err := s.Questionnaires(ctx, true); err != nil || len(list) != 0 {
		t.Fatalf("Questionnaires of a new database = %+v, %v", list, err)
	}
	if _, err := s.PutQuestionnaire(ctx, store.Questionnaire{Name: "x.json", File: "{}"}); err == nil {
		t.Error("a questionnaire without a version was stored")
	}
	q1, err := s.PutQuestionnaire(ctx, store.Questionnaire{Version: "v2.0.0", Name: "survey-enfr.json", Format: "surveyjs", File: `{"pages":[]}`})
	if err != nil {
		t.Fatal(err)
	}
	q2, err := s.PutQuestionnaire(ctx, store.Questionnaire{Version: "v1.9", Name: "native.json", Format: "native", File: `{"format":"x"}`})
	if err != nil {
		t.Fatal(err)
	}
	if q1.Added == 0 || q2.Added <= q1.Added {
		t.Errorf("added stamps %d, %d", q1.Added, q2.Added)
	}
	list, err := s.Questionnaires(ctx, false)
	if err != nil || len(list) != 2 || list[0].Version != "v2.0.0" || list[1].Version != "v1.9" || list[0].File != "" || list[0].Name != "survey-enfr.json" || list[0].Format != "surveyjs" {
		t.Errorf("Questionnaires(false) = %+v, %v", list, err)
	}
	// A second connection (a reload) sees them, with their files.
	s2, err := store.Open(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	list, err = s2.Questionnaires(ctx, true)
	if err != nil || len(list) != 2 || list[0] != q1 || list[1] != q2 {
		t.Errorf("Questionnaires(true) after reopening = %+v, %v", list, err)
	}
	// Removing one keeps the assessments of its version.
	if err := s.RemoveQuestionnaire(ctx, "v2.0.0"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveQuestionnaire(ctx, "v2.0.0"); err != nil {
		t.Errorf("removing twice: %v", err)
	}
	list, err = s.Questionnaires(ctx, false)
	if err != nil || len(list) != 1 || list[0].Version != "v1.9" {
		t.Errorf("Questionnaires after removal = %+v, %v", list, err)
	}
	if got, err := s.Get(ctx, a.ID); err != nil || got != a {
		t.Errorf("assessment after removing its questionnaire = %+v, %v", got, err)
	}
}

// TestUpgradeFromVersion1 opens a database of the first layout, with an assessment and
// a setting, and checks that the upgrade keeps them and adds the questionnaire store.
func TestUpgradeFromVersion1(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	name := "aia-test-v1-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	req, err := idb.Global().Open(ctx, name, 1, func(db *idb.Database, oldVersion, newVersion uint) error {
		if _, err := db.CreateObjectStore("assessments", idb.ObjectStoreOptions{KeyPath: js.ValueOf("id")}); err != nil {
			return err
		}
		_, err := db.CreateObjectStore("settings", idb.ObjectStoreOptions{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	db, err := req.Await(ctx)
	if err != nil {
		t.Fatal(err)
	}
	txn, err := db.Transaction(idb.TransactionReadWrite, "assessments", "settings")
	if err != nil {
		t.Fatal(err)
	}
	as, _ := txn.ObjectStore("assessments")
	if _, err := as.Put(js.ValueOf(map[string]any{"id": "old-1", "title": "Before the upgrade", "version": "v1.0.1", "created": 1.0, "updated": 2.0, "file": `{"data":{}}`})); err != nil {
		t.Fatal(err)
	}
	st, _ := txn.ObjectStore("settings")
	if _, err := st.PutKey(js.ValueOf("lang"), js.ValueOf("fr")); err != nil {
		t.Fatal(err)
	}
	if err := txn.Await(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()

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
	r, err := s.Get(ctx, "old-1")
	if err != nil || r.Title != "Before the upgrade" || r.File != `{"data":{}}` || r.Updated != 2 {
		t.Errorf("assessment after the upgrade = %+v, %v", r, err)
	}
	if v, ok, err := s.Setting(ctx, "lang"); err != nil || !ok || v != "fr" {
		t.Errorf("setting after the upgrade = %q, %v, %v", v, ok, err)
	}
	if _, err := s.PutQuestionnaire(ctx, store.Questionnaire{Version: "v2", Name: "a.json", Format: "native", File: "{}"}); err != nil {
		t.Errorf("questionnaire store after the upgrade: %v", err)
	}
	if list, err := s.Questionnaires(ctx, false); err != nil || len(list) != 1 {
		t.Errorf("Questionnaires after the upgrade = %+v, %v", list, err)
	}
}
