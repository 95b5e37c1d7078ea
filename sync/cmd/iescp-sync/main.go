// Command iescp-sync is the IESCP sync server: it holds a team's canonical
// database and serves the desktops' sign-in, push, pull and event stream
// (docs/operations.md, docs/openapi.yaml).
//
//	iescp-sync serve [--addr 127.0.0.1:8787] [--db iescp-sync.db] [limits: see help]
//	iescp-sync admin create --email E --name N [--password-stdin]
//	iescp-sync backup --out FILE [--db iescp-sync.db]
//	iescp-sync migrate-to-postgres --from FILE.db --to postgres://...
//	iescp-sync new-epoch [--db postgres://...]
//	iescp-sync version
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/statsjob"
	"iescp/backend/store"
	"iescp/sync/protocol"
	"iescp/sync/server"
)

// Defaults, each overridable by an environment variable and then by a flag.
const (
	defaultAddr = "127.0.0.1:8787"
	defaultDB   = "iescp-sync.db"
	envAddr     = "IESCP_SYNC_ADDR"
	envDB       = "IESCP_SYNC_DB"
	envDBShort  = "IESCP_DB" // the same, by the name operators of other engines expect

	envDrainDelay = "IESCP_SYNC_DRAIN_DELAY"
	envDBMaxConns = "IESCP_SYNC_DB_MAX_CONNS"
)

// defaultDrainDelay is how long serve keeps answering after SIGTERM with /readyz
// at 503, before it closes the listener, on PostgreSQL: long enough for a load
// balancer checking readiness every second or two to stop sending this instance
// requests. On SQLite there is one instance and nowhere else to send them: no delay.
const defaultDrainDelay = 5 * time.Second

// The bounds of --db-max-conns: below 2 a write transaction and a read it waits
// on could want the one connection at once; above maxDBConns is a typo (a
// PostgreSQL server's max_connections is in the hundreds).
const (
	minDBConns = 2
	maxDBConns = 1000
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed
	exitUsage = 2 // the command line is wrong
)

const usage = `iescp-sync: the IESCP sync server.

Usage:
  iescp-sync serve [--addr HOST:PORT] [--db FILE|postgres://...] [--access-ttl D] [--refresh-ttl D] [--log-level L]
                   [--read-header-timeout D] [--read-timeout D] [--write-timeout D] [--idle-timeout D]
                   [--max-header-bytes N] [--max-streams-per-account N] [--max-streams N]
                   [--max-clients-per-account N] [--drain-delay D] [--db-max-conns N]
      Serve the sync API. On first start, creates the admin account ` + server.DefaultAdminEmail + `
      and prints its password once on standard output (or writes it to
      --admin-password-file). Stops cleanly on SIGINT or SIGTERM: /readyz answers 503
      for --drain-delay (5s on PostgreSQL, 0 on SQLite) while requests are still served, then the
      listener closes; a second signal cuts the delay short.
      The limits (docs/operations.md, "What the server defends against") have safe
      defaults: see 'iescp-sync serve --help'.
  iescp-sync admin create --email EMAIL --name NAME [--db FILE] [--password-stdin]
      Create an admin account. The password is prompted for, or read from the first
      line of standard input with --password-stdin.
  iescp-sync backup --out FILE [--db FILE]
      Write a consistent copy of the database (safe while the server runs). Restoring
      it (stop, copy over the database, start) makes every desktop reset and resync.
  iescp-sync migrate-to-postgres --from FILE --to postgres://...
      Copy a stopped server's SQLite database into an empty PostgreSQL database, in one
      transaction; desktops go on syncing against it without a reset.
  iescp-sync new-epoch [--db postgres://...|FILE]
      After restoring a database (pg_restore, point-in-time recovery), before serving
      it: every desktop resets and resyncs.
  iescp-sync version
      Print the version, protocol and schema versions.

Environment:
  ` + envAddr + `   default for --addr (otherwise ` + defaultAddr + `)
  ` + envDB + `     default for --db (otherwise ` + envDBShort + `, otherwise ` + defaultDB + `):
                  an SQLite file, or a PostgreSQL URL (postgres://user:pass@host:5432/db)
  ` + envAdminPasswordFile + `   default for serve's --admin-password-file
  ` + envDrainDelay + `   default for serve's --drain-delay (a Go duration: 5s, 0)
  ` + envDBMaxConns + `  default for serve's --db-max-conns (PostgreSQL only)

Exit status: 0 on success, 1 when the command fails, 2 on a usage error.
`

// cli is the process's outside world, replaceable in tests.
type cli struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// readPassword reads a password from the terminal without echo; nil when
	// standard input is not a terminal.
	readPassword func(prompt string) (string, error)
	// listening, if set, is told the server's URL once it listens.
	listening func(url string)
	now       func() time.Time
	// after is time.After: the drain delay waits on it (a test's is its own).
	after func(time.Duration) <-chan time.Time
	// again is closed by a second SIGINT or SIGTERM: the drain delay is cut short.
	again <-chan struct{}
}

// errUsage marks a command-line mistake (exit status 2).
type errUsage struct{ msg string }

func (e *errUsage) Error() string { return e.msg }

func usageErr(format string, args ...any) error { return &errUsage{fmt.Sprintf(format, args...)} }

func main() {
	// The first signal stops the command (ctx); a second cuts serve's drain short.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(context.Background())
	again := make(chan struct{})
	go func() {
		<-sigs
		cancel()
		<-sigs
		close(again)
	}()
	stop := func() { signal.Stop(sigs); cancel() }
	c := &cli{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, now: time.Now,
		after: time.After, again: again}
	if fd := int(os.Stdin.Fd()); term.IsTerminal(fd) {
		c.readPassword = func(prompt string) (string, error) {
			fmt.Fprint(os.Stderr, prompt)
			b, err := term.ReadPassword(fd)
			fmt.Fprintln(os.Stderr)
			return string(b), err
		}
	}
	code := c.run(ctx, os.Args[1:])
	stop() // os.Exit skips deferred calls: restore the default signal handling first
	os.Exit(code)
}

// run runs one command and returns the exit status.
func (c *cli) run(ctx context.Context, args []string) int {
	err := c.dispatch(ctx, args)
	var ue *errUsage
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(c.stderr, "iescp-sync: %s\nRun 'iescp-sync help' for usage.\n", ue.msg)
		return exitUsage
	default:
		fmt.Fprintf(c.stderr, "iescp-sync: %v\n", err)
		return exitError
	}
}

func (c *cli) dispatch(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, usage)
		return &errUsage{"no command given"}
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return c.serve(ctx, rest)
	case "admin":
		if len(rest) == 0 || rest[0] != "create" {
			return usageErr("admin: the only subcommand is 'admin create'")
		}
		return c.adminCreate(ctx, rest[1:])
	case "backup":
		return c.backup(ctx, rest)
	case "migrate-to-postgres":
		return c.migrateToPostgresCmd(ctx, rest)
	case "new-epoch":
		return c.newEpochCmd(ctx, rest)
	case "version", "--version":
		fmt.Fprintf(c.stdout, "iescp-sync %s (protocol %d, schema %d, %s %s/%s)\n", version, protocol.ProtocolVersion,
			store.LatestVersion(store.SetDomain), runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(c.stdout, usage)
		return nil
	default:
		return usageErr("unknown command %q", cmd)
	}
}

// dbDefault is --db's default: IESCP_SYNC_DB, IESCP_DB, or iescp-sync.db.
func (c *cli) dbDefault() string {
	return c.env(envDB, c.env(envDBShort, defaultDB))
}

// flagSet makes a flag set that reports errors as usage errors, not by exiting.
func (c *cli) flagSet(name string) *flag.FlagSet {
	fl := flag.NewFlagSet("iescp-sync "+name, flag.ContinueOnError)
	fl.SetOutput(c.stderr)
	return fl
}

func parse(fl *flag.FlagSet, args []string) error {
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &errUsage{err.Error()}
	}
	if fl.NArg() > 0 {
		return usageErr("unexpected argument %q", fl.Arg(0))
	}
	return nil
}

// envDuration reads a duration from the environment (fallback when unset).
func (c *cli) envDuration(name string, fallback time.Duration) (time.Duration, error) {
	v := c.getenv(name)
	if v == "" {
		return fallback, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, usageErr("%s=%q is not a duration (such as 5s or 0)", name, v)
	}
	return d, nil
}

// envInt reads an integer from the environment (fallback when unset).
func (c *cli) envInt(name string, fallback int) (int, error) {
	v := c.getenv(name)
	if v == "" {
		return fallback, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, usageErr("%s=%q is not a whole number", name, v)
	}
	return n, nil
}

// noPoolParams refuses pgxpool's pool_* parameters in a PostgreSQL URL: the
// server's pool is database/sql's, sized by --db-max-conns, and PostgreSQL would
// refuse the connection over an unknown setting with a less helpful message.
func noPoolParams(dbPath string) error {
	if !store.IsPostgresURL(dbPath) {
		return nil
	}
	u, err := url.Parse(dbPath)
	if err != nil {
		return nil // the store's own parse names the problem, without the password
	}
	for k := range u.Query() {
		if strings.HasPrefix(k, "pool_") {
			return usageErr("--db: %s in the URL is not read: size the pool with --db-max-conns (or %s)", k, envDBMaxConns)
		}
	}
	return nil
}

// dbConns is the pool size a database is served with, for the start's log line.
func dbConns(dbPath string) int {
	if !store.IsPostgresURL(dbPath) {
		return 1 // SQLite's one writer (readers aside)
	}
	return store.PostgresPoolSize
}

func (c *cli) env(name, fallback string) string {
	if v := c.getenv(name); v != "" {
		return v
	}
	return fallback
}

// ---- serve ----

// serveOptions is what `serve` runs with.
type serveOptions struct {
	addr string
	cfg  server.Config
	// adminPasswordFile receives the first admin's password instead of stdout.
	adminPasswordFile string
	// drainDelay is how long /readyz answers 503 before the listener closes.
	drainDelay time.Duration
	// dbMaxConns is the PostgreSQL pool's size (0: store.PostgresPoolSize as it is).
	dbMaxConns int
}

// serveFlags parses `serve`'s command line into the server's configuration.
func (c *cli) serveFlags(args []string) (*serveOptions, error) {
	fl := c.flagSet("serve")
	addr := fl.String("addr", c.env(envAddr, defaultAddr), "address to listen on (env "+envAddr+"); put a TLS reverse proxy in front for remote desktops")
	dbPath := fl.String("db", c.dbDefault(), "canonical database: an SQLite file, created on first start, or a postgres:// URL (env "+envDB+" or "+envDBShort+")")
	accessTTL := fl.Duration("access-ttl", 15*time.Minute, "access token lifetime (also the longest an event stream lives)")
	refreshTTL := fl.Duration("refresh-ttl", 30*24*time.Hour, "refresh token lifetime (a desktop unused this long signs in again)")
	level := fl.String("log-level", "info", "debug, info, warn or error")
	readHeader := fl.Duration("read-header-timeout", server.DefaultReadHeaderTimeout, "longest a client may take to send a request's headers")
	read := fl.Duration("read-timeout", server.DefaultReadTimeout, "longest a client may take to send a whole request, body included")
	write := fl.Duration("write-timeout", server.DefaultWriteTimeout, "longest the server spends writing a response (on an event stream: each write)")
	idle := fl.Duration("idle-timeout", server.DefaultIdleTimeout, "how long an idle keep-alive connection stays open")
	maxHeader := fl.Int("max-header-bytes", server.DefaultMaxHeaderBytes, "largest request line and headers, in bytes")
	streamsPerAccount := fl.Int("max-streams-per-account", server.DefaultMaxStreamsPerAccount, "event streams one account may hold; a new one closes its oldest")
	streams := fl.Int("max-streams", server.DefaultMaxStreams, "event streams the server holds in all; past this new ones get 429")
	autoAccept := fl.String("auto-accept-schedule", server.DefaultAutoAcceptSchedule, "when the server accepts proofs of post a sponsor left unanswered for "+strconv.Itoa(mutate.AutoAcceptDays)+" days: a cron expression in UTC (or @daily, @hourly), or off")
	analyticsSchedule := fl.String("analytics-schedule", server.DefaultAnalyticsSchedule, "when the server recomputes every influencer's analytics and retrains the engagement model: a cron expression in UTC (or @daily, @hourly), or off (POST /v1/admin/analytics/refresh still runs it)")
	trainTimeout := fl.Duration("analytics-train-timeout", statsjob.DefaultTrainTimeout, "longest the analytics refresh may spend training the model")
	snapshotDir := fl.String("snapshot-dir", "", "folder for the first-download snapshots (one SQLite file per role, docs/sync.md); empty: desktops download row by row")
	mutations := fl.Int("max-mutations-per-day", server.DefaultMaxMutationsPerDay, "new changes one account may have the server apply in a sliding 24 hours; past it the rest wait on the desktop")
	al := server.DefaultAuthLimits
	fl.DurationVar(&al.LoginWindow, "login-window", al.LoginWindow, "sliding window over which failed sign-ins are counted")
	fl.IntVar(&al.LoginMaxPerAccount, "login-max-per-account", al.LoginMaxPerAccount, "failed sign-ins per email per window before 429")
	fl.IntVar(&al.LoginMaxPerAddress, "login-max-per-address", al.LoginMaxPerAddress, "failed sign-ins per client address per window before 429 (raise behind a proxy or NAT)")
	fl.IntVar(&al.RegisterMaxPerAddress, "register-max-per-address", al.RegisterMaxPerAddress, "registrations per client address per hour; -1 turns the limit off")
	fl.IntVar(&al.RegisterMaxPerMinute, "register-max-per-minute", al.RegisterMaxPerMinute, "registrations per minute on the whole server; -1 turns the limit off")
	fl.IntVar(&al.MaxConcurrentHashes, "max-concurrent-hashes", al.MaxConcurrentHashes, "password hashes (argon2id, ~19 MiB each) computed at once")
	fl.DurationVar(&al.HashWait, "hash-wait", al.HashWait, "longest a sign-in waits for a hashing slot before 429")
	pwFile := fl.String("admin-password-file", c.env(envAdminPasswordFile, ""), "on first start, write the admin's password to this file (mode 0600) instead of standard output (env "+envAdminPasswordFile+")")
	clients := fl.Int("max-clients-per-account", server.DefaultMaxClientsPerAccount, "desktops (sync clients) one account may sync from within 90 days")
	drainEnv, err := c.envDuration(envDrainDelay, -1)
	if err != nil {
		return nil, err
	}
	if drainEnv < -1 {
		return nil, usageErr("%s must not be negative", envDrainDelay)
	}
	drain := fl.Duration("drain-delay", drainEnv, "on SIGTERM, how long /readyz answers 503 while requests are still served, before the listener closes (env "+envDrainDelay+"; default "+defaultDrainDelay.String()+" on PostgreSQL, 0 on SQLite); 0 closes at once")
	connsDefault, err := c.envInt(envDBMaxConns, 0)
	if err != nil {
		return nil, err
	}
	maxConns := fl.Int("db-max-conns", connsDefault, fmt.Sprintf("PostgreSQL only: connections this instance keeps to the database, %d to %d (env %s; default %d)", minDBConns, maxDBConns, envDBMaxConns, store.PostgresPoolSize))
	if err := parse(fl, args); err != nil {
		return nil, err
	}
	drainSet := false
	fl.Visit(func(f *flag.Flag) { drainSet = drainSet || f.Name == "drain-delay" })
	switch {
	case *drain < 0 && (drainSet || drainEnv != -1):
		return nil, usageErr("--drain-delay must not be negative")
	case *drain < 0 && store.IsPostgresURL(*dbPath):
		*drain = defaultDrainDelay
	case *drain < 0:
		*drain = 0
	}
	if err := noPoolParams(*dbPath); err != nil {
		return nil, err
	}
	if *maxConns != 0 {
		if *maxConns < minDBConns || *maxConns > maxDBConns {
			return nil, usageErr("--db-max-conns must be between %d and %d, got %d", minDBConns, maxDBConns, *maxConns)
		}
		if !store.IsPostgresURL(*dbPath) {
			return nil, usageErr("--db-max-conns (or %s) applies to a PostgreSQL database only; %s is an SQLite file", envDBMaxConns, *dbPath)
		}
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(*level)); err != nil {
		return nil, usageErr("--log-level: %v", err)
	}
	if *accessTTL < time.Minute || *refreshTTL < *accessTTL {
		return nil, usageErr("--access-ttl must be at least 1m and --refresh-ttl at least as long")
	}
	for name, d := range map[string]time.Duration{"--read-header-timeout": *readHeader, "--read-timeout": *read,
		"--write-timeout": *write, "--idle-timeout": *idle} {
		if d <= 0 {
			return nil, usageErr("%s must be positive", name)
		}
	}
	if *readHeader > *read {
		return nil, usageErr("--read-header-timeout must not exceed --read-timeout")
	}
	if *maxHeader < 4<<10 {
		return nil, usageErr("--max-header-bytes must be at least 4096")
	}
	for name, n := range map[string]int{"--max-streams-per-account": *streamsPerAccount, "--max-streams": *streams,
		"--max-clients-per-account": *clients, "--max-mutations-per-day": *mutations} {
		if n < 1 {
			return nil, usageErr("%s must be at least 1", name)
		}
	}
	for name, n := range map[string]int{"--login-max-per-account": al.LoginMaxPerAccount,
		"--login-max-per-address": al.LoginMaxPerAddress, "--max-concurrent-hashes": al.MaxConcurrentHashes} {
		if n < 1 {
			return nil, usageErr("%s must be at least 1", name)
		}
	}
	for name, n := range map[string]int{"--register-max-per-address": al.RegisterMaxPerAddress,
		"--register-max-per-minute": al.RegisterMaxPerMinute} {
		if n == 0 || n < -1 {
			return nil, usageErr("%s must be at least 1, or -1 for no limit", name)
		}
	}
	if err := server.CheckAutoAcceptSchedule(*autoAccept); err != nil {
		return nil, usageErr("--auto-accept-schedule: %v", err)
	}
	if err := server.CheckAnalyticsSchedule(*analyticsSchedule); err != nil {
		return nil, usageErr("--analytics-schedule: %v", err)
	}
	if *trainTimeout <= 0 {
		return nil, usageErr("--analytics-train-timeout must be positive")
	}
	if al.LoginWindow < time.Second || al.HashWait < time.Millisecond {
		return nil, usageErr("--login-window must be at least 1s and --hash-wait positive")
	}
	return &serveOptions{addr: *addr, adminPasswordFile: *pwFile, drainDelay: *drain, dbMaxConns: *maxConns, cfg: server.Config{
		DBPath: *dbPath, Logger: slog.New(slog.NewJSONHandler(c.stderr, &slog.HandlerOptions{Level: lv})),
		AccessTTL: *accessTTL, RefreshTTL: *refreshTTL,
		ReadHeaderTimeout: *readHeader, ReadTimeout: *read, WriteTimeout: *write, IdleTimeout: *idle,
		MaxHeaderBytes: *maxHeader, MaxStreamsPerAccount: *streamsPerAccount, MaxStreams: *streams,
		MaxClientsPerAccount: *clients, MaxMutationsPerDay: *mutations, AuthLimits: al, AutoAcceptSchedule: *autoAccept,
		AnalyticsSchedule: *analyticsSchedule, AnalyticsTrainTimeout: *trainTimeout,
		SnapshotDir: *snapshotDir,
	}}, nil
}

func (c *cli) serve(ctx context.Context, args []string) error {
	opts, err := c.serveFlags(args)
	if err != nil {
		return err
	}
	log, dbPath, addr := opts.cfg.Logger, opts.cfg.DBPath, opts.addr
	if opts.dbMaxConns != 0 {
		store.PostgresPoolSize = opts.dbMaxConns // read by store.OpenPostgres, once, in this process
	}
	srv, err := server.New(opts.cfg)
	if err != nil {
		return err
	}
	secret, err := preparePasswordFile(opts.adminPasswordFile)
	if err != nil {
		return errors.Join(err, srv.Close())
	}
	email, password, created, err := server.EnsureAdmin(ctx, srv.DB(), c.now())
	switch {
	case err == nil && created:
		err = c.announceAdmin(log, secret, email, password)
	case secret != nil:
		err = errors.Join(err, secret.discard())
	}
	if err != nil {
		return errors.Join(err, srv.Close())
	}
	if err := srv.Listen(addr); err != nil {
		return errors.Join(err, srv.Close())
	}
	cfg := opts.cfg
	log.Info("listening", "url", srv.URL(), "db", store.Redact(dbPath), "version", version, "protocol", protocol.ProtocolVersion,
		"read_timeout", cfg.ReadTimeout.String(), "write_timeout", cfg.WriteTimeout.String(), "idle_timeout", cfg.IdleTimeout.String(),
		"max_streams_per_account", cfg.MaxStreamsPerAccount, "max_streams", cfg.MaxStreams,
		"max_clients_per_account", cfg.MaxClientsPerAccount, "drain_delay", opts.drainDelay.String(),
		"db_max_conns", dbConns(dbPath))
	if c.listening != nil {
		c.listening(srv.URL())
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	select {
	case err := <-served:
		return errors.Join(fmt.Errorf("serve: %w", err), srv.Close())
	case <-ctx.Done():
	}
	if opts.drainDelay > 0 {
		// Not ready from now on, still serving: the load balancer moves away.
		srv.Drain()
		log.Info("draining", "drain_delay", opts.drainDelay.String())
		after := c.after
		if after == nil {
			after = time.After
		}
		select {
		case <-after(opts.drainDelay):
		case <-c.again:
			log.Info("drain cut short by a second signal")
		case err := <-served:
			return errors.Join(fmt.Errorf("serve: %w", err), srv.Close())
		}
	}
	log.Info("shutting down")
	if err := srv.Close(); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-served; err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}

// ---- admin create ----

func (c *cli) adminCreate(ctx context.Context, args []string) (err error) {
	fl := c.flagSet("admin create")
	dbPath := fl.String("db", c.dbDefault(), "canonical database: an SQLite file or a postgres:// URL (env "+envDB+" or "+envDBShort+")")
	email := fl.String("email", "", "the admin's email (required)")
	name := fl.String("name", "", "the admin's name (required)")
	fromStdin := fl.Bool("password-stdin", false, "read the password from the first line of standard input")
	insecure := fl.String("password", "", "the password (visible in the process list and shell history: prefer --password-stdin)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if *email == "" || *name == "" {
		return usageErr("admin create: --email and --name are required")
	}
	password, err := c.password(*insecure, *fromStdin)
	if err != nil {
		return err
	}
	if _, err := os.Stat(*dbPath); !store.IsPostgresURL(*dbPath) && errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(c.stderr, "note: %s does not exist yet: creating a new database\n", *dbPath)
	}
	db, err := store.OpenServer(*dbPath)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	id, err := server.CreateAdmin(ctx, db, *email, *name, password, c.now())
	if err != nil {
		return fmt.Errorf("admin create: %s", domain.AsError(err).Message)
	}
	fmt.Fprintf(c.stdout, "created admin %s (%s)\n", strings.ToLower(strings.TrimSpace(*email)), id)
	return nil
}

// password gets the new admin's password from the flag (with a warning), the
// first line of stdin, or the terminal (asked twice).
func (c *cli) password(flagValue string, fromStdin bool) (string, error) {
	switch {
	case flagValue != "" && fromStdin:
		return "", usageErr("admin create: give --password or --password-stdin, not both")
	case flagValue != "":
		fmt.Fprintln(c.stderr, "warning: --password is visible to other users in the process list and stays in shell history; prefer --password-stdin")
		return flagValue, nil
	case fromStdin:
		line, err := bufio.NewReader(c.stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read the password from standard input: %w", err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			return "", usageErr("admin create: standard input held no password")
		}
		return line, nil
	case c.readPassword == nil:
		return "", usageErr("admin create: standard input is not a terminal: pass the password with --password-stdin")
	}
	first, err := c.readPassword("Password for the new admin: ")
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	again, err := c.readPassword("Same password again: ")
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	if first != again {
		return "", errors.New("admin create: the passwords differ")
	}
	return first, nil
}

// ---- backup ----

func (c *cli) backup(ctx context.Context, args []string) (err error) {
	fl := c.flagSet("backup")
	dbPath := fl.String("db", c.dbDefault(), "canonical SQLite database (env "+envDB+" or "+envDBShort+")")
	out := fl.String("out", "", "file to write the backup to; must not exist (required)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if *out == "" {
		return usageErr("backup: --out is required")
	}
	if store.IsPostgresURL(*dbPath) {
		return usageErr("backup: a PostgreSQL database is backed up with pg_dump (or its point-in-time recovery): see docs/operations.md")
	}
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// No migration: a backup copies the database as it is.
	db, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	start := c.now()
	if err := server.Backup(ctx, db, *out); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "backup of %s written to %s in %s\n", *dbPath, *out, c.now().Sub(start).Round(time.Millisecond))
	return nil
}
