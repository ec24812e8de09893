/*
 * The C side of benchmarks/small_paired.py --c: the small operations called
 * through the C API (go/'s library, as a C program written for uplink-c
 * calls it), so that the report separates the cost of crossing into the
 * library from the cost of the Python layer above it.
 *
 *     _small_server BUCKET PREFIX KEY   (access grant in $STORJ_ACCESS)
 *
 * The protocol is go/benchserve's: each line on stdin is "<op> <n>" (stat,
 * list, putget); the answer is one line with the seconds the n operations took.
 * put+get use the one-call functions of uplink_fast.h, as Bucket.put/get do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "uplink.h"
#include "uplink_fast.h"

static double clock_seconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double now(void) { return clock_seconds(CLOCK_MONOTONIC); }

/* CPU time of the whole process: every thread, the Go runtime's included. */
static double cpu(void) { return clock_seconds(CLOCK_PROCESS_CPUTIME_ID); }

static int fail(const char *what, UplinkError *error) {
    fprintf(stderr, "%s: %s\n", what, error != NULL ? error->message : "wrong result");
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 4 || getenv("STORJ_ACCESS") == NULL) {
        fprintf(stderr, "usage: STORJ_ACCESS=... _small_server BUCKET PREFIX KEY\n");
        return 2;
    }
    const char *bucket = argv[1], *prefix = argv[2], *key_prefix = argv[3];
    char stat_key[1024], key[1024], line[64], op[16];
    snprintf(stat_key, sizeof stat_key, "%sobj-000", prefix);
    unsigned char data[1024];
    for (size_t i = 0; i < sizeof data; i++) {
        data[i] = (unsigned char)(i * 131 + 7);
    }
    UplinkAccessResult access = uplink_parse_access(getenv("STORJ_ACCESS"));
    if (access.error != NULL) {
        return fail("parse access", access.error);
    }
    UplinkProjectResult project = uplink_open_project(access.access);
    if (project.error != NULL) {
        return fail("open project", project.error);
    }
    long calls = 0;
    while (fgets(line, sizeof line, stdin) != NULL) {
        int n = 0;
        if (sscanf(line, "%15s %d", op, &n) != 2) {
            return fail("bad request", NULL);
        }
        double start = now(), cpu_start = cpu();
        for (int i = 0; i < n; i++, calls++) {
            if (strcmp(op, "stat") == 0) {
                UplinkObjectResult r = uplink_stat_object(project.project, bucket, stat_key);
                if (r.error != NULL) {
                    return fail("stat", r.error);
                }
                uplink_free_object_result(r);
            } else if (strcmp(op, "list") == 0) {
                UplinkListObjectsOptions options = {.prefix = prefix, .system = true};
                UplinkObjectIterator *it = uplink_list_objects(project.project, bucket, &options);
                size_t count = 0;
                for (;;) {
                    UplinkFastObjectPage page = uplink_fast_object_iterator_page(it, 256);
                    count += page.count;
                    bool done = page.done;
                    if (page.error != NULL) {
                        return fail("list", page.error);
                    }
                    uplink_fast_free_object_page(page);
                    if (done) {
                        break;
                    }
                }
                uplink_free_object_iterator(it);
                if (count < 100) {
                    return fail("list: fewer than 100 objects", NULL);
                }
            } else if (strcmp(op, "putget") == 0) {
                snprintf(key, sizeof key, "%s-%ld", key_prefix, calls % 50);
                UplinkExtObjectResult put = uplink_fast_put_object(project.project, bucket, key,
                                                                   data, sizeof data, NULL);
                if (put.error != NULL) {
                    return fail("put", put.error);
                }
                uplink_ext_free_object_result(put);
                UplinkFastGetResult got = uplink_fast_get_object(project.project, bucket, key,
                                                                 1 << 20);
                if (got.error != NULL || got.length != sizeof data ||
                    memcmp(got.data, data, sizeof data) != 0) {
                    return fail("get", got.error);
                }
                uplink_fast_free_get_result(got);
            } else {
                return fail("unknown operation", NULL);
            }
        }
        printf("%f %f\n", now() - start, cpu() - cpu_start);
        fflush(stdout);
    }
    uplink_free_project_result(project);
    uplink_free_access_result(access);
    return 0;
}
