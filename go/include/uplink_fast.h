/*
 * uplink_fast.h: calls that do in one crossing what uplink-c does in many
 * (beyond uplink-c): a page of object-listing items per call, and a whole
 * small object uploaded, or downloaded, in one call.
 *
 * Same conventions as uplink-c (see uplink_definitions.h and go/README.md):
 * results by value whose non-NULL pointers are malloc'd and released only by
 * the matching free function, NUL-terminated UTF-8 strings, Unix seconds.
 */
#ifndef STORJ_UPLINK_FAST_H
#define STORJ_UPLINK_FAST_H

#include "uplink.h"
#include "uplink_ext.h" /* UplinkExtObjectResult */

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Up to max_items items of an object iterator (of uplink_list_objects), as
 * uplink_object_iterator_next + _item would give them one by one, packed for
 * a caller that converts many items at once (a few allocations per page, not
 * per item). done is true once the iterator has ended: then error is what
 * uplink_object_iterator_err reports (NULL when it ended normally), and it
 * comes after the items of this page.
 *
 * Item i (0 <= i < count) is described by the UPLINK_FAST_PAGE_FIELDS numbers
 * from numbers[i * UPLINK_FAST_PAGE_FIELDS]:
 *   [0] the end of its key in keys (its key is keys[end of item i-1, or 0 ..
 *       this end)): UTF-8 bytes, not NUL-terminated, back to back;
 *   [1] is_prefix (0 or 1); [2] content_length; [3] created and [4] expires
 *       (Unix seconds, 0 = none), as in UplinkSystemMetadata.
 * custom is NULL when no item of the page has custom metadata; otherwise an
 * array of count entries (entries {NULL, 0} for an item without any).
 * keys, numbers and custom are NULL when count is 0. Free the page with
 * uplink_fast_free_object_page.
 */
enum { UPLINK_FAST_PAGE_FIELDS = 5 };

typedef struct UplinkFastObjectPage {
    size_t count;
    char *keys;
    int64_t *numbers;
    UplinkCustomMetadata *custom;
    bool done;
    UplinkError *error;
} UplinkFastObjectPage;

extern UplinkFastObjectPage uplink_fast_object_iterator_page(UplinkObjectIterator* iterator, size_t max_items);
extern void uplink_fast_free_object_page(UplinkFastObjectPage page);

/*
 * uplink_upload_object, uplink_upload_set_custom_metadata (when custom has
 * entries), uplink_upload_write of the length bytes, uplink_upload_commit and
 * uplink_ext_upload_info in one call; on failure nothing is committed. The
 * errors are those the separate calls report. options may be NULL.
 */
typedef struct UplinkFastPutOptions {
    int64_t expires;            /* Unix seconds, 0 = never */
    UplinkCustomMetadata custom; /* {NULL, 0}: none */
} UplinkFastPutOptions;

extern UplinkExtObjectResult uplink_fast_put_object(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, void* bytes, size_t length, UplinkFastPutOptions* options);

/*
 * uplink_download_object of a whole object, then, when its content length is
 * at most max_length, every byte into data (read to the end) and
 * uplink_close_download, all in one call. A larger object comes back as an
 * open download instead (data NULL, length 0): the caller owns it, reads it
 * with uplink_download_read and closes it as usual, and frees it with
 * uplink_free_download_result({download, NULL}).
 * uplink_fast_free_get_result frees data and error, never the download.
 */
typedef struct UplinkFastGetResult {
    uint8_t *data;
    size_t length;
    UplinkDownload *download;
    UplinkError *error;
} UplinkFastGetResult;

extern UplinkFastGetResult uplink_fast_get_object(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, size_t max_length);
extern void uplink_fast_free_get_result(UplinkFastGetResult result);

#ifdef __cplusplus
}
#endif

#endif /* STORJ_UPLINK_FAST_H */
