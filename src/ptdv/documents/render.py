"""The two renderings of a `layout.PartyDocument`: an editable .docx (python-docx) and a PDF
(WeasyPrint, from one HTML template). Both read the same model, so a paper never differs
between its two files except in the font: the .docx names Times New Roman, as the guide asks
(offices have it); the PDF embeds DejaVu Serif, which the server has and which holds every
Vietnamese letter."""

import base64
from io import BytesIO

from django.template.loader import render_to_string
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ptdv.documents.layout import (
    Field,
    Heading,
    Image,
    PageBreak,
    Paragraph,
    PartyDocument,
    Signature,
    Table,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
FONT = "Times New Roman"
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


# --- .docx ---------------------------------------------------------------------------------


def _run(paragraph, text, *, size=14, bold=False, italic=False, underline=False):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run.underline = underline
    # East-Asian font slot too, so Word does not substitute it for Vietnamese letters.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _line(cell_or_doc, text, *, align="center", space_after=0, **style):
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    if text:
        _run(paragraph, text, **style)
    return paragraph


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _two_columns(document, left_mm=80, right_mm=90):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(left_mm), Mm(right_mm)
    for cell in (left, right):
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    return left, right


def _header(document, doc: PartyDocument):
    header = doc.header
    left, right = _two_columns(document)
    if header.issuer:
        if header.superior:
            _line(left, header.superior, size=14)
        _line(left, header.issuer, size=14, bold=True)
        _line(left, "*", size=14)
        if header.number:
            _line(left, header.number, size=14)
    _line(right, header.heading, size=15, bold=True, underline=True)
    _line(right, "")
    _line(right, header.place_and_date, size=14, italic=True)
    _line(document, "")
    _line(document, doc.kind, size=16, bold=True)
    if doc.subject:
        _line(document, doc.subject, size=14, bold=True)
    _line(document, "-----", size=14, space_after=6)
    if doc.form:
        # The form number of H12-HD/BTCTW, as the printed forms carry it top right.
        section_header = document.sections[0].header.paragraphs[0]
        section_header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(section_header, doc.form, size=11, italic=True)


def _signature_cell(cell, signature: Signature):
    if signature.authority:
        _line(cell, signature.authority, size=14, bold=True)
    _line(cell, signature.title, size=14, bold=True)
    if signature.note:
        _line(cell, signature.note, size=12, italic=True)
    for _ in range(3):
        _line(cell, "")
    _line(cell, signature.name, size=14, bold=True)


def _footer(document, doc: PartyDocument):
    _line(document, "")
    left, right = _two_columns(document, 75, 95)
    if doc.recipients:
        _line(left, "Nơi nhận:", align="left", size=12, underline=True)
        for recipient in doc.recipients:
            _line(left, f"- {recipient}", align="left", size=12)
    elif doc.second_signature:
        _signature_cell(left, doc.second_signature)
    if doc.signature:
        _signature_cell(right, doc.signature)


def _table(document, block: Table):
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, text in enumerate(block.header):
        cell = table.rows[0].cells[index]
        _run(cell.paragraphs[0], text, size=11, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for number, row in enumerate(block.rows):
        cells = table.add_row().cells
        for index, text in enumerate(row):
            paragraph = cells[index].paragraphs[0]
            _run(paragraph, str(text), size=11, bold=number in block.bold_rows)
            if index in block.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if block.widths:
        total = sum(block.widths)
        width = 170 if not document.sections[0].orientation else 257
        for row in table.rows:
            for index, share in enumerate(block.widths):
                row.cells[index].width = Mm(width * share / total)
    _line(document, "", space_after=4)


def _body(document, doc: PartyDocument):
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            paragraph = _line(
                document,
                block.text,
                align=block.align,
                space_after=6,
                size=14,
                bold=block.bold,
                italic=block.italic,
            )
            if block.indent and block.align == "justify":
                paragraph.paragraph_format.first_line_indent = Mm(10)
        elif isinstance(block, Heading):
            _line(document, block.text, align="left", space_after=4, size=14, bold=True)
        elif isinstance(block, Field):
            paragraph = _line(document, "", align="left", space_after=2)
            _run(paragraph, f"{block.label}: ", size=14)
            _run(paragraph, block.value or "…………………………", size=14, bold=bool(block.value))
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Image):
            document.add_picture(BytesIO(block.png), width=Mm(block.width_mm))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            if block.caption:
                _line(document, block.caption, size=12, italic=True, space_after=6)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def to_docx(doc: PartyDocument) -> bytes:
    document = Document()
    section = document.sections[0]
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    # Margins of the guide: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    document.core_properties.title = doc.title
    document.core_properties.author = "PTĐV"
    _header(document, doc)
    _body(document, doc)
    _footer(document, doc)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF -----------------------------------------------------------------------------------


def _html_blocks(doc: PartyDocument) -> list[dict]:
    blocks = []
    for block in doc.blocks:
        item = {"type": type(block).__name__.lower(), "block": block}
        if isinstance(block, Image):
            item["src"] = "data:image/png;base64," + base64.b64encode(block.png).decode()
        if isinstance(block, Table):
            total = sum(block.widths or [])
            item["widths"] = [round(w * 100 / total, 2) for w in block.widths or []]
            item["rows"] = [
                [(text, index in block.numeric) for index, text in enumerate(row)]
                for row in block.rows
            ]
        blocks.append(item)
    return blocks


def to_html(doc: PartyDocument) -> str:
    return render_to_string(
        "documents/party_document.html", {"doc": doc, "blocks": _html_blocks(doc)}
    )


def to_pdf(doc: PartyDocument) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(doc)).write_pdf()


def render(doc: PartyDocument, fmt: str) -> tuple[bytes, str]:
    """(content, content type) of the document in "docx" or "pdf"."""
    if fmt == "docx":
        return to_docx(doc), DOCX_TYPE
    return to_pdf(doc), PDF_TYPE
