package app

import (
	"context"
	"fmt"
	"sync"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// versionCache keeps decoded procedure versions by id, each with the stamp it was decoded under
// (store.VersionStamp). A reception reads the stamps of its procedure's versions, which carry no
// body, and decodes only a version it has not seen at that stamp: an entry is never served after
// its version or procedure changed, since the change gives another stamp. At most
// versionCacheSize entries; when full, an arbitrary one gives way.
type versionCache struct {
	mu sync.Mutex
	m  map[int64]cachedVersion
}

type cachedVersion struct {
	stamp store.VersionStamp
	v     *store.VersionRow
}

const versionCacheSize = 4096

// get returns the version stamped st, decoded once per stamp, read in tx when not in the cache.
func (c *versionCache) get(ctx context.Context, tx *store.Tx, st store.VersionStamp) (*store.VersionRow, error) {
	c.mu.Lock()
	e, ok := c.m[st.ID]
	c.mu.Unlock()
	if ok && e.stamp == st {
		return e.v, nil
	}
	v, err := tx.VersionByID(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	if (store.VersionStamp{ID: v.ID, Revision: v.Revision, NationalCode: v.NationalCode, Agency: v.Agency, LegacyLocalCode: v.LegacyLocalCode}) != st {
		// Changed between the two statements (another transaction committed): use it, keep nothing.
		return v, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[int64]cachedVersion{}
	}
	if _, ok := c.m[st.ID]; !ok && len(c.m) >= versionCacheSize {
		for id := range c.m {
			delete(c.m, id)
			break
		}
	}
	c.m[st.ID] = cachedVersion{st, v}
	return v, nil
}

// pinnedVersion is versionOn through the service's cache of decoded versions: one statement
// without version bodies when the versions are known. The version returned is shared with other
// callers and must not be changed. tx must not have changed the procedure's versions (what it
// read would be kept even if tx rolled back). Errors: NotFound (unknown_procedure,
// no_version_in_force).
func (s *Service) pinnedVersion(ctx context.Context, tx *store.Tx, code string, d org.Date) (*store.VersionRow, error) {
	stamps, err := tx.VersionStamps(ctx, code)
	if err != nil {
		return nil, err
	}
	for _, st := range stamps {
		v, err := s.versions.get(ctx, tx, st)
		if err != nil {
			return nil, err
		}
		if v.InForce(d) {
			return v, nil
		}
	}
	return nil, errNoVersionInForce(code, d)
}

// errNoVersionInForce is the NotFound error of a procedure with no version in force on day d.
func errNoVersionInForce(code string, d org.Date) error {
	return errs.New(errs.NotFound, "no_version_in_force",
		fmt.Sprintf("Thủ tục %s không có phiên bản đang có hiệu lực ngày %s.", code, d.Format("02/01/2006")),
		fmt.Sprintf("Procedure %s has no version in force on %s.", code, d))
}
