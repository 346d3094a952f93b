//go:build js && wasm

// Package store keeps assessments in the browser's IndexedDB, with
// github.com/hack-pad/go-indexeddb.
//
// Every method waits for IndexedDB, so it must run on a goroutine of its own, never in
// a JavaScript callback: the bridge calls them from goroutines and hands JavaScript a
// Promise. Every wait has a deadline (Store.Timeout).
package store

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"syscall/js"
	"time"

	"github.com/hack-pad/go-indexeddb/idb"

	"github.com/gc-aia/aia/internal/localize"
)

// The database layout. Version 1: an "assessments" store keyed by "id" and a
// "settings" store of strings with keys of their own. Version 2 adds a
// "questionnaires" store of questionnaire files keyed by "version"; the upgrade keeps
// the other stores as they are.
const (
	dbVersion      = 2
	assessments    = "assessments"
	settings       = "settings"
	questionnaires = "questionnaires"
)

// DefaultTimeout bounds every wait for IndexedDB.
const DefaultTimeout = 10 * time.Second

// ErrNotFound is returned for an assessment that is not stored.
var ErrNotFound = localize.Errorf("assessment not found", "évaluation introuvable")

// Record is one stored assessment.
type Record struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Version string `json:"version"`
	Created int64  `json:"created"` // Unix milliseconds
	Updated int64  `json:"updated"` // Unix milliseconds
	// Rev counts the writes of the record: 1 for a new one, one more at each write
	// (0 for a record written before revisions were kept).
	Rev int64 `json:"rev"`
	// File is the text of the assessment's saved file; List leaves it out.
	File string `json:"file,omitempty"`
}

// Store is an open assessment database.
type Store struct {
	db *idb.Database
	// Timeout bounds every wait for IndexedDB.
	Timeout time.Duration
	// Now gives the time records are stamped with.
	Now func() time.Time

	mu   sync.Mutex // orders writes
	last int64      // the last Updated stamp given, to keep them increasing
}

// Open opens (and creates or upgrades) the named database.
func Open(ctx context.Context, name string) (*Store, error) {
	ctx, cancel := WithTimeout(ctx, DefaultTimeout)
	defer cancel()
	factory := idb.Global()
	if factory == nil {
		return nil, localize.Errorf("IndexedDB is not available", "IndexedDB n’est pas disponible")
	}
	req, err := factory.Open(ctx, name, dbVersion, func(db *idb.Database, oldVersion, newVersion uint) error {
		if oldVersion < 1 {
			if _, err := db.CreateObjectStore(assessments, idb.ObjectStoreOptions{KeyPath: js.ValueOf("id")}); err != nil {
				return err
			}
			if _, err := db.CreateObjectStore(settings, idb.ObjectStoreOptions{}); err != nil {
				return err
			}
		}
		if oldVersion < 2 {
			if _, err := db.CreateObjectStore(questionnaires, idb.ObjectStoreOptions{KeyPath: js.ValueOf("version")}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	db, err := wait(ctx, req.Await)
	if err != nil {
		return nil, err
	}
	return &Store{db: db, Timeout: DefaultTimeout, Now: time.Now}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Delete deletes the named database (tests use it).
func Delete(ctx context.Context, name string) error {
	ctx, cancel := WithTimeout(ctx, DefaultTimeout)
	defer cancel()
	req, err := idb.Global().DeleteDatabase(name)
	if err != nil {
		return err
	}
	return waitErr(ctx, req.Await)
}

func (s *Store) objectStore(mode idb.TransactionMode, name string) (*idb.Transaction, *idb.ObjectStore, error) {
	txn, err := s.db.Transaction(mode, name)
	if err != nil {
		return nil, nil, err
	}
	st, err := txn.ObjectStore(name)
	return txn, st, err
}

// List returns every stored assessment without its file, most recently updated first.
func (s *Store) List(ctx context.Context) ([]Record, error) {
	list := []Record{}
	err := s.each(ctx, assessments, func(v js.Value) {
		r := fromJS(v)
		r.File = ""
		list = append(list, r)
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b Record) int {
		return cmp.Or(cmp.Compare(b.Updated, a.Updated), cmp.Compare(a.ID, b.ID))
	})
	return list, nil
}

// each calls visit with every value of an object store, in one read-only transaction.
func (s *Store) each(ctx context.Context, name string, visit func(js.Value)) error {
	ctx, cancel := WithTimeout(ctx, s.Timeout)
	defer cancel()
	_, st, err := s.objectStore(idb.TransactionReadOnly, name)
	if err != nil {
		return err
	}
	req, err := st.OpenCursor(idb.CursorNext)
	if err != nil {
		return err
	}
	return waitErr(ctx, func(ctx context.Context) error {
		return req.Iter(ctx, func(c *idb.CursorWithValue) error {
			v, err := c.Value()
			if err != nil {
				return err
			}
			visit(v)
			return nil
		})
	})
}

// Get returns a stored assessment with its file.
func (s *Store) Get(ctx context.Context, id string) (Record, error) {
	ctx, cancel := WithTimeout(ctx, s.Timeout)
	defer cancel()
	_, st, err := s.objectStore(idb.TransactionReadOnly, assessments)
	if err != nil {
		return Record{}, err
	}
	req, err := st.Get(js.ValueOf(id))
	if err != nil {
		return Record{}, err
	}
	v, err := wait(ctx, req.Await)
	if err != nil {
		return Record{}, err
	}
	if v.IsUndefined() || v.IsNull() {
		return Record{}, ErrNotFound
	}
	return fromJS(v), nil
}

// Put stores an assessment and returns it as stored: a new ID when it had none, Created
// kept from the stored record (or now), Updated now, Rev one more than the stored one.
// It overwrites the stored file; Save merges with it.
func (s *Store) Put(ctx context.Context, r Record) (Record, error) {
	if r.ID == "" {
		r.ID = s.newID()
	}
	got, _, err := s.update(ctx, r.ID, func(old Record, found bool) (Record, bool, error) {
		r.Created = old.Created
		return r, true, nil
	})
	return got, err
}

// Describe gives the title and questionnaire version of a saved file's text, or an
// error for a text that is not a saved file.
type Describe func(file string) (title, version string, err error)

// Save stores file as the text of assessment id, as a tab edited it from base, the
// text it read or wrote at revision baseRev. When another tab (another connection)
// wrote the record since, the two are merged answer by answer (Merge): what this tab
// changed since base wins, everything else is the other tab's. The read and the write
// are one IndexedDB transaction, so no other write can come between them.
//
// Save returns the record as stored, with its file, and whether it wrote: when the
// merged text holds the same value as the stored one, nothing is written (a tab with
// nothing of its own to add just catches up). A record that is not stored (deleted by
// another tab) is stored again. With base "", file is written as it is. The revision
// tells whether another tab wrote; the stored text is compared with base too, for a
// record deleted and stored again (its revision starts again at 1).
func (s *Store) Save(ctx context.Context, id, file, base string, baseRev int64, describe Describe) (Record, bool, error) {
	if id == "" {
		return Record{}, false, localize.Errorf("no assessment to save", "aucune évaluation à enregistrer")
	}
	return s.update(ctx, id, func(old Record, found bool) (Record, bool, error) {
		text := file
		if found && base != "" && (old.Rev != baseRev || old.File != base) {
			m, err := Merge([]byte(base), []byte(file), []byte(old.File))
			if err != nil {
				return Record{}, false, err
			}
			text = string(m)
		}
		if found && SameFile([]byte(text), []byte(old.File)) {
			return old, false, nil
		}
		title, version, err := describe(text)
		if err != nil {
			return Record{}, false, err
		}
		return Record{ID: id, Title: title, Version: version, Created: old.Created, File: text}, true, nil
	})
}

// update reads record id and writes what fn makes of it (when fn says to write), in one
// readwrite transaction: fn runs in the read request's success event, while the
// transaction is active, and must not wait for anything. The record written gets
// Created (when zero) and Updated stamps and the next Rev.
func (s *Store) update(ctx context.Context, id string, fn func(old Record, found bool) (Record, bool, error)) (Record, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ctx, cancel := WithTimeout(ctx, s.Timeout)
	defer cancel()
	if ctx.Err() != nil {
		return Record{}, false, context.Cause(ctx)
	}
	txn, st, err := s.objectStore(idb.TransactionReadWrite, assessments)
	if err != nil {
		return Record{}, false, err
	}
	req, err := st.Get(js.ValueOf(id))
	if err != nil {
		return Record{}, false, err
	}
	var (
		result  Record
		written bool
		fnErr   error
	)
	listen, stopListening := context.WithCancel(context.Background())
	defer stopListening()
	err = req.ListenSuccess(listen, func() {
		v, err := req.Result()
		if err != nil {
			fnErr = err
			txn.Abort()
			return
		}
		var old Record
		found := !v.IsUndefined() && !v.IsNull()
		if found {
			old = fromJS(v)
		}
		r, write, err := fn(old, found)
		if err != nil {
			fnErr = err
			txn.Abort()
			return
		}
		if !write {
			result = old
			return
		}
		now := s.stamp()
		r.ID = id
		if r.Created == 0 {
			r.Created = now
		}
		r.Updated = now
		r.Rev = old.Rev + 1
		if _, err := st.Put(toJS(r)); err != nil {
			fnErr = err
			txn.Abort()
			return
		}
		result, written = r, true
	})
	if err != nil {
		return Record{}, false, err
	}
	err = waitErr(ctx, txn.Await)
	if fnErr != nil {
		return Record{}, false, fnErr
	}
	if err != nil {
		return Record{}, false, err
	}
	return result, written, nil
}

// Duplicate stores a copy of an assessment under a new ID.
func (s *Store) Duplicate(ctx context.Context, id string) (Record, error) {
	r, err := s.Get(ctx, id)
	if err != nil {
		return Record{}, err
	}
	r.ID, r.Created = "", 0
	return s.Put(ctx, r)
}

// Remove deletes a stored assessment; removing one that is not stored is no error.
func (s *Store) Remove(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ctx, cancel := WithTimeout(ctx, s.Timeout)
	defer cancel()
	txn, st, err := s.objectStore(idb.TransactionReadWrite, assessments)
	if err != nil {
		return err
	}
	if _, err := st.Delete(js.ValueOf(id)); err != nil {
		return err
	}
	return waitErr(ctx, txn.Await)
}

// Setting returns a stored setting ("" and false when it is not set).
func (s *Store) Setting(ctx context.Context, key string) (string, bool, error) {
	ctx, cancel := WithTimeout(ctx, s.Timeout)
	defer cancel()
	_, st, err := s.objectStore(idb.TransactionReadOnly, settings)
	if err != nil {
		return "", false, err
	}
	req, err := st.Get(js.ValueOf(key))
	if err != nil {
		return "", false, err
	}
	v, err := wait(ctx, req.Await)
	if err != nil {
		return "", false, err
	}
	if v.Type() != js.TypeString {
		return "", false, nil
	}
	return v.String(), true, nil
}

// SetSetting stores a setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ctx, cancel := WithTimeout(ctx, s.Timeout)
	defer cancel()
	txn, st, err := s.objectStore(idb.TransactionReadWrite, settings)
	if err != nil {
		return err
	}
	if _, err := st.PutKey(js.ValueOf(key), js.ValueOf(value)); err != nil {
		return err
	}
	return waitErr(ctx, txn.Await)
}

// Questionnaire is a stored questionnaire file.
type Questionnaire struct {
	// Version is the version name the engine registers the file under (the key).
	Version string `json:"version"`
	// Name is the name of the file it was loaded from.
	Name string `json:"name"`
	// Format is "native" or "surveyjs" (the official tool's file).
	Format string `json:"format"`
	Added  int64  `json:"added"` // Unix milliseconds
	// File is the text of the file; Questionnaires leaves it out when asked to.
	File string `json:"file,omitempty"`
}

// PutQuestionnaire stores a questionnaire file under its version, replacing any stored
// under that version; Added is set to now.
func (s *Store) PutQuestionnaire(ctx context.Context, q Questionnaire) (Questionnaire, error) {
	if q.Version == "" {
		return Questionnaire{}, localize.Errorf("a questionnaire file needs a version name", "un fichier de questionnaire doit avoir un nom de version")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ctx, cancel := WithTimeout(ctx, s.Timeout)
	defer cancel()
	txn, st, err := s.objectStore(idb.TransactionReadWrite, questionnaires)
	if err != nil {
		return Questionnaire{}, err
	}
	q.Added = s.stamp()
	if _, err := st.Put(js.ValueOf(map[string]any{"version": q.Version, "name": q.Name, "format": q.Format, "added": float64(q.Added), "file": q.File})); err != nil {
		return Questionnaire{}, err
	}
	return q, waitErr(ctx, txn.Await)
}

// Questionnaires returns the stored questionnaire files in the order they were added,
// with their texts when withFiles.
func (s *Store) Questionnaires(ctx context.Context, withFiles bool) ([]Questionnaire, error) {
	list := []Questionnaire{}
	err := s.each(ctx, questionnaires, func(v js.Value) {
		str := func(k string) string {
			if x := v.Get(k); x.Type() == js.TypeString {
				return x.String()
			}
			return ""
		}
		q := Questionnaire{Version: str("version"), Name: str("name"), Format: str("format")}
		if x := v.Get("added"); x.Type() == js.TypeNumber {
			q.Added = int64(x.Float())
		}
		if withFiles {
			q.File = str("file")
		}
		list = append(list, q)
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b Questionnaire) int {
		return cmp.Or(cmp.Compare(a.Added, b.Added), cmp.Compare(a.Version, b.Version))
	})
	return list, nil
}

// RemoveQuestionnaire deletes a stored questionnaire file; the assessments of its
// version are kept. Removing one that is not stored is no error.
func (s *Store) RemoveQuestionnaire(ctx context.Context, version string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ctx, cancel := WithTimeout(ctx, s.Timeout)
	defer cancel()
	txn, st, err := s.objectStore(idb.TransactionReadWrite, questionnaires)
	if err != nil {
		return err
	}
	if _, err := st.Delete(js.ValueOf(version)); err != nil {
		return err
	}
	return waitErr(ctx, txn.Await)
}

// stamp returns the time in Unix milliseconds, later than any stamp given before.
func (s *Store) stamp() int64 {
	now := s.Now().UnixMilli()
	if now <= s.last {
		now = s.last + 1
	}
	s.last = now
	return now
}

func (s *Store) newID() string {
	return strconv.FormatInt(s.Now().UnixMilli(), 36) + "-" + strconv.FormatUint(rand.Uint64()>>16, 36)
}

func toJS(r Record) js.Value {
	return js.ValueOf(map[string]any{
		"id":      r.ID,
		"title":   r.Title,
		"version": r.Version,
		"created": float64(r.Created),
		"updated": float64(r.Updated),
		"rev":     float64(r.Rev),
		"file":    r.File,
	})
}

func fromJS(v js.Value) Record {
	str := func(k string) string {
		if x := v.Get(k); x.Type() == js.TypeString {
			return x.String()
		}
		return ""
	}
	num := func(k string) int64 {
		if x := v.Get(k); x.Type() == js.TypeNumber {
			return int64(x.Float())
		}
		return 0
	}
	return Record{ID: str("id"), Title: str("title"), Version: str("version"), Created: num("created"), Updated: num("updated"), Rev: num("rev"), File: str("file")}
}

// wait runs a go-indexeddb wait on a goroutine with a context that is never canceled,
// and gives up when ctx is done. go-indexeddb's own waits can block for ever when their
// context ends (a canceled context makes two cases of a select ready at once, and the
// one that wins sends nothing), so the deadline is kept here instead. The abandoned
// wait ends when IndexedDB fires the request's or transaction's event.
func wait[T any](ctx context.Context, await func(context.Context) (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	c := make(chan result, 1)
	go func() {
		v, err := await(context.Background())
		c <- result{v, err}
	}()
	select {
	case r := <-c:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, context.Cause(ctx)
	}
}

// WithTimeout is context.WithTimeout for the browser engine: a timer cancels the context
// with context.DeadlineExceeded as its cause (context.Cause), and ctx.Err() is then
// context.Canceled. A deadline context would make the linker keep the formatting of
// times (through its String method), about 6 KB of the engine with brotli, which nothing
// else in the engine needs.
func WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(ctx)
	t := time.AfterFunc(d, func() { cancel(context.DeadlineExceeded) })
	return ctx, func() {
		t.Stop()
		cancel(context.Canceled)
	}
}

func waitErr(ctx context.Context, await func(context.Context) error) error {
	_, err := wait(ctx, func(ctx context.Context) (struct{}, error) { return struct{}{}, await(ctx) })
	return err
}
