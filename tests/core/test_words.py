"""Words an officer reads: "Đảng" with its capital where it means the Party, dates typed
dd/mm/yyyy in one input, plain labels, Vietnamese file names, the forecast as a sentence."""

import ast
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django import forms
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.core.forms import VietnameseDateField, VietnameseMonthField
from ptdv.core.templatetags import vn

SRC = Path(__file__).resolve().parents[2] / "src" / "ptdv"
# Lower-case "đảng" is right in compounds (đảng viên, đảng bộ, đảng ủy, đảng phí, tổ chức
# đảng, sinh hoạt đảng, thẻ đảng, tuổi đảng); anywhere else it names the Party: "Đảng".
COMPOUND_AFTER = r"(?! viên| bộ| ủy| uỷ| đoàn| phí| vụ| tịch| kỳ)"
COMPOUND_BEFORE = "".join(
    rf"(?<!{w} )"
    for w in ("tổ chức", "sinh hoạt", "thẻ", "tuổi", "cơ sở", "Tổ chức", "Thẻ", "Tuổi")
)
PARTY = re.compile(COMPOUND_BEFORE + r"(?<![\w/-])đảng" + COMPOUND_AFTER + r"(?!\w)")
# Header spellings an import file may carry (matched without case): accepted as written.
ACCEPTED_AS_WRITTEN = {"Ngày vào đảng"}


def _strings(path: Path):
    """Every string literal of a module, f-strings with their pieces joined."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value
        elif isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
            yield node.lineno, "".join(parts)


def _around(text: str, match) -> str:
    return text[max(match.start() - 30, 0) : match.end() + 10]


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def test_the_party_is_written_with_a_capital_in_templates_and_messages():
    wrong = []
    for path in sorted(SRC.rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for match in PARTY.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            wrong.append(
                f"{path.relative_to(SRC)}:{line}: {text[match.start() - 30 : match.end() + 10]!r}"
            )
    for path in _modules():
        for line, text in _strings(path):
            if text in ACCEPTED_AS_WRITTEN:
                continue
            for match in PARTY.finditer(text):
                wrong.append(f"{path.relative_to(SRC)}:{line}: {_around(text, match)!r}")
    assert not wrong, "\n".join(wrong)


def test_the_party_check_tells_the_party_from_the_compounds():
    assert PARTY.search("người vào đảng")
    assert PARTY.search("lớp bồi dưỡng về đảng.")
    assert not PARTY.search("người vào Đảng, đảng viên, đảng bộ xã, tổ chức đảng, thẻ đảng")


def test_no_page_form_asks_for_a_date_in_the_browser_s_own_format():
    found = []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        if re.search(r"""["']type["']\s*:\s*["'](date|month)["']""", text):
            found.append(str(path.relative_to(SRC)))
        if "forms.DateField(" in text:
            found.append(f"{path.relative_to(SRC)}: forms.DateField (use core.forms)")
    for path in sorted(SRC.rglob("templates/**/*.html")):
        if re.search(r'type="(date|month)"', path.read_text(encoding="utf-8")):
            found.append(str(path.relative_to(SRC)))
    assert not found, found


def _form_classes():
    import importlib

    for path in _modules():
        if path.name in ("forms.py", "calendar_views.py") or path.parts[-2:] == (
            "imports",
            "views.py",
        ):
            importlib.import_module("ptdv." + ".".join(path.relative_to(SRC).with_suffix("").parts))
    pending, seen = [forms.Form], set()
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in seen and sub.__module__.startswith("ptdv."):
                seen.add(sub)
                yield sub
            pending.append(sub)


def test_no_form_label_carries_a_date_format_or_a_rule_code():
    wrong = [
        f"{form.__module__}.{form.__name__}.{name}: {field.label}"
        for form in _form_classes()
        for name, field in form.base_fields.items()
        if field.label and (re.search(r"dd/mm|\bR\d{1,2}\b", str(field.label)))
    ]
    assert not wrong, wrong


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("19/05/2024", date(2024, 5, 19)),
        ("1/3/2021", date(2021, 3, 1)),
        ("2021-03-01", date(2021, 3, 1)),
    ],
)
def test_the_date_field_takes_what_an_officer_types(typed, expected):
    assert VietnameseDateField().clean(typed) == expected


def test_the_date_field_refuses_a_day_that_does_not_exist():
    with pytest.raises(forms.ValidationError) as error:
        VietnameseDateField().clean("31/02/2024")
    assert "dd/mm/yyyy" in error.value.messages[0]


def test_the_month_field_keeps_the_month_s_first_day():
    field = VietnameseMonthField()
    assert field.clean("05/2024") == date(2024, 5, 1)
    assert field.clean("2024-05") == date(2024, 5, 1)
    assert field.clean("19/05/2024") == date(2024, 5, 1)
    html = field.widget.render("month", date(2024, 5, 1))
    assert 'value="05/2024"' in html and 'data-date="month"' in html and 'type="text"' in html


def test_the_date_input_shows_the_day_as_dd_mm_yyyy():
    html = VietnameseDateField().widget.render("on", date(2024, 5, 9))
    assert 'value="09/05/2024"' in html and 'data-date="day"' in html


def _item(**extra):
    target = SimpleNamespace(
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        min_value=Decimal(200),
        value_text="200",
    )
    values = {
        "forecast": SimpleNamespace(value=186),
        "finished": False,
        "as_of": date(2026, 9, 30),
        "target": target,
        "pace": Decimal("0.9"),
        "behind": False,
        "elapsed_percent": Decimal("74.8"),
        "percent_min": Decimal("67.5"),
    }
    return SimpleNamespace(**(values | extra))


def test_the_forecast_reads_as_a_sentence():
    assert vn.forecast_sentence(_item()) == (
        "Với nhịp độ hiện nay, đến 31/12 ước đạt 186/200 (93%)."
    )
    assert vn.forecast_sentence(_item(finished=True)) == ""
    assert vn.forecast_sentence(_item(forecast=None)) == ""


def test_the_pace_reads_as_a_sentence():
    assert vn.pace_sentence(_item()) == (
        "Đã qua 75% thời gian của kỳ, đạt 68% chỉ tiêu: gần đúng tiến độ."
    )
    assert vn.pace_sentence(_item(pace=Decimal("0.5"), behind=True)).endswith(
        "chậm so với tiến độ."
    )
    assert vn.pace_sentence(_item(pace=Decimal("1.2"))).endswith("nhanh hơn tiến độ.")


def test_a_rule_code_moves_from_the_label_to_the_help_text():
    label = "Chi bộ biểu quyết đề nghị kết nạp (R2–R9, R22)"
    assert vn.plain_label(label) == "Chi bộ biểu quyết đề nghị kết nạp"
    assert vn.rule_note(label) == "Căn cứ: R2–R9, R22."
    assert vn.plain_label("Ngày họp") == "Ngày họp" and vn.rule_note("Ngày họp") == ""


def test_audit_values_read_in_vietnamese():
    text = vn.change_text({"valid_from": "2021-03-01", "is_active": True, "note": None})
    assert text == "valid_from: 01/03/2021; is_active: có; note: (trống)"


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("members", "mau-nhap-dang-vien.xlsx"),
        ("candidates", "mau-nhap-quan-chung-uu-tu.xlsx"),
    ],
)
def test_the_import_templates_have_vietnamese_file_names(tree, login, kind, name):
    response = login(tree.office_c1).get(reverse("imports:template"), {"loai": kind})
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_the_import_notes_read_as_sentences(tree, login):
    response = login(tree.office_c1).get(reverse("imports:template"), {"loai": "members"})
    notes = load_workbook(io.BytesIO(response.content))["Hướng dẫn"]
    texts = [row[2] for row in notes.iter_rows(min_row=2, values_only=True) if row[2]]
    assert texts and all(text.endswith(".") and not text[0].islower() for text in texts), texts
    assert not [t for t in texts if t.count("dd/mm/yyyy") > 1 or ". để" in t or ". xem" in t]


def test_a_list_download_is_named_after_its_figure(tree, login):
    url = reverse("reports:people-xlsx", args=[tree.c1.pk])
    response = login(tree.office_c1).get(url, {"chi-so": "admitted"})
    disposition = response["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="danh-sach-[a-z0-9-]+-\d+\.xlsx"', disposition)
    assert "admitted" not in disposition
