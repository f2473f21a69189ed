"""`EventSpool`: durable rows, exclusive use, the file's sensor and platform (pure, SQLite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeback_caliper import CaliperError, SpoolError
from timeback_caliper._spool import EventSpool
from timeback_common import ConfigurationError

SENSOR = "https://reading.example.com"


def open_spool(path: Path, **kwargs: str | bool) -> EventSpool:
    options: dict[str, str | bool] = {"sensor": SENSOR, "platform": "beyond-ai"}
    options.update(kwargs)
    return EventSpool(path, **options)  # type: ignore[arg-type]


def test_rows_survive_reopening_until_deleted(tmp_path: Path) -> None:
    path = tmp_path / "spool.db"
    spool = open_spool(path)
    seqs = spool.append([b"a", b"bb", b"ccc"])
    spool.delete(seqs[:1])
    spool.close()

    again = open_spool(path)

    assert again.totals() == (2, 5, seqs[2])
    assert again.read_after(0, 10) == [(seqs[1], b"bb"), (seqs[2], b"ccc")]
    assert again.read_after(seqs[1], 10) == [(seqs[2], b"ccc")]
    assert again.first_after(seqs[2]) is None
    again.close()


def test_sequence_numbers_keep_growing_across_runs(tmp_path: Path) -> None:
    path = tmp_path / "spool.db"
    spool = open_spool(path)
    first = spool.append([b"a"])
    spool.delete(first)
    spool.close()

    spool = open_spool(path, fsync=True)
    second = spool.append([b"b"])
    spool.close()

    assert second[0] > first[0]


def test_reject_moves_rows_aside_with_the_error(tmp_path: Path) -> None:
    spool = open_spool(tmp_path / "spool.db")
    seqs = spool.append([b"good", b"bad"])

    spool.reject(seqs[1:], "HTTP 400: it's invalid")

    assert spool.totals()[0] == 1
    assert spool.rejected_count() == 1
    spool.close()


def test_a_second_opener_is_refused_while_the_first_holds_the_file(tmp_path: Path) -> None:
    path = tmp_path / "spool.db"
    first = open_spool(path)

    with pytest.raises(ConfigurationError, match="in use"):
        open_spool(path)

    first.close()
    open_spool(path).close()


@pytest.mark.parametrize(
    ("changed", "value"), [("sensor", "https://other.example.com"), ("platform", "learnwith-ai")]
)
def test_a_file_belongs_to_one_sensor_and_platform(
    tmp_path: Path, changed: str, value: str
) -> None:
    path = tmp_path / "spool.db"
    open_spool(path).close()

    with pytest.raises(ConfigurationError, match=changed):
        open_spool(path, **{changed: value})

    open_spool(path).close()  # the refusal left the file as it was


def test_a_path_that_cannot_be_a_database_is_a_configuration_error(tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello, this is not SQLite" * 100)

    with pytest.raises(ConfigurationError):
        open_spool(not_a_db)
    with pytest.raises(ConfigurationError):
        open_spool(tmp_path / "missing-dir" / "spool.db")


def test_a_failing_write_is_a_spool_error_and_stores_nothing(tmp_path: Path) -> None:
    spool = open_spool(tmp_path / "spool.db")
    spool._conn.execute("DROP TABLE pending")  # stands in for a disk that refuses writes

    with pytest.raises(SpoolError) as raised:
        spool.append([b"a"])

    assert isinstance(raised.value, CaliperError)
    assert "spool.db" in str(raised.value)
    spool.close()
