package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"storj.io/uplink"
)

// Where uplink-c's behaviour is more than names and types: the semantics its
// own tests rely on (testdata/smoke.c checks the same from C).

func TestCreateBucketReturnsTheExistingBucketWithTheError(t *testing.T) {
	created := time.Unix(1700000000, 0)
	// storj.io/uplink's CreateBucket on an existing bucket returns that bucket
	// together with ErrBucketAlreadyExists; the C result must carry both
	exists := func(*uplink.Project, context.Context, string) (*uplink.Bucket, error) {
		return &uplink.Bucket{Name: "bucket", Created: created},
			fmt.Errorf("%w (%q)", uplink.ErrBucketAlreadyExists, "bucket")
	}
	res := shimBucketCall(exists)
	if !res.hasBucket || res.name != "bucket" || res.created != 1700000000 {
		t.Fatalf("no existing bucket beside the error: %+v", res)
	}
	if !res.hasErr || res.code != codeBucketAlreadyExists {
		t.Fatalf("want BUCKET_ALREADY_EXISTS beside the bucket: %+v", res)
	}
	// an error with no bucket stays a NULL bucket
	fails := func(*uplink.Project, context.Context, string) (*uplink.Bucket, error) {
		return nil, uplink.ErrBucketNotFound
	}
	if res := shimBucketCall(fails); res.hasBucket || !res.hasErr || res.code != codeBucketNotFound {
		t.Fatalf("error without bucket: %+v", res)
	}
	ok := func(*uplink.Project, context.Context, string) (*uplink.Bucket, error) {
		return &uplink.Bucket{Name: "bucket", Created: created}, nil
	}
	if res := shimBucketCall(ok); !res.hasBucket || res.hasErr {
		t.Fatalf("success: %+v", res)
	}
	if shimUniverseIsEmpty() != 1 {
		t.Fatal("leak")
	}
}

func TestUploadExpiresZeroOrNegativeIsNoExpiration(t *testing.T) {
	for _, s := range []int64{0, -1, -1700000000} {
		if opts := shimUploadOptions(s, false); opts == nil || !opts.Expires.IsZero() {
			t.Fatalf("expires %d: %+v, want no expiration", s, opts)
		}
	}
	if opts := shimUploadOptions(4102444800, false); opts == nil || opts.Expires.Unix() != 4102444800 {
		t.Fatalf("expires in 2100: %+v", opts)
	}
	if opts := shimUploadOptions(0, true); opts != nil {
		t.Fatalf("NULL options: %+v", opts)
	}
}

func TestNegativeDialTimeoutIsNoTimeout(t *testing.T) {
	// storj.io/uplink v1.14.5 reads a negative DialTimeout as no timeout and 0
	// as its default, so the sign must reach it
	for ms, want := range map[int32]time.Duration{-1: -time.Millisecond, -5000: -5 * time.Second, 0: 0, 1500: 1500 * time.Millisecond} {
		if got := shimConfig(nil, ms, nil).DialTimeout; got != want {
			t.Errorf("%d ms: DialTimeout %v, want %v", ms, got, want)
		}
	}
}

func TestCloseNilProjectAndDownloadReturnNothing(t *testing.T) {
	if projectErr, downloadErr := shimCloseNil(); projectErr || downloadErr {
		t.Fatalf("close(NULL) returned an error: project %v, download %v", projectErr, downloadErr)
	}
}
