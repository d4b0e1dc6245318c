package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/org"
)

const aboutStatsRebuild = `Recomputes the statistics of the QĐ 766 indicators from the dossiers: the facts of every received
dossier and their monthly sums. egov keeps them up to date with every change made through egov
itself; rebuild them after writing dossiers by other means ('egov gen' does it by itself at the
end) or to check them. It runs in one transaction: reports read the previous figures until it
ends, and dossiers changed meanwhile wait for it.`

func statsFlags(e *env) (*flagSet, *storeConfig) {
	var c storeConfig
	f := newFlagSet("stats rebuild", "egov stats rebuild [flags]", aboutStatsRebuild, e)
	addStoreFlags(f, &c)
	return f, &c
}

func helpStats(e *env) {
	f, _ := statsFlags(e)
	f.printUsage(e.stdout)
}

// runStats runs the statistics commands.
func runStats(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"missing stats command: rebuild"}
	}
	switch args[0] {
	case "rebuild":
	case "-h", "-help", "--help":
		helpStats(e)
		return nil
	default:
		return usageError{fmt.Sprintf("unknown stats command %q: rebuild", args[0])}
	}
	f, c := statsFlags(e)
	pos, err := f.Parse(args[1:])
	if err != nil {
		return err
	}
	if err := needArgs(pos, 0, ""); err != nil {
		return err
	}
	db, svc, err := c.openService(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	return rebuildStats(app.WithActor(ctx, org.SystemActor), e, svc)
}

// rebuildStats recomputes the statistics and says how long it took.
func rebuildStats(ctx context.Context, e *env, svc *app.Service) error {
	began := time.Now()
	n, err := svc.RebuildStats(ctx)
	if err != nil {
		return err
	}
	el := time.Since(began)
	fmt.Fprintf(e.stdout, "Đã tính lại số liệu thống kê của %d hồ sơ trong %s.\nRebuilt the statistics of %d dossiers in %s.\n",
		n, el.Round(time.Millisecond), n, el.Round(time.Millisecond))
	// Every row of the statistics is new: vacuumed and analyzed, the dashboards' counts read
	// their indexes alone and the planner knows the tables' sizes.
	began = time.Now()
	if err := svc.DB().VacuumStats(ctx); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Đã dọn và phân tích các bảng thống kê trong %s. / Statistics tables vacuumed and analyzed in %s.\n",
		time.Since(began).Round(time.Millisecond), time.Since(began).Round(time.Millisecond))
	return nil
}
