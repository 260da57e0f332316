"""Reports as Party documents: the periodic report on developing new members (sơ kết,
tổng kết) of any unit and period, the basic statistics form on new members (H11-HD/BTCTW
layout), and the chart they share with the briefing. Every figure comes from the reports
app's selectors (`reports.figures`, `reports.watch`, `reports.narrative`); nothing here
aggregates on its own."""

from datetime import date
from io import BytesIO

from django.utils import timezone

from ptdv.core.formatting import format_date, format_number, format_percent
from ptdv.documents.layout import (
    Heading,
    Image,
    Paragraph,
    PartyDocument,
    Signature,
    Table,
    committee,
    header_for,
    on_behalf_of,
)
from ptdv.organizations.models import Organization
from ptdv.reports import figures, statistical_form, timeseries, watch
from ptdv.reports.figures import Period
from ptdv.reports.narrative import narrative

# A period of four years or more reviews a term (tổng kết); a shorter one is a sơ kết.
TERM_REVIEW_DAYS = 4 * 365


def review_word(period: Period) -> str:
    return "tổng kết" if (period.end - period.start).days >= TERM_REVIEW_DAYS else "sơ kết"


def chart_png(series: list[dict], title: str) -> bytes:
    """Admissions per bucket (bars) beside the same bucket a year earlier, as a PNG that both
    the .docx and the PDF embed. matplotlib's Agg backend: no display needed."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.figure import Figure

    del pyplot  # the object-oriented API only: no global figure state between requests
    figure = Figure(figsize=(7.2, 3.0), dpi=110)
    axes = figure.add_subplot()
    labels = [row["label"] for row in series]
    positions = range(len(series))
    axes.bar(
        [p - 0.2 for p in positions],
        [r["previous"] for r in series],
        0.4,
        label="Cùng kỳ năm trước",
        color="#bdbdbd",
    )
    axes.bar(
        [p + 0.2 for p in positions],
        [r["count"] for r in series],
        0.4,
        label="Kết nạp trong kỳ",
        color="#b71c1c",
    )
    axes.set_xticks(list(positions), labels, fontsize=7, rotation=45 if len(labels) > 8 else 0)
    axes.set_title(title, fontsize=10)
    axes.set_ylabel("Đảng viên mới", fontsize=8)
    axes.legend(fontsize=7, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def grain_for(period: Period) -> str:
    days = (period.end - period.start).days
    return "year" if days > 3 * 365 else ("quarter" if days > 400 else "month")


def _signature(unit: Organization) -> Signature:
    return Signature(on_behalf_of(unit), "BÍ THƯ", "", note="")


def _recipients(unit: Organization) -> list[str]:
    above = unit.parent
    recipients = []
    if above is not None and above.parent_id:
        recipients.append(f"Ban Tổ chức {committee(above)[0]} (để báo cáo)")
    return [*recipients, "Các đồng chí cấp ủy viên", "Lưu Văn phòng"]


def makeup_table(stats) -> Table:
    rows = []
    for group, items in stats.groups():
        if group in (figures.EXITS,):
            continue
        rows.append([group, "", ""])
        for row in items:
            percent = row["percent"]
            rows.append(
                [
                    f"- {row['figure'].label}",
                    format_number(row["count"]),
                    format_percent(percent) if percent is not None else "",
                ]
            )
    bold = {i for i, row in enumerate(rows) if row[1] == ""}
    return Table(
        ["Chỉ tiêu", "Số lượng", "Tỷ lệ"], rows, widths=[8, 2, 2], numeric={1, 2}, bold_rows=bold
    )


def periodic_report(user, unit: Organization, period: Period, *, made_on: date | None = None):
    """The sơ kết / tổng kết report of `unit` for `period`, with its figures, narrative,
    chart and the table of its child units."""
    made_on = made_on or timezone.localdate()
    prefixes = figures.unit_prefixes(unit)
    stats = figures.statistics(unit, period, prefixes)
    grain = grain_for(period)
    series = timeseries.trends(prefixes, period, grain)
    classes = figures.awareness_classes(unit, period, prefixes)
    trained = watch.trained_not_admitted(user, unit, period.end)
    progress = watch.target_progress(user, unit, period)
    children = timeseries.children_admissions(user, unit, period)
    word = review_word(period)
    span = f"từ {format_date(period.start)} đến {format_date(period.end)}"
    blocks = [
        Paragraph(
            f"Thực hiện kế hoạch phát triển đảng viên, {committee(unit)[0]} {word} công tác "
            f"phát triển đảng viên {span} như sau:"
        ),
        Heading("I. KẾT QUẢ THỰC HIỆN"),
        Heading("1. Kết nạp đảng viên mới"),
        Paragraph(narrative(stats)),
    ]
    if classes["classes"] or trained:
        blocks.append(
            Paragraph(
                f"Trong kỳ đã mở {format_number(classes['classes'])} lớp bồi dưỡng nhận thức về "
                f"Đảng cho {format_number(classes['trained'])} quần chúng ưu tú. Đến "
                f"{format_date(period.end)}, có {format_number(trained)} quần chúng ưu tú đã "
                "được bồi dưỡng nhận thức về Đảng nhưng chưa được kết nạp."
            )
        )
    for achievement in progress:
        target = achievement.target
        blocks.append(
            Paragraph(
                f"Chỉ tiêu ({target.get_kind_display().lower()}, {format_date(target.period_start)}"
                f" – {format_date(target.period_end)}): {achievement.text}."
            )
        )
    blocks += [
        Image(chart_png(series, "Đảng viên mới kết nạp"), caption=f"Biểu đồ: kết nạp {span}"),
        Heading("2. Cơ cấu đảng viên mới"),
        makeup_table(stats),
    ]
    if children:
        quiet = [row["unit"].name for row in children if not row["admitted"]]
        blocks += [
            Heading("3. Kết quả của các đơn vị trực thuộc"),
            Table(
                ["Đơn vị", "Kết nạp", "Đảng viên cuối kỳ"],
                [
                    [r["unit"].name, format_number(r["admitted"]), format_number(r["members"])]
                    for r in children
                ],
                widths=[8, 2, 3],
                numeric={1, 2},
            ),
        ]
        blocks.append(Heading("II. ĐÁNH GIÁ CHUNG"))
        if quiet:
            blocks.append(
                Paragraph(
                    f"Còn {len(quiet)}/{len(children)} đơn vị trực thuộc chưa kết nạp được đảng "
                    f"viên mới trong kỳ: {', '.join(quiet[:12])}"
                    f"{'…' if len(quiet) > 12 else ''}."
                )
            )
        else:
            blocks.append(Paragraph("Tất cả các đơn vị trực thuộc đều kết nạp được đảng viên mới."))
    blocks += [
        Heading("III. PHƯƠNG HƯỚNG, NHIỆM VỤ"),
        Paragraph(
            "Tiếp tục tạo nguồn, bồi dưỡng quần chúng ưu tú đã học lớp nhận thức về Đảng; tập "
            "trung các chi bộ chưa kết nạp được đảng viên mới; hoàn thiện hồ sơ đúng thời hạn."
        ),
    ]
    return PartyDocument(
        key=f"bao-cao-{'tong-ket' if word == 'tổng kết' else 'so-ket'}-{unit.pk}",
        form="",
        kind="BÁO CÁO",
        subject=f"{word} công tác phát triển đảng viên {span}",
        header=header_for(unit, kind_symbol="BC", day=made_on),
        blocks=blocks,
        signature=_signature(unit),
        recipients=_recipients(unit),
    )


def statistics_form(unit: Organization, period: Period, *, made_on: date | None = None):
    """The basic statistics form on new members, laid out like H11-HD/BTCTW's forms: the
    issuing committee, the form's title and period, one row per indicator with its code
    number, a column for the total and one per child unit; the compiler and the committee
    sign. The indicators are `reports.statistical_form.form_rows()`; their order and codes in the
    official form are not confirmed (docs/forms.md)."""
    made_on = made_on or timezone.localdate()
    columns = statistical_form.statistical_form(unit, period)
    rows, bold, code = [], set(), 0
    for number, (title, chosen) in enumerate(statistical_form.form_rows(), start=1):
        if [f.key for f in chosen] == ["admitted"]:
            code += 1
            bold.add(len(rows))
            rows.append(
                [
                    str(number),
                    title,
                    f"{code:02d}",
                    *[format_number(c.counts["admitted"]) for c in columns],
                ]
            )
            continue
        bold.add(len(rows))
        rows.append([str(number), title, "", *["" for _ in columns]])
        for figure in chosen:
            code += 1
            rows.append(
                [
                    "",
                    f"- {figure.label}",
                    f"{code:02d}",
                    *[format_number(c.counts[figure.key]) for c in columns],
                ]
            )
    header = ["STT", "Chỉ tiêu", "Mã số", *[c.label for c in columns]]
    return PartyDocument(
        key=f"bieu-thong-ke-{unit.pk}",
        form="Biểu thống kê cơ bản (H11-HD/BTCTW)",
        kind="BIỂU THỐNG KÊ ĐẢNG VIÊN MỚI KẾT NẠP",
        subject=f"Từ ngày {format_date(period.start)} đến ngày {format_date(period.end)}",
        header=header_for(unit, kind_symbol="BTK", day=made_on),
        blocks=[
            Table(
                header,
                rows,
                widths=[1.2, 8, 1.8, *[2 for _ in columns]],
                numeric=set(range(3, len(header))),
                bold_rows=bold,
            ),
            Paragraph(
                "Số liệu tính trong phạm vi đảng bộ (kể cả các đơn vị đã hợp nhất vào), theo "
                "ngày quyết định kết nạp trong kỳ báo cáo.",
                italic=True,
                indent=False,
            ),
        ],
        signature=_signature(unit),
        second_signature=Signature("", "NGƯỜI LẬP BIỂU", ""),
        landscape=len(columns) > 3,
    )


def briefing_parts(user, unit: Organization, period: Period, stats, series) -> dict:
    """What the briefing PDF (reports/briefing_pdf.html) adds to make it a Party document:
    the header, the headline figures of its first page, the chart, the signing block and
    "Nơi nhận". The figures are the report's own statistics and series."""
    import base64

    previous = sum(row["previous"] for row in series)
    progress = watch.target_progress(user, unit, period)
    headline = [
        ("Kết nạp trong kỳ", format_number(stats.admitted)),
        ("Cùng kỳ năm trước", format_number(previous)),
        ("Tổng số đảng viên cuối kỳ", format_number(stats["members"])),
        ("Đoàn viên thanh niên", format_percent(stats.percent("youth"))),
        ("Nữ", format_percent(stats.percent("women"))),
        ("Ra khỏi danh sách trong kỳ", format_number(stats["exited"])),
    ]
    if progress:
        headline.append(("Đạt chỉ tiêu", progress[0].text))
    png = chart_png(series, "Đảng viên mới kết nạp theo tháng")
    return {
        "header": header_for(unit, kind_symbol="BC", day=timezone.localdate()),
        "headline": headline,
        "chart_src": "data:image/png;base64," + base64.b64encode(png).decode(),
        "signature": _signature(unit),
        "recipients": _recipients(unit),
    }
