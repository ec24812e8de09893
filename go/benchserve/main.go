// Command benchserve is the Go side of benchmarks/small_paired.py: a
// long-lived process that runs small operations on request, so that the
// sides of a paired measurement can alternate every few operations.
//
//	benchserve -bucket B -prefix P -key K   (access grant in $STORJ_ACCESS)
//
// Each line on stdin is "<op> <n>" (op: stat, list, putget); the answer is
// one line with the seconds the n operations took. The operations are those
// of go/bench's small op.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"storj.io/uplink"
)

func main() {
	bucket := flag.String("bucket", "", "bucket")
	prefix := flag.String("prefix", "small/", "prefix of 100+ objects; <prefix>obj-000 is stat'ed")
	keyPrefix := flag.String("key", "putget/go", "key prefix of the put+get objects")
	flag.Parse()
	if err := serve(*bucket, *prefix, *keyPrefix); err != nil {
		fmt.Fprintln(os.Stderr, "benchserve:", err)
		os.Exit(1)
	}
}

func serve(bucket, prefix, keyPrefix string) error {
	ctx := context.Background()
	access, err := uplink.ParseAccess(os.Getenv("STORJ_ACCESS"))
	if err != nil {
		return err
	}
	project, err := uplink.OpenProject(ctx, access)
	if err != nil {
		return err
	}
	defer func() { _ = project.Close() }()
	data := make([]byte, 1024)
	if _, err := rand.Read(data); err != nil {
		return err
	}
	ops := map[string]func(int) error{
		"stat": func(int) error {
			_, err := project.StatObject(ctx, bucket, prefix+"obj-000")
			return err
		},
		"list": func(int) error {
			it := project.ListObjects(ctx, bucket, &uplink.ListObjectsOptions{Prefix: prefix, System: true})
			for it.Next() {
				_ = it.Item()
			}
			return it.Err()
		},
		"putget": func(i int) error {
			key := keyPrefix + "-" + strconv.Itoa(i%50)
			upload, err := project.UploadObject(ctx, bucket, key, nil)
			if err != nil {
				return err
			}
			if _, err := upload.Write(data); err != nil {
				_ = upload.Abort()
				return err
			}
			if err := upload.Commit(); err != nil {
				return err
			}
			download, err := project.DownloadObject(ctx, bucket, key, nil)
			if err != nil {
				return err
			}
			got, err := io.ReadAll(download)
			if cerr := download.Close(); err == nil {
				err = cerr
			}
			if err == nil && !bytes.Equal(got, data) {
				err = errors.New("put+get: the data read back differs")
			}
			return err
		},
	}
	in, calls := bufio.NewScanner(os.Stdin), 0
	for in.Scan() {
		fields := strings.Fields(in.Text())
		if len(fields) != 2 {
			return fmt.Errorf("bad request %q", in.Text())
		}
		op, ok := ops[fields[0]]
		n, err := strconv.Atoi(fields[1])
		if !ok || err != nil {
			return fmt.Errorf("bad request %q", in.Text())
		}
		start, cpu := time.Now(), processCPU()
		for i := 0; i < n; i++ {
			if err := op(calls); err != nil {
				return err
			}
			calls++
		}
		fmt.Println(time.Since(start).Seconds(), processCPU()-cpu)
	}
	return in.Err()
}

// processCPU is the seconds of CPU (user and system, every thread) the process has used.
func processCPU() float64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano()).Seconds()
}
