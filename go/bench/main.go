// Command bench is the Go side of storj_uplink's benchmarks (benchmarks/run.py).
//
// It does the same work as benchmarks/sdk_side.py and benchmarks/pypi_side.py,
// but with storj.io/uplink called directly, at exactly the version go/ pins
// (this package lives inside the go/ module). Each invocation runs one
// operation in a fresh process and prints one JSON object on stdout:
//
//	bench -op updown -bucket B -key K -size N -chunk C
//	bench -op small -bucket B -prefix P -count N
//	bench -op parallel-upload -bucket B -key K -file F -concurrency 4 -part-size P -chunk C
//	bench -op parallel-download -bucket B -key K -file F -concurrency 4 -part-size P -chunk C
//	bench -op download -bucket B -key K -chunk C   (an existing object; for profiling)
//
// The access grant comes from -access or $STORJ_ACCESS. Times cover the
// transfer calls only (not process start, parsing the access or opening the
// project); "peak_rss" is the process's VmHWM in bytes.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"storj.io/uplink"
)

type options struct {
	op          string
	access      string
	bucket      string
	key         string
	prefix      string
	file        string
	size        int64
	chunk       int
	count       int
	concurrency int
	partSize    int64
}

func main() {
	var o options
	flag.StringVar(&o.op, "op", "", "updown | small | parallel-upload | parallel-download")
	flag.StringVar(&o.access, "access", os.Getenv("STORJ_ACCESS"), "serialized access grant")
	flag.StringVar(&o.bucket, "bucket", "", "bucket")
	flag.StringVar(&o.key, "key", "", "object key")
	flag.StringVar(&o.prefix, "prefix", "", "prefix of the small-op objects (ends with /)")
	flag.StringVar(&o.file, "file", "", "local file (parallel transfers)")
	flag.Int64Var(&o.size, "size", 0, "object size in bytes (updown)")
	flag.IntVar(&o.chunk, "chunk", 1<<20, "write/read buffer size in bytes")
	flag.IntVar(&o.count, "count", 20, "operations per small-op measure")
	flag.IntVar(&o.concurrency, "concurrency", 4, "parts in flight (parallel transfers)")
	flag.Int64Var(&o.partSize, "part-size", 64<<20, "part size (parallel transfers)")
	flag.Parse()

	result, err := run(context.Background(), o)
	if err != nil {
		result = map[string]any{"error": err.Error()}
	}
	result["peak_rss"] = peakRSS()
	if err := json.NewEncoder(os.Stdout).Encode(result); err != nil {
		os.Exit(2)
	}
	if _, failed := result["error"]; failed {
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) (map[string]any, error) {
	if o.access == "" {
		return nil, errors.New("no access grant: pass -access or set STORJ_ACCESS")
	}
	access, err := uplink.ParseAccess(o.access)
	if err != nil {
		return nil, err
	}
	project, err := uplink.OpenProject(ctx, access)
	if err != nil {
		return nil, err
	}
	defer func() { _ = project.Close() }()
	// A first round trip outside the timed part (dial, TLS): the Python sides do the same.
	if _, err := project.StatBucket(ctx, o.bucket); err != nil {
		return nil, err
	}

	switch o.op {
	case "updown":
		return updown(ctx, project, o)
	case "small":
		return small(ctx, project, o)
	case "parallel-upload":
		return parallelUpload(ctx, project, o)
	case "parallel-download":
		return parallelDownload(ctx, project, o)
	case "download":
		return downloadOnly(ctx, project, o)
	}
	return nil, fmt.Errorf("unknown -op %q", o.op)
}

// updown streams size bytes up (chunk bytes per Write, from one reused random
// buffer), then down (chunk bytes per Read into one reused buffer), then
// deletes the object.
func updown(ctx context.Context, project *uplink.Project, o options) (map[string]any, error) {
	buf := make([]byte, o.chunk)
	if _, err := rand.Read(buf); err != nil {
		return nil, err
	}

	start, cpu := time.Now(), cpuSeconds()
	upload, err := project.UploadObject(ctx, o.bucket, o.key, nil)
	if err != nil {
		return nil, err
	}
	for left := o.size; left > 0; {
		n := int64(len(buf))
		if left < n {
			n = left
		}
		if _, err := upload.Write(buf[:n]); err != nil {
			_ = upload.Abort()
			return nil, err
		}
		left -= n
	}
	if err := upload.Commit(); err != nil {
		return nil, err
	}
	upSeconds, upCPU := time.Since(start).Seconds(), cpuSeconds()-cpu

	start, cpu = time.Now(), cpuSeconds()
	got, err := streamDown(ctx, project, o.bucket, o.key, buf)
	if err != nil {
		return nil, err
	}
	downSeconds, downCPU := time.Since(start).Seconds(), cpuSeconds()-cpu
	if got != o.size {
		return nil, fmt.Errorf("downloaded %d bytes, expected %d", got, o.size)
	}
	if _, err := project.DeleteObject(ctx, o.bucket, o.key); err != nil {
		return nil, err
	}
	return map[string]any{"bytes": o.size, "upload_s": upSeconds, "download_s": downSeconds,
		"upload_cpu_s": upCPU, "download_cpu_s": downCPU}, nil
}

// downloadOnly streams an existing object down (chunk bytes per Read), for profiling.
func downloadOnly(ctx context.Context, project *uplink.Project, o options) (map[string]any, error) {
	start, cpu := time.Now(), cpuSeconds()
	got, err := streamDown(ctx, project, o.bucket, o.key, make([]byte, o.chunk))
	if err != nil {
		return nil, err
	}
	return map[string]any{"bytes": got, "download_s": time.Since(start).Seconds(),
		"download_cpu_s": cpuSeconds() - cpu}, nil
}

// streamDown downloads a whole object, len(buf) bytes per Read, and returns its size.
func streamDown(ctx context.Context, project *uplink.Project, bucket, key string, buf []byte) (int64, error) {
	download, err := project.DownloadObject(ctx, bucket, key, nil)
	if err != nil {
		return 0, err
	}
	var got int64
	for {
		n, err := download.Read(buf)
		got += int64(n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			_ = download.Close()
			return got, err
		}
	}
	return got, download.Close()
}

// small times o.count stats of one object, o.count listings of the 100
// objects under o.prefix and o.count put+get pairs of a 1 KiB object (a new
// key each time), after a few untimed warm-up operations of each kind.
func small(ctx context.Context, project *uplink.Project, o options) (map[string]any, error) {
	statKey := o.prefix + "obj-000"
	data := make([]byte, 1024)
	if _, err := rand.Read(data); err != nil {
		return nil, err
	}
	stat := func(int) error {
		_, err := project.StatObject(ctx, o.bucket, statKey)
		return err
	}
	list := func(int) error {
		it := project.ListObjects(ctx, o.bucket, &uplink.ListObjectsOptions{Prefix: o.prefix, System: true})
		n := 0
		for it.Next() {
			_ = it.Item()
			n++
		}
		if err := it.Err(); err != nil {
			return err
		}
		if n < 100 {
			return fmt.Errorf("listed %d objects under %q, expected at least 100", n, o.prefix)
		}
		return nil
	}
	putGet := func(i int) error {
		key := o.key + "-" + strconv.Itoa(i)
		upload, err := project.UploadObject(ctx, o.bucket, key, nil)
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
		download, err := project.DownloadObject(ctx, o.bucket, key, nil)
		if err != nil {
			return err
		}
		got, err := io.ReadAll(download)
		if cerr := download.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		if !bytes.Equal(got, data) {
			return errors.New("put+get: the data read back differs")
		}
		return nil
	}

	result := map[string]any{"count": o.count}
	for _, m := range []struct {
		name string
		fn   func(int) error
	}{{"stat", stat}, {"list", list}, {"putget", putGet}} {
		for i := 0; i < 3; i++ { // warm-up
			if err := m.fn(-1 - i); err != nil {
				return nil, fmt.Errorf("%s: %w", m.name, err)
			}
		}
		start := time.Now()
		for i := 0; i < o.count; i++ {
			if err := m.fn(i); err != nil {
				return nil, fmt.Errorf("%s: %w", m.name, err)
			}
		}
		result[m.name+"_s"] = time.Since(start).Seconds()
	}
	return result, nil
}

type part struct {
	number       uint32
	offset, size int64
}

func planParts(size, partSize int64) []part {
	var parts []part
	for off, n := int64(0), uint32(1); off < size; off, n = off+partSize, n+1 {
		parts = append(parts, part{number: n, offset: off, size: min(partSize, size-off)})
	}
	return parts
}

// runParts runs fn for every part, o.concurrency at a time; the first error wins.
func runParts(parts []part, concurrency int, fn func(p part, buf []byte) error, chunk int) error {
	work := make(chan part)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for w := 0; w < min(concurrency, len(parts)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, chunk)
			for p := range work {
				if err := fn(p, buf); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, p := range parts {
		work <- p
	}
	close(work)
	wg.Wait()
	return firstErr
}

// parallelUpload uploads a local file as a multipart upload, its parts
// uploaded by o.concurrency goroutines (what Bucket.upload_file does).
func parallelUpload(ctx context.Context, project *uplink.Project, o options) (map[string]any, error) {
	f, err := os.Open(o.file)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()

	start := time.Now()
	info, err := project.BeginUpload(ctx, o.bucket, o.key, nil)
	if err != nil {
		return nil, err
	}
	err = runParts(planParts(size, o.partSize), o.concurrency, func(p part, buf []byte) error {
		upload, err := project.UploadPart(ctx, o.bucket, o.key, info.UploadID, p.number)
		if err != nil {
			return err
		}
		if _, err := io.CopyBuffer(upload, io.NewSectionReader(f, p.offset, p.size), buf); err != nil {
			_ = upload.Abort()
			return err
		}
		return upload.Commit()
	}, o.chunk)
	if err != nil {
		_ = project.AbortUpload(ctx, o.bucket, o.key, info.UploadID)
		return nil, err
	}
	if _, err := project.CommitUpload(ctx, o.bucket, o.key, info.UploadID, nil); err != nil {
		return nil, err
	}
	return map[string]any{"bytes": size, "seconds": time.Since(start).Seconds()}, nil
}

// parallelDownload downloads an object into a local file with o.concurrency
// ranged downloads at once, each writing at its offset into a temporary file
// that is synced and renamed over the destination (what Bucket.download_file does).
func parallelDownload(ctx context.Context, project *uplink.Project, o options) (map[string]any, error) {
	start := time.Now()
	obj, err := project.StatObject(ctx, o.bucket, o.key)
	if err != nil {
		return nil, err
	}
	size := obj.System.ContentLength
	dir, name := filepath.Split(o.file)
	tmp, err := os.CreateTemp(dir, "."+name+".*.part")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if err := tmp.Truncate(size); err != nil {
		_ = tmp.Close()
		return nil, err
	}
	err = runParts(planParts(size, o.partSize), o.concurrency, func(p part, buf []byte) error {
		download, err := project.DownloadObject(ctx, o.bucket, o.key, &uplink.DownloadOptions{Offset: p.offset, Length: p.size})
		if err != nil {
			return err
		}
		defer func() { _ = download.Close() }()
		pos := p.offset
		for pos < p.offset+p.size {
			n, err := download.Read(buf[:min(int64(len(buf)), p.offset+p.size-pos)])
			if n > 0 {
				if _, werr := tmp.WriteAt(buf[:n], pos); werr != nil {
					return werr
				}
				pos += int64(n)
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
		}
		if pos != p.offset+p.size {
			return fmt.Errorf("part %d: got %d bytes, expected %d", p.number, pos-p.offset, p.size)
		}
		return nil
	}, o.chunk)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), o.file)
	}
	if err != nil {
		return nil, err
	}
	return map[string]any{"bytes": size, "seconds": time.Since(start).Seconds()}, nil
}

// cpuSeconds is the user+system CPU time of the process so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// peakRSS is the process's peak resident set size (VmHWM) in bytes, or 0.
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fields := strings.Fields(rest)
			if len(fields) >= 1 {
				kb, err := strconv.ParseInt(fields[0], 10, 64)
				if err == nil {
					return kb * 1024
				}
			}
		}
	}
	return 0
}
