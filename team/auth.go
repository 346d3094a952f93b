//go:build !js

package team

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/team/storage"
)

// Password hashing: argon2id with the parameters OWASP recommends for interactive
// sign-in (19 MiB, two passes, one thread), in the PHC string format so that stronger
// parameters can come later without breaking the hashes kept.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	// MinPasswordLength is the shortest password accepted.
	MinPasswordLength = 12
)

// HashPassword returns the argon2id hash of password, with a random salt.
func HashPassword(password string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// CheckPassword reports whether password matches hash (from HashPassword).
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var memory, passes uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &passes, &threads); err != nil || memory > 1<<21 || passes > 16 || threads == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, passes, memory, threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// CheckNewPassword says what is wrong with a password a user chooses, if anything.
func CheckNewPassword(p string) error {
	if len([]rune(p)) < MinPasswordLength {
		return localize.Errorf("the password must have at least %d characters", "le mot de passe doit compter au moins %d\u00a0caractères", MinPasswordLength)
	}
	if len(p) > 1024 {
		return localize.Errorf("the password is longer than 1024 bytes", "le mot de passe dépasse 1024\u00a0octets")
	}
	return nil
}

// newSecret returns a random secret for a session, token or invitation, and the hash
// the store keeps of it: the secret itself is never stored.
func newSecret() (secret, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, hashSecret(secret)
}

func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// TokenPrefix starts every API token, so that a leaked one is easy to recognise.
const TokenPrefix = "aia_"

// NewToken creates an API token for user and returns the secret to give them.
func NewToken(ctx context.Context, s storage.Store, user storage.User, name string) (storage.Token, string, error) {
	secret, _ := newSecret()
	secret = TokenPrefix + secret
	t := storage.Token{ID: storage.NewID(), UserID: user.ID, Name: name, Created: time.Now()}
	if err := s.CreateToken(ctx, hashSecret(secret), t); err != nil {
		return storage.Token{}, "", err
	}
	return t, secret, nil
}

// InvitationValidity is how long an invitation link works.
const InvitationValidity = 7 * 24 * time.Hour

// Invite creates an invitation for user and returns the link that lets them set their
// password: base with the invitation in its fragment, which browsers never send to a
// server or put in a Referer.
func Invite(ctx context.Context, s storage.Store, user storage.User, base string) (string, error) {
	secret, hash := newSecret()
	if err := s.CreateInvitation(ctx, hash, user.ID, time.Now().Add(InvitationValidity)); err != nil {
		return "", err
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base + "#invitation=" + secret, nil
}

// limiter counts failed sign-ins per key (an e-mail, a client address) in a sliding
// window, and refuses further attempts once a key has too many.
type limiter struct {
	mu       sync.Mutex
	window   time.Duration
	max      int
	failures map[string][]time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{window: window, max: max, failures: map[string][]time.Time{}}
}

// wait returns how long key must wait before trying again, 0 if it may try now.
func (l *limiter) wait(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	recent := l.recent(key, now)
	if len(recent) < l.max {
		return 0
	}
	return recent[0].Add(l.window).Sub(now)
}

func (l *limiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures[key] = append(l.recent(key, now), now)
	if len(l.failures) > 100_000 { // forget the oldest keys rather than grow forever
		for k := range l.failures {
			if len(l.recent(k, now)) == 0 {
				delete(l.failures, k)
			}
		}
	}
}

func (l *limiter) recent(key string, now time.Time) []time.Time {
	list := l.failures[key]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= l.window {
		i++
	}
	if i == len(list) {
		delete(l.failures, key)
		return nil
	}
	return list[i:]
}

// clientAddress is the address a request came from, for rate limiting: the proxy's
// X-Forwarded-For only when the server is told it runs behind one.
func (s *Server) clientAddress(r *http.Request) string {
	if s.opts.BehindProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			parts := strings.Split(f, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Session cookie and CSRF.
const (
	sessionCookie   = "aia_session"
	csrfHeader      = "X-CSRF-Token"
	sessionLifetime = 12 * time.Hour
)

// caller is who makes a request.
type caller struct {
	user    storage.User
	session string // the session's hash, for a browser; "" for an API token
	csrf    string // the session's CSRF token
}

var errSignIn = localize.Errorf("sign in first", "connectez-vous d’abord")

// authenticate finds the caller of r: an API token (Authorization: Bearer) or a
// session cookie, which must come with the session's CSRF token on any request that
// changes something.
func (s *Server) authenticate(r *http.Request) (caller, *apiError) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return caller{}, newError(http.StatusUnauthorized, "", "the Authorization header must be Bearer and an API token",
				"l’en-tête Authorization doit être Bearer suivi d’un jeton d’API")
		}
		u, err := s.store.TokenUser(ctx, hashSecret(strings.TrimSpace(token)))
		if err != nil {
			return caller{}, unauthorized(err)
		}
		return caller{user: u}, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return caller{}, newError(http.StatusUnauthorized, "", "%w", "%w", errSignIn)
	}
	hash := hashSecret(c.Value)
	se, err := s.store.Session(ctx, hash, time.Now())
	if err != nil {
		return caller{}, unauthorized(err)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get(csrfHeader)), []byte(se.CSRF)) != 1 {
			return caller{}, newError(http.StatusForbidden, "", "missing or wrong %s header (cross-site request refused)",
				"en-tête %s absent ou erroné (requête intersite refusée)", csrfHeader)
		}
	}
	return caller{user: se.User, session: hash, csrf: se.CSRF}, nil
}

func unauthorized(err error) *apiError {
	if errors.Is(err, storage.ErrNotFound) {
		return newError(http.StatusUnauthorized, "", "the session or token is unknown, expired or revoked: sign in again",
			"la session ou le jeton est inconnu, expiré ou révoqué\u00a0: reconnectez-vous")
	}
	return internalError(err)
}

// startSession signs user in: a new session, its cookie, and its CSRF token.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, user storage.User) (string, error) {
	secret, hash := newSecret()
	csrf, _ := newSecret()
	if err := s.store.CreateSession(r.Context(), hash, storage.Session{User: user, CSRF: csrf, Expires: time.Now().Add(sessionLifetime)}); err != nil {
		return "", err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", MaxAge: int(sessionLifetime / time.Second),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure(r)})
	return csrf, nil
}

func (s *Server) endSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure(r)})
}

// secure reports whether cookies get the Secure attribute: under TLS, or when the
// server's public URL is https (TLS ends at a proxy).
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.opts.URL, "https://")
}
