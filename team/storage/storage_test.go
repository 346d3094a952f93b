//go:build !js

package storage_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/team/storage"
	"github.com/gc-aia/aia/team/storage/storagetest"
)

var ctx = context.Background()

func user(t *testing.T, s storage.Store, email string) storage.User {
	t.Helper()
	u := storage.User{ID: storage.NewID(), Email: email, Created: time.UnixMilli(1_700_000_000_000).UTC()}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestUsersSessionsTokens(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, s storage.Store) {
		ana := user(t, s, "ana@example.gc.ca")
		if err := s.CreateUser(ctx, storage.User{ID: storage.NewID(), Email: ana.Email}); !errors.Is(err, storage.ErrExists) {
			t.Fatalf("second user with the same e-mail: %v, want ErrExists", err)
		}
		got, err := s.UserByEmail(ctx, ana.Email)
		if err != nil || got.ID != ana.ID || !got.Created.Equal(ana.Created) {
			t.Fatalf("UserByEmail = %+v, %v", got, err)
		}
		if _, err := s.UserByEmail(ctx, "nobody@example.gc.ca"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("unknown e-mail: %v", err)
		}

		now := time.Now()
		if err := s.CreateInvitation(ctx, "inv-hash", ana.ID, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if u, err := s.UseInvitation(ctx, "inv-hash", now); err != nil || u.ID != ana.ID {
			t.Fatalf("UseInvitation = %+v, %v", u, err)
		}
		if _, err := s.UseInvitation(ctx, "inv-hash", now); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("an invitation used twice: %v", err)
		}
		s.CreateInvitation(ctx, "old", ana.ID, now.Add(-time.Minute))
		if _, err := s.UseInvitation(ctx, "old", now); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("an expired invitation: %v", err)
		}

		if err := s.CreateSession(ctx, "sess", storage.Session{User: ana, CSRF: "c", Expires: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if se, err := s.Session(ctx, "sess", now); err != nil || se.User.Email != ana.Email || se.CSRF != "c" {
			t.Fatalf("Session = %+v, %v", se, err)
		}
		if _, err := s.Session(ctx, "sess", now.Add(2*time.Hour)); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("expired session: %v", err)
		}
		s.CreateSession(ctx, "sess2", storage.Session{User: ana, CSRF: "d", Expires: now.Add(time.Hour)})
		if err := s.DeleteSessions(ctx, ana.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, "sess2", now); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("session after signing out everywhere: %v", err)
		}

		tok := storage.Token{ID: storage.NewID(), UserID: ana.ID, Name: "ci", Created: now}
		if err := s.CreateToken(ctx, "tok", tok); err != nil {
			t.Fatal(err)
		}
		if u, err := s.TokenUser(ctx, "tok"); err != nil || u.ID != ana.ID {
			t.Fatalf("TokenUser = %+v, %v", u, err)
		}
		if err := s.RevokeToken(ctx, ana.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, "tok"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("revoked token: %v", err)
		}
		if list, _ := s.Tokens(ctx, ana.ID); len(list) != 1 || !list[0].Revoked {
			t.Fatalf("Tokens = %+v", list)
		}

		ana.Disabled = true
		if err := s.UpdateUser(ctx, ana); err != nil {
			t.Fatal(err)
		}
		s.CreateToken(ctx, "tok2", storage.Token{ID: storage.NewID(), UserID: ana.ID, Name: "x", Created: now})
		if _, err := s.TokenUser(ctx, "tok2"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("a disabled user's token: %v", err)
		}
	})
}

func TestAssessmentsRevisionsMembers(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, s storage.Store) {
		ana, bo := user(t, s, "ana@example.gc.ca"), user(t, s, "bo@example.gc.ca")
		t0 := time.UnixMilli(1_700_000_000_000).UTC()
		a := storage.Assessment{ID: storage.NewID(), Title: "Benefits triage", Version: "v1.0.1", Level: 2, Created: t0}
		if err := s.CreateAssessment(ctx, a, []byte(`{"version":"v1.0.1","data":{}}`), ana); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Assessment(ctx, a.ID, bo.ID); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("a non-member reads: %v, want ErrNotFound", err)
		}
		got, err := s.Assessment(ctx, a.ID, ana.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := storage.Listed{Assessment: storage.Assessment{ID: a.ID, Title: a.Title, Version: "v1.0.1", Level: 2, Revision: 1, Created: t0, Updated: t0, Review: storage.Draft}, Role: storage.Owner}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("Assessment (-want +got):\n%s", diff)
		}

		n, err := s.SaveRevision(ctx, a.ID, 1, []byte(`{"version":"v1.0.1","data":{"x":1}}`), storage.Meta{Title: "Triage", Version: "v1.0.1", Level: 3}, ana, 0, t0.Add(time.Minute))
		if err != nil || n != 2 {
			t.Fatalf("SaveRevision = %d, %v", n, err)
		}
		_, err = s.SaveRevision(ctx, a.ID, 1, []byte(`{}`), storage.Meta{Level: 1}, ana, 0, t0)
		var conflict *storage.ConflictError
		if !errors.As(err, &conflict) || conflict.Current != 2 {
			t.Fatalf("a save on a stale base: %v, want a conflict at 2", err)
		}
		if r, err := s.Revision(ctx, a.ID, 1); err != nil || string(r.File) != `{"version":"v1.0.1","data":{}}` || r.Author != ana.Email {
			t.Fatalf("Revision 1 = %+v, %v", r, err)
		}
		if n, err := s.SaveRevision(ctx, a.ID, 2, []byte(`{"version":"v1.0.1","data":{}}`), storage.Meta{Level: 2}, ana, 1, t0.Add(2*time.Minute)); err != nil || n != 3 {
			t.Fatalf("restore: %d, %v", n, err)
		}
		revs, _ := s.Revisions(ctx, a.ID)
		var ns []int
		for _, r := range revs {
			ns = append(ns, r.N)
		}
		if diff := cmp.Diff([]int{3, 2, 1}, ns); diff != "" || revs[0].RestoredFrom != 1 || revs[0].File != nil {
			t.Fatalf("Revisions: %v %+v", diff, revs[0])
		}

		if err := s.SetMember(ctx, a.ID, storage.Member{UserID: bo.ID, Role: storage.Editor}); err != nil {
			t.Fatal(err)
		}
		if l, _ := s.Assessments(ctx, bo.ID); len(l) != 1 || l[0].Role != storage.Editor || l[0].Level != 2 || l[0].Revision != 3 {
			t.Fatalf("bo's list: %+v", l)
		}
		if err := s.SetMember(ctx, a.ID, storage.Member{UserID: ana.ID, Role: storage.Reader}); !errors.Is(err, storage.ErrLastOwner) {
			t.Fatalf("demoting the only owner: %v", err)
		}
		if err := s.RemoveMember(ctx, a.ID, ana.ID); !errors.Is(err, storage.ErrLastOwner) {
			t.Fatalf("removing the only owner: %v", err)
		}
		s.SetMember(ctx, a.ID, storage.Member{UserID: bo.ID, Role: storage.Owner, Reviewer: true})
		if err := s.RemoveMember(ctx, a.ID, ana.ID); err != nil {
			t.Fatalf("removing an owner when another is left: %v", err)
		}
		members, _ := s.Members(ctx, a.ID)
		if diff := cmp.Diff([]storage.Member{{UserID: bo.ID, Email: bo.Email, Role: storage.Owner, Reviewer: true}}, members); diff != "" {
			t.Fatal(diff)
		}

		c := storage.Comment{ID: storage.NewID(), Question: "impact1", Text: "Why « item2 » ?", Time: t0}
		if err := s.AddComment(ctx, a.ID, c, bo); err != nil {
			t.Fatal(err)
		}
		rc, err := s.ResolveComment(ctx, a.ID, c.ID, true)
		if err != nil || !rc.Resolved || rc.Author != bo.Email || rc.Text != c.Text {
			t.Fatalf("ResolveComment = %+v, %v", rc, err)
		}
		if _, err := s.ResolveComment(ctx, "other", c.ID, true); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("a comment through another assessment: %v", err)
		}

		if err := s.SetSectionReview(ctx, a.ID, storage.SectionReview{Section: "impact", Status: storage.SectionChanges, Comment: "more", Time: t0}, bo); err != nil {
			t.Fatal(err)
		}
		s.SetSectionReview(ctx, a.ID, storage.SectionReview{Section: "impact", Status: storage.SectionOK, Time: t0}, bo)
		if r, _ := s.SectionReviews(ctx, a.ID); len(r) != 1 || r[0].Status != storage.SectionOK || r[0].Reviewer != bo.Email {
			t.Fatalf("SectionReviews = %+v", r)
		}
		if err := s.SetReview(ctx, a.ID, storage.Approved, bo.Email, t0); err != nil {
			t.Fatal(err)
		}
		if l, _ := s.Assessment(ctx, a.ID, bo.ID); l.Review != storage.Approved || l.ApprovedBy != bo.Email || !l.ApprovedAt.Equal(t0) {
			t.Fatalf("after approval: %+v", l)
		}

		for i := range 3 {
			s.Record(ctx, storage.Event{Time: t0.Add(time.Duration(i) * time.Second), Actor: ana.Email, Action: fmt.Sprint("a", i), Assessment: a.ID})
		}
		s.Record(ctx, storage.Event{Time: t0, Actor: ana.Email, Action: "sign-in"})
		if err := s.DeleteAssessment(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Revision(ctx, a.ID, 1); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("a deleted assessment's revision: %v", err)
		}
		ev, _ := s.Events(ctx, a.ID, 0)
		var actions []string
		for _, e := range ev {
			actions = append(actions, e.Action)
		}
		if diff := cmp.Diff([]string{"a2", "a1", "a0"}, actions); diff != "" {
			t.Fatalf("the events of a deleted assessment are kept, newest first: %s", diff)
		}
		if all, _ := s.Events(ctx, "", 0); len(all) != 4 {
			t.Fatalf("%d events in all", len(all))
		}
	})
}

// TestConcurrentEditorsLoseNoUpdate has 50 editors save on one assessment at once,
// each retrying on a conflict: every save lands as its own revision.
func TestConcurrentEditorsLoseNoUpdate(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, s storage.Store) {
		ana := user(t, s, "ana@example.gc.ca")
		id := storage.NewID()
		s.CreateAssessment(ctx, storage.Assessment{ID: id, Title: "t", Version: "v1.0.1", Level: 1, Created: time.Now()}, []byte(`{}`), ana)
		const editors = 50
		var wg sync.WaitGroup
		conflicts := make([]int, editors)
		errs := make(chan error, editors)
		for e := range editors {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					cur, err := s.Assessment(ctx, id, ana.ID)
					if err != nil {
						errs <- err
						return
					}
					_, err = s.SaveRevision(ctx, id, cur.Revision, fmt.Appendf(nil, `{"editor":%d}`, e), storage.Meta{Level: 1}, ana, 0, time.Now())
					var c *storage.ConflictError
					if errors.As(err, &c) {
						conflicts[e]++
						continue
					}
					if err != nil {
						errs <- err
					}
					return
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		revs, _ := s.Revisions(ctx, id)
		if len(revs) != editors+1 {
			t.Fatalf("%d revisions after %d saves on revision 1, want %d", len(revs), editors, editors+1)
		}
		seen := map[string]bool{}
		for _, r := range revs[:editors] {
			full, _ := s.Revision(ctx, id, r.N)
			seen[string(full.File)] = true
		}
		total := 0
		for _, c := range conflicts {
			total += c
		}
		t.Logf("%d editors: %d distinct revisions, %d conflicts retried", editors, len(seen), total)
		if len(seen) != editors {
			t.Fatalf("%d distinct files among %d revisions: an update was lost", len(seen), editors)
		}
	})
}

func TestBackupIsAConsistentCopy(t *testing.T) {
	dir := t.TempDir()
	s, err := storage.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ana := user(t, s, "ana@example.gc.ca")
	s.CreateAssessment(ctx, storage.Assessment{ID: "a1", Title: "t", Version: "v1.0.1", Level: 1, Created: time.Now()}, []byte(`{"k":"é"}`), ana)
	out := filepath.Join(t.TempDir(), "backup")
	if err := s.Backup(ctx, filepath.Join(out, storage.DatabaseFile)); err == nil {
		t.Fatal("a backup into a missing directory succeeded")
	}
	os.Mkdir(out, 0o700)
	path := filepath.Join(out, storage.DatabaseFile)
	if err := s.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); runtime.GOOS != "windows" && (err != nil || fi.Mode().Perm()&0o077 != 0) {
		t.Errorf("backup readable by others (it holds password hashes): %v, %v", fi.Mode(), err)
	}
	if err := s.Backup(ctx, path); err == nil {
		t.Fatal("a backup overwrote a file")
	}
	b, err := storage.Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if r, err := b.Revision(ctx, "a1", 1); err != nil || string(r.File) != `{"k":"é"}` {
		t.Fatalf("the backup's revision: %+v, %v", r, err)
	}
}

func TestRoles(t *testing.T) {
	for _, c := range []struct {
		r, min storage.Role
		want   bool
	}{{storage.Owner, storage.Editor, true}, {storage.Editor, storage.Editor, true}, {storage.Commenter, storage.Editor, false}, {storage.Reader, storage.Commenter, false}, {storage.Commenter, storage.Reader, true}, {"admin", storage.Reader, false}} {
		if got := c.r.AtLeast(c.min); got != c.want {
			t.Errorf("%s.AtLeast(%s) = %v", c.r, c.min, got)
		}
	}
}

func TestPresence(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, s storage.Store) {
		ana, bo := user(t, s, "ana@example.gc.ca"), user(t, s, "bo@example.gc.ca")
		s.CreateAssessment(ctx, storage.Assessment{ID: "a1", Title: "t", Version: "v1.0.1", Level: 1, Created: time.Now()}, []byte(`{}`), ana)
		t0 := time.UnixMilli(1_700_000_000_000)
		if others, err := s.See(ctx, "a1", ana.ID, t0, t0.Add(-time.Minute)); err != nil || len(others) != 0 {
			t.Fatalf("alone: %v, %v", others, err)
		}
		others, _ := s.See(ctx, "a1", bo.ID, t0.Add(time.Second), t0.Add(-time.Minute))
		if diff := cmp.Diff([]string{ana.Email}, others); diff != "" {
			t.Fatal(diff)
		}
		s.See(ctx, "a1", bo.ID, t0.Add(2*time.Minute), t0)
		if others, _ := s.See(ctx, "a1", ana.ID, t0.Add(2*time.Minute), t0.Add(time.Minute)); len(others) != 1 || others[0] != bo.Email {
			t.Fatalf("bo seen again: %v", others)
		}
		if others, _ := s.See(ctx, "a1", bo.ID, t0.Add(5*time.Minute), t0.Add(4*time.Minute)); len(others) != 0 {
			t.Fatalf("ana left long ago: %v", others)
		}
	})
}
