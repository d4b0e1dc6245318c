package store

import (
	"slices"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/dossier"
)

// The partial index behind inboxes must cover exactly the states an inbox lists, or the inbox
// would silently fall back to reading every dossier of a unit.
func TestOpenDossiersIndexMatchesInboxStates(t *testing.T) {
	for _, dialect := range []string{"postgres", "sqlite"} {
		b, err := migrations.ReadFile("migrations/" + dialect + "/0016_open_dossiers.sql")
		if err != nil {
			t.Fatal(err)
		}
		sql := string(b)
		in := sql[strings.Index(sql, "WHERE state IN"):]
		for _, s := range dossier.States {
			listed := strings.Contains(in, "'"+string(s)+"'")
			if want := slices.Contains(openStates, s); listed != want {
				t.Errorf("%s: state %q in the index: %v, in openStates: %v", dialect, s, listed, want)
			}
		}
	}
}
