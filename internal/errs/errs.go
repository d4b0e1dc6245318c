// Package errs is egov's one error type: a small closed set of kinds that map to HTTP statuses,
// a stable machine code that API clients can rely on, and a message safe to show a user in
// Vietnamese (and English). Internal causes are kept apart from what users see.
package errs

import (
	"errors"
	"fmt"
)

// Kind is the closed set of error classes. Each maps to exactly one HTTP status in the web layer.
type Kind string

// The kinds. Anything that is not an *Error is treated as Internal.
const (
	Invalid      Kind = "invalid"      // the request is malformed or breaks a rule; nothing changed
	NotFound     Kind = "not_found"    // no such thing, or the caller may not know it exists
	Conflict     Kind = "conflict"     // the thing changed meanwhile or the action is not allowed now
	Forbidden    Kind = "forbidden"    // the caller is known but not allowed
	Unauthorized Kind = "unauthorized" // the caller is not signed in or the credentials are wrong
	TooMany      Kind = "too_many"     // rate limited or locked out for a while
	Internal     Kind = "internal"     // our fault; details go to the log, never to the user
)

// Error is an error with a kind, a stable machine code and user-facing messages.
// Code defaults to the kind; specific codes (e.g. "illegal_transition", "invalid_organ_id")
// are part of the API contract and never change meaning once released.
type Error struct {
	Kind    Kind
	Code    string
	Message string // Vietnamese, with full diacritics, shown to users
	English string // optional English message
	Field   string // optional: the input field or JSON path the error is about
	Err     error  // optional internal cause, never shown to users
}

func (e *Error) Error() string {
	s := e.code() + ": " + e.Message
	if e.Field != "" {
		s = e.Field + ": " + s
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

func (e *Error) code() string {
	if e.Code != "" {
		return e.Code
	}
	return string(e.Kind)
}

// New returns an error of the given kind and code with a Vietnamese message and an English one.
func New(kind Kind, code, vi, en string) *Error {
	return &Error{Kind: kind, Code: code, Message: vi, English: en}
}

// Invalidf is shorthand for an Invalid error about one field.
func Invalidf(field, code, vi, en string) *Error {
	return &Error{Kind: Invalid, Code: code, Message: vi, English: en, Field: field}
}

// Wrap returns an Internal error carrying cause; users see only a generic message.
func Wrap(cause error, context string) error {
	if cause == nil {
		return nil
	}
	var e *Error
	if errors.As(cause, &e) {
		return cause
	}
	return &Error{Kind: Internal, Code: string(Internal),
		Message: "Lỗi hệ thống, vui lòng thử lại sau.", English: "Internal error, please try again later.",
		Err: fmt.Errorf("%s: %w", context, cause)}
}

// KindOf reports the kind of err: the Kind of the first *Error in its chain, Internal otherwise.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// CodeOf reports the machine code of err ("internal" for errors that are not *Error).
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.code()
	}
	return string(Internal)
}

// Public returns what a user may see of err: its code, messages and field. Internal errors and
// foreign errors give a generic message.
func Public(err error) *Error {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return &Error{Kind: e.Kind, Code: e.code(), Message: e.Message, English: e.English, Field: e.Field}
	}
	return &Error{Kind: Internal, Code: string(Internal),
		Message: "Lỗi hệ thống, vui lòng thử lại sau.", English: "Internal error, please try again later."}
}

// Common errors shared across packages.
var (
	ErrNotFound     = New(NotFound, "not_found", "Không tìm thấy.", "Not found.")
	ErrForbidden    = New(Forbidden, "forbidden", "Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this.")
	ErrUnauthorized = New(Unauthorized, "unauthorized", "Bạn cần đăng nhập.", "You need to sign in.")
	ErrConflict     = New(Conflict, "conflict", "Dữ liệu đã bị thay đổi bởi người khác, vui lòng tải lại.", "The data changed meanwhile; reload and try again.")
)
