package planet

// Projects with small limits, for tests that must hit the satellite's
// storage, bandwidth, segment and request-rate limits for real.
//
//	POST /projects  {"storage": bytes, "bandwidth": bytes, "segments": n, "rate": per second}
//
// creates a new project owned by the planet's uplink user, with the given
// limits (an absent field keeps the satellite's default, which the planet
// sets to "unlimited" for the main project), and answers
// {"api_key": ..., "access": ...} (the access uses the network's passphrase).

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync/atomic"

	"storj.io/common/macaroon"
	"storj.io/common/memory"
	"storj.io/common/testrand"
	"storj.io/storj/satellite/console"
	"storj.io/uplink"
)

// projectLimits is the body of POST /projects.
type projectLimits struct {
	Storage   *int64 `json:"storage"`
	Bandwidth *int64 `json:"bandwidth"`
	Segments  *int64 `json:"segments"`
	Rate      *int   `json:"rate"`
}

// validate refuses negative or zero limits: they mean "unlimited" or
// "all access disabled" to the satellite, which is not what a test asks for.
func (l projectLimits) validate() error {
	for name, v := range map[string]*int64{"storage": l.Storage, "bandwidth": l.Bandwidth, "segments": l.Segments} {
		if v != nil && *v <= 0 {
			return fmt.Errorf("%s limit must be positive, got %d", name, *v)
		}
	}
	if l.Rate != nil && *l.Rate <= 0 {
		return fmt.Errorf("rate limit must be positive, got %d", *l.Rate)
	}
	return nil
}

var limitedProjects atomic.Int64

func (f *faults) limitsRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /projects", func(w http.ResponseWriter, r *http.Request) {
		var limits projectLimits
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&limits); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad limits: " + err.Error()})
			return
		}
		if err := limits.validate(); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.satStopped {
			writeJSON(w, http.StatusConflict, map[string]string{"error": "the satellite is stopped"})
			return
		}
		created, err := f.newLimitedProject(r, limits)
		if err != nil {
			writeJSON(w, http.StatusConflict, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, created)
	})
}

func (f *faults) newLimitedProject(r *http.Request, limits projectLimits) (map[string]string, error) {
	ctx := r.Context()
	sat := f.planet.Satellites[0]
	owner := f.planet.Uplinks[0].Projects[0].Owner.ID
	project := &console.Project{
		ID:        testrand.UUID(),
		PublicID:  testrand.UUID(),
		Name:      fmt.Sprintf("limited-%d", limitedProjects.Add(1)),
		OwnerID:   owner,
		RateLimit: limits.Rate, // the burst is the rate when unset (metainfo's checkRate)
	}
	// Unset limits stay those of the main project (the planet's defaults).
	storage, bandwidth := sat.Config.Console.UsageLimits.Storage.Free, sat.Config.Console.UsageLimits.Bandwidth.Free
	segments := sat.Config.Console.UsageLimits.Segment.Free
	if limits.Storage != nil {
		storage = memory.Size(*limits.Storage)
	}
	if limits.Bandwidth != nil {
		bandwidth = memory.Size(*limits.Bandwidth)
	}
	if limits.Segments != nil {
		segments = *limits.Segments
	}
	project.StorageLimit, project.BandwidthLimit, project.SegmentLimit = &storage, &bandwidth, &segments

	inserted, err := sat.DB.Console().Projects().Insert(ctx, project)
	if err != nil {
		return nil, fmt.Errorf("insert project: %w", err)
	}
	if _, err := sat.DB.Console().ProjectMembers().Insert(ctx, owner, inserted.ID, console.RoleAdmin); err != nil {
		return nil, fmt.Errorf("add project member: %w", err)
	}
	var version macaroon.APIKeyVersion // what testplanet gives its own uplink
	apiKey, err := sat.CreateAPIKey(ctx, inserted.ID, owner, version)
	if err != nil {
		return nil, fmt.Errorf("create api key: %w", err)
	}
	access, err := uplink.RequestAccessWithPassphrase(ctx, sat.URL(), apiKey.Serialize(), f.passphrase)
	if err != nil {
		return nil, fmt.Errorf("request access: %w", err)
	}
	serialized, err := access.Serialize()
	if err != nil {
		return nil, fmt.Errorf("serialize access: %w", err)
	}
	return map[string]string{"api_key": apiKey.Serialize(), "access": serialized}, nil
}
