/*
 * uplink_cancel.h: cancelling a running transfer (beyond uplink-c).
 *
 * Every upload, part upload and download has its own context, a child of its
 * project's. Cancelling it makes the read or write in progress on another
 * thread return UPLINK_ERROR_CANCELED promptly, and so does every later
 * read, write and commit of that handle: a cancelled upload is never
 * committed. Abort, close and the free functions work as usual (freeing
 * cancels too, as in uplink-c). Cancelling twice, or a finished transfer,
 * is a no-op; the handle still has to be freed.
 */
#ifndef STORJ_UPLINK_CANCEL_H
#define STORJ_UPLINK_CANCEL_H

#include "uplink.h"

#ifdef __cplusplus
extern "C" {
#endif

extern UplinkError* uplink_cancel_upload(UplinkUpload* upload);
extern UplinkError* uplink_cancel_part_upload(UplinkPartUpload* part_upload);
extern UplinkError* uplink_cancel_download(UplinkDownload* download);

#ifdef __cplusplus
}
#endif

#endif
