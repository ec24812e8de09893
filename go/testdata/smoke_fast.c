/*
 * smoke_fast.c: an offline smoke test of the one-call functions
 * (include/uplink_fast.h), linked against the c-archive. Driven by
 * ext_smoke_test.go (TestCSmokeFast):  smoke_fast ACCESS_GRANT
 *
 * Only what needs no network is checked. Compiled with -Wall -Wextra -Werror.
 */
#include <stdio.h>
#include <string.h>

#include "uplink_fast.h"
#include "smoke_expect.h"
#include "uplink_internal.h"

#define CHECK(cond) do { checks++; if (!(cond)) { failures++; fprintf(stderr, "FAIL line %d: %s\n", __LINE__, #cond); } } while (0)

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: smoke_fast ACCESS_GRANT\n");
        return 2;
    }
    /* NULL handles: errors, nothing else set, and the results free cleanly */
    UplinkFastObjectPage page = uplink_fast_object_iterator_page(NULL, 10);
    CHECK(page.keys == NULL && page.numbers == NULL && page.custom == NULL && page.count == 0 && page.done);
    EXPECT(page.error, UPLINK_ERROR_INTERNAL, "iterator is nil");
    char data[] = "hello";
    UplinkExtObjectResult put = uplink_fast_put_object(NULL, "b", "k", data, 5, NULL);
    CHECK(put.object == NULL);
    EXPECT(put.error, UPLINK_ERROR_INTERNAL, "project is nil");
    UplinkFastGetResult get = uplink_fast_get_object(NULL, "b", "k", 1024);
    CHECK(get.data == NULL && get.length == 0 && get.download == NULL);
    EXPECT(get.error, UPLINK_ERROR_INTERNAL, "project is nil");

    /* zero results free cleanly */
    UplinkFastObjectPage zero_page = {0};
    uplink_fast_free_object_page(zero_page);
    UplinkFastGetResult zero_get = {0};
    uplink_fast_free_get_result(zero_get);

    UplinkAccessResult ar = uplink_parse_access(argv[1]);
    if (ar.error != NULL) {
        fprintf(stderr, "parse: %s\n", ar.error->message);
        return 1;
    }
    UplinkProjectResult pr = uplink_open_project(ar.access);
    if (pr.error != NULL) {
        fprintf(stderr, "open: %s\n", pr.error->message);
        return 1;
    }
    /* argument checks that come before any network call */
    UplinkListObjectsOptions opts = {0};
    UplinkObjectIterator *it = uplink_list_objects(pr.project, "b", &opts);
    page = uplink_fast_object_iterator_page(it, 0);
    CHECK(page.count == 0 && !page.done);
    EXPECT(page.error, UPLINK_ERROR_INTERNAL, "max_items must be between 1 and 65536");
    uplink_free_object_iterator(it);
    put = uplink_fast_put_object(pr.project, "b", "k", NULL, 5, NULL);
    EXPECT(put.error, UPLINK_ERROR_INTERNAL, "bytes is nil");
    put = uplink_fast_put_object(pr.project, NULL, "k", data, 5, NULL);
    EXPECT(put.error, UPLINK_ERROR_INTERNAL, "bucket_name is nil");
    UplinkFastPutOptions put_opts = {0, {NULL, 1}};
    put = uplink_fast_put_object(pr.project, "b", "k", data, 5, &put_opts);
    EXPECT(put.error, UPLINK_ERROR_INTERNAL, "options.custom.entries is nil");
    get = uplink_fast_get_object(pr.project, "b", NULL, 1024);
    EXPECT(get.error, UPLINK_ERROR_INTERNAL, "object_key is nil");

    uplink_free_project_result(pr);
    uplink_free_access_result(ar);
    CHECK(uplink_internal_UniverseIsEmpty() == 1);
    if (failures) {
        fprintf(stderr, "smoke_fast: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("smoke_fast: %d checks passed\n", checks);
    return 0;
}
