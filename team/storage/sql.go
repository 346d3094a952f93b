//go:build !js

package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DatabaseFile is the name of the SQLite database in the data directory.
const DatabaseFile = "aia-team.db"

// Open opens the store at database, a postgres:// or postgresql:// URL, or else the
// data directory of a SQLite database (created if needed), and applies the migrations
// it lacks.
func Open(ctx context.Context, database string) (Store, error) {
	s := &sqlStore{}
	var err error
	if strings.HasPrefix(database, "postgres://") || strings.HasPrefix(database, "postgresql://") {
		s.postgres = true
		s.db, err = sql.Open("pgx", database)
		if err != nil {
			return nil, fmt.Errorf("PostgreSQL: %w", err)
		}
		s.db.SetMaxOpenConns(20)
	} else {
		if err := os.MkdirAll(database, 0o700); err != nil {
			return nil, fmt.Errorf("data directory: %w", err)
		}
		s.path = filepath.Join(database, DatabaseFile)
		// WAL lets readers work while one connection writes; synchronous(FULL) makes a
		// commit durable before it is acknowledged; _txlock=immediate takes the write
		// lock at BEGIN, so two writers wait for each other (busy_timeout) instead of
		// failing on an upgrade.
		q := url.Values{"_pragma": {"foreign_keys(1)", "journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(20000)"}, "_txlock": {"immediate"}}
		s.db, err = sql.Open("sqlite", "file:"+(&url.URL{Path: s.path}).EscapedPath()+"?"+q.Encode())
		if err != nil {
			return nil, fmt.Errorf("SQLite %s: %w", s.path, err)
		}
		s.db.SetMaxOpenConns(8)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("%s: %w", s.name(), err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

type sqlStore struct {
	db       *sql.DB
	postgres bool
	path     string // the SQLite file
}

func (s *sqlStore) name() string {
	if s.postgres {
		return "PostgreSQL"
	}
	return "SQLite " + s.path
}

func (s *sqlStore) migrate(ctx context.Context) error {
	dialect := goose.DialectSQLite3
	if s.postgres {
		dialect = goose.DialectPostgres
	}
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(dialect, s.db, dir, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("%s: applying the schema migrations: %w", s.name(), err)
	}
	return nil
}

// q rewrites the ? placeholders of query for PostgreSQL ($1, $2, …).
func (s *sqlStore) q(query string) string {
	if !s.postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (s *sqlStore) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return s.db.ExecContext(ctx, s.q(query), args...)
}

func (s *sqlStore) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, s.q(query), args...)
}

func (s *sqlStore) row(ctx context.Context, query string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, s.q(query), args...)
}

// tx runs f in a transaction, committed when f returns nil.
func (s *sqlStore) tx(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// NewID returns a new random identifier: 26 lowercase hexadecimal digits, led by the
// time in milliseconds so that IDs made later sort later.
func NewID() string {
	var b [8]byte
	rand.Read(b[:])
	return fmt.Sprintf("%011x", time.Now().UnixMilli()) + hex.EncodeToString(b[:])[:15]
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.UnixMilli(n).UTC()
}

// isUnique reports whether err is a unique-constraint violation.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	m := err.Error()
	return strings.Contains(m, "UNIQUE constraint") || strings.Contains(m, "SQLSTATE 23505") || strings.Contains(m, "constraint failed: UNIQUE")
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// Users.

const userColumns = `id, email, password_hash, admin, COALESCE(oidc_subject, ''), disabled, created`

func scanUser(r interface{ Scan(...any) error }) (User, error) {
	var u User
	var created int64
	err := r.Scan(&u.ID, &u.Email, &u.PasswordHash, &u.Admin, &u.OIDCSubject, &u.Disabled, &created)
	u.Created = fromMS(created)
	return u, notFound(err)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *sqlStore) CreateUser(ctx context.Context, u User) error {
	_, err := s.exec(ctx, `INSERT INTO users (id, email, password_hash, admin, oidc_subject, disabled, created) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.Email, u.PasswordHash, u.Admin, nullable(u.OIDCSubject), u.Disabled, ms(u.Created))
	if isUnique(err) {
		return ErrExists
	}
	return err
}

func (s *sqlStore) UserByEmail(ctx context.Context, email string) (User, error) {
	return scanUser(s.row(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email))
}

func (s *sqlStore) UserByID(ctx context.Context, id string) (User, error) {
	return scanUser(s.row(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
}

func (s *sqlStore) UserBySubject(ctx context.Context, subject string) (User, error) {
	return scanUser(s.row(ctx, `SELECT `+userColumns+` FROM users WHERE oidc_subject = ?`, subject))
}

func (s *sqlStore) UpdateUser(ctx context.Context, u User) error {
	res, err := s.exec(ctx, `UPDATE users SET email = ?, password_hash = ?, admin = ?, oidc_subject = ?, disabled = ? WHERE id = ?`,
		u.Email, u.PasswordHash, u.Admin, nullable(u.OIDCSubject), u.Disabled, u.ID)
	if isUnique(err) {
		return ErrExists
	}
	return affected(res, err)
}

func affected(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}

func (s *sqlStore) Users(ctx context.Context) ([]User, error) {
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users ORDER BY email`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r *sql.Rows) (User, error) { return scanUser(r) })
}

// collect scans every row with scan.
func collect[T any](rows *sql.Rows, scan func(*sql.Rows) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Invitations.

func (s *sqlStore) CreateInvitation(ctx context.Context, tokenHash, userID string, expires time.Time) error {
	_, err := s.exec(ctx, `INSERT INTO invitations (token_hash, user_id, expires) VALUES (?, ?, ?)`, tokenHash, userID, ms(expires))
	return err
}

func (s *sqlStore) UseInvitation(ctx context.Context, tokenHash string, now time.Time) (User, error) {
	var u User
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var userID string
		var expires int64
		err := tx.QueryRowContext(ctx, s.q(`SELECT user_id, expires FROM invitations WHERE token_hash = ?`), tokenHash).Scan(&userID, &expires)
		if err != nil {
			return notFound(err)
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM invitations WHERE token_hash = ?`), tokenHash); err != nil {
			return err
		}
		if expires < ms(now) {
			return ErrNotFound
		}
		u, err = scanUser(tx.QueryRowContext(ctx, s.q(`SELECT `+userColumns+` FROM users WHERE id = ?`), userID))
		return err
	})
	if errors.Is(err, ErrNotFound) {
		// An expired invitation is deleted all the same.
		s.exec(ctx, `DELETE FROM invitations WHERE token_hash = ?`, tokenHash)
	}
	return u, err
}

// Sessions and tokens.

func (s *sqlStore) CreateSession(ctx context.Context, tokenHash string, se Session) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		// The user's expired sessions go as a new one comes, so the table stays small.
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE user_id = ? AND expires < ?`), se.User.ID, ms(time.Now())); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO sessions (token_hash, user_id, csrf, created, expires) VALUES (?, ?, ?, ?, ?)`),
			tokenHash, se.User.ID, se.CSRF, ms(time.Now()), ms(se.Expires))
		return err
	})
}

func (s *sqlStore) Session(ctx context.Context, tokenHash string, now time.Time) (Session, error) {
	var se Session
	var expires, created int64
	err := s.row(ctx, `SELECT s.csrf, s.expires, u.id, u.email, u.password_hash, u.admin, COALESCE(u.oidc_subject, ''), u.disabled, u.created
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash).
		Scan(&se.CSRF, &expires, &se.User.ID, &se.User.Email, &se.User.PasswordHash, &se.User.Admin, &se.User.OIDCSubject, &se.User.Disabled, &created)
	if err != nil {
		return Session{}, notFound(err)
	}
	se.Expires, se.User.Created = fromMS(expires), fromMS(created)
	if expires < ms(now) || se.User.Disabled {
		return Session{}, ErrNotFound
	}
	return se, nil
}

func (s *sqlStore) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

func (s *sqlStore) DeleteSessions(ctx context.Context, userID string) error {
	_, err := s.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return err
}

func (s *sqlStore) CreateToken(ctx context.Context, tokenHash string, t Token) error {
	_, err := s.exec(ctx, `INSERT INTO tokens (id, token_hash, user_id, name, created) VALUES (?, ?, ?, ?, ?)`,
		t.ID, tokenHash, t.UserID, t.Name, ms(t.Created))
	return err
}

func (s *sqlStore) TokenUser(ctx context.Context, tokenHash string) (User, error) {
	u, err := scanUser(s.row(ctx, `SELECT u.id, u.email, u.password_hash, u.admin, COALESCE(u.oidc_subject, ''), u.disabled, u.created
		FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked IS NULL`, tokenHash))
	if err == nil && u.Disabled {
		return User{}, ErrNotFound
	}
	return u, err
}

func (s *sqlStore) Tokens(ctx context.Context, userID string) ([]Token, error) {
	rows, err := s.query(ctx, `SELECT id, user_id, name, created, revoked IS NOT NULL FROM tokens WHERE user_id = ? ORDER BY created`, userID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r *sql.Rows) (Token, error) {
		var t Token
		var created int64
		err := r.Scan(&t.ID, &t.UserID, &t.Name, &created, &t.Revoked)
		t.Created = fromMS(created)
		return t, err
	})
}

func (s *sqlStore) RevokeToken(ctx context.Context, userID, id string) error {
	res, err := s.exec(ctx, `UPDATE tokens SET revoked = ? WHERE id = ? AND user_id = ? AND revoked IS NULL`, ms(time.Now()), id, userID)
	return affected(res, err)
}

// Assessments.

const assessmentColumns = `a.id, a.title, a.version, a.level, a.revision, a.created, a.updated, a.review, COALESCE(a.approved_by, ''), COALESCE(a.approved_at, 0), m.role, m.reviewer`

func scanListed(r interface{ Scan(...any) error }) (Listed, error) {
	var l Listed
	var created, updated, approvedAt int64
	err := r.Scan(&l.ID, &l.Title, &l.Version, &l.Level, &l.Revision, &created, &updated, &l.Review, &l.ApprovedBy, &approvedAt, &l.Role, &l.Reviewer)
	l.Created, l.Updated, l.ApprovedAt = fromMS(created), fromMS(updated), fromMS(approvedAt)
	return l, notFound(err)
}

func (s *sqlStore) CreateAssessment(ctx context.Context, a Assessment, file []byte, owner User) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO assessments (id, title, version, level, revision, created, updated, review) VALUES (?, ?, ?, ?, 1, ?, ?, ?)`),
			a.ID, a.Title, a.Version, a.Level, ms(a.Created), ms(a.Created), Draft); err != nil {
			if isUnique(err) {
				return ErrExists
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO revisions (assessment_id, n, file, level, author_id, time) VALUES (?, 1, ?, ?, ?, ?)`),
			a.ID, string(file), a.Level, owner.ID, ms(a.Created)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO members (assessment_id, user_id, role, reviewer) VALUES (?, ?, ?, ?)`), a.ID, owner.ID, Owner, false)
		return err
	})
}

func (s *sqlStore) Assessments(ctx context.Context, userID string) ([]Listed, error) {
	rows, err := s.query(ctx, `SELECT `+assessmentColumns+` FROM members m JOIN assessments a ON a.id = m.assessment_id
		WHERE m.user_id = ? ORDER BY a.updated DESC, a.id`, userID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r *sql.Rows) (Listed, error) { return scanListed(r) })
}

func (s *sqlStore) Assessment(ctx context.Context, id, userID string) (Listed, error) {
	return scanListed(s.row(ctx, `SELECT `+assessmentColumns+` FROM members m JOIN assessments a ON a.id = m.assessment_id
		WHERE m.assessment_id = ? AND m.user_id = ?`, id, userID))
}

func (s *sqlStore) SaveRevision(ctx context.Context, id string, base int, file []byte, m Meta, author User, restoredFrom int, now time.Time) (int, error) {
	next := base + 1
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// The conditional update is the optimistic lock: of two writers on one base, the
		// second finds the revision moved on and changes nothing.
		res, err := tx.ExecContext(ctx, s.q(`UPDATE assessments SET revision = ?, title = ?, version = ?, level = ?, updated = ? WHERE id = ? AND revision = ?`),
			next, m.Title, m.Version, m.Level, ms(now), id, base)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var current int
			if err := tx.QueryRowContext(ctx, s.q(`SELECT revision FROM assessments WHERE id = ?`), id).Scan(&current); err != nil {
				return notFound(err)
			}
			return &ConflictError{Current: current}
		}
		var from any
		if restoredFrom > 0 {
			from = restoredFrom
		}
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO revisions (assessment_id, n, file, level, author_id, time, restored_from) VALUES (?, ?, ?, ?, ?, ?, ?)`),
			id, next, string(file), m.Level, author.ID, ms(now), from)
		return err
	})
	if err != nil {
		return 0, err
	}
	return next, nil
}

func scanRevision(r interface{ Scan(...any) error }, withFile bool) (Revision, error) {
	var v Revision
	var t int64
	var file string
	var from sql.NullInt64
	targets := []any{&v.N, &v.Level, &v.Author, &t, &from}
	if withFile {
		targets = append(targets, &file)
	}
	err := r.Scan(targets...)
	v.Time, v.RestoredFrom = fromMS(t), int(from.Int64)
	if withFile {
		v.File = []byte(file)
	}
	return v, notFound(err)
}

func (s *sqlStore) Revisions(ctx context.Context, id string) ([]Revision, error) {
	rows, err := s.query(ctx, `SELECT r.n, r.level, COALESCE(u.email, ''), r.time, r.restored_from FROM revisions r LEFT JOIN users u ON u.id = r.author_id
		WHERE r.assessment_id = ? ORDER BY r.n DESC`, id)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r *sql.Rows) (Revision, error) { return scanRevision(r, false) })
}

func (s *sqlStore) Revision(ctx context.Context, id string, n int) (Revision, error) {
	return scanRevision(s.row(ctx, `SELECT r.n, r.level, COALESCE(u.email, ''), r.time, r.restored_from, r.file FROM revisions r LEFT JOIN users u ON u.id = r.author_id
		WHERE r.assessment_id = ? AND r.n = ?`, id, n), true)
}

func (s *sqlStore) DeleteAssessment(ctx context.Context, id string) error {
	res, err := s.exec(ctx, `DELETE FROM assessments WHERE id = ?`, id)
	return affected(res, err)
}

func (s *sqlStore) SetReview(ctx context.Context, id, state, approvedBy string, at time.Time) error {
	var at64 any
	if !at.IsZero() {
		at64 = ms(at)
	}
	res, err := s.exec(ctx, `UPDATE assessments SET review = ?, approved_by = ?, approved_at = ? WHERE id = ?`, state, nullable(approvedBy), at64, id)
	return affected(res, err)
}

// Members.

func (s *sqlStore) Members(ctx context.Context, id string) ([]Member, error) {
	rows, err := s.query(ctx, `SELECT m.user_id, u.email, m.role, m.reviewer FROM members m JOIN users u ON u.id = m.user_id
		WHERE m.assessment_id = ? ORDER BY u.email`, id)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r *sql.Rows) (Member, error) {
		var m Member
		err := r.Scan(&m.UserID, &m.Email, &m.Role, &m.Reviewer)
		return m, err
	})
}

func (s *sqlStore) SetMember(ctx context.Context, id string, m Member) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var role Role
		err := tx.QueryRowContext(ctx, s.q(`SELECT role FROM members WHERE assessment_id = ? AND user_id = ?`), id, m.UserID).Scan(&role)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, s.q(`INSERT INTO members (assessment_id, user_id, role, reviewer) VALUES (?, ?, ?, ?)`), id, m.UserID, m.Role, m.Reviewer)
			return err
		case err != nil:
			return err
		}
		if role == Owner && m.Role != Owner {
			if err := s.keepAnOwner(ctx, tx, id); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, s.q(`UPDATE members SET role = ?, reviewer = ? WHERE assessment_id = ? AND user_id = ?`), m.Role, m.Reviewer, id, m.UserID)
		return err
	})
}

// keepAnOwner returns ErrLastOwner when the assessment has only one owner, about to go.
func (s *sqlStore) keepAnOwner(ctx context.Context, tx *sql.Tx, id string) error {
	var owners int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM members WHERE assessment_id = ? AND role = ?`), id, Owner).Scan(&owners); err != nil {
		return err
	}
	if owners <= 1 {
		return ErrLastOwner
	}
	return nil
}

func (s *sqlStore) RemoveMember(ctx context.Context, id, userID string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var role Role
		if err := tx.QueryRowContext(ctx, s.q(`SELECT role FROM members WHERE assessment_id = ? AND user_id = ?`), id, userID).Scan(&role); err != nil {
			return notFound(err)
		}
		if role == Owner {
			if err := s.keepAnOwner(ctx, tx, id); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, s.q(`DELETE FROM members WHERE assessment_id = ? AND user_id = ?`), id, userID)
		return err
	})
}

// Comments and reviews.

func (s *sqlStore) AddComment(ctx context.Context, id string, c Comment, author User) error {
	_, err := s.exec(ctx, `INSERT INTO comments (id, assessment_id, author_id, question, text, time, resolved) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		c.ID, id, author.ID, c.Question, c.Text, ms(c.Time), c.Resolved)
	return err
}

const commentColumns = `c.id, COALESCE(u.email, ''), c.question, c.text, c.time, c.resolved`

func scanComment(r interface{ Scan(...any) error }) (Comment, error) {
	var c Comment
	var t int64
	err := r.Scan(&c.ID, &c.Author, &c.Question, &c.Text, &t, &c.Resolved)
	c.Time = fromMS(t)
	return c, notFound(err)
}

func (s *sqlStore) Comments(ctx context.Context, id string) ([]Comment, error) {
	rows, err := s.query(ctx, `SELECT `+commentColumns+` FROM comments c LEFT JOIN users u ON u.id = c.author_id
		WHERE c.assessment_id = ? ORDER BY c.time, c.id`, id)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r *sql.Rows) (Comment, error) { return scanComment(r) })
}

func (s *sqlStore) ResolveComment(ctx context.Context, id, commentID string, resolved bool) (Comment, error) {
	res, err := s.exec(ctx, `UPDATE comments SET resolved = ? WHERE id = ? AND assessment_id = ?`, resolved, commentID, id)
	if err := affected(res, err); err != nil {
		return Comment{}, err
	}
	return scanComment(s.row(ctx, `SELECT `+commentColumns+` FROM comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.id = ?`, commentID))
}

func (s *sqlStore) SetSectionReview(ctx context.Context, id string, r SectionReview, reviewer User) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM section_reviews WHERE assessment_id = ? AND section = ?`), id, r.Section); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO section_reviews (assessment_id, section, status, comment, reviewer_id, time) VALUES (?, ?, ?, ?, ?, ?)`),
			id, r.Section, r.Status, r.Comment, reviewer.ID, ms(r.Time))
		return err
	})
}

func (s *sqlStore) SectionReviews(ctx context.Context, id string) ([]SectionReview, error) {
	rows, err := s.query(ctx, `SELECT r.section, r.status, r.comment, COALESCE(u.email, ''), r.time FROM section_reviews r LEFT JOIN users u ON u.id = r.reviewer_id
		WHERE r.assessment_id = ? ORDER BY r.section`, id)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r *sql.Rows) (SectionReview, error) {
		var v SectionReview
		var t int64
		err := r.Scan(&v.Section, &v.Status, &v.Comment, &v.Reviewer, &t)
		v.Time = fromMS(t)
		return v, err
	})
}

func (s *sqlStore) ClearSectionReviews(ctx context.Context, id string) error {
	_, err := s.exec(ctx, `DELETE FROM section_reviews WHERE assessment_id = ?`, id)
	return err
}

func (s *sqlStore) See(ctx context.Context, id, userID string, now, since time.Time) ([]string, error) {
	if _, err := s.exec(ctx, `INSERT INTO presence (assessment_id, user_id, seen) VALUES (?, ?, ?)
		ON CONFLICT (assessment_id, user_id) DO UPDATE SET seen = excluded.seen`, id, userID, ms(now)); err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT u.email FROM presence p JOIN users u ON u.id = p.user_id
		WHERE p.assessment_id = ? AND p.user_id <> ? AND p.seen >= ? ORDER BY u.email`, id, userID, ms(since))
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r *sql.Rows) (string, error) {
		var e string
		return e, r.Scan(&e)
	})
}

// Audit.

func (s *sqlStore) Record(ctx context.Context, e Event) error {
	if e.ID == "" {
		e.ID = NewID()
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	_, err := s.exec(ctx, `INSERT INTO audit (id, time, actor, action, assessment_id, detail) VALUES (?, ?, ?, ?, ?, ?)`,
		e.ID, ms(e.Time), e.Actor, e.Action, e.Assessment, e.Detail)
	return err
}

func (s *sqlStore) Events(ctx context.Context, assessment string, limit int) ([]Event, error) {
	if limit <= 0 {
		limit = 1000
	}
	query, args := `SELECT id, time, actor, action, assessment_id, detail FROM audit ORDER BY time DESC, id DESC LIMIT ?`, []any{limit}
	if assessment != "" {
		query, args = `SELECT id, time, actor, action, assessment_id, detail FROM audit WHERE assessment_id = ? ORDER BY time DESC, id DESC LIMIT ?`, []any{assessment, limit}
	}
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r *sql.Rows) (Event, error) {
		var e Event
		var t int64
		err := r.Scan(&e.ID, &t, &e.Actor, &e.Action, &e.Assessment, &e.Detail)
		e.Time = fromMS(t)
		return e, err
	})
}

// Backup writes a consistent copy: SQLite's VACUUM INTO, taken in one read transaction
// while the server goes on writing. PostgreSQL is backed up with pg_dump.
func (s *sqlStore) Backup(ctx context.Context, path string) error {
	if s.postgres {
		return errors.New("back up PostgreSQL with pg_dump")
	}
	// Created first, empty (which VACUUM INTO accepts): never over an existing file, and
	// readable by its owner only, since it holds password hashes and every answer.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: the backup never overwrites a file", path)
	} else if err != nil {
		return err
	}
	f.Close()
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

func (s *sqlStore) Close() error { return s.db.Close() }
