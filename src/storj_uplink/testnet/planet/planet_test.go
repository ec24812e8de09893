// Package planet serves a real Storj network (1 satellite, N storage nodes) on
// loopback for the storj_uplink test suite and benchmarks.
//
// It is a test binary on purpose: testplanet.Run needs a real *testing.T.
// Build it with `go test -c -o planet.test .` (no -trimpath: testplanet finds
// the satellite's e-mail templates through runtime.Caller paths into the
// module cache, unless $PLANET_STORJ_WEB names a copy of them) and run it as
//
//	PLANET_INFO=/path/planet.json STORJ_TEST_POSTGRES=postgres://... \
//	STORJ_TEST_COCKROACH=omit STORJ_TEST_TIDB=omit \
//	./planet.test -test.run '^TestServePlanet$' -test.timeout 0 -test.v
//
// It writes its connection facts as JSON to $PLANET_INFO (atomically) and
// serves until SIGINT or SIGTERM. A small HTTP server on 127.0.0.1 (its
// address is in the JSON as "control") stops and restarts storage nodes and
// the satellite's API peer while the network runs; see README.md.
package planet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/zap"

	"storj.io/common/macaroon"
	"storj.io/common/memory"
	"storj.io/common/pb"
	"storj.io/common/testcontext"
	"storj.io/storj/cmd/storagenode/internalcmd"
	"storj.io/storj/private/revocation"
	"storj.io/storj/private/testplanet"
	"storj.io/storj/satellite"
	"storj.io/storj/satellite/accounting/live"
	"storj.io/storj/satellite/jobq"
	"storj.io/storj/satellite/orders"
	"storj.io/storj/satellite/overlay"
	"storj.io/storj/storagenode"
	"storj.io/storj/storagenode/piecestore"
	"storj.io/uplink"
)

// planetInfo is what the server writes to $PLANET_INFO.
type planetInfo struct {
	Satellite     string   `json:"satellite"`
	APIKey        string   `json:"api_key"`
	Access        string   `json:"access"`
	Passphrase    string   `json:"passphrase"`
	Control       string   `json:"control"`
	Nodes         int      `json:"nodes"`
	NodeAddresses []string `json:"node_addresses"`
	PID           int      `json:"pid"`
}

func envInt(name string, def int) int {
	if v := os.Getenv(name); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			return n
		}
	}
	return def
}

func envStr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// writeFileAtomic writes data to a temporary file next to path and renames it.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".planet-info-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		_ = os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		_ = os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

func TestServePlanet(t *testing.T) {
	infoPath := os.Getenv("PLANET_INFO")
	if infoPath == "" {
		t.Skip("PLANET_INFO is not set: this test only serves a network for storj_uplink.testnet")
	}
	if os.Getenv("STORJ_TEST_LOG_LEVEL") == "" {
		t.Setenv("STORJ_TEST_LOG_LEVEL", "warn")
	}
	nodeCount := envInt("PLANET_NODES", 5)
	passphrase := envStr("PLANET_PASSPHRASE", "storj-uplink-testnet")

	// Catch the signals before anything starts: a SIGINT during start-up then
	// still ends in testplanet's orderly shutdown instead of killing the process.
	sigCtx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()

	// A prebuilt server (the storj-uplink-testnet-server wheel) has no Go
	// module cache to find the satellite's e-mail templates in: it ships them
	// and names the folder that holds satellite/ and storagenode/ here.
	webRoot := os.Getenv("PLANET_STORJ_WEB")

	satelliteConfig := func(log *zap.Logger, index int, c *satellite.Config) {
		if webRoot != "" {
			c.Mail.TemplatePath = filepath.Join(webRoot, "satellite", "static", "emails")
			c.Console.StaticDir = filepath.Join(webRoot, "satellite")
		}
		c.Metainfo.ProjectLimits.MaxBuckets = 100_000
		// Rate limiting is on, so a project with its own small rate (POST
		// /projects, limits_test.go) is refused for real; the default rate of
		// projects without one is far above anything the tests do.
		c.Metainfo.RateLimiter.Enabled = true
		c.Metainfo.RateLimiter.Rate = 1_000_000
		c.Metainfo.UploadLimiter.Enabled = false
		c.Metainfo.UploadLimiter.SingleObjectLimit = time.Nanosecond
		c.Metainfo.DownloadLimiter.Enabled = false
		c.Metainfo.DownloadLimiter.SingleObjectLimit = time.Nanosecond
		// Beyond uplink-c (issue 14): storj v1.162.4 always offers versioning,
		// Object Lock, DeleteObjects and project info; bucket tagging is off
		// by default and must be enabled.
		c.Metainfo.BucketTaggingEnabled = true
		c.Metainfo.DeleteObjectsEnabled = true

		const big = 1 * memory.PB
		c.Console.UsageLimits.Storage.Free = big
		c.Console.UsageLimits.Storage.Paid = big
		c.Console.UsageLimits.Storage.Nfr = big
		c.Console.UsageLimits.Bandwidth.Free = big
		c.Console.UsageLimits.Bandwidth.Paid = big
		c.Console.UsageLimits.Bandwidth.Nfr = big
		c.Console.UsageLimits.Segment.Free = 1_000_000_000
		c.Console.UsageLimits.Segment.Paid = 1_000_000_000
		c.Console.UsageLimits.Segment.Nfr = 1_000_000_000
	}
	nodeConfig := func(index int, c *storagenode.Config) {
		if webRoot != "" {
			c.Console.StaticDir = filepath.Join(webRoot, "storagenode")
		}
		c.Storage.AllocatedDiskSpace = 50 * memory.GB
	}

	testplanet.Run(t, testplanet.Config{
		SatelliteCount:   1,
		StorageNodeCount: nodeCount,
		UplinkCount:      1,
		NonParallel:      true,
		Timeout:          -1,
		Reconfigure: testplanet.Reconfigure{
			SatelliteDBOptions: testplanet.SatelliteDBDisableCaches,
			Satellite:          testplanet.Combine(testplanet.DisablePeerCAWhitelist.Satellite, satelliteConfig),
			StorageNode: func(index int, c *storagenode.Config) {
				testplanet.DisablePeerCAWhitelist.StorageNode(index, c)
				nodeConfig(index, c)
			},
			// The project's API key must be of the Object Lock version (or later)
			// for the satellite to accept Object Lock requests (issue 14).
			Uplink: func(log *zap.Logger, index int, c *testplanet.UplinkConfig) {
				c.APIKeyVersion = macaroon.APIKeyVersionObjectLock
			},
		},
	}, func(t *testing.T, ctx *testcontext.Context, planet *testplanet.Planet) {
		if sigCtx.Err() != nil {
			return // interrupted while starting
		}
		sat := planet.Satellites[0]
		apiKey := planet.Uplinks[0].APIKey[sat.ID()].Serialize()

		access, err := uplink.RequestAccessWithPassphrase(ctx, sat.URL(), apiKey, passphrase)
		if err != nil {
			t.Fatalf("request access: %+v", err)
		}
		serialized, err := access.Serialize()
		if err != nil {
			t.Fatalf("serialize access: %+v", err)
		}

		faults := newFaults(ctx, planet, passphrase)
		defer faults.closeAll()

		listener, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("control listener: %+v", err)
		}
		server := &http.Server{Handler: faults.handler(), ReadHeaderTimeout: 10 * time.Second}
		serveDone := make(chan struct{})
		go func() {
			defer close(serveDone)
			_ = server.Serve(listener)
		}()
		defer func() {
			shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = server.Shutdown(shutdownCtx)
			<-serveDone
		}()

		info := planetInfo{
			Satellite:  sat.URL(),
			APIKey:     apiKey,
			Access:     serialized,
			Passphrase: passphrase,
			Control:    listener.Addr().String(),
			Nodes:      len(planet.StorageNodes),
			PID:        os.Getpid(),
		}
		for _, node := range planet.StorageNodes {
			info.NodeAddresses = append(info.NodeAddresses, node.Addr())
		}
		data, err := json.MarshalIndent(info, "", "  ")
		if err != nil {
			t.Fatalf("marshal info: %+v", err)
		}
		if err := writeFileAtomic(infoPath, append(data, '\n')); err != nil {
			t.Fatalf("write %s: %+v", infoPath, err)
		}
		fmt.Fprintf(os.Stderr, "planet: serving satellite %s, control %s, %d storage nodes\n",
			sat.Addr(), info.Control, info.Nodes)

		select {
		case <-sigCtx.Done():
		case <-ctx.Done():
		}
		fmt.Fprintln(os.Stderr, "planet: shutting down")
	})
}

// ownedPeer is a peer restarted by the fault controller: it is not known to
// testplanet, so the controller runs and closes it itself.
type ownedPeer struct {
	cancel  context.CancelFunc
	done    chan struct{}
	runErr  error
	closeFn func() error
}

func (p *ownedPeer) stop() error {
	p.cancel()
	<-p.done
	return errors.Join(p.closeFn())
}

type nodeState struct {
	stopped bool
	owned   *ownedPeer
}

// faults stops and restarts peers of a running planet.
type faults struct {
	mu     sync.Mutex
	ctx    *testcontext.Context
	planet *testplanet.Planet
	log    *zap.Logger
	// passphrase of the accesses made for new projects (limits_test.go)
	passphrase string

	nodes []*nodeState

	satStopped     bool
	satOwned       *ownedPeer
	satAddr        string
	satPrivateAddr string
	satConsoleAddr string
}

func newFaults(ctx *testcontext.Context, planet *testplanet.Planet, passphrase string) *faults {
	sat := planet.Satellites[0]
	f := &faults{
		ctx:            ctx,
		planet:         planet,
		passphrase:     passphrase,
		log:            planet.Log().Named("faults"),
		satAddr:        sat.API.Server.Addr().String(),
		satPrivateAddr: sat.API.Server.PrivateAddr().String(),
	}
	if sat.API.Console.Listener != nil {
		f.satConsoleAddr = sat.API.Console.Listener.Addr().String()
	}
	for range planet.StorageNodes {
		f.nodes = append(f.nodes, &nodeState{})
	}
	return f
}

// closeAll stops the peers the controller started, before testplanet closes
// the databases they use.
func (f *faults) closeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, n := range f.nodes {
		if n.owned != nil {
			_ = n.owned.stop()
			n.owned = nil
		}
	}
	if f.satOwned != nil {
		_ = f.satOwned.stop()
		f.satOwned = nil
	}
}

func (f *faults) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /status", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		writeJSON(w, http.StatusOK, f.statusLocked())
	})
	mux.HandleFunc("POST /nodes/{index}/stop", func(w http.ResponseWriter, r *http.Request) {
		f.nodeOp(w, r, func(i int) error {
			return f.stopNode(i, r.URL.Query().Get("mark_offline") == "1")
		})
	})
	mux.HandleFunc("POST /nodes/{index}/start", func(w http.ResponseWriter, r *http.Request) {
		f.nodeOp(w, r, f.startNode)
	})
	mux.HandleFunc("POST /satellite/stop", func(w http.ResponseWriter, r *http.Request) {
		f.op(w, f.stopSatellite)
	})
	mux.HandleFunc("POST /satellite/start", func(w http.ResponseWriter, r *http.Request) {
		f.op(w, f.startSatellite)
	})
	f.limitsRoutes(mux)
	return mux
}

type status struct {
	Satellite string   `json:"satellite"`
	Nodes     []string `json:"nodes"`
}

func (f *faults) statusLocked() status {
	st := status{Satellite: "running"}
	if f.satStopped {
		st.Satellite = "stopped"
	}
	for _, n := range f.nodes {
		if n.stopped {
			st.Nodes = append(st.Nodes, "stopped")
		} else {
			st.Nodes = append(st.Nodes, "running")
		}
	}
	return st
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *faults) op(w http.ResponseWriter, fn func() error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return fn()
	}()
	if err != nil {
		writeJSON(w, http.StatusConflict, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, f.statusLocked())
}

func (f *faults) nodeOp(w http.ResponseWriter, r *http.Request, fn func(i int) error) {
	i, err := strconv.Atoi(r.PathValue("index"))
	if err != nil || i < 0 || i >= len(f.nodes) {
		writeJSON(w, http.StatusNotFound, map[string]string{
			"error": fmt.Sprintf("no storage node %q (there are %d, numbered from 0)", r.PathValue("index"), len(f.nodes)),
		})
		return
	}
	f.op(w, func() error { return fn(i) })
}

func (f *faults) stopNode(i int, markOffline bool) error {
	state := f.nodes[i]
	if state.stopped {
		return fmt.Errorf("storage node %d is already stopped", i)
	}
	node := f.planet.StorageNodes[i]
	var err error
	if state.owned != nil {
		err = state.owned.stop()
		state.owned = nil
	} else {
		err = f.planet.StopPeer(node)
	}
	state.stopped = true
	if err != nil {
		f.log.Warn("stopping storage node", zap.Int("index", i), zap.Error(err))
	}
	if markOffline { // the satellite's database stays open while it is stopped
		// What testplanet.StopNodeAndUpdate does after StopPeer: an old check-in
		// so the satellite stops selecting the node for uploads.
		sat := f.planet.Satellites[0]
		err := sat.DB.OverlayCache().UpdateCheckIn(f.ctx, overlay.NodeCheckInInfo{
			NodeID:  node.ID(),
			Address: &pb.NodeAddress{Address: node.Addr()},
			IsUp:    true,
			Version: &pb.NodeVersion{Version: "v0.0.0"},
		}, time.Now().Add(-4*time.Hour), sat.Config.Overlay.Node)
		if err != nil {
			return fmt.Errorf("storage node %d stopped, but marking it offline failed: %w", i, err)
		}
	}
	return nil
}

func (f *faults) startNode(i int) error {
	state := f.nodes[i]
	if !state.stopped {
		return fmt.Errorf("storage node %d is already running", i)
	}
	node := f.planet.StorageNodes[i]
	log := f.planet.Log().Named(node.Name)

	// Same public address (what the satellite and uplinks dial); the private
	// and console listeners get new ports.
	config := node.Config
	config.Server.Address = node.Addr()
	config.Server.PrivateAddress = "127.0.0.1:0"
	config.Console.Address = "127.0.0.1:0"

	revocationDB, err := revocation.OpenDBFromCfg(f.ctx, config.Server.Config)
	if err != nil {
		return fmt.Errorf("storage node %d: revocation db: %w", i, err)
	}
	peer, err := storagenode.New(log, node.Identity, node.DB, revocationDB, config, f.planet.NewVersionInfo(), nil)
	if err != nil {
		_ = revocationDB.Close()
		return fmt.Errorf("storage node %d: %w", i, err)
	}
	// (testplanet also calls Storage2.PieceBackend.TestingEnableMethods, which
	// refuses callers outside testplanet; the restarted node does without.)

	// Redo the per-satellite state testplanet sets on a new node.
	thePast := time.Now().AddDate(-1, 0, 0)
	for _, sat := range f.planet.Satellites {
		satID := sat.ID()
		if err := peer.Storage2.RestoreTimeManager.SetRestoreTime(f.ctx, satID, thePast); err != nil {
			_ = peer.Close()
			_ = revocationDB.Close()
			return fmt.Errorf("storage node %d: %w", i, err)
		}
		peer.Storage2.MigratingBackend.UpdateState(f.ctx, satID, func(state *piecestore.MigrationState) {
			state.TTLToNew = i%2 != 0
			state.WriteToNew = i%2 == 0
			state.ReadNewFirst = i%4 < 2
			state.PassiveMigrate = i%8 < 4
		})
		peer.Storage2.MigrationChore.SetMigrate(satID, true, i%16 < 8)
	}
	if config.Pieces.EnableLazyFilewalker {
		cmd := internalcmd.NewUsedSpaceFilewalkerCmd()
		cmd.Logger = log.Named("used-space-filewalker")
		cmd.Ctx = f.ctx
		peer.StorageOld.LazyFileWalker.TestingSetUsedSpaceCmd(cmd)
		gc := internalcmd.NewGCFilewalkerCmd()
		gc.Logger = log.Named("gc-filewalker")
		gc.Ctx = f.ctx
		peer.StorageOld.LazyFileWalker.TestingSetGCCmd(gc)
		trash := internalcmd.NewTrashFilewalkerCmd()
		trash.Logger = log.Named("trash-filewalker")
		trash.Ctx = f.ctx
		peer.StorageOld.LazyFileWalker.TestingSetTrashCleanupCmd(trash)
	}

	runCtx, cancel := context.WithCancel(f.ctx)
	owned := &ownedPeer{
		cancel:  cancel,
		done:    make(chan struct{}),
		closeFn: func() error { return errors.Join(peer.Close(), revocationDB.Close()) },
	}
	go func() {
		defer close(owned.done)
		owned.runErr = peer.Run(runCtx)
		if owned.runErr != nil && runCtx.Err() == nil {
			log.Warn("restarted storage node stopped", zap.Error(owned.runErr))
		}
	}()
	node.Peer = peer
	state.owned = owned
	state.stopped = false

	// Let the satellite know at once (the node's contact chore does it too).
	if !f.satStopped {
		if err := f.checkIn(node); err != nil {
			f.log.Warn("check-in after restart", zap.Int("index", i), zap.Error(err))
		}
	}
	return nil
}

// checkIn does what testplanet's checkInManually does for a new node.
func (f *faults) checkIn(node *testplanet.StorageNode) error {
	sat := f.planet.Satellites[0]
	_, _, lastNet, err := sat.Overlay.Service.ResolveIPAndNetwork(f.ctx, node.Addr())
	if err != nil {
		return err
	}
	availableSpace, err := node.Storage2.Monitor.AvailableSpace(f.ctx)
	if err != nil {
		return err
	}
	self := node.Contact.Service.Local()
	return sat.DB.OverlayCache().UpdateCheckIn(f.ctx, overlay.NodeCheckInInfo{
		NodeID:     node.ID(),
		Address:    &pb.NodeAddress{Address: node.Addr()},
		IsUp:       true,
		Version:    &self.Version,
		LastNet:    lastNet,
		LastIPPort: node.Addr(),
		Capacity:   &pb.NodeCapacity{FreeDisk: availableSpace},
		Operator: &pb.NodeOperator{
			Email:  node.Config.Operator.Email,
			Wallet: node.Config.Operator.Wallet,
		},
	}, time.Now(), sat.Config.Overlay.Node)
}

func (f *faults) stopSatellite() error {
	if f.satStopped {
		return errors.New("the satellite is already stopped")
	}
	var err error
	if f.satOwned != nil {
		err = f.satOwned.stop()
		f.satOwned = nil
	} else {
		// The first stop closes every satellite peer testplanet started:
		// API, core, repairer, auditor, admin, GC and ranged loop.
		err = f.planet.StopPeer(f.planet.Satellites[0])
	}
	f.satStopped = true
	if err != nil {
		f.log.Warn("stopping satellite", zap.Error(err))
	}
	return nil
}

// startSatellite starts a new satellite API peer (the process the uplink talks
// to) with the satellite's identity, config, address and databases.
func (f *faults) startSatellite() error {
	if !f.satStopped {
		return errors.New("the satellite is already running")
	}
	sat := f.planet.Satellites[0]
	log := f.planet.Log().Named(sat.Name + "-restarted")

	config := sat.Config
	config.Server.Address = f.satAddr
	config.Server.PrivateAddress = f.satPrivateAddr
	if f.satConsoleAddr != "" {
		config.Console.Address = f.satConsoleAddr
	}

	var closers []func() error
	closeAll := func() error {
		var errs []error
		for i := len(closers) - 1; i >= 0; i-- {
			errs = append(errs, closers[i]())
		}
		return errors.Join(errs...)
	}
	revocationDB, err := revocation.OpenDBFromCfg(f.ctx, config.Server.Config)
	if err != nil {
		return fmt.Errorf("satellite: revocation db: %w", err)
	}
	closers = append(closers, revocationDB.Close)
	liveAccounting, err := live.OpenCache(f.ctx, log.Named("live-accounting"), config.LiveAccounting)
	if err != nil {
		_ = closeAll()
		return fmt.Errorf("satellite: live accounting: %w", err)
	}
	closers = append(closers, liveAccounting.Close)
	rollups := orders.NewRollupsWriteCache(log.Named("orders-write-cache"), sat.DB.Orders(), config.Orders.FlushBatchSize)
	closers = append(closers, func() error { return rollups.CloseAndFlush(context.Background()) })

	api, err := satellite.NewAPI(log.Named("api"), sat.Identity, sat.DB, sat.Metabase.DB, revocationDB, liveAccounting, rollups, &config, f.planet.NewVersionInfo(), nil)
	if err != nil {
		_ = closeAll()
		return fmt.Errorf("satellite: %w", err)
	}
	closers = append(closers, api.Close)

	// The core (chores: accounting, audit and repair checkers, GC senders,
	// ...). Without it the API still serves uplinks; so a failure here is
	// logged, not fatal.
	core, coreClosers, coreErr := f.newCore(log, config, revocationDB)
	if coreErr != nil {
		f.log.Warn("restarting the satellite core failed; the API runs without it", zap.Error(coreErr))
	} else {
		closers = append(closers, coreClosers...)
	}

	runCtx, cancel := context.WithCancel(f.ctx)
	owned := &ownedPeer{cancel: cancel, done: make(chan struct{}), closeFn: closeAll}
	var running sync.WaitGroup
	running.Add(1)
	go func() {
		defer running.Done()
		err := api.Run(runCtx)
		if err != nil && runCtx.Err() == nil {
			log.Warn("restarted satellite API stopped", zap.Error(err))
		}
	}()
	if core != nil {
		running.Add(1)
		go func() {
			defer running.Done()
			err := core.Run(runCtx)
			if err != nil && runCtx.Err() == nil {
				log.Warn("restarted satellite core stopped", zap.Error(err))
			}
		}()
	}
	go func() {
		running.Wait()
		close(owned.done)
	}()
	sat.API = api
	if core != nil {
		sat.Core = core
	}
	f.satOwned = owned
	f.satStopped = false
	return nil
}

// newCore builds a satellite core peer over the satellite's databases, as
// testplanet does, with its own repair queue client and live-accounting cache.
func (f *faults) newCore(log *zap.Logger, config satellite.Config, revocationDB *revocation.DB) (_ *satellite.Core, closers []func() error, err error) {
	sat := f.planet.Satellites[0]
	closeAll := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			_ = closers[i]()
		}
	}
	repairQueue, err := jobq.OpenJobQueue(f.ctx, nil, config.JobQueue)
	if err != nil {
		return nil, nil, fmt.Errorf("repair queue: %w", err)
	}
	closers = append(closers, repairQueue.Close)
	liveAccounting, err := live.OpenCache(f.ctx, log.Named("core-live-accounting"), config.LiveAccounting)
	if err != nil {
		closeAll()
		return nil, nil, fmt.Errorf("live accounting: %w", err)
	}
	closers = append(closers, liveAccounting.Close)
	core, err := satellite.New(log.Named("core"), sat.Identity, sat.DB, sat.Metabase.DB, revocationDB, repairQueue, liveAccounting, f.planet.NewVersionInfo(), &config, nil)
	if err != nil {
		closeAll()
		return nil, nil, err
	}
	closers = append(closers, core.Close)
	return core, closers, nil
}
