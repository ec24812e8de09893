"""The content_type option's one helper: guessing, explicit values, opt-out, precedence."""

from __future__ import annotations

import pytest

from storj_uplink._content_type import AUTO, CONTENT_TYPE_KEY, with_content_type


def test_the_key_is_the_one_uplink_and_the_gateway_use():
    assert CONTENT_TYPE_KEY == "content-type" and AUTO == "auto"


@pytest.mark.parametrize("key, expected", [
    ("photos/tom.jpg", "image/jpeg"),
    ("a/b/report.CSV", "text/csv"),
    ("index.html", "text/html"),
    ("notes.txt", "text/plain"),
    ("data.json", "application/json"),
])
def test_auto_guesses_from_the_extension(key, expected):
    assert with_content_type(key, None, AUTO) == {"content-type": expected}


@pytest.mark.parametrize("key", ["README", "dir/", "blob.no-such-extension", ""])
def test_auto_without_a_known_extension_adds_nothing(key):
    meta = {"a": "1"}
    assert with_content_type(key, meta, AUTO) is meta
    assert with_content_type(key, None, AUTO) is None


def test_an_explicit_type_is_stored_as_given_and_the_callers_dict_is_not_changed():
    meta = {"a": "1"}
    out = with_content_type("x.jpg", meta, "application/x-custom")
    assert out == {"a": "1", "content-type": "application/x-custom"}
    assert meta == {"a": "1"}


def test_none_opts_out():
    meta = {"a": "1"}
    assert with_content_type("x.jpg", meta, None) is meta
    assert with_content_type("x.jpg", None, None) is None


@pytest.mark.parametrize("given", ["content-type", "Content-Type", "CONTENT-TYPE"])
def test_the_callers_metadata_wins_in_any_case(given):
    meta = {given: "text/x-mine"}
    assert with_content_type("x.jpg", meta, AUTO) is meta
    assert with_content_type("x.jpg", meta, "image/png") is meta


@pytest.mark.parametrize("bad", [b"image/png", 1, True, ["image/png"]])
def test_a_wrong_type_is_a_type_error(bad):
    with pytest.raises(TypeError, match="content_type must be a str"):
        with_content_type("x.jpg", None, bad)


def test_an_empty_string_is_refused_with_the_way_to_opt_out():
    with pytest.raises(ValueError, match="pass None"):
        with_content_type("x.jpg", None, "")


def test_metadata_of_a_wrong_type_is_left_for_the_upload_to_refuse():
    bad = [("a", "b")]
    assert with_content_type("x.jpg", bad, AUTO) is bad  # type: ignore[arg-type]
