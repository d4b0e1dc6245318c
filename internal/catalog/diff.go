package catalog

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
)

// ChangeKind says how a value differs between two versions.
type ChangeKind string

// The change kinds.
const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Changed ChangeKind = "changed"
)

// Change is one field-level difference between two versions.
type Change struct {
	// Path is the JSON path in the version's file form, e.g. "variants[0].fees[0].amount". For an
	// added or changed value the indexes are those of the new version, for a removed one those of
	// the old.
	Path string     `json:"path"`
	Kind ChangeKind `json:"kind"`
	// Old and New are the values as decoded JSON (string, json.Number, bool, []any,
	// map[string]any); Old is nil for an added value, New for a removed one.
	Old any `json:"old,omitempty"`
	New any `json:"new,omitempty"`
}

// Diff lists the field-level differences from a to b (e.g. a published version and the draft
// that will replace it), in the file form of a version. The number and status are not compared.
// Lists of objects with a unique "code" (variants, components) or "name" (form fields) are
// matched by that key, so inserting a component shows as one added component, not as every later
// one changed; other lists are compared by position. Keys are visited in sorted order, so the
// result is deterministic.
func Diff(a, b *Version) []Change {
	x, y := generic(a.JSON()), generic(b.JSON())
	if m, ok := x.(map[string]any); ok {
		delete(m, "number")
		delete(m, "status")
	}
	if m, ok := y.(map[string]any); ok {
		delete(m, "number")
		delete(m, "status")
	}
	var out []Change
	diffValue("", x, y, &out)
	return out
}

func generic(v VersionJSON) any {
	data, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var g any
	if dec.Decode(&g) != nil {
		return nil
	}
	return g
}

func diffValue(path string, x, y any, out *[]Change) {
	switch xv := x.(type) {
	case map[string]any:
		if yv, ok := y.(map[string]any); ok {
			diffMaps(path, xv, yv, out)
			return
		}
	case []any:
		if yv, ok := y.([]any); ok {
			diffLists(path, xv, yv, out)
			return
		}
	}
	if !reflect.DeepEqual(x, y) {
		*out = append(*out, Change{Path: path, Kind: Changed, Old: x, New: y})
	}
}

func diffMaps(path string, x, y map[string]any, out *[]Change) {
	keys := make([]string, 0, len(x)+len(y))
	for k := range x {
		keys = append(keys, k)
	}
	for k := range y {
		if _, ok := x[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		xv, inX := x[k]
		yv, inY := y[k]
		switch {
		case !inY:
			*out = append(*out, Change{Path: join(path, k), Kind: Removed, Old: xv})
		case !inX:
			*out = append(*out, Change{Path: join(path, k), Kind: Added, New: yv})
		default:
			diffValue(join(path, k), xv, yv, out)
		}
	}
}

func diffLists(path string, x, y []any, out *[]Change) {
	if key := listKey(x, y); key != "" {
		xi := map[string]int{}
		for i, e := range x {
			xi[e.(map[string]any)[key].(string)] = i
		}
		inY := map[string]bool{}
		for j, e := range y {
			k := e.(map[string]any)[key].(string)
			inY[k] = true
			if i, ok := xi[k]; ok {
				diffValue(idx(path, j), x[i], e, out)
			} else {
				*out = append(*out, Change{Path: idx(path, j), Kind: Added, New: e})
			}
		}
		for i, e := range x {
			if !inY[e.(map[string]any)[key].(string)] {
				*out = append(*out, Change{Path: idx(path, i), Kind: Removed, Old: e})
			}
		}
		return
	}
	n := min(len(x), len(y))
	for i := 0; i < n; i++ {
		diffValue(idx(path, i), x[i], y[i], out)
	}
	for j := n; j < len(y); j++ {
		*out = append(*out, Change{Path: idx(path, j), Kind: Added, New: y[j]})
	}
	for i := n; i < len(x); i++ {
		*out = append(*out, Change{Path: idx(path, i), Kind: Removed, Old: x[i]})
	}
}

// listKey returns "code" or "name" when every element of both lists is an object with that key
// set to a string unique within its list, and "" otherwise.
func listKey(x, y []any) string {
	for _, key := range []string{"code", "name"} {
		if uniqueKey(x, key) && uniqueKey(y, key) {
			return key
		}
	}
	return ""
}

func uniqueKey(list []any, key string) bool {
	seen := map[string]bool{}
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return false
		}
		s, ok := m[key].(string)
		if !ok || s == "" || seen[s] {
			return false
		}
		seen[s] = true
	}
	return true
}
