// Command iescp is the IESCP desktop app: a Wails window over the local-first
// services in backend/desktop. `iescp seed ...` writes a demo data dir instead.
package main

import (
	"embed"
	"flag"
	"fmt"
	"os"

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

func run(args []string) error {
	fs := flag.NewFlagSet("iescp", flag.ContinueOnError)
	dataDir := fs.String("data-dir", "", "directory holding the local databases (default: the user data dir, e.g. ~/.local/share/iescp; layout in backend/localdata)")
	server := fs.String("server", "", "sync server address for this run, e.g. http://127.0.0.1:8787 (default: the one set in Settings, else "+localdata.DefaultServerURL+")")
	signIn := fs.String("sign-in", "", "sign in as this account at start, with the password from $"+passwordEnv+" (demos and window tests)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	// The password never goes on the command line (ps would show it), and the
	// environment forgets it at once.
	password := os.Getenv(passwordEnv)
	if err := os.Unsetenv(passwordEnv); err != nil {
		return fmt.Errorf("forget $%s: %w", passwordEnv, err)
	}
	if *signIn != "" && password == "" {
		return fmt.Errorf("--sign-in needs the password in $%s", passwordEnv)
	}
	if *dataDir == "" {
		dir, err := localdata.DefaultDataDir()
		if err != nil {
			return err
		}
		*dataDir = dir
	}

	services, err := desktop.New(desktop.Config{DataDir: *dataDir, ServerURL: *server, SignInEmail: *signIn, SignInPassword: password})
	if err != nil {
		return err
	}
	app := NewApp(services)

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
