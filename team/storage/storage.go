//go:build !js

// Package storage keeps the team server's data: accounts, sign-in sessions, API tokens,
// shared assessments with every revision, members and their roles, comments, section
// reviews and the audit log.
//
// Store is the interface the server uses. Open returns its one implementation over
// database/sql, on SQLite (modernc.org/sqlite, pure Go: release binaries stay static)
// or PostgreSQL (jackc/pgx). Both run the same portable schema, created and upgraded at
// open by versioned migrations (pressly/goose; migrations/*.sql).
//
// The package knows nothing of HTTP or of scoring: the server gives it each revision's
// level and title, computed by the engine.
package storage

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Role is what a member may do with an assessment.
type Role string

// The roles, from the most to the least able.
const (
	Owner     Role = "owner"     // shares, changes roles, submits for review, deletes; and all below
	Editor    Role = "editor"    // changes answers; and all below
	Commenter Role = "commenter" // comments; and reads
	Reader    Role = "reader"    // reads
)

// Roles lists the roles from the most to the least able.
var Roles = []Role{Owner, Editor, Commenter, Reader}

// Valid reports whether r is one of the Roles.
func (r Role) Valid() bool {
	return r == Owner || r == Editor || r == Commenter || r == Reader
}

// AtLeast reports whether r may do what min may.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() }

func (r Role) rank() int {
	switch r {
	case Owner:
		return 4
	case Editor:
		return 3
	case Commenter:
		return 2
	case Reader:
		return 1
	}
	return 0
}

// Review states of an assessment.
const (
	Draft          = "draft"          // being written
	InReview       = "in-review"      // submitted by an owner; reviewers mark the sections
	ChangesWanted  = "changes-wanted" // a reviewer marked a section as needing changes
	Approved       = "approved"       // approved by a reviewer; ApprovedBy and ApprovedAt say who and when
	SectionOK      = "accepted"       // a section review: accepted
	SectionChanges = "changes-needed" // a section review: needs changes
)

// User is an account.
type User struct {
	ID       string
	Email    string
	Admin    bool // manages accounts (not content)
	Disabled bool // can no longer sign in; sessions and tokens are refused
	// PasswordHash is the argon2id hash of the password (see package team), "" when the
	// user has not set one.
	PasswordHash string
	// OIDCSubject is "issuer subject" of a user who signed in by OpenID Connect.
	OIDCSubject string
	Created     time.Time
}

// Session is a browser's sign-in.
type Session struct {
	User    User
	CSRF    string // the token state-changing requests must carry
	Expires time.Time
}

// Token is an API token's record (its secret is only ever kept hashed).
type Token struct {
	ID      string
	UserID  string
	Name    string
	Created time.Time
	Revoked bool
}

// Assessment is a shared assessment, as of its latest revision.
type Assessment struct {
	ID         string
	Title      string
	Version    string // the questionnaire version of the latest revision
	Level      int    // the impact level of the latest revision, 1–4
	Revision   int    // the latest revision's number, from 1
	Created    time.Time
	Updated    time.Time
	Review     string // Draft, InReview, ChangesWanted or Approved
	ApprovedBy string // the approver's e-mail, when Approved
	ApprovedAt time.Time
}

// Listed is an assessment as a member sees it in a list.
type Listed struct {
	Assessment
	Role     Role
	Reviewer bool
}

// Meta is what the server computed of a revision's file.
type Meta struct {
	Title   string
	Version string
	Level   int
}

// Revision is one saved state of an assessment's file.
type Revision struct {
	N            int
	File         []byte // nil in lists
	Level        int
	Author       string // the author's e-mail
	Time         time.Time
	RestoredFrom int // the revision it restored, or 0
}

// Member is a user's membership of an assessment.
type Member struct {
	UserID   string
	Email    string
	Role     Role
	Reviewer bool // may review the sections when the assessment is in review
}

// Comment is a remark on one question of an assessment.
type Comment struct {
	ID       string
	Author   string // e-mail
	Question string // the question ID, or "" for the assessment as a whole
	Text     string
	Time     time.Time
	Resolved bool
}

// SectionReview is a reviewer's evaluation of one section.
type SectionReview struct {
	Section  string
	Status   string // SectionOK or SectionChanges
	Comment  string
	Reviewer string // e-mail
	Time     time.Time
}

// Event is one entry of the audit log.
type Event struct {
	ID         string
	Time       time.Time
	Actor      string // the e-mail of who did it, or "aia team" for the command line
	Action     string // sign-in, share, revision, comment, review, delete, …
	Assessment string // the assessment's ID, or ""
	Detail     string // never answer text
}

// Errors the Store returns; test with errors.Is.
var (
	ErrNotFound  = errors.New("not found")
	ErrExists    = errors.New("already exists")
	ErrLastOwner = errors.New("an assessment keeps at least one owner")
)

// ConflictError is returned when a revision is saved on a base that is no longer the
// latest.
type ConflictError struct{ Current int }

func (e *ConflictError) Error() string {
	return fmt.Sprintf("revision conflict: the latest revision is %d", e.Current)
}

// Store keeps the team server's data. Its methods are safe for concurrent use, also by
// several server processes on one PostgreSQL database. Methods that read an assessment
// for a user return ErrNotFound when the user is not a member: roles are the caller's to
// check, membership is not.
type Store interface {
	// Users.
	CreateUser(ctx context.Context, u User) error
	UserByEmail(ctx context.Context, email string) (User, error)
	UserByID(ctx context.Context, id string) (User, error)
	UserBySubject(ctx context.Context, subject string) (User, error)
	UpdateUser(ctx context.Context, u User) error
	Users(ctx context.Context) ([]User, error)

	// Invitations: a one-time token (hashed) that lets a user set a password.
	CreateInvitation(ctx context.Context, tokenHash, userID string, expires time.Time) error
	UseInvitation(ctx context.Context, tokenHash string, now time.Time) (User, error)

	// Sessions and API tokens, kept by their hash.
	CreateSession(ctx context.Context, tokenHash string, s Session) error
	Session(ctx context.Context, tokenHash string, now time.Time) (Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteSessions(ctx context.Context, userID string) error
	CreateToken(ctx context.Context, tokenHash string, t Token) error
	TokenUser(ctx context.Context, tokenHash string) (User, error)
	Tokens(ctx context.Context, userID string) ([]Token, error)
	RevokeToken(ctx context.Context, userID, id string) error

	// Assessments.
	CreateAssessment(ctx context.Context, a Assessment, file []byte, owner User) error
	Assessments(ctx context.Context, userID string) ([]Listed, error)
	Assessment(ctx context.Context, id, userID string) (Listed, error)
	// SaveRevision stores file as revision base+1 of the assessment, when base is its
	// latest; else it returns a *ConflictError.
	SaveRevision(ctx context.Context, id string, base int, file []byte, m Meta, author User, restoredFrom int, now time.Time) (int, error)
	Revisions(ctx context.Context, id string) ([]Revision, error)
	Revision(ctx context.Context, id string, n int) (Revision, error)
	DeleteAssessment(ctx context.Context, id string) error
	SetReview(ctx context.Context, id, state string, approvedBy string, at time.Time) error

	// Members.
	Members(ctx context.Context, id string) ([]Member, error)
	SetMember(ctx context.Context, id string, m Member) error
	RemoveMember(ctx context.Context, id, userID string) error

	// Comments and section reviews.
	AddComment(ctx context.Context, id string, c Comment, author User) error
	Comments(ctx context.Context, id string) ([]Comment, error)
	ResolveComment(ctx context.Context, id, commentID string, resolved bool) (Comment, error)
	SetSectionReview(ctx context.Context, id string, r SectionReview, reviewer User) error
	SectionReviews(ctx context.Context, id string) ([]SectionReview, error)
	ClearSectionReviews(ctx context.Context, id string) error

	// See records that the user has the assessment open, and returns the e-mails of
	// the other members seen since the given time.
	See(ctx context.Context, id, userID string, now, since time.Time) ([]string, error)

	// The audit log: appended to, never changed. Events of one assessment, or all of
	// them for "", newest first, at most limit.
	Record(ctx context.Context, e Event) error
	Events(ctx context.Context, assessment string, limit int) ([]Event, error)

	// Backup writes a consistent copy of the database to path while the server runs.
	Backup(ctx context.Context, path string) error
	Close() error
}
