"""The CLI command `brief`: a compound's brief or the district's, as PDF or text; bad input refused, nothing written."""

from __future__ import annotations

import io

from helpers import cli
from pypdf import PdfReader

from coordpanel.brief import text


def test_brief_as_text_in_chinese_by_default(db_file, tmp_path):
    out = tmp_path / "brief.txt"
    result = cli(db_file, "brief", "-o", str(out))
    assert result.returncode == 0, result.stderr
    message = out.read_text(encoding="utf-8")
    assert message.startswith("万科嘉园 今日简报\n2020年2月19日")
    assert "连续无新增病例：4 天" in message and "三级全覆盖楼栋：14/14" in message
    assert text.chinese_characters(message) <= text.MAX_CHINESE
    assert str(out) in result.stdout


def test_brief_as_pdf_of_another_day_in_english(db_file, tmp_path):
    out = tmp_path / "brief.pdf"
    result = cli(db_file, "--lang", "en", "brief", "--date", "2020-02-18", "--compound", "1", "-o", str(out))
    assert result.returncode == 0, result.stderr
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    found = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    assert "2020-02-18" in found and "Days without a new case: 3" in found


def test_district_brief_one_line_per_compound(db_file, tmp_path):
    out = tmp_path / "district.txt"
    result = cli(db_file, "brief", "--district", "--format", "txt", "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("2020年2月19日 辖区简报：1 个小区")
    assert lines[2].startswith("万科嘉园（关东街）：未覆盖 0 栋，部分覆盖 0 栋，全覆盖 14/14")
    pdf_out = tmp_path / "district.pdf"
    assert cli(db_file, "brief", "--district", "-o", str(pdf_out)).returncode == 0
    assert "万科嘉园（关东街）：未覆盖 0 栋" in PdfReader(io.BytesIO(pdf_out.read_bytes())).pages[0].extract_text()


def test_a_bad_date_is_refused_and_nothing_is_written(db_file, tmp_path):
    out = tmp_path / "brief.txt"
    for typed in ("2020-02-30", "19.2.2020"):
        result = cli(db_file, "brief", "--date", typed, "-o", str(out), lang="zh_CN.UTF-8")
        assert result.returncode == 1
        assert f"日期“{typed}”无法识别" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_bad_format_unknown_compound_and_both_compound_and_district_are_refused(db_file, tmp_path):
    assert cli(db_file, "brief", "-o", str(tmp_path / "brief.docx")).returncode == 1
    unknown = cli(db_file, "brief", "--compound", "99", "-o", str(tmp_path / "b.txt"))
    assert unknown.returncode == 1 and "99" in unknown.stderr
    assert cli(db_file, "brief", "--compound", "1", "--district", "-o", str(tmp_path / "b.txt")).returncode == 2
    assert [p.name for p in tmp_path.iterdir()] == [db_file.name]


def test_the_brief_never_overwrites_the_database(db_file):
    before = db_file.read_bytes()
    assert cli(db_file, "brief", "--format", "txt", "-o", str(db_file)).returncode == 1
    assert db_file.read_bytes() == before


def test_the_same_brief_from_postgresql_as_from_the_duckdb_file(db_file, pg_url, tmp_path):
    assert cli(pg_url, "init", "--demo").returncode == 0
    for fmt in ("txt", "pdf"):
        from_file, from_pg = tmp_path / f"file.{fmt}", tmp_path / f"pg.{fmt}"
        assert cli(db_file, "brief", "-o", str(from_file)).returncode == 0
        result = cli(pg_url, "brief", "-o", str(from_pg))
        assert result.returncode == 0, result.stderr
        if fmt == "txt":
            assert from_pg.read_text(encoding="utf-8") == from_file.read_text(encoding="utf-8")
        else:
            read = [PdfReader(io.BytesIO(p.read_bytes())).pages[0].extract_text() for p in (from_file, from_pg)]
            assert read[0] == read[1] and "连续无新增病例：4 天" in read[1]
