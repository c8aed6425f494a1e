"""Settings readers fail loudly, naming the variable, instead of guessing."""

from __future__ import annotations

import pytest

from config.env import ConfigurationError, env_bool, env_int, env_list, env_secret


def test_a_yes_no_variable_refuses_a_value_it_cannot_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDERLY_TEST_FLAG", "maybe")
    with pytest.raises(ConfigurationError, match="ORDERLY_TEST_FLAG"):
        env_bool("ORDERLY_TEST_FLAG", False)


def test_an_integer_variable_names_itself_when_it_is_not_a_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ORDERLY_TEST_COUNT", "ten")
    with pytest.raises(ConfigurationError, match="ORDERLY_TEST_COUNT"):
        env_int("ORDERLY_TEST_COUNT", 1)


def test_an_integer_below_its_minimum_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDERLY_TEST_COUNT", "0")
    with pytest.raises(ConfigurationError, match="at least 1"):
        env_int("ORDERLY_TEST_COUNT", 5, minimum=1)


def test_a_secret_can_come_from_a_mounted_file(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    secret_file = tmp_path / "key"
    secret_file.write_text("s3cret-from-file\n")
    monkeypatch.setenv("ORDERLY_TEST_SECRET_FILE", str(secret_file))
    assert env_secret("ORDERLY_TEST_SECRET") == "s3cret-from-file"


def test_a_missing_secret_file_is_an_error_not_an_empty_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setenv("ORDERLY_TEST_SECRET_FILE", str(tmp_path / "absent"))
    with pytest.raises(ConfigurationError, match="ORDERLY_TEST_SECRET_FILE"):
        env_secret("ORDERLY_TEST_SECRET")


def test_a_list_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDERLY_TEST_HOSTS", "a.example, ,b.example,")
    assert env_list("ORDERLY_TEST_HOSTS", "") == ["a.example", "b.example"]
