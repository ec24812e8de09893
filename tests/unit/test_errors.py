"""The exception tree: codes, classes, builtin bases, messages."""

import pickle

import pytest

import storj_uplink as sj
from storj_uplink.errors import ERROR_CODES, error_class_for

EXPECTED = {
    "UPLINK_ERROR_INTERNAL": (sj.InternalError, ()),
    "UPLINK_ERROR_CANCELED": (sj.CanceledError, ()),
    "UPLINK_ERROR_INVALID_HANDLE": (sj.InvalidHandleError, (ValueError,)),
    "UPLINK_ERROR_TOO_MANY_REQUESTS": (sj.TooManyRequestsError, ()),
    "UPLINK_ERROR_BANDWIDTH_LIMIT_EXCEEDED": (sj.BandwidthLimitExceededError,
                                              (sj.LimitExceededError,)),
    "UPLINK_ERROR_STORAGE_LIMIT_EXCEEDED": (sj.StorageLimitExceededError,
                                            (sj.LimitExceededError,)),
    "UPLINK_ERROR_SEGMENTS_LIMIT_EXCEEDED": (sj.SegmentsLimitExceededError,
                                             (sj.LimitExceededError,)),
    "UPLINK_ERROR_PERMISSION_DENIED": (sj.PermissionDeniedError, (PermissionError,)),
    "UPLINK_ERROR_BUCKET_NAME_INVALID": (sj.BucketNameInvalidError, (ValueError,)),
    "UPLINK_ERROR_BUCKET_ALREADY_EXISTS": (sj.BucketAlreadyExistsError, (FileExistsError,)),
    "UPLINK_ERROR_BUCKET_NOT_EMPTY": (sj.BucketNotEmptyError, (OSError,)),
    "UPLINK_ERROR_BUCKET_NOT_FOUND": (sj.BucketNotFoundError, (KeyError, sj.NotFoundError)),
    "UPLINK_ERROR_OBJECT_KEY_INVALID": (sj.ObjectKeyInvalidError, (ValueError,)),
    "UPLINK_ERROR_OBJECT_NOT_FOUND": (sj.ObjectNotFoundError, (KeyError, sj.NotFoundError)),
    "UPLINK_ERROR_UPLOAD_DONE": (sj.UploadDoneError, (ValueError,)),
    "EDGE_ERROR_AUTH_DIAL_FAILED": (sj.EdgeAuthDialFailedError, (ConnectionError, sj.EdgeError)),
    "EDGE_ERROR_REGISTER_ACCESS_FAILED": (sj.EdgeRegisterAccessFailedError, (sj.EdgeError,)),
}


def test_every_code_has_its_class():
    assert set(EXPECTED) == set(ERROR_CODES)
    for name, (cls, bases) in EXPECTED.items():
        code = ERROR_CODES[name]
        assert error_class_for(code) is cls, name
        err = cls("boom", code=code, details="boom")
        assert isinstance(err, sj.StorjError)
        for base in bases:
            assert isinstance(err, base), (name, base)


def test_codes_match_the_compiled_header():
    from storj_uplink._native import lib

    for name, code in ERROR_CODES.items():
        assert getattr(lib, name) == code, name


def test_unknown_code_is_plain_storj_error():
    assert error_class_for(0x7F) is sj.StorjError
    assert error_class_for(-5) is sj.StorjError


def test_str_is_the_message_even_for_key_errors():
    err = sj.ObjectNotFoundError('object not found ("a/b")', code=0x21)
    assert str(err) == 'object not found ("a/b")'
    assert "ObjectNotFoundError" in repr(err) and "0x21" not in repr(err)
    assert err.code == 0x21


def test_os_error_leaves_keep_message_and_code():
    err = sj.BucketAlreadyExistsError("bucket already exists", code=0x11, details="d")
    assert str(err) == "bucket already exists"
    assert (err.code, err.details) == (0x11, "d")
    with pytest.raises(FileExistsError):
        raise err


def test_errors_pickle_with_their_code():
    err = pickle.loads(pickle.dumps(sj.PermissionDeniedError("no", code=9, details="x")))
    assert type(err) is sj.PermissionDeniedError
    assert (str(err), err.code, err.details) == ("no", 9, "x")


def test_closed_error_is_invalid_handle_and_value_error():
    assert issubclass(sj.ClosedError, sj.InvalidHandleError)
    assert issubclass(sj.ClosedError, ValueError)
    assert issubclass(sj.ConcurrentUseError, RuntimeError)
