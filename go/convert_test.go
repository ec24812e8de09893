package main

import (
	"reflect"
	"sort"
	"testing"
	"time"

	"storj.io/uplink"
)

func TestCustomMetadataRoundTrip(t *testing.T) {
	cases := []uplink.CustomMetadata{
		{},
		{"a": "1"},
		{"content-type": "text/plain", "app:title": "Grüße, 世界", "z": ""},
		{"nul\x00key": "nul\x00value\x00", "\x00": "\x00\x00"},
		{"empty-value": ""},
		{"": "empty key"}, // the C layer carries it; storj.io/uplink decides whether it is valid
	}
	for _, m := range cases {
		back, keys, lengthsOK, err := shimMetadataRoundTrip(m)
		if err != nil {
			t.Fatalf("%q: %v", m, err)
		}
		if !lengthsOK {
			t.Errorf("%q: C entries have wrong lengths or terminators", m)
		}
		if !reflect.DeepEqual(back, m) {
			t.Errorf("round trip %q -> %q", m, back)
		}
		if !sort.StringsAreSorted(keys) {
			t.Errorf("C entries not sorted: %q", keys)
		}
	}
	// nil metadata gives {NULL, 0} and back an empty (non-nil) map.
	back, _, lengthsOK, err := shimMetadataRoundTrip(nil)
	if err != nil || !lengthsOK || back == nil || len(back) != 0 {
		t.Fatalf("nil: %v %v %v", back, lengthsOK, err)
	}
}

func intp(n int) *int { return &n }

func TestCustomMetadataFromC(t *testing.T) {
	// explicit lengths: bytes after the length are ignored, NUL bytes kept
	m, err := shimGoCustomMetadata([]metadataEntry{
		{key: "keyXXX", keyLen: intp(3), value: "v\x00w", valueLen: nil},
		{key: "e", value: ""},
		{key: "", value: "", nilKey: true, nilValue: true}, // NULL with length 0 is ""
	}, false)
	want := uplink.CustomMetadata{"key": "v\x00w", "e": "", "": ""}
	if err != nil || !reflect.DeepEqual(m, want) {
		t.Fatalf("got %q, %v; want %q", m, err, want)
	}

	// count > 0 with NULL entries
	_, err = shimGoCustomMetadata(make([]metadataEntry, 2), true)
	if err == nil || err.Error() != "custom.entries is nil" {
		t.Fatalf("NULL entries: %v", err)
	}
	// NULL key / value with a non-zero length
	_, err = shimGoCustomMetadata([]metadataEntry{{key: "a", value: "b"}, {key: "k", nilKey: true}}, false)
	if err == nil || err.Error() != "custom.entries[1].key is nil" || errorCode(err) != codeInternal {
		t.Fatalf("NULL key: %v", err)
	}
	_, err = shimGoCustomMetadata([]metadataEntry{{key: "k", value: "v", nilValue: true}}, false)
	if err == nil || err.Error() != "custom.entries[0].value is nil" {
		t.Fatalf("NULL value: %v", err)
	}
}

func TestTimeConversion(t *testing.T) {
	if unixSeconds(time.Time{}) != 0 {
		t.Fatal("zero time is not 0")
	}
	if !timeFromUnix(0).IsZero() {
		t.Fatal("0 is not the zero time")
	}
	for _, s := range []int64{1, -1, 1700000000, 4102444800} {
		if got := unixSeconds(timeFromUnix(s)); got != s {
			t.Errorf("%d -> %d", s, got)
		}
	}
	now := time.Date(2024, 5, 6, 7, 8, 9, 999, time.UTC)
	if unixSeconds(now) != now.Unix() {
		t.Fatal("sub-second part not truncated")
	}
}

func strp(s string) *string { return &s }

func TestSharePrefixConversion(t *testing.T) {
	got, err := shimSharePrefixes(
		[]*string{strp("photos"), strp("docs"), strp("all")},
		[]*string{strp("2024/"), strp(""), nil}, 3, false)
	want := []uplink.SharePrefix{{Bucket: "photos", Prefix: "2024/"}, {Bucket: "docs"}, {Bucket: "all"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, %v", got, err)
	}
	// count 0 ignores the pointer (NULL or not)
	if got, err := shimSharePrefixes(nil, nil, 0, true); err != nil || len(got) != 0 {
		t.Fatalf("empty: %v %v", got, err)
	}
	// only the first count entries are read
	got, err = shimSharePrefixes([]*string{strp("a"), nil}, []*string{nil, nil}, 1, false)
	if err != nil || !reflect.DeepEqual(got, []uplink.SharePrefix{{Bucket: "a"}}) {
		t.Fatalf("count 1: %v %v", got, err)
	}
	for _, c := range []struct {
		buckets  []*string
		count    int64
		nilArray bool
		message  string
	}{
		{[]*string{strp("a")}, -1, false, "prefixes_count is negative: -1"},
		{[]*string{strp("a")}, 1, true, "prefixes is nil"},
		{[]*string{strp("a"), nil}, 2, false, "prefixes[1].bucket is nil"},
	} {
		_, err := shimSharePrefixes(c.buckets, make([]*string, len(c.buckets)), c.count, c.nilArray)
		if err == nil || err.Error() != c.message || errorCode(err) != codeInternal {
			t.Errorf("want %q, got %v", c.message, err)
		}
	}
}

func TestConfigConversion(t *testing.T) {
	cfg := shimConfig(strp("storj-uplink-python/1.0"), 2500, strp("/tmp/x"))
	if cfg.UserAgent != "storj-uplink-python/1.0" || cfg.DialTimeout != 2500*time.Millisecond {
		t.Fatalf("%+v", cfg)
	}
	if cfg := shimConfig(nil, 0, nil); cfg.DialTimeout != 0 || cfg.UserAgent != "" {
		t.Fatalf("0 ms: %+v", cfg)
	}
}

func TestPermissionConversion(t *testing.T) {
	p := goPermissionFromGo(true, false, true, false, 0, 1700000000)
	if !p.AllowDownload || p.AllowUpload || !p.AllowList || p.AllowDelete {
		t.Fatalf("%+v", p)
	}
	if !p.NotBefore.IsZero() || p.NotAfter.Unix() != 1700000000 {
		t.Fatalf("times %+v", p)
	}
}

func TestValueConversion(t *testing.T) {
	created := time.Unix(1700000000, 0)
	obj := &uplink.Object{
		Key: "dir/a\x00b", IsPrefix: false,
		System: uplink.SystemMetadata{Created: created, ContentLength: 42},
		Custom: uplink.CustomMetadata{"k": "v"},
	}
	key, isPrefix, c, e, n, custom, isNil, err := shimObject(obj)
	if err != nil || isNil || key != "dir/a" || isPrefix || c != 1700000000 || e != 0 || n != 42 ||
		!reflect.DeepEqual(custom, obj.Custom) {
		// C strings end at the first NUL: a key with NUL bytes is cut there.
		t.Fatalf("object: %q %v %d %d %d %q %v %v", key, isPrefix, c, e, n, custom, isNil, err)
	}
	if _, _, _, _, _, _, isNil, _ := shimObject(nil); !isNil {
		t.Fatal("nil object did not give NULL")
	}

	number, size, modified, etag, term, isNil := shimPart(&uplink.Part{PartNumber: 7, Size: 1 << 20, Modified: created, ETag: []byte("e\x00t")})
	if isNil || number != 7 || size != 1<<20 || modified != 1700000000 || string(etag) != "e\x00t" || !term {
		t.Fatalf("part: %d %d %d %q %v", number, size, modified, etag, term)
	}
	_, _, modified, etag, term, _ = shimPart(&uplink.Part{PartNumber: 1})
	if modified != 0 || len(etag) != 0 || !term {
		t.Fatalf("empty part: %d %q %v", modified, etag, term)
	}
}

func TestBufferView(t *testing.T) {
	// A NULL buffer with a length is an error, not a crash; length 0 is fine.
	res, _ := shimUploadWrite(12345, []byte("abc"), true, false)
	if !res.hasErr {
		t.Fatal("no error")
	}
	// the handle is checked first: 12345 is not live
	if res.code != codeInvalidHandle {
		t.Fatalf("code %#x", res.code)
	}

	h := universe.add(&uploadState{upload: &fakeUpload{}})
	defer universe.del(h)
	res, _ = shimUploadWrite(uint64(h), []byte("abc"), true, false)
	if !res.hasErr || res.code != codeInternal || res.message != "bytes is nil" || res.n != 0 {
		t.Fatalf("NULL buffer: %+v", res)
	}
	res, _ = shimUploadWrite(uint64(h), nil, true, false)
	if res.hasErr || res.n != 0 {
		t.Fatalf("length 0: %+v", res)
	}
}
