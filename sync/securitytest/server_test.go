package securitytest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/store"
	"iescp/backend/store/pgtest"
)

// binary is the iescp-sync executable built once by TestMain.
var binary string

// lazyServer is a server several tests share, started by the first that needs it
// and stopped by TestMain.
type lazyServer struct {
	flags []string
	once  sync.Once
	s     *server
	err   error
}

var lazyServers []*lazyServer

func newLazy(flags ...string) *lazyServer {
	l := &lazyServer{flags: flags}
	lazyServers = append(lazyServers, l)
	return l
}

func (l *lazyServer) get(t *testing.T) *server {
	t.Helper()
	l.once.Do(func() { l.s, l.err = startServer(l.flags...) })
	if l.err != nil {
		t.Fatal(l.err)
	}
	return l.s
}

// shared is the server most tests attack.
// The shared server registers every test's accounts (well over a minute's worth of
// the default server-wide registration limit); the registration limit itself is
// attacked on a fresh server of its own with the defaults.
var shared = newLazy("--register-max-per-minute", "100000", "--register-max-per-address", "100000")

// startTimeout bounds how long a server may take to say it listens (the machine is busy).
const startTimeout = 60 * time.Second

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "iescp-securitytest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "iescp-sync")
	build := exec.Command("go", "build", "-o", binary, "iescp/sync/cmd/iescp-sync")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building iescp-sync:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	for _, l := range lazyServers {
		if l.s != nil {
			l.s.stop()
		}
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is one running iescp-sync process.
type server struct {
	URL      string
	DB       string // its --db: an SQLite file, or a postgres:// URL when the run is on PostgreSQL
	dropDB   func() // removes the database when the server stops
	cmd      *exec.Cmd
	exited   chan struct{}
	mu       sync.Mutex
	stderr   bytes.Buffer // the JSON log, for failure messages and log checks
	admin    *actor
	adminErr error
	adminMu  sync.Mutex
	adminPW  string
}

// startServer starts iescp-sync serve on 127.0.0.1:0 with a fresh database and
// the extra flags, and waits for its "listening" log line. It reads the first
// admin's password from standard output.
func startServer(extra ...string) (*server, error) {
	location, drop, err := newDatabase()
	if err != nil {
		return nil, err
	}
	s := &server{DB: location, dropDB: drop, exited: make(chan struct{})}
	// No drain on stop: no load balancer to move away (PostgreSQL's default is 5 s).
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", s.DB, "--log-level", "info", "--drain-delay", "0"}, extra...)
	s.cmd = exec.Command(binary, args...)
	dieWithParent(s.cmd)
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	password := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "password:" {
				password <- f[1]
			}
		}
		_, _ = io.Copy(io.Discard, stdout) // drain to EOF: the pipe ends with the process
	}()
	url := make(chan string, 1)
	logDone := make(chan struct{})
	go func() {
		defer close(logDone)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 16<<20)
		for sc.Scan() {
			line := sc.Bytes()
			s.mu.Lock()
			s.stderr.Write(line)
			s.stderr.WriteByte('\n')
			s.mu.Unlock()
			var rec struct {
				Msg string `json:"msg"`
				URL string `json:"url"`
			}
			if json.Unmarshal(line, &rec) == nil && rec.Msg == "listening" && rec.URL != "" {
				select {
				case url <- rec.URL:
				default:
				}
			}
		}
	}()
	go func() {
		<-logDone
		_ = s.cmd.Wait() // the exit status of a server the test stops is not under test
		close(s.exited)
	}()
	select {
	case s.URL = <-url:
	case <-s.exited:
		drop()
		return nil, fmt.Errorf("iescp-sync %s exited before listening:\n%s", strings.Join(args, " "), s.log())
	case <-time.After(startTimeout):
		s.stop()
		return nil, fmt.Errorf("iescp-sync did not listen within %s:\n%s", startTimeout, s.log())
	}
	select {
	case s.adminPW = <-password:
	case <-time.After(startTimeout):
		s.stop()
		return nil, fmt.Errorf("iescp-sync printed no admin password")
	}
	return s, nil
}

// newServer starts a server of the test's own, stopped when the test ends.
func newServer(t *testing.T, extra ...string) *server {
	t.Helper()
	s, err := startServer(extra...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.stop)
	return s
}

// sharedServer is the server most tests share.
func sharedServer(t *testing.T) *server {
	t.Helper()
	return shared.get(t)
}

func (s *server) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

// stop ends the process (SIGTERM, then SIGKILL) and removes its database.
func (s *server) stop() {
	if s.cmd.Process != nil {
		// Both fail only for a process that has already exited, which <-s.exited sees.
		_ = s.cmd.Process.Signal(os.Interrupt)
		select {
		case <-s.exited:
		case <-time.After(15 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	}
	s.dropDB()
}

// newDatabase names a fresh database for one server process and how to remove it:
// a file in a new temporary folder, or, when the run is on PostgreSQL (pgtest.Env
// names a server: scripts/pg-cluster.sh), a new empty database there, which the
// server migrates itself on start as on an operator's first start. (pgtest.ServerDB
// ties a database to one test; the shared servers outlive the test that starts them.)
func newDatabase() (location string, drop func(), err error) {
	if !pgtest.Enabled() {
		dir, err := os.MkdirTemp("", "iescp-securitytest-db-")
		if err != nil {
			return "", nil, err
		}
		return filepath.Join(dir, "sync.db"), func() { _ = os.RemoveAll(dir) }, nil
	}
	base := os.Getenv(pgtest.Env)
	name := "sec_" + strings.ReplaceAll(domain.NewID(), "-", "")
	if err := pgAdmin(base, `CREATE DATABASE `+name); err != nil {
		return "", nil, fmt.Errorf("create the test database: %w", err)
	}
	return pgtest.WithDatabase(base, name), func() {
		if err := pgAdmin(base, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			fmt.Fprintf(os.Stderr, "securitytest: drop database %s: %v\n", name, err)
		}
	}, nil
}

// pgAdmin runs one statement on the PostgreSQL server's maintenance database.
func pgAdmin(base, stmt string) error {
	db, err := sqlx.Open("pgx", base)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(stmt)
	return err
}

// openDB opens the server's database beside the running server (a second process
// on the same database: SQLite's lock, or PostgreSQL's, orders their writes), for
// the few tests that look inside it. Closed when the test ends.
func (s *server) openDB(t *testing.T) *store.Store {
	t.Helper()
	db, err := store.OpenServer(s.DB)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// dbBytes is how much the database holds: on SQLite the size of its file and WAL;
// on PostgreSQL the text of every row of every table (its files would not do: TOAST
// compresses a repeated string to nearly nothing, and a shared cluster's WAL is not
// this database's).
func (s *server) dbBytes(t *testing.T) int64 {
	t.Helper()
	if store.IsPostgresURL(s.DB) {
		db := s.openDB(t)
		var tables []string
		if err := db.R.Select(&tables, `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`); err != nil {
			t.Fatal(err)
		}
		var n int64
		for _, tb := range tables {
			var size int64
			if err := db.R.Get(&size, `SELECT COALESCE(SUM(octet_length(t::text)), 0) FROM `+tb+` t`); err != nil {
				t.Fatal(err)
			}
			n += size
		}
		return n
	}
	var n int64
	for _, p := range []string{s.DB, s.DB + "-wal"} {
		fi, err := os.Stat(p)
		if err == nil {
			n += fi.Size()
		} else if !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	return n
}

// adminActor is the server's first admin, signed in once and shared.
func (s *server) adminActor(t *testing.T) *actor {
	t.Helper()
	s.adminMu.Lock()
	defer s.adminMu.Unlock()
	if s.admin == nil && s.adminErr == nil {
		a := &actor{s: s, Email: "admin@localhost", Password: s.adminPW, Role: "admin", http: newClient(), Name: "admin"}
		s.adminErr = a.signIn()
		if s.adminErr == nil {
			s.admin = a
		}
	}
	if s.adminErr != nil {
		t.Fatalf("admin sign-in: %v", s.adminErr)
	}
	return s.admin
}
