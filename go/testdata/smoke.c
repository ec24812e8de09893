/*
 * smoke.c: a smoke test of the C API, linked against libuplink.so as
 * scripts/build-c-library.sh builds it (compiled with the flags of
 * `pkg-config --cflags --libs libuplink`, -Wall -Wextra -Werror).
 * Driven by smoke_test.go:  smoke [ACCESS_GRANT SATELLITE_ADDRESS API_KEY]
 *
 * The access grant (made by the Go test) names a satellite on a closed local
 * port, so everything that needs no network can be checked for real.
 * The uplink-c semantics checks (uplink_c_*) also read, when set:
 *   SMOKE_SILENT_ACCESS   a grant naming a satellite that accepts connections
 *                         and never answers, whose listening socket is fd 3
 *   SMOKE_NETWORK_ACCESS  a grant for a real (local) Storj network
 *                         (tests/integration/test_c_library.py sets it)
 */

/* uplink.h first and alone: like uplink-c's header it must give its callers
 * EOF (the code of the end of a download) and free() */
#include "uplink.h"
#ifndef EOF
#error "uplink.h does not include <stdio.h>: callers have no EOF"
#endif
#ifndef EXIT_FAILURE
#error "uplink.h does not include <stdlib.h>: callers have no free()"
#endif

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int checks, failures;

#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        checks++;                                                           \
        if (!(cond)) {                                                      \
            failures++;                                                     \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                   \
            fprintf(stderr, "\n");                                          \
        }                                                                   \
    } while (0)

/* expect_error checks err has code (and, if message is not NULL, exactly
 * that message), then frees it. */
static void expect_error(int line, UplinkError *err, int32_t code, const char *message) {
    checks++;
    if (err == NULL) {
        failures++;
        fprintf(stderr, "FAIL line %d: expected error %#x, got none\n", line, code);
        return;
    }
    if (err->code != code || err->message == NULL ||
        (message != NULL && strcmp(err->message, message) != 0)) {
        failures++;
        fprintf(stderr, "FAIL line %d: expected error %#x %s, got %#x %s\n", line, code,
                message ? message : "(any)", err->code, err->message ? err->message : "(NULL)");
    }
    uplink_free_error(err);
}
#define EXPECT_ERROR(err, code, message) expect_error(__LINE__, (err), (code), (message))

static void expect_ok(int line, UplinkError *err) {
    checks++;
    if (err != NULL) {
        failures++;
        fprintf(stderr, "FAIL line %d: unexpected error %#x %s\n", line, err->code, err->message);
        uplink_free_error(err);
    }
}
#define EXPECT_OK(err) expect_ok(__LINE__, (err))

static void expect_url(int line, const char *base, const char *akid, const char *bucket,
                       const char *key, EdgeShareURLOptions *options, const char *want) {
    UplinkStringResult r = edge_join_share_url(base, akid, bucket, key, options);
    checks++;
    if (r.error != NULL || r.string == NULL || strcmp(r.string, want) != 0) {
        failures++;
        fprintf(stderr, "FAIL line %d: share url %s (error %s), want %s\n", line,
                r.string ? r.string : "(NULL)", r.error ? r.error->message : "none", want);
    }
    uplink_free_string_result(r);
}
#define EXPECT_URL(b, a, bu, k, o, w) expect_url(__LINE__, (b), (a), (bu), (k), (o), (w))

static void without_network(void) {
    /* parse: garbage and NULL */
    UplinkAccessResult ar = uplink_parse_access("garbage");
    CHECK(ar.access == NULL, "access from garbage");
    EXPECT_ERROR(ar.error, UPLINK_ERROR_INTERNAL, "uplink: invalid access grant format");
    ar.error = NULL;
    uplink_free_access_result(ar);
    ar = uplink_parse_access(NULL);
    CHECK(ar.access == NULL, "access from NULL");
    EXPECT_ERROR(ar.error, UPLINK_ERROR_INTERNAL, "accessString is nil");

    /* derive an encryption key */
    UplinkEncryptionKeyResult kr = uplink_derive_encryption_key("passphrase", "salt", 4);
    CHECK(kr.encryption_key != NULL && kr.error == NULL, "derive");
    CHECK(uplink_internal_UniverseIsEmpty() == 0, "key is a live handle");

    /* a key handle is not an access handle */
    UplinkAccess wrong = {kr.encryption_key->_handle};
    UplinkStringResult sr = uplink_access_serialize(&wrong);
    CHECK(sr.string == NULL, "serialize of a key handle");
    EXPECT_ERROR(sr.error, UPLINK_ERROR_INVALID_HANDLE, "invalid handle: access");
    uplink_free_encryption_key_result(kr);
    CHECK(uplink_internal_UniverseIsEmpty() == 1, "key freed");

    kr = uplink_derive_encryption_key("passphrase", NULL, 0);
    CHECK(kr.encryption_key != NULL && kr.error == NULL, "derive with empty salt");
    uplink_free_encryption_key_result(kr);
    kr = uplink_derive_encryption_key("passphrase", NULL, 3);
    CHECK(kr.encryption_key == NULL, "derive with NULL salt");
    EXPECT_ERROR(kr.error, UPLINK_ERROR_INTERNAL, "salt is nil");
    kr = uplink_derive_encryption_key(NULL, "salt", 4);
    EXPECT_ERROR(kr.error, UPLINK_ERROR_INTERNAL, "passphrase is nil");

    /* share URLs */
    const char *base = "https://linksharing.example.test";
    EdgeShareURLOptions raw = {true}, notraw = {false};
    EXPECT_URL(base, "jxid", "bucket", "dir/a b.txt", NULL,
               "https://linksharing.example.test/s/jxid/bucket/dir/a%20b.txt");
    EXPECT_URL(base, "jxid", "bucket", "dir/file", &raw,
               "https://linksharing.example.test/raw/jxid/bucket/dir/file");
    EXPECT_URL(base, "jxid", "bucket", "", &notraw, "https://linksharing.example.test/s/jxid/bucket");
    EXPECT_URL(base, "jxid", NULL, NULL, NULL, "https://linksharing.example.test/s/jxid");
    sr = edge_join_share_url(base, "jxid", "bucket", "dir/", &raw);
    CHECK(sr.string == NULL, "raw prefix url");
    EXPECT_ERROR(sr.error, UPLINK_ERROR_INTERNAL, "uplink: a raw download link can not be a prefix");
    sr = edge_join_share_url(base, NULL, "bucket", "key", NULL);
    EXPECT_ERROR(sr.error, UPLINK_ERROR_INTERNAL, "accessKeyID is nil");
    sr = edge_join_share_url(NULL, "jxid", "bucket", "key", NULL);
    EXPECT_ERROR(sr.error, UPLINK_ERROR_INTERNAL, "baseURL is nil");

    /* NULL and unknown handles */
    UplinkAccess unknown = {987654321};
    sr = uplink_access_serialize(NULL);
    EXPECT_ERROR(sr.error, UPLINK_ERROR_INTERNAL, "access is nil");
    sr = uplink_access_satellite_address(&unknown);
    EXPECT_ERROR(sr.error, UPLINK_ERROR_INVALID_HANDLE, "invalid handle: access");
    UplinkProjectResult pr = uplink_open_project(&unknown);
    CHECK(pr.project == NULL, "open with unknown access");
    EXPECT_ERROR(pr.error, UPLINK_ERROR_INVALID_HANDLE, NULL);
    UplinkProject noproject = {987654321};
    EXPECT_ERROR(uplink_close_project(&noproject), UPLINK_ERROR_INVALID_HANDLE, "invalid handle: project");
    UplinkBucketResult br = uplink_stat_bucket(&noproject, "b");
    EXPECT_ERROR(br.error, UPLINK_ERROR_INVALID_HANDLE, NULL);
    UplinkObjectResult orr = uplink_stat_object(NULL, "b", "k");
    EXPECT_ERROR(orr.error, UPLINK_ERROR_INTERNAL, "project is nil");
    UplinkUploadResult ur = uplink_upload_object(NULL, "b", "k", NULL);
    CHECK(ur.upload == NULL, "upload from NULL project");
    EXPECT_ERROR(ur.error, UPLINK_ERROR_INTERNAL, "project is nil");
    UplinkDownloadResult dr = uplink_download_object(&noproject, "b", "k", NULL);
    EXPECT_ERROR(dr.error, UPLINK_ERROR_INVALID_HANDLE, NULL);
    char buf[16];
    UplinkWriteResult wr = uplink_upload_write(NULL, buf, sizeof buf);
    CHECK(wr.bytes_written == 0, "write to NULL upload");
    EXPECT_ERROR(wr.error, UPLINK_ERROR_INTERNAL, "upload is nil");
    UplinkDownload nodownload = {987654321};
    UplinkReadResult rr = uplink_download_read(&nodownload, buf, sizeof buf);
    CHECK(rr.bytes_read == 0, "read from unknown download");
    EXPECT_ERROR(rr.error, UPLINK_ERROR_INVALID_HANDLE, "invalid handle: download");
    UplinkPartUpload nopart = {987654321};
    wr = uplink_part_upload_write(&nopart, buf, sizeof buf);
    EXPECT_ERROR(wr.error, UPLINK_ERROR_INVALID_HANDLE, NULL);
    EXPECT_ERROR(uplink_part_upload_set_etag(NULL, "etag"), UPLINK_ERROR_INTERNAL, "upload is nil");
    UplinkPartResult partr = uplink_part_upload_info(&nopart);
    CHECK(partr.part == NULL, "part info");
    EXPECT_ERROR(partr.error, UPLINK_ERROR_INVALID_HANDLE, NULL);
    UplinkUploadInfoResult uir = uplink_begin_upload(NULL, "b", "k", NULL);
    EXPECT_ERROR(uir.error, UPLINK_ERROR_INTERNAL, "project is nil");
    UplinkCommitUploadResult cur = uplink_commit_upload(&noproject, "b", "k", "id", NULL);
    EXPECT_ERROR(cur.error, UPLINK_ERROR_INVALID_HANDLE, NULL);
    EXPECT_ERROR(uplink_abort_upload(NULL, "b", "k", "id"), UPLINK_ERROR_INTERNAL, "project is nil");
    UplinkPartUploadResult pur = uplink_upload_part(NULL, "b", "k", "id", 1);
    EXPECT_ERROR(pur.error, UPLINK_ERROR_INTERNAL, "project is nil");
    EXPECT_ERROR(uplink_move_object(NULL, "a", "b", "c", "d", NULL), UPLINK_ERROR_INTERNAL, "project is nil");
    orr = uplink_copy_object(&noproject, "a", "b", "c", "d", NULL);
    EXPECT_ERROR(orr.error, UPLINK_ERROR_INVALID_HANDLE, NULL);
    UplinkCustomMetadata nometa = {NULL, 0};
    EXPECT_ERROR(uplink_update_object_metadata(NULL, "b", "k", nometa, NULL), UPLINK_ERROR_INTERNAL,
                 "project is nil");
    EXPECT_ERROR(uplink_revoke_access(NULL, &unknown), UPLINK_ERROR_INTERNAL, "project is nil");
    EdgeConfig econfig = {"127.0.0.1:1", NULL, true};
    EdgeCredentialsResult er = edge_register_access(econfig, NULL, NULL);
    CHECK(er.credentials == NULL, "register NULL access");
    EXPECT_ERROR(er.error, UPLINK_ERROR_INTERNAL, "access is nil");

    /* iterators over a NULL / unknown project report through *_err */
    UplinkBucketIterator *bi = uplink_list_buckets(NULL, NULL);
    CHECK(bi != NULL, "bucket iterator");
    CHECK(!uplink_bucket_iterator_next(bi), "bucket next");
    CHECK(uplink_bucket_iterator_item(bi) == NULL, "bucket item");
    EXPECT_ERROR(uplink_bucket_iterator_err(bi), UPLINK_ERROR_INTERNAL, "project is nil");
    uplink_free_bucket_iterator(bi);
    UplinkObjectIterator *oi = uplink_list_objects(&noproject, "b", NULL);
    CHECK(!uplink_object_iterator_next(oi), "object next");
    EXPECT_ERROR(uplink_object_iterator_err(oi), UPLINK_ERROR_INVALID_HANDLE, "invalid handle: project");
    /* an object iterator is not an upload iterator */
    UplinkUploadIterator wrongit = {oi->_handle};
    EXPECT_ERROR(uplink_upload_iterator_err(&wrongit), UPLINK_ERROR_INVALID_HANDLE, "invalid handle: iterator");
    uplink_free_object_iterator(oi);
    UplinkUploadIterator *ui = uplink_list_uploads(NULL, "b", NULL);
    CHECK(!uplink_upload_iterator_next(ui) && uplink_upload_iterator_item(ui) == NULL, "upload iterator");
    EXPECT_ERROR(uplink_upload_iterator_err(ui), UPLINK_ERROR_INTERNAL, "project is nil");
    uplink_free_upload_iterator(ui);
    UplinkPartIterator *pi = uplink_list_upload_parts(NULL, "b", "k", "id", NULL);
    CHECK(!uplink_part_iterator_next(pi) && uplink_part_iterator_item(pi) == NULL, "part iterator");
    EXPECT_ERROR(uplink_part_iterator_err(pi), UPLINK_ERROR_INTERNAL, "project is nil");
    uplink_free_part_iterator(pi);
    CHECK(!uplink_object_iterator_next(NULL), "next NULL");
    EXPECT_ERROR(uplink_part_iterator_err(NULL), UPLINK_ERROR_INTERNAL, "iterator is nil");

    /* every free function accepts NULL / zero results */
    uplink_free_error(NULL);
    uplink_free_string_result((UplinkStringResult){0});
    uplink_free_access_result((UplinkAccessResult){0});
    uplink_free_project_result((UplinkProjectResult){0});
    uplink_free_bucket_result((UplinkBucketResult){0});
    uplink_free_bucket(NULL);
    uplink_free_object_result((UplinkObjectResult){0});
    uplink_free_object(NULL);
    uplink_free_upload_result((UplinkUploadResult){0});
    uplink_free_write_result((UplinkWriteResult){0});
    uplink_free_download_result((UplinkDownloadResult){0});
    uplink_free_read_result((UplinkReadResult){0});
    uplink_free_encryption_key_result((UplinkEncryptionKeyResult){0});
    uplink_free_upload_info_result((UplinkUploadInfoResult){0});
    uplink_free_upload_info(NULL);
    uplink_free_commit_upload_result((UplinkCommitUploadResult){0});
    uplink_free_part_result((UplinkPartResult){0});
    uplink_free_part_upload_result((UplinkPartUploadResult){0});
    uplink_free_part(NULL);
    uplink_free_bucket_iterator(NULL);
    uplink_free_object_iterator(NULL);
    uplink_free_upload_iterator(NULL);
    uplink_free_part_iterator(NULL);
    edge_free_credentials_result((EdgeCredentialsResult){0});
    edge_free_credentials(NULL);
}

static void with_access(const char *serialized, const char *satellite, const char *api_key) {
    UplinkAccessResult ar = uplink_parse_access(serialized);
    CHECK(ar.access != NULL && ar.error == NULL, "parse %s", ar.error ? ar.error->message : "");
    if (ar.access == NULL) return;

    UplinkStringResult sr = uplink_access_satellite_address(ar.access);
    CHECK(sr.error == NULL && strcmp(sr.string, satellite) == 0, "satellite %s", sr.string);
    uplink_free_string_result(sr);
    sr = uplink_access_serialize(ar.access);
    CHECK(sr.error == NULL && sr.string != NULL, "serialize");
    UplinkAccessResult again = uplink_parse_access(sr.string);
    CHECK(again.error == NULL, "parse serialized");
    uplink_free_access_result(again);
    uplink_free_string_result(sr);

    /* share */
    UplinkPermission perm = {true, false, true, false, 0, 0};
    UplinkSharePrefix prefixes[2] = {{"photos", "2024/"}, {"docs", NULL}};
    UplinkAccessResult shared = uplink_access_share(ar.access, perm, prefixes, 2);
    CHECK(shared.access != NULL && shared.error == NULL, "share");
    uplink_free_access_result(shared);
    UplinkPermission timed = {true, true, true, true, 1700000000, 4102444800LL};
    shared = uplink_access_share(ar.access, timed, NULL, 0);
    CHECK(shared.access != NULL && shared.error == NULL, "share with times");
    uplink_free_access_result(shared);
    shared = uplink_access_share(ar.access, perm, prefixes, -1);
    EXPECT_ERROR(shared.error, UPLINK_ERROR_INTERNAL, "prefixes_count is negative: -1");
    shared = uplink_access_share(ar.access, perm, NULL, 1);
    EXPECT_ERROR(shared.error, UPLINK_ERROR_INTERNAL, "prefixes is nil");
    UplinkSharePrefix nobucket[1] = {{NULL, "x/"}};
    shared = uplink_access_share(ar.access, perm, nobucket, 1);
    EXPECT_ERROR(shared.error, UPLINK_ERROR_INTERNAL, "prefixes[0].bucket is nil");

    /* override an encryption key */
    UplinkEncryptionKeyResult kr = uplink_derive_encryption_key("tenant", "salt", 4);
    EXPECT_OK(uplink_access_override_encryption_key(ar.access, "bucket", "tenant/", kr.encryption_key));
    EXPECT_ERROR(uplink_access_override_encryption_key(ar.access, "bucket", "tenant", kr.encryption_key),
                 UPLINK_ERROR_INTERNAL, "prefix must end with slash");
    UplinkEncryptionKey notakey = {ar.access->_handle};
    EXPECT_ERROR(uplink_access_override_encryption_key(ar.access, "bucket", "t/", &notakey),
                 UPLINK_ERROR_INVALID_HANDLE, "invalid handle: encryptionKey");
    EXPECT_ERROR(uplink_access_override_encryption_key(ar.access, NULL, "t/", kr.encryption_key),
                 UPLINK_ERROR_INTERNAL, "bucket is nil");
    uplink_free_encryption_key_result(kr);

    /* a project: opening needs no network */
    UplinkConfig config = {"storj-uplink-smoke", 2000, NULL};
    UplinkProjectResult pr = uplink_config_open_project(config, ar.access);
    CHECK(pr.project != NULL && pr.error == NULL, "open project %s", pr.error ? pr.error->message : "");
    if (pr.project != NULL) {
        /* a project handle is not an access handle */
        UplinkAccess projectAsAccess = {pr.project->_handle};
        UplinkProjectResult bad = uplink_open_project(&projectAsAccess);
        EXPECT_ERROR(bad.error, UPLINK_ERROR_INVALID_HANDLE, "invalid handle: access");

        UplinkBucketResult br = uplink_stat_bucket(pr.project, NULL);
        EXPECT_ERROR(br.error, UPLINK_ERROR_INTERNAL, "bucket_name is nil");
        UplinkObjectResult orr = uplink_stat_object(pr.project, "bucket", NULL);
        EXPECT_ERROR(orr.error, UPLINK_ERROR_INTERNAL, "object_key is nil");
        UplinkUploadResult nokey = uplink_upload_object(pr.project, "bucket", NULL, NULL);
        EXPECT_ERROR(nokey.error, UPLINK_ERROR_INTERNAL, "object_key is nil");
        UplinkPartUploadResult noid = uplink_upload_part(pr.project, "bucket", "key", NULL, 1);
        EXPECT_ERROR(noid.error, UPLINK_ERROR_INTERNAL, "upload_id is nil");
        UplinkCustomMetadataEntry entry = {NULL, 3, "v", 1};
        UplinkCustomMetadata badmeta = {&entry, 1};
        EXPECT_ERROR(uplink_update_object_metadata(pr.project, "bucket", "key", badmeta, NULL),
                     UPLINK_ERROR_INTERNAL, "new_metadata.entries[0].key is nil");
        EXPECT_ERROR(uplink_revoke_access(pr.project, NULL), UPLINK_ERROR_INTERNAL, "access is nil");
        /* storj.io/uplink starts uploads lazily, so a real upload can be
         * written to (into its buffer), inspected and aborted offline */
        UplinkUploadOptions expires = {4102444800LL};
        UplinkUploadResult up = uplink_upload_object(pr.project, "bucket", "dir/key", &expires);
        CHECK(up.upload != NULL && up.error == NULL, "offline upload %s", up.error ? up.error->message : "");
        if (up.upload != NULL) {
            UplinkWriteResult w = uplink_upload_write(up.upload, "hello", 5);
            CHECK(w.bytes_written == 5 && w.error == NULL, "write");
            uplink_free_write_result(w);
            w = uplink_upload_write(up.upload, NULL, 0);
            CHECK(w.bytes_written == 0 && w.error == NULL, "write of 0 bytes");
            w = uplink_upload_write(up.upload, NULL, 5);
            CHECK(w.bytes_written == 0, "write from NULL");
            EXPECT_ERROR(w.error, UPLINK_ERROR_INTERNAL, "bytes is nil");
            UplinkCustomMetadataEntry entries[2] = {{"app:title", 9, "t\xc3\xa9", 3}, {"empty", 5, "", 0}};
            UplinkCustomMetadata meta = {entries, 2};
            EXPECT_OK(uplink_upload_set_custom_metadata(up.upload, meta));
            UplinkCustomMetadataEntry nul = {"k\0x", 3, "v", 1};
            UplinkCustomMetadata nulmeta = {&nul, 1};
            EXPECT_ERROR(uplink_upload_set_custom_metadata(up.upload, nulmeta), UPLINK_ERROR_INTERNAL, NULL);
            UplinkObjectResult info = uplink_upload_info(up.upload);
            /* (storj.io/uplink does not show the requested expiry in Info
             * before commit, so system.expires is not checked here) */
            CHECK(info.error == NULL && info.object != NULL && strcmp(info.object->key, "dir/key") == 0 &&
                      !info.object->is_prefix && info.object->custom.count == 2,
                  "upload info");
            if (info.object != NULL && info.object->custom.count == 2) {
                UplinkCustomMetadataEntry *e = info.object->custom.entries;
                CHECK(e[0].key_length == 9 && memcmp(e[0].key, "app:title", 9) == 0 && e[0].value_length == 3 &&
                          e[1].key_length == 5 && e[1].value_length == 0 && e[1].value[0] == '\0',
                      "upload info metadata");
            }
            uplink_free_object_result(info);
            EXPECT_OK(uplink_upload_abort(up.upload));
            w = uplink_upload_write(up.upload, "late", 4);
            CHECK(w.bytes_written == 0, "write after abort");
            EXPECT_ERROR(w.error, UPLINK_ERROR_UPLOAD_DONE, "upload done: already aborted");
            EXPECT_ERROR(uplink_upload_commit(up.upload), UPLINK_ERROR_UPLOAD_DONE, NULL);
            EXPECT_ERROR(uplink_upload_abort(up.upload), UPLINK_ERROR_UPLOAD_DONE, NULL);
        }
        uplink_free_upload_result(up);
        /* an upload freed while running is aborted, not leaked */
        up = uplink_upload_object(pr.project, "bucket", "other", NULL);
        CHECK(up.upload != NULL, "second offline upload");
        uplink_free_upload_result(up);

        /* close cancels the project's context; a second close is a no-op */
        EXPECT_OK(uplink_close_project(pr.project));
        EXPECT_OK(uplink_close_project(pr.project));
        br = uplink_stat_bucket(pr.project, "bucket");
        CHECK(br.bucket == NULL, "stat after close");
        EXPECT_ERROR(br.error, UPLINK_ERROR_CANCELED, NULL);
        UplinkObjectIterator *oi = uplink_list_objects(pr.project, "bucket", NULL);
        CHECK(!uplink_object_iterator_next(oi), "list after close");
        EXPECT_ERROR(uplink_object_iterator_err(oi), UPLINK_ERROR_CANCELED, NULL);
        uplink_free_object_iterator(oi);
        UplinkUploadResult ur = uplink_upload_object(pr.project, "bucket", "key", NULL);
        CHECK(ur.upload == NULL, "upload after close");
        EXPECT_ERROR(ur.error, UPLINK_ERROR_CANCELED, NULL);
        UplinkDownloadOptions range = {0, -1};
        UplinkDownloadResult dr = uplink_download_object(pr.project, "bucket", "key", &range);
        CHECK(dr.download == NULL, "download after close");
        EXPECT_ERROR(dr.error, UPLINK_ERROR_CANCELED, NULL);
        UplinkUploadInfoResult uir = uplink_begin_upload(pr.project, "bucket", "key", NULL);
        CHECK(uir.info == NULL, "begin upload after close");
        EXPECT_ERROR(uir.error, UPLINK_ERROR_CANCELED, NULL);
    }
    uplink_free_project_result(pr);

    /* closing a project cancels its running uploads */
    pr = uplink_open_project(ar.access);
    CHECK(pr.project != NULL, "open project for cancel");
    if (pr.project != NULL) {
        UplinkUploadResult up = uplink_upload_object(pr.project, "bucket", "key", NULL);
        CHECK(up.upload != NULL, "upload for cancel");
        UplinkWriteResult w = uplink_upload_write(up.upload, "hello", 5);
        CHECK(w.bytes_written == 5 && w.error == NULL, "write before close");
        uplink_free_write_result(w);
        EXPECT_OK(uplink_close_project(pr.project));
        EXPECT_ERROR(uplink_upload_commit(up.upload), UPLINK_ERROR_CANCELED, "uplink: context canceled");
        uplink_free_upload_result(up);
    }
    uplink_free_project_result(pr);

    /* freeing a project that was never closed closes it */
    pr = uplink_open_project(ar.access);
    CHECK(pr.project != NULL && pr.error == NULL, "open project again");
    uplink_free_project_result(pr);

    /* edge: storj.io/uplink/edge dials lazily, so a refused auth service
     * surfaces from the RPC as EDGE_ERROR_REGISTER_ACCESS_FAILED */
    EdgeConfig econfig = {"127.0.0.1:1", NULL, true};
    EdgeRegisterAccessOptions public = {true};
    EdgeCredentialsResult er = edge_register_access(econfig, ar.access, &public);
    CHECK(er.credentials == NULL, "register offline");
    EXPECT_ERROR(er.error, EDGE_ERROR_REGISTER_ACCESS_FAILED, NULL);
    EdgeConfig noaddress = {NULL, NULL, false};
    er = edge_register_access(noaddress, ar.access, NULL);
    EXPECT_ERROR(er.error, UPLINK_ERROR_INTERNAL, "uplink: AuthServiceAddress is missing");

    uplink_free_access_result(ar);

    /* (calls that reach the refused satellite are left out: storj.io/uplink's
     * dialer retries for about 6 s before giving up) */
    UplinkConfig quick = {NULL, 1000, "/nonexistent"};
    ar = uplink_config_request_access_with_passphrase(quick, satellite, api_key, NULL);
    EXPECT_ERROR(ar.error, UPLINK_ERROR_INTERNAL, "passphrase is nil");
    ar = uplink_request_access_with_passphrase(satellite, NULL, "pass");
    EXPECT_ERROR(ar.error, UPLINK_ERROR_INTERNAL, "api_key is nil");
}

/* every_remaining_function: the functions the cases above do not reach, each
 * with the failures it can have offline, checked by code and message. */
static void every_remaining_function(const char *serialized) {
    UplinkProject noproject = {987654321};
    UplinkBucketResult br;
    UplinkObjectResult orr;

    /* bucket functions: NULL project, unknown project, NULL name */
    br = uplink_create_bucket(NULL, "b");
    CHECK(br.bucket == NULL, "create_bucket(NULL)");
    EXPECT_ERROR(br.error, UPLINK_ERROR_INTERNAL, "project is nil");
    br = uplink_create_bucket(&noproject, "b");
    EXPECT_ERROR(br.error, UPLINK_ERROR_INVALID_HANDLE, "invalid handle: project");
    br = uplink_ensure_bucket(NULL, "b");
    CHECK(br.bucket == NULL, "ensure_bucket(NULL)");
    EXPECT_ERROR(br.error, UPLINK_ERROR_INTERNAL, "project is nil");
    br = uplink_ensure_bucket(&noproject, "b");
    EXPECT_ERROR(br.error, UPLINK_ERROR_INVALID_HANDLE, "invalid handle: project");
    br = uplink_delete_bucket(NULL, "b");
    CHECK(br.bucket == NULL, "delete_bucket(NULL)");
    EXPECT_ERROR(br.error, UPLINK_ERROR_INTERNAL, "project is nil");
    br = uplink_delete_bucket(&noproject, "b");
    EXPECT_ERROR(br.error, UPLINK_ERROR_INVALID_HANDLE, "invalid handle: project");
    br = uplink_delete_bucket_with_objects(NULL, "b");
    CHECK(br.bucket == NULL, "delete_bucket_with_objects(NULL)");
    EXPECT_ERROR(br.error, UPLINK_ERROR_INTERNAL, "project is nil");
    br = uplink_delete_bucket_with_objects(&noproject, "b");
    EXPECT_ERROR(br.error, UPLINK_ERROR_INVALID_HANDLE, "invalid handle: project");

    /* objects */
    orr = uplink_delete_object(NULL, "b", "k");
    CHECK(orr.object == NULL, "delete_object(NULL)");
    EXPECT_ERROR(orr.error, UPLINK_ERROR_INTERNAL, "project is nil");
    orr = uplink_delete_object(&noproject, "b", "k");
    EXPECT_ERROR(orr.error, UPLINK_ERROR_INVALID_HANDLE, "invalid handle: project");

    /* download info */
    UplinkDownload nodownload = {987654321};
    orr = uplink_download_info(NULL);
    CHECK(orr.object == NULL, "download_info(NULL)");
    EXPECT_ERROR(orr.error, UPLINK_ERROR_INTERNAL, "download is nil");
    orr = uplink_download_info(&nodownload);
    EXPECT_ERROR(orr.error, UPLINK_ERROR_INVALID_HANDLE, "invalid handle: download");

    /* part uploads: NULL and unknown handles */
    UplinkPartUpload nopart = {987654321};
    EXPECT_ERROR(uplink_part_upload_commit(NULL), UPLINK_ERROR_INTERNAL, "upload is nil");
    EXPECT_ERROR(uplink_part_upload_commit(&nopart), UPLINK_ERROR_INVALID_HANDLE, "invalid handle: upload");
    EXPECT_ERROR(uplink_part_upload_abort(NULL), UPLINK_ERROR_INTERNAL, "upload is nil");
    EXPECT_ERROR(uplink_part_upload_abort(&nopart), UPLINK_ERROR_INVALID_HANDLE, "invalid handle: upload");

    /* an object iterator has no item before next, nor after the end */
    UplinkObjectIterator *oi = uplink_list_objects(NULL, "b", NULL);
    CHECK(uplink_object_iterator_item(oi) == NULL, "object item before next");
    CHECK(!uplink_object_iterator_next(oi), "object next");
    CHECK(uplink_object_iterator_item(oi) == NULL, "object item after the end");
    EXPECT_ERROR(uplink_object_iterator_err(oi), UPLINK_ERROR_INTERNAL, "project is nil");
    uplink_free_object_iterator(oi);
    CHECK(uplink_object_iterator_item(NULL) == NULL, "object item of NULL");

    if (serialized == NULL) return;
    /* with a closed project: each fails up front, canceled, and a NULL name is named */
    UplinkAccessResult ar = uplink_parse_access(serialized);
    CHECK(ar.access != NULL, "parse for the closed project");
    if (ar.access == NULL) return;
    UplinkProjectResult pr = uplink_open_project(ar.access);
    CHECK(pr.project != NULL && pr.error == NULL, "open for the closed project");
    if (pr.project != NULL) {
        br = uplink_create_bucket(pr.project, NULL);
        EXPECT_ERROR(br.error, UPLINK_ERROR_INTERNAL, "bucket_name is nil");
        orr = uplink_delete_object(pr.project, "b", NULL);
        EXPECT_ERROR(orr.error, UPLINK_ERROR_INTERNAL, "object_key is nil");
        EXPECT_OK(uplink_close_project(pr.project));
        br = uplink_create_bucket(pr.project, "b");
        EXPECT_ERROR(br.error, UPLINK_ERROR_CANCELED, "project closed: context canceled");
        br = uplink_ensure_bucket(pr.project, "b");
        EXPECT_ERROR(br.error, UPLINK_ERROR_CANCELED, "project closed: context canceled");
        br = uplink_delete_bucket(pr.project, "b");
        EXPECT_ERROR(br.error, UPLINK_ERROR_CANCELED, "project closed: context canceled");
        br = uplink_delete_bucket_with_objects(pr.project, "b");
        EXPECT_ERROR(br.error, UPLINK_ERROR_CANCELED, "project closed: context canceled");
        orr = uplink_delete_object(pr.project, "b", "k");
        EXPECT_ERROR(orr.error, UPLINK_ERROR_CANCELED, "project closed: context canceled");
        UplinkPartUploadResult pur = uplink_upload_part(pr.project, "b", "k", "id", 1);
        CHECK(pur.part_upload == NULL, "upload_part on a closed project");
        EXPECT_ERROR(pur.error, UPLINK_ERROR_CANCELED, "project closed: context canceled");
    }
    uplink_free_project_result(pr);
    uplink_free_access_result(ar);
}

/* ---- uplink-c semantics ---------------------------------------------------
 * What uplink-c's own tests rely on beyond names and types. */

/* uplink_close_project(NULL) and uplink_close_download(NULL) return NULL. */
static void uplink_c_close_null_returns_null(void) {
    UplinkError *err = uplink_close_project(NULL);
    CHECK(err == NULL, "close_project(NULL) returned an error");
    uplink_free_error(err);
    err = uplink_close_download(NULL);
    CHECK(err == NULL, "close_download(NULL) returned an error");
    uplink_free_error(err);
}

struct stat_call {
    UplinkProject *project;
    UplinkBucketResult result;
};

static void *stat_bucket_call(void *arg) {
    struct stat_call *call = arg;
    call->result = uplink_stat_bucket(call->project, "bucket");
    return NULL;
}

/* A negative dial_timeout_milliseconds is accepted as "no timeout" (uplink-c
 * passes it on; storj.io/uplink reads < 0 as none, 0 as its 10 s default).
 * The satellite of silent_access accepts TCP connections on listen_fd and
 * never answers. A call dials it from a thread; once its connection is
 * accepted, closing the project must end the call as CANCELED. (The same
 * holds for a 200 ms timeout: storj.io/uplink v1.14.5 dials lazily inside the
 * RPC, outside the dial timeout, so no timeout value bounds a silent
 * satellite; the sign of the value is checked by the Go test.) */
static void uplink_c_dial_timeout_on_a_silent_satellite(const char *silent_access, int listen_fd) {
    UplinkAccessResult ar = uplink_parse_access(silent_access);
    CHECK(ar.access != NULL, "parse the silent grant");
    const int32_t timeouts[2] = {-1, 200};
    for (int i = 0; i < 2 && ar.access != NULL; i++) {
        UplinkConfig config = {"storj-uplink-smoke", timeouts[i], NULL};
        UplinkProjectResult pr = uplink_config_open_project(config, ar.access);
        CHECK(pr.project != NULL && pr.error == NULL, "open with dial timeout %d", timeouts[i]);
        if (pr.project != NULL) {
            struct stat_call call = {pr.project, {0}};
            pthread_t thread;
            CHECK(pthread_create(&thread, NULL, stat_bucket_call, &call) == 0, "thread");
            int conn = accept(listen_fd, NULL, NULL);
            CHECK(conn >= 0, "the dial never connected");
            EXPECT_OK(uplink_close_project(pr.project));
            pthread_join(thread, NULL);
            CHECK(call.result.bucket == NULL, "stat of a silent satellite");
            EXPECT_ERROR(call.result.error, UPLINK_ERROR_CANCELED, NULL);
            call.result.error = NULL;
            uplink_free_bucket_result(call.result);
            if (conn >= 0) close(conn);
        }
        uplink_free_project_result(pr);
    }
    uplink_free_access_result(ar);
}

/* The download_read loop of a C caller that checks the error before
 * bytes_read: it must still receive every byte. Returns the byte count. */
static size_t read_all_checking_error_first(UplinkDownload *download, char *out, size_t cap, size_t chunk) {
    size_t total = 0;
    for (;;) {
        UplinkReadResult r = uplink_download_read(download, out + total, total + chunk <= cap ? chunk : cap - total);
        if (r.error != NULL) {
            CHECK(r.error->code == EOF && r.bytes_read == 0, "read ended with %#x and %zu bytes",
                  r.error->code, r.bytes_read);
            uplink_free_read_result(r);
            return total;
        }
        total += r.bytes_read;
        uplink_free_read_result(r);
        if (total == cap) return total; /* no room for more: the object is longer than expected */
    }
}

/* On a real network: create_bucket on an existing bucket returns that bucket
 * with BUCKET_ALREADY_EXISTS; expires <= 0 is no expiration; download_read
 * returns the tail bytes with no error, then EOF with 0 bytes. */
static void uplink_c_semantics_on_a_network(const char *network_access) {
    UplinkAccessResult ar = uplink_parse_access(network_access);
    CHECK(ar.access != NULL, "parse the network grant");
    UplinkProjectResult pr = {0};
    if (ar.access != NULL) pr = uplink_open_project(ar.access);
    CHECK(pr.project != NULL, "open project on the network");
    if (pr.project == NULL) {
        uplink_free_project_result(pr);
        uplink_free_access_result(ar);
        return;
    }
    char bucket[64];
    snprintf(bucket, sizeof bucket, "c-smoke-%ld", (long)getpid());

    UplinkBucketResult first = uplink_create_bucket(pr.project, bucket);
    CHECK(first.bucket != NULL && first.error == NULL, "create %s", first.error ? first.error->message : "");
    UplinkBucketResult again = uplink_create_bucket(pr.project, bucket);
    CHECK(again.bucket != NULL, "create_bucket on an existing bucket returned no bucket");
    if (again.bucket != NULL && first.bucket != NULL)
        CHECK(strcmp(again.bucket->name, bucket) == 0 && again.bucket->created == first.bucket->created,
              "existing bucket %s created %lld", again.bucket->name, (long long)again.bucket->created);
    CHECK(again.error != NULL && again.error->code == UPLINK_ERROR_BUCKET_ALREADY_EXISTS,
          "create_bucket on an existing bucket: error %#x", again.error ? again.error->code : 0);
    uplink_free_bucket_result(again);
    uplink_free_bucket_result(first);

    enum { SIZE = 10000 };
    static char data[SIZE], back[2 * SIZE];
    for (int i = 0; i < SIZE; i++) data[i] = (char)(i * 7 + i / 251);
    const int64_t no_expiry[2] = {-1, 0};
    for (int e = 0; e < 2; e++) {
        char key[32];
        snprintf(key, sizeof key, "expires%lld", (long long)no_expiry[e]);
        UplinkUploadOptions options = {no_expiry[e]};
        UplinkUploadResult up = uplink_upload_object(pr.project, bucket, key, &options);
        CHECK(up.upload != NULL, "upload %s", key);
        if (up.upload != NULL) {
            UplinkWriteResult w = uplink_upload_write(up.upload, data, SIZE);
            CHECK(w.bytes_written == SIZE && w.error == NULL, "write %s", key);
            uplink_free_write_result(w);
            UplinkError *err = uplink_upload_commit(up.upload);
            CHECK(err == NULL, "commit with expires %lld: %s", (long long)no_expiry[e], err ? err->message : "");
            uplink_free_error(err);
        }
        uplink_free_upload_result(up);
        UplinkObjectResult st = uplink_stat_object(pr.project, bucket, key);
        CHECK(st.object != NULL && st.object->system.expires == 0 && st.object->system.content_length == SIZE,
              "expires %lld must be no expiration", (long long)no_expiry[e]);
        uplink_free_object_result(st);
    }

    /* a buffer larger than the object, one exactly as large, and chunks */
    const size_t buffers[3] = {2 * SIZE, SIZE, 4096};
    for (int b = 0; b < 3; b++) {
        UplinkDownloadResult dr = uplink_download_object(pr.project, bucket, "expires-1", NULL);
        CHECK(dr.download != NULL, "download");
        if (dr.download != NULL) {
            memset(back, 0, sizeof back);
            if (buffers[b] > SIZE) {
                UplinkReadResult r = uplink_download_read(dr.download, back, buffers[b]);
                CHECK(r.bytes_read == SIZE && r.error == NULL, "tail read: %zu bytes, error %#x", r.bytes_read,
                      r.error ? r.error->code : 0);
                uplink_free_read_result(r);
                r = uplink_download_read(dr.download, back + SIZE, buffers[b] - SIZE);
                CHECK(r.bytes_read == 0 && r.error != NULL && r.error->code == EOF, "then EOF with 0 bytes");
                uplink_free_read_result(r);
            } else {
                size_t n = read_all_checking_error_first(dr.download, back, sizeof back, buffers[b]);
                CHECK(n == SIZE, "a caller checking the error first read %zu of %d bytes", n, SIZE);
            }
            CHECK(memcmp(back, data, SIZE) == 0, "downloaded bytes differ (buffer %zu)", buffers[b]);
            EXPECT_OK(uplink_close_download(dr.download));
        }
        uplink_free_download_result(dr);
    }

    UplinkBucketResult gone = uplink_delete_bucket_with_objects(pr.project, bucket);
    CHECK(gone.error == NULL, "delete bucket");
    uplink_free_bucket_result(gone);
    EXPECT_OK(uplink_close_project(pr.project));
    uplink_free_project_result(pr);
    uplink_free_access_result(ar);
}

int main(int argc, char **argv) {
    without_network();
    if (argc >= 4) with_access(argv[1], argv[2], argv[3]);
    every_remaining_function(argc >= 2 ? argv[1] : NULL);
    uplink_c_close_null_returns_null();
    const char *silent = getenv("SMOKE_SILENT_ACCESS");
    if (silent != NULL) uplink_c_dial_timeout_on_a_silent_satellite(silent, 3);
    const char *network = getenv("SMOKE_NETWORK_ACCESS");
    if (network != NULL) uplink_c_semantics_on_a_network(network);
    CHECK(uplink_internal_UniverseIsEmpty() == 1, "handles leaked");
    if (failures) {
        fprintf(stderr, "smoke: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("smoke: %d checks passed\n", checks);
    return 0;
}
