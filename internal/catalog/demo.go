package catalog

import (
	"bytes"
	_ "embed"
)

// demoFile is the Hà Nội demo catalogue (see FORMAT.md, "The demo catalogue").
//
//go:embed data/hanoi.json
var demoFile []byte

// Demo parses the embedded Hà Nội catalogue with ParseFile. Agency identifiers hold
// RootPlaceholder: call Localize with the configured level-1 code before deriving local codes.
// An error (an *InvalidError) means the embedded data is broken.
func Demo() (*File, error) {
	f, problems := ParseFile(bytes.NewReader(demoFile))
	if len(problems) > 0 {
		return nil, newInvalidError(problems)
	}
	return f, nil
}
