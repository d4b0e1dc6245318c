package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// The strict decoder: the input is read into a tree of JSON values (keeping key order and noticing
// duplicate keys), then the tree is assigned to the destination struct by reflection, reporting
// every unknown key and every value of the wrong type with its path instead of stopping at the
// first one as encoding/json does.

// MaxFileSize bounds what ParseFile reads.
const MaxFileSize = 64 << 20

// maxDepth bounds the nesting of the input; the format needs about ten levels.
const maxDepth = 64

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

type jvalue struct {
	kind  jkind
	b     bool
	num   json.Number
	str   string
	items []*jvalue // array items, or object values
	keys  []string  // object keys, in input order
}

var errTooDeep = errors.New("too deep")

// parseTree reads one JSON value from data. A syntax error ends the parse with one problem;
// duplicate keys are reported and the later value wins.
func parseTree(data []byte, c *collector) (*jvalue, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	root, err := readValue(dec, "", 0, c)
	if err == nil {
		if _, err2 := dec.Token(); err2 != io.EOF {
			err = fmt.Errorf("dữ liệu thừa sau giá trị JSON")
		}
	}
	if err != nil {
		switch {
		case errors.Is(err, errTooDeep):
			c.add("", "invalid_json", fmt.Sprintf("JSON lồng nhau quá %d cấp.", maxDepth), fmt.Sprintf("JSON nested deeper than %d levels.", maxDepth))
		default:
			c.add("", "invalid_json",
				fmt.Sprintf("Tệp không phải JSON hợp lệ (gần byte %d): %v", dec.InputOffset(), err),
				fmt.Sprintf("The file is not valid JSON (near byte %d): %v", dec.InputOffset(), err))
		}
		return nil, false
	}
	return root, true
}

func readValue(dec *json.Decoder, path string, depth int, c *collector) (*jvalue, error) {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &jvalue{kind: jNull}, nil
	case bool:
		return &jvalue{kind: jBool, b: t}, nil
	case json.Number:
		return &jvalue{kind: jNumber, num: t}, nil
	case string:
		return &jvalue{kind: jString, str: t}, nil
	case json.Delim:
		if depth >= maxDepth {
			return nil, errTooDeep
		}
		switch t {
		case '[':
			v := &jvalue{kind: jArray}
			for dec.More() {
				item, err := readValue(dec, idx(path, len(v.items)), depth+1, c)
				if err != nil {
					return nil, err
				}
				v.items = append(v.items, item)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return v, nil
		case '{':
			v := &jvalue{kind: jObject}
			pos := map[string]int{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("khóa không phải chuỗi")
				}
				item, err := readValue(dec, join(path, key), depth+1, c)
				if err != nil {
					return nil, err
				}
				if i, dup := pos[key]; dup {
					c.add(join(path, key), "duplicate_key",
						fmt.Sprintf("Khóa %q xuất hiện hai lần.", key), fmt.Sprintf("Key %q appears twice.", key))
					v.items[i] = item
					continue
				}
				pos[key] = len(v.keys)
				v.keys = append(v.keys, key)
				v.items = append(v.items, item)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return v, nil
		}
	}
	return nil, fmt.Errorf("ký hiệu không mong đợi %v", tok)
}

// structFields maps JSON keys to field indexes, per struct type.
var structFields sync.Map // reflect.Type → map[string]int

func fieldsOf(t reflect.Type) map[string]int {
	if m, ok := structFields.Load(t); ok {
		return m.(map[string]int)
	}
	m := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = i
	}
	structFields.Store(t, m)
	return m
}

var kindNames = map[jkind]string{jNull: "null", jBool: "true/false", jNumber: "số", jString: "chuỗi", jArray: "mảng", jObject: "đối tượng"}
var kindNamesEN = map[jkind]string{jNull: "null", jBool: "a boolean", jNumber: "a number", jString: "a string", jArray: "an array", jObject: "an object"}

func typeProblem(c *collector, path string, want, wantEN string, got jkind) {
	c.add(path, "invalid_type",
		fmt.Sprintf("Giá trị phải là %s, không phải %s.", want, kindNames[got]),
		fmt.Sprintf("The value must be %s, not %s.", wantEN, kindNamesEN[got]))
}

// assign stores j into dst (addressable), reporting unknown keys and type mismatches. JSON null
// leaves dst at its zero value.
func assign(j *jvalue, dst reflect.Value, path string, c *collector) {
	if j.kind == jNull {
		dst.Set(reflect.Zero(dst.Type()))
		return
	}
	switch dst.Kind() {
	case reflect.Pointer:
		p := reflect.New(dst.Type().Elem())
		assign(j, p.Elem(), path, c)
		dst.Set(p)
	case reflect.Struct:
		if j.kind != jObject {
			typeProblem(c, path, "đối tượng", "an object", j.kind)
			return
		}
		fields := fieldsOf(dst.Type())
		for i, key := range j.keys {
			fi, ok := fields[key]
			if !ok {
				c.add(join(path, key), "unknown_field",
					fmt.Sprintf("Trường %q không có trong định dạng.", key), fmt.Sprintf("Unknown field %q.", key))
				continue
			}
			assign(j.items[i], dst.Field(fi), join(path, key), c)
		}
	case reflect.Slice:
		if j.kind != jArray {
			typeProblem(c, path, "mảng", "an array", j.kind)
			return
		}
		s := reflect.MakeSlice(dst.Type(), len(j.items), len(j.items))
		for i, item := range j.items {
			assign(item, s.Index(i), idx(path, i), c)
		}
		dst.Set(s)
	case reflect.String:
		if j.kind != jString {
			typeProblem(c, path, "chuỗi", "a string", j.kind)
			return
		}
		dst.SetString(j.str)
	case reflect.Bool:
		if j.kind != jBool {
			typeProblem(c, path, "true hoặc false", "a boolean", j.kind)
			return
		}
		dst.SetBool(j.b)
	case reflect.Int, reflect.Int64:
		if j.kind != jNumber {
			typeProblem(c, path, "số nguyên", "an integer", j.kind)
			return
		}
		n, err := strconv.ParseInt(string(j.num), 10, 64)
		if err != nil || dst.OverflowInt(n) {
			c.add(path, "invalid_type", fmt.Sprintf("Giá trị %s phải là số nguyên.", j.num), fmt.Sprintf("Value %s must be an integer.", j.num))
			return
		}
		dst.SetInt(n)
	case reflect.Float64:
		if j.kind != jNumber {
			typeProblem(c, path, "số", "a number", j.kind)
			return
		}
		f, err := strconv.ParseFloat(string(j.num), 64)
		if err != nil {
			c.add(path, "invalid_type", fmt.Sprintf("Số %s vượt quá giới hạn.", j.num), fmt.Sprintf("Number %s is out of range.", j.num))
			return
		}
		dst.SetFloat(f)
	default:
		c.add(path, "invalid_type", "Kiểu dữ liệu không được hỗ trợ.", "Unsupported type.")
	}
}
