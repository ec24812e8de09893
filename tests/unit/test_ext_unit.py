"""Beyond uplink-c, offline: error codes and classes, Object Lock values, Permission's
new fields, version arguments, batch-delete items, the new CLI flags and columns."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta, timezone

import pytest

import storj_uplink as sj
from storj_uplink._native import ext_objects, ffi, lib
from storj_uplink.cli.ls import ls_entry, object_rows
from storj_uplink.cli.main import build_parser
from storj_uplink.errors import EXT_ERROR_CODES, error_class_for
from storj_uplink.project_ext import _delete_item, lock_args, retention_to_c

EXPECTED = {
    "UPLINK_EXT_ERROR_OBJECT_LOCKED": (sj.ObjectLockedError, (PermissionError,)),
    "UPLINK_EXT_ERROR_OBJECT_ALREADY_EXISTS": (sj.ObjectAlreadyExistsError,
                                               (FileExistsError, sj.PreconditionFailedError)),
    "UPLINK_EXT_ERROR_PRECONDITION_FAILED": (sj.PreconditionFailedError, ()),
    "UPLINK_EXT_ERROR_OBJECT_LOCK_NOT_ENABLED": (sj.ObjectLockNotEnabledError, ()),
    "UPLINK_EXT_ERROR_OBJECT_LOCK_INVALID": (sj.ObjectLockInvalidError, (ValueError,)),
    "UPLINK_EXT_ERROR_OBJECT_VERSION_INVALID": (sj.ObjectVersionInvalidError, (ValueError,)),
    "UPLINK_EXT_ERROR_BUCKET_TAG_INVALID": (sj.BucketTagInvalidError, (ValueError,)),
    "UPLINK_EXT_ERROR_METHOD_NOT_ALLOWED": (sj.MethodNotAllowedError, ()),
    "UPLINK_EXT_ERROR_UNIMPLEMENTED": (sj.UnsupportedError, (NotImplementedError,)),
}
FUTURE = datetime.now(timezone.utc) + timedelta(days=1)


def test_every_extension_code_has_its_class_and_matches_the_header():
    assert set(EXPECTED) == set(EXT_ERROR_CODES)
    for name, (cls, bases) in EXPECTED.items():
        code = EXT_ERROR_CODES[name]
        assert getattr(lib, name) == code, name
        assert error_class_for(code) is cls, name
        err = cls("locked", code=code)
        assert isinstance(err, sj.StorjError) and str(err) == "locked"
        for base in bases:
            assert isinstance(err, base), (name, base)
        assert type(pickle.loads(pickle.dumps(err))) is cls


def test_new_names_are_exported():
    for name in ("ObjectLockedError", "Retention", "RetentionMode", "DefaultRetention",
                 "DeleteResult", "DeleteStatus", "VersioningState", "ProjectInfo",
                 "ObjectLockConfiguration"):
        assert name in sj.__all__ and getattr(sj, name).__doc__


def test_retention_mode_parsing():
    assert sj.RetentionMode.parse("Governance") is sj.RetentionMode.GOVERNANCE
    assert sj.RetentionMode.parse(sj.RetentionMode.COMPLIANCE) is sj.RetentionMode.COMPLIANCE
    for bad in ("legal", "", 1, None):
        with pytest.raises(ValueError, match="unknown retention mode"):
            sj.RetentionMode.parse(bad)  # type: ignore[arg-type]


def test_retention_values():
    r = sj.Retention("compliance", FUTURE)  # type: ignore[arg-type]
    assert r.mode is sj.RetentionMode.COMPLIANCE and r.retain_until == FUTURE
    assert retention_to_c(r) == (1, int(FUTURE.timestamp()))
    assert retention_to_c(sj.Retention(sj.RetentionMode.GOVERNANCE, FUTURE))[0] == 2
    assert retention_to_c(None) == (0, 0)
    with pytest.raises(ValueError, match="in the future"):
        retention_to_c(sj.Retention("governance", FUTURE - timedelta(days=2)))  # type: ignore
    with pytest.raises(TypeError):
        sj.Retention("governance", "tomorrow")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        retention_to_c(("governance", FUTURE))  # type: ignore[arg-type]


def test_default_retention_values():
    assert sj.DefaultRetention("governance", days=30).days == 30  # type: ignore[arg-type]
    for kwargs in ({}, {"days": 1, "years": 1}, {"days": -1}, {"years": 2**31}):
        with pytest.raises(ValueError):
            sj.DefaultRetention(sj.RetentionMode.GOVERNANCE, **kwargs)
    with pytest.raises(TypeError):
        sj.DefaultRetention(sj.RetentionMode.GOVERNANCE, days=True)


def test_lock_args():
    assert lock_args(None, False, False) is None  # a plain uplink-c upload
    assert lock_args(None, True, False) == ((0, 0), True, False)
    assert lock_args(None, False, True) == ((0, 0), False, True)
    with pytest.raises(TypeError):
        lock_args(None, 1, False)  # type: ignore[arg-type]


def test_permission_object_lock_fields_and_ttl():
    p = sj.Permission(allow_download=True)
    assert not p.needs_extensions and p.max_object_ttl_seconds == 0
    assert sj.Permission(allow_bypass_governance_retention=True).needs_extensions
    ttl = sj.Permission(allow_upload=True, max_object_ttl=timedelta(hours=2))
    assert ttl.needs_extensions and ttl.max_object_ttl_seconds == 7200
    assert len(p.flags()) == 11 and all(k.startswith("allow_") for k in p.flags())
    # positional construction of uplink-c's six fields still works
    assert sj.Permission(True, True, True, True, None, None) == sj.Permission.full()
    for bad in (timedelta(0), timedelta(seconds=-5), timedelta(seconds=1.5)):
        with pytest.raises(ValueError, match="max_object_ttl"):
            sj.Permission(allow_upload=True, max_object_ttl=bad)
    with pytest.raises(TypeError):
        sj.Permission(allow_upload=True, max_object_ttl=3600)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        sj.Permission(allow_put_object_retention="yes")  # type: ignore[arg-type]


def test_version_arguments():
    assert ext_objects.version_arg(None)[1] == 0
    buf, n = ext_objects.version_arg("00ff" * 8)
    assert n == 16 and bytes(ffi.buffer(buf, n)) == b"\x00\xff" * 8
    with pytest.raises(ValueError, match="hex"):
        ext_objects.version_arg("xyz")
    with pytest.raises(ValueError, match="hex"):
        ext_objects.version_arg("abc")  # odd length
    with pytest.raises(ValueError, match="empty"):
        ext_objects.version_arg("")
    with pytest.raises(TypeError):
        ext_objects.version_arg(b"\0" * 16)  # type: ignore[arg-type]


def test_delete_items():
    info = sj.ObjectInfo(key="k", version="ab" * 8)
    assert _delete_item("a") == ("a", None)
    assert _delete_item(("a", "cd" * 8)) == ("a", "cd" * 8)
    assert _delete_item(info) == ("k", "ab" * 8)
    for bad in (1, ("a",), (1, 2), None):
        with pytest.raises(TypeError):
            _delete_item(bad)  # type: ignore[arg-type]


def test_a_single_key_is_not_a_list_of_keys():
    # (the type checks come before any native call: no project is needed)
    with pytest.raises(TypeError, match="single key"):
        sj.Project.delete_objects(None, "b", "abc")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="object_lock"):
        sj.Project.create_bucket(None, "b", object_lock="yes")  # type: ignore[arg-type]


def test_delete_result_ok():
    assert sj.DeleteResult("k", sj.DeleteStatus.DELETED).ok
    assert not sj.DeleteResult("k", sj.DeleteStatus.LOCKED).ok


def test_cli_flags():
    parser = build_parser()
    args = parser.parse_args(["ls", "--all-versions", "sj://b"])
    assert args.all_versions is True
    args = parser.parse_args(["rm", "--version-id", "ab", "--bypass-governance-retention",
                              "sj://b/k"])
    assert (args.version_id, args.bypass_governance_retention) == ("ab", True)
    args = parser.parse_args(["rb", "--force", "--bypass-governance-retention", "sj://b"])
    assert args.force and args.bypass_governance_retention


def test_version_rows():
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    objs = [sj.ObjectInfo("d/k", created=when, version="02", is_latest=True,
                          is_delete_marker=True),
            sj.ObjectInfo("d/k", content_length=7, created=when, version="01", is_latest=False),
            sj.ObjectInfo("d/sub/", is_prefix=True)]
    args = build_parser().parse_args(["ls", "--all-versions", "--utc", "sj://b/d/"])
    entries = [ls_entry(o, o.key[2:], args) for o in objs]
    assert entries[0] == {"kind": "MKR", "created": "2026-01-02 03:04:05", "key": "k",
                          "versionId": "02"}  # the Go CLI's JSON fields
    assert object_rows(entries, args) == [  # and its columns
        ("KIND", "CREATED", "SIZE", "KEY", "VERSION ID"),
        ("MKR", "2026-01-02 03:04:05", "", "k", "02"),
        ("OBJ", "2026-01-02 03:04:05", "7", "k", "01"),
        ("PRE", "", "", "sub/", ""),
    ]


def test_native_functions_refuse_a_null_project():
    res = lib.uplink_ext_stat_object(ffi.NULL, b"b", b"k", ffi.NULL, 0)
    try:
        assert res.object == ffi.NULL and res.error != ffi.NULL
        assert ffi.string(res.error.message) == b"project is nil"
        assert res.error.code == lib.UPLINK_ERROR_INTERNAL
    finally:
        lib.uplink_ext_free_object_result(res)
    # free functions accept zero-valued results
    lib.uplink_ext_free_delete_objects_result(ffi.new("UplinkExtDeleteObjectsResult *")[0])
    lib.uplink_ext_free_bucket_tags_result(ffi.new("UplinkExtBucketTagsResult *")[0])
    lib.uplink_ext_free_project_info_result(ffi.new("UplinkExtProjectInfoResult *")[0])
    lib.uplink_ext_free_close_result(ffi.new("UplinkExtCloseResult *")[0])
    closed = lib.uplink_ext_close_project(ffi.NULL)  # as uplink_close_project: nothing to close
    assert closed.error == ffi.NULL and not closed.only_closed_connections
    lib.uplink_ext_free_object(ffi.NULL)
    lib.uplink_ext_free_object_iterator(ffi.NULL)
    assert sj._universe_is_empty()


def test_a_closed_project_refuses_every_extension_call():
    from storj_uplink._native.core import NativeHandle

    handle = NativeHandle("never-used", lambda: None, "project")
    project = sj.Project(handle, access=None)  # type: ignore[arg-type]
    handle.close()
    v = "00" * 16
    calls = [
        lambda: project.stat_object("b", "k", v),
        lambda: project.delete_object("b", "k", v),
        lambda: project.copy_object("b", "k", "b", "k2", v),
        lambda: project.download_object("b", "k", version=v),
        lambda: project.upload_object("b", "k", if_none_match=True),
        lambda: project.list_object_versions("b"),
        lambda: project.delete_objects("b", ["k"]),
        lambda: project.get_object_retention("b", "k"),
        lambda: project.set_object_legal_hold("b", "k", True),
        lambda: project.get_bucket_versioning("b"),
        lambda: project.set_object_lock_configuration("b", None),
        lambda: project.get_bucket_tags("b"),
        lambda: project.get_bucket_location("b"),
        lambda: project.create_bucket("b", object_lock=True),
        lambda: project.delete_bucket("b", with_objects=True, bypass_governance=True),
    ]
    for call in calls:
        with pytest.raises(sj.ClosedError):
            call()
