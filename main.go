// Command iescp is the IESCP desktop app: a Wails window over the local-first
// services in backend/desktop. `iescp seed ...` writes a demo data dir instead.
package main

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"iescp/backend/desktop"
	"iescp/backend/localdata"
	"iescp/backend/seed"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/appicon.png
var icon []byte

// passwordEnv holds the --sign-in account's password.
const passwordEnv = "IESCP_PASSWORD"

func main() {
	if len(os.Args) > 1 && os.Args[1] == "seed" {
		os.Exit(seed.Main(os.Args[2:]))
	}
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "iescp:", err)
		os.Exit(1)
	}
}

// launch is what the command line asks for.
type launch struct {
	dataDir, server, signIn string
	dataDirSet, serverSet   bool
	hidden                  bool   // start without a window (at login)
	route                   string // an iescp:// link's screen to open
}

// parseArgs reads the command line (this launch's, or a second launch's passed
// on by the single-instance lock).
func parseArgs(args []string) (launch, error) {
	var l launch
	fs := flag.NewFlagSet("iescp", flag.ContinueOnError)
	fs.StringVar(&l.dataDir, "data-dir", "", "directory holding the local databases (default: the user data dir, e.g. ~/.local/share/iescp; layout in backend/localdata)")
	fs.StringVar(&l.server, "server", "", "sync server address for this run, e.g. http://127.0.0.1:8787 (default: the one set in Settings, else "+localdata.DefaultServerURL+")")
	fs.StringVar(&l.signIn, "sign-in", "", "sign in as this account at start, with the password from $"+passwordEnv+" (demos and window tests)")
	fs.BoolVar(&l.hidden, "hidden", false, "start without a window, reminders running (Start at login uses it); launching the app again shows the window")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: iescp [flags] [%s<screen>[/<id>]]\n", desktop.DeepLinkScheme)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return l, err
	}
	fs.Visit(func(f *flag.Flag) {
		l.dataDirSet = l.dataDirSet || f.Name == "data-dir"
		l.serverSet = l.serverSet || f.Name == "server"
	})
	switch fs.NArg() {
	case 0:
	case 1:
		route, err := desktop.ParseDeepLink(fs.Arg(0))
		if err != nil {
			return l, err
		}
		l.route = route
	default:
		return l, fmt.Errorf("unexpected argument %q", fs.Arg(1))
	}
	return l, nil
}

// command is how "Start at login" starts the app: this program, with the data
// dir and server this run was given explicitly.
func (l launch) command(exe string) []string {
	cmd := []string{exe}
	if l.dataDirSet {
		cmd = append(cmd, "--data-dir", l.dataDir)
	}
	if l.serverSet {
		cmd = append(cmd, "--server", l.server)
	}
	return cmd
}

// instanceID is the single-instance lock's id: one running app per data dir
// (make demo runs two, each with its own).
func instanceID(dataDir string) string {
	if abs, err := filepath.Abs(dataDir); err == nil {
		dataDir = abs
	}
	sum := sha256.Sum256([]byte(dataDir))
	return "io.iescp.desktop." + hex.EncodeToString(sum[:8])
}

func run(args []string) error {
	l, err := parseArgs(args)
	if err != nil {
		return err
	}
	// The password never goes on the command line (ps would show it), and the
	// environment forgets it at once.
	password := os.Getenv(passwordEnv)
	if err := os.Unsetenv(passwordEnv); err != nil {
		return fmt.Errorf("forget $%s: %w", passwordEnv, err)
	}
	if l.signIn != "" && password == "" {
		return fmt.Errorf("--sign-in needs the password in $%s", passwordEnv)
	}
	if l.dataDir == "" {
		dir, err := localdata.DefaultDataDir()
		if err != nil {
			return err
		}
		l.dataDir = dir
	}
	id := instanceID(l.dataDir)
	// Already running on this data dir: hand it this launch's arguments (it
	// shows its window) and stop here, before opening anything.
	if passed, err := passToRunningInstance(id, args); passed {
		fmt.Fprintln(os.Stderr, "iescp: already running; its window is brought forward")
		return nil
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "iescp: single instance:", err)
	}
	cfg := desktop.Config{DataDir: l.dataDir, ServerURL: l.server, SignInEmail: l.signIn, SignInPassword: password,
		StartHidden: l.hidden}
	if exe, err := os.Executable(); err == nil {
		cfg.Command = l.command(exe)
	}
	if p, err := desktop.AutostartPath(os.Getenv); err == nil {
		cfg.AutostartPath = p
	}
	hooks := testHooksFromEnv()
	hooks.configure(&cfg)

	services, err := desktop.New(cfg)
	if err != nil {
		return err
	}
	app := NewApp(services)
	app.route = l.route
	hooks.start(services)
	defer hooks.stop()

	err = wails.Run(&options.App{
		Title:     "IESCP",
		Width:     1200,
		Height:    800,
		MinWidth:  800,
		MinHeight: 600,
		AssetServer: &assetserver.Options{
			Assets: assets,
		},
		BackgroundColour: &options.RGBA{R: 248, G: 249, B: 250, A: 255},
		OnStartup:        app.startup,
		OnShutdown:       app.shutdown,
		OnBeforeClose:    app.beforeClose,
		StartHidden:      l.hidden,
		Menu:             app.menu(),
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId:               id,
			OnSecondInstanceLaunch: app.secondInstance,
		},
		Bind: []interface{}{
			services.Session,
			services.Campaigns,
			services.Settings,
			services.Sync,
			desktop.NewAdRequestService(services),
			desktop.NewTeamService(services),
			desktop.NewAdminService(services),
			desktop.NewProfileService(services),
			desktop.NewSearchService(services),
			desktop.NewNotificationService(services),
			desktop.NewDashboardService(services),
			desktop.NewJobService(services),
			desktop.NewReportService(services),
			desktop.NewWalletService(services),
			desktop.NewDocumentsService(services),
			desktop.NewTrackingService(services),
			desktop.NewMetricsService(services),
			desktop.NewAttachmentService(services),
			desktop.NewDealService(services),
			desktop.NewEarningsService(services),
			desktop.NewAnalyticsService(services),
			desktop.NewPostHistoryService(services),
			desktop.NewCampaignAnalyticsService(services),
			desktop.NewPipelineService(services),
			desktop.NewBulkInviteService(services),
			desktop.NewOnboardingService(services),
			desktop.NewListsService(services),
			desktop.NewAboutService(),
			desktop.NewBackgroundService(services),
		},
		Linux: &linux.Options{
			Icon:             icon,
			ProgramName:      "iescp",
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
		},
	})
	if err != nil {
		return err
	}
	return app.err
}
