// Command barewindow is a bare Wails window, built as the app is (the same Wails,
// tags and window options, no services, a one-line page): the reference for the
// app's cold start in scripts/desktop-memory.sh. Its page reports its first paint
// as the app's sign-in screen does (the "ui:ready" event), and it logs
// "iescp: ui ready: bare after <ms> ms" the same way.
//
//	go build -tags desktop,production,webkit2_41 -trimpath -ldflags "-s -w" -o build/bin/barewindow ./scripts/barewindow
package main

import (
	"context"
	"embed"
	"fmt"
	"os"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"
)

var processStart = time.Now()

//go:embed index.html
var assets embed.FS

func main() {
	var logged bool
	err := wails.Run(&options.App{
		Title:            "IESCP",
		Width:            1200,
		Height:           800,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 248, G: 249, B: 250, A: 255},
		OnStartup: func(ctx context.Context) {
			runtime.EventsOn(ctx, "ui:ready", func(data ...any) {
				if logged || len(data) != 1 {
					return
				}
				logged = true
				fmt.Fprintf(os.Stderr, "iescp: ui ready: %v after %.1f ms\n", data[0],
					float64(time.Since(processStart).Microseconds())/1000)
			})
		},
		Linux: &linux.Options{ProgramName: "barewindow", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "barewindow:", err)
		os.Exit(1)
	}
}
