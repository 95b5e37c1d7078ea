// Package smtptest is a real SMTP server for tests (emersion/go-smtp), in the
// test's process: it keeps every message it receives and checks PLAIN auth
// against one user. No TLS: clients use the "none" security mode.
package smtptest

import (
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Server is a running test SMTP server.
type Server struct {
	Addr     string // host:port
	user, pw string
	mu       sync.Mutex
	msgs     [][]byte
	srv      *smtp.Server
}

type session struct {
	s      *Server
	authed bool
}

func (s *Server) NewSession(c *smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }
func (ss *session) AuthMechanisms() []string                    { return []string{sasl.Plain} }
func (ss *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != ss.s.user || password != ss.s.pw {
			return errors.New("invalid credentials")
		}
		ss.authed = true
		return nil
	}), nil
}
func (ss *session) Mail(from string, opts *smtp.MailOptions) error {
	if ss.s.user != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	return nil
}
func (ss *session) Rcpt(to string, opts *smtp.RcptOptions) error { return nil }
func (ss *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	ss.s.msgs = append(ss.s.msgs, b)
	ss.s.mu.Unlock()
	return nil
}
func (ss *session) Reset()        {}
func (ss *session) Logout() error { return nil }

// Start starts a server on 127.0.0.1 that requires user/pw (no auth when user
// is ""); it stops when the test ends.
func Start(t testing.TB, user, pw string) *Server {
	t.Helper()
	s := &Server{user: user, pw: pw}
	s.srv = smtp.NewServer(s)
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = l.Addr().String()
	go func() {
		// Serve returns nil once Close was called; anything else is a broken server.
		if err := s.srv.Serve(l); err != nil {
			t.Errorf("smtptest: serve: %v", err)
		}
	}()
	t.Cleanup(func() {
		if err := s.srv.Close(); err != nil && !errors.Is(err, smtp.ErrServerClosed) { // a test's Close came first
			t.Errorf("smtptest: close: %v", err)
		}
	})
	return s
}

// Messages returns the raw messages received so far.
func (s *Server) Messages() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.msgs...)
}

// Close stops the server (an SMTP outage).
func (s *Server) Close() error { return s.srv.Close() }
