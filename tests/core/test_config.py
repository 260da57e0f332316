"""One registry for every configurable value (core.config), one accessor, one table."""

from datetime import date
from pathlib import Path

from ptdv.core import config
from ptdv.core.calendar import add_months

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_the_documented_table_is_the_one_the_code_writes():
    assert DOC.read_text(encoding="utf-8") == config.markdown_table()


def test_the_table_check_can_fail(monkeypatch):
    """Change a default in the code and the document no longer matches."""
    changed = config.Setting("PROBATION_MONTHS", "recruitment", 18, "Probation, in months")
    registry = tuple(changed if s.key == "PROBATION_MONTHS" else s for s in config.REGISTRY)
    monkeypatch.setattr(config, "REGISTRY", registry)
    assert DOC.read_text(encoding="utf-8") != config.markdown_table()


def test_every_reader_reads_the_registry_and_its_override(settings):
    from ptdv.imports.conf import limit
    from ptdv.recruitment.rules import rule
    from ptdv.targets.config import conf
    from ptdv.training.constants import certificate_warning_days
    from ptdv.training.models import certificate_expiry

    assert rule("VOTE_NUMERATOR") == 2 and conf("WATCH_YEARS") == 2
    assert limit("MAX_ROWS") == 100_000
    settings.PTDV_RECRUITMENT_RULES = {"VOTE_NUMERATOR": 3, "CERTIFICATE_VALID_MONTHS": 36}
    settings.PTDV_TARGETS = {"WATCH_YEARS": 5}
    settings.PTDV_IMPORTS = {"MAX_ROWS": 10}
    assert rule("VOTE_NUMERATOR") == 3 and conf("WATCH_YEARS") == 5 and limit("MAX_ROWS") == 10
    # R8 in one place: the certificate's expiry (training) follows the admission rule.
    assert certificate_expiry(date(2025, 3, 7)) == date(2028, 3, 7)
    assert rule("CERTIFICATE_VALID_MONTHS") == 36
    # One warning period for the pages and the worklist.
    settings.PTDV_RECRUITMENT_RULES = {"CERTIFICATE_WARNING_DAYS": 45}
    assert certificate_warning_days() == 45 == rule("CERTIFICATE_WARNING_DAYS")


def test_keys_are_unique_and_each_group_has_its_settings_dictionary():
    keys = [item.key for item in config.REGISTRY]
    assert len(keys) == len(set(keys))
    assert {item.group for item in config.REGISTRY} == set(config.GROUPS)


def test_one_add_months():
    from ptdv.training import models

    assert models.add_months is add_months
