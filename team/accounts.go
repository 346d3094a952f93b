//go:build !js

package team

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/team/storage"
)

// BadEmailError is an e-mail address that cannot be an account's.
type BadEmailError struct{ Email string }

func (e *BadEmailError) Error() string { return e.In(questionnaire.English) }

// In returns the error in a language.
func (e *BadEmailError) In(lang questionnaire.Lang) string {
	if lang == questionnaire.French {
		return fmt.Sprintf("«\u00a0%s\u00a0» n’est pas un courriel (nom@exemple.gc.ca)", e.Email)
	}
	return fmt.Sprintf("%q is not an e-mail address (name@example.gc.ca)", e.Email)
}

// checkEmail returns email in the form accounts keep (lower case, no spaces), or a
// *BadEmailError.
func checkEmail(email string) (string, error) {
	e := normalizeEmail(email)
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || a.Name != "" || !strings.Contains(e, "@") || len(e) > 254 {
		return "", &BadEmailError{email}
	}
	return e, nil
}

// AddUser creates an account for email and returns it with the invitation link (valid
// InvitationValidity) that lets its owner set a password; base is the server's public
// URL.
func AddUser(ctx context.Context, s storage.Store, email string, admin bool, base string) (storage.User, string, error) {
	e, err := checkEmail(email)
	if err != nil {
		return storage.User{}, "", err
	}
	u := storage.User{ID: storage.NewID(), Email: e, Admin: admin, Created: time.Now()}
	if err := s.CreateUser(ctx, u); err != nil {
		return storage.User{}, "", err
	}
	link, err := Invite(ctx, s, u, base)
	return u, link, err
}

// SetPassword sets the password of an account (from the command line: aia team users
// add --password-stdin), and ends its sessions.
func SetPassword(ctx context.Context, s storage.Store, u storage.User, password string) error {
	if err := CheckNewPassword(password); err != nil {
		return err
	}
	u.PasswordHash = HashPassword(password)
	if err := s.UpdateUser(ctx, u); err != nil {
		return err
	}
	return s.DeleteSessions(ctx, u.ID)
}
