package server

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

// statusFor maps error codes to HTTP statuses: the one place that does.
func statusFor(code domain.Code) int {
	switch code {
	case domain.CodeInvalidArgument:
		return http.StatusBadRequest
	case domain.CodeUnauthenticated:
		return http.StatusUnauthorized
	case domain.CodeForbidden, domain.CodeFlagged, domain.CodeSponsorNotApproved, domain.CodeQuotaExceeded:
		return http.StatusForbidden
	case domain.CodeNotFound:
		return http.StatusNotFound
	case domain.CodeInvalidTransition, domain.CodeBudgetExceeded, domain.CodeStaleOffer, domain.CodeOutOfOrder,
		domain.CodeNotUploaded, domain.CodeBusy:
		return http.StatusConflict
	case domain.CodeClientTooOld:
		return http.StatusUpgradeRequired
	case domain.CodePayloadTooLarge:
		return http.StatusRequestEntityTooLarge
	case domain.CodeUnsupportedMediaType:
		return http.StatusUnsupportedMediaType
	case domain.CodeRateLimited:
		return http.StatusTooManyRequests
	case domain.CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	default:
		return http.StatusInternalServerError
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, protocol.ErrorBody{Error: protocol.ErrorDetail{Code: code, Message: msg}})
}

// writeErr answers with err's code and message; anything that is not a typed
// error is an internal error whose details stay in the log.
func (s *Server) writeErr(w http.ResponseWriter, r *http.Request, err error) {
	var de *domain.Error
	if errors.As(err, &de) && de.Code != domain.CodeInternal {
		writeError(w, statusFor(de.Code), string(de.Code), de.Message)
		return
	}
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, string(domain.CodeInternal), "internal error; try again")
}

// decode reads a JSON body strictly, bounded in size.
func decode(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	body := http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return domain.Errorf(domain.CodePayloadTooLarge, "request body exceeds %d bytes", min(limit, tooBig.Limit))
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return domain.Errorf(domain.CodeInvalidArgument, "the request body did not arrive in time")
		}
		return domain.Errorf(domain.CodeInvalidArgument, "malformed JSON body: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return domain.Errorf(domain.CodeInvalidArgument, "trailing data after the JSON body")
	}
	return nil
}

// checkVersions refuses clients outside the supported protocol and schema range.
func (s *Server) checkVersions(protocolVersion, schemaVersion int) error {
	if protocolVersion < protocol.MinProtocolVersion || schemaVersion < s.cfg.MinSchemaVersion {
		return domain.Errorf(domain.CodeClientTooOld,
			"this desktop app is too old for the server (protocol %d, schema %d; the server needs at least %d and %d): update the app",
			protocolVersion, schemaVersion, protocol.MinProtocolVersion, s.cfg.MinSchemaVersion)
	}
	if protocolVersion > protocol.ProtocolVersion {
		return domain.Errorf(domain.CodeInvalidArgument, "protocol version %d is newer than this server's %d: update the server",
			protocolVersion, protocol.ProtocolVersion)
	}
	return nil
}

// syncRequest is a push or pull body.
type syncRequest interface {
	Header() (clientID string, protocolVersion, schemaVersion int)
}

// decodeSync decodes a push or pull body and checks what both carry: supported
// versions (426 otherwise) and a well-formed client ID.
func (s *Server) decodeSync(w http.ResponseWriter, r *http.Request, req syncRequest, limit int64) error {
	if err := decode(w, r, req, limit); err != nil {
		return err
	}
	clientID, pv, sv := req.Header()
	if err := s.checkVersions(pv, sv); err != nil {
		return err
	}
	if !domain.ValidID(clientID) {
		return domain.Errorf(domain.CodeInvalidArgument, "client_id must be a UUID")
	}
	return nil
}
