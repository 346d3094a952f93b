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
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"syscall/js"
	"time"

	"github.com/hack-pad/go-indexeddb/idb"
)

// The database layout. Version 1: an "assessments" store keyed by "id" and a
// "settings" store of strings with keys of their own.
const (
	dbVersion   = 1
	assessments = "assessments"
	settings    = "settings"
)

// DefaultTimeout bounds every wait for IndexedDB.
const DefaultTimeout = 10 * time.Second

// ErrNotFound is returned for an assessment that is not stored.
var ErrNotFound = errors.New("assessment not found")

// Record is one stored assessment.
type Record struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Version string `json:"version"`
	Created int64  `json:"created"` // Unix milliseconds
	Updated int64  `json:"updated"` // Unix milliseconds
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
	ctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
	defer cancel()
	factory := idb.Global()
	if factory == nil {
		return nil, errors.New("IndexedDB is not available")
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
	ctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
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
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	_, st, err := s.objectStore(idb.TransactionReadOnly, assessments)
	if err != nil {
		return nil, err
	}
	req, err := st.OpenCursor(idb.CursorNext)
	if err != nil {
		return nil, err
	}
	list := []Record{}
	err = waitErr(ctx, func(ctx context.Context) error {
		return req.Iter(ctx, func(c *idb.CursorWithValue) error {
			v, err := c.Value()
			if err != nil {
				return err
			}
			r := fromJS(v)
			r.File = ""
			list = append(list, r)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b Record) int {
		return cmp.Or(cmp.Compare(b.Updated, a.Updated), cmp.Compare(a.ID, b.ID))
	})
	return list, nil
}

// Get returns a stored assessment with its file.
func (s *Store) Get(ctx context.Context, id string) (Record, error) {
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
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
// kept from the stored record (or now), Updated now.
func (s *Store) Put(ctx context.Context, r Record) (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.ID == "" {
		r.ID = s.newID()
	} else if old, err := s.Get(ctx, r.ID); err == nil {
		r.Created = old.Created
	} else if !errors.Is(err, ErrNotFound) {
		return Record{}, err
	}
	now := s.stamp()
	if r.Created == 0 {
		r.Created = now
	}
	r.Updated = now
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	txn, st, err := s.objectStore(idb.TransactionReadWrite, assessments)
	if err != nil {
		return Record{}, err
	}
	if _, err := st.Put(toJS(r)); err != nil {
		return Record{}, err
	}
	if err := waitErr(ctx, txn.Await); err != nil {
		return Record{}, err
	}
	return r, nil
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
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
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
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
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
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
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
	return Record{ID: str("id"), Title: str("title"), Version: str("version"), Created: num("created"), Updated: num("updated"), File: str("file")}
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
		return zero, ctx.Err()
	}
}

func waitErr(ctx context.Context, await func(context.Context) error) error {
	_, err := wait(ctx, func(ctx context.Context) (struct{}, error) { return struct{}{}, await(ctx) })
	return err
}
