package desktop

import (
	"context"
	"encoding/json"
	"errors"

	"iescp/backend/domain"
	"iescp/sync/client"
)

// codeUnavailable means the sync server could not be reached (network error, 5xx).
const codeUnavailable domain.Code = "unavailable"

// uiError turns any error into one whose message is the JSON of a domain.Error,
// which the UI's api layer parses into {code, message}.
type uiError struct{ e *domain.Error }

func (u uiError) Error() string {
	b, _ := json.Marshal(u.e)
	return string(b)
}

func (u uiError) Unwrap() error { return u.e }

func toUI(err error) error {
	if err == nil {
		return nil
	}
	var ue uiError
	if errors.As(err, &ue) {
		return err
	}
	return uiError{domain.AsError(err)}
}

// isUnreachable tells a network failure or a server-side failure (5xx) from an
// answer the server meant (401 wrong password, 403 deactivated, 4xx).
func isUnreachable(err error) bool {
	if err == nil {
		return false
	}
	var he *client.HTTPError
	if errors.As(err, &he) {
		return he.Status >= 500
	}
	return !errors.Is(err, context.Canceled)
}

// fromServer turns a client error into the typed error the UI shows.
func fromServer(err error, serverURL string) error {
	var he *client.HTTPError
	if errors.As(err, &he) && he.Status < 500 && he.Detail.Code != "" {
		return &domain.Error{Code: domain.Code(he.Detail.Code), Message: he.Detail.Message}
	}
	if isUnreachable(err) {
		return domain.Errorf(codeUnavailable, "cannot reach the IESCP server at %s; check the server address and your network", serverURL)
	}
	return err
}
