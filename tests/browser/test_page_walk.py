"""Every page of the application, for every persona, on a phone (390 px) and a desktop
(1366 px): no page scrolls sideways, no common English word leaks into the text, no rule
code (R22…) stands in a label, and no page is taller than its budget before anything is
opened. One browser and one data build for the whole walk (the checks are gathered and
reported together). With PTDV_SCREENSHOTS=1 the walk also saves one phone screenshot per
page to docs/screenshots/walk/ (the committed pictures are not rewritten by ordinary runs).
"""

import os
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ptdv.people.models import Member
from ptdv.recruitment import services as recruitment
from ptdv.recruitment.demo import advance, make_member, make_person
from ptdv.targets import services as targets
from ptdv.training import services as training

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SAVE = os.environ.get("PTDV_SCREENSHOTS") == "1"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
SCREENS = (("desktop", DESKTOP), ("phone", PHONE))
# Height budgets, in screens of the viewport, before any section is opened.
BUDGET = {"phone": 5, "desktop": 4}
TIGHT = {"reports:dashboard": 3}  # a dashboard reads at a glance: three phone screens
LONG = {"organizations:audit": 10, "calendar:calendar": 8}  # lists as long as their data
# Words that leak from frameworks and code when a text is left untranslated.
ENGLISH = re.compile(
    r"\b(Submit|Save|Cancel|Delete|Edit|Search|Next|Previous|Loading|Error|Warning|None|"
    r"True|False|null|undefined|Dashboard|Settings|Log ?out|Log ?in|Username|Password|"
    r"required|This field|Not found|Forbidden|Select|Choose|Upload|Download|Back|Home|"
    r"Yes|No|Total|Name|Date|Status|Unit|Member|Candidate|Dossier|Target|Report)\b"
)
RULE_CODE = re.compile(r"\bR\d{1,2}\b")
LABELS = "label, summary, legend, th, h1, h2, h3, button, .mainnav a, .stat .lbl"
# Developer pages, in English by design (the API documentation, for administrators).
DEVELOPER = {"api-docs"}


def page(name: str, *args, query: str = "") -> tuple[str, str]:
    return name, reverse(name, args=args) + query


def pages_for(user, t, ids) -> list[tuple[str, str]]:
    """(url name, address) of every page a persona may reach from their own unit."""
    unit = user.organization
    cell = t.a if unit.pk in (t.a.pk, t.c1.pk, t.p1.pk, t.root.pk) else None
    pages = [
        page("organizations:tree"),
        page("organizations:search", query="?q=hoa"),
        page("organizations:detail", unit.pk),
        page("organizations:audit", unit.pk),
        page("people:search", query="?q=nguyen"),
        page("people:members", unit.pk),
        page("recruitment:candidates", unit.pk),
        page("recruitment:board", unit.pk),
        page("recruitment:worklist", unit.pk),
        page("training:index"),
        page("training:unit", unit.pk),
        page("targets:unit", unit.pk),
        page("targets:ranking", unit.pk),
        page("targets:watch", unit.pk),
        page("targets:oversight", unit.pk),
        page("reports:dashboard", unit.pk),
        page("reports:people", unit.pk, query="?chi-so=admitted"),
        page("reports:trained", unit.pk),
        page("reports:form", unit.pk),
        page("imports:index"),
        page("imports:handover", unit.pk),
        page("documents:received", unit.pk),
        page("calendar:calendar"),
    ]
    if not unit.kind.is_cell:
        pages += [
            page("organizations:create", unit.pk),
            page("training:class-create", unit.pk),
            page("targets:create", unit.pk),
        ]
    pages.append(page("organizations:edit", unit.pk))
    pages += [
        page("organizations:reorganisation", unit.pk),
        page("organizations:move", unit.pk),
        page("organizations:rename", unit.pk),
        page("organizations:dissolve", unit.pk),
    ]
    if not unit.kind.is_cell:
        pages += [page("organizations:merge", unit.pk), page("organizations:split", unit.pk)]
    if cell is not None:  # the data lives under cell A
        pages += [
            page("people:person-create", cell.pk),
            page("recruitment:candidate_create", cell.pk),
            page("people:person", ids["person"]),
            page("people:person-edit", ids["person"]),
            page("people:transfer", ids["member"]),
            page("people:exit", ids["member"]),
            page("recruitment:dossier", ids["dossier"]),
            page("documents:dossier", ids["dossier"]),
            page("training:class", ids["class"]),
            page("targets:oversight-reports", ids["oversight"]),
        ]
    if user.has_global_scope:
        pages += [page("api-docs"), page("organizations:dissolved-accounts")]
    return pages


def session_cookie(user, live_server) -> dict:
    client = Client()
    client.force_login(user)  # with the second factor for the privileged roles (conftest)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


MEASURE = """(labels) => {
  const doc = document.documentElement;
  const text = document.body.innerText;
  const coded = [...document.querySelectorAll(labels)]
    .filter(el => el.offsetParent !== null && /\\bR\\d{1,2}\\b/.test(el.innerText))
    .map(el => el.innerText.trim().slice(0, 80));
  return {width: doc.scrollWidth, viewport: window.innerWidth, height: doc.scrollHeight,
          text: text, coded: coded};
}"""


def test_every_page_for_every_persona_on_a_phone_and_a_desktop(browser, live_server, tree):
    t = tree
    members = [make_member(n, t.a) for n in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")]
    person = make_person("Đỗ Thị Hạnh", date(2000, 5, 10), youth_union=True, organization=t.a)
    candidate = recruitment.candidate_create(
        acting_user=t.secretary_a,
        person=person,
        organization=t.a,
        source="youth_union",
        listed_on=date(2023, 3, 1),
    )
    dossier = advance(
        candidate.dossiers.get(),
        "introduced",
        base=date(2023, 3, 1),
        members=members,
        user=t.office_c1,
        decider=t.officer_p1,
    )
    year = date.today().year
    targets.target_create(
        acting_user=t.officer_p1,
        organization=t.c1,
        kind="assigned",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        min_value=10,
    )
    oversight = targets.oversight_create(
        acting_user=t.office_c1,
        organization=t.a,
        follower_name="Phạm Văn Phụ",
        follower_title="Phó Bí thư Đảng ủy",
        starts_on=date(year, 1, 1),
    )
    klass = training.awareness_class_create(
        acting_user=t.office_c1,
        organization=t.c1,
        name="Lớp bồi dưỡng nhận thức về Đảng khóa 1",
        issuing_body="Trung tâm Chính trị",
        target_group="youth",
        starts_on=date(year, 3, 1),
        ends_on=date(year, 3, 5),
    )
    ids = {
        "person": person.pk,
        "member": Member.objects.filter(organization=t.a).first().pk,
        "dossier": dossier.pk,
        "class": klass.pk,
        "oversight": oversight.pk,
    }
    personas = [
        t.secretary_a,
        t.secretary_b,
        t.office_c1,
        t.office_c2,
        t.officer_p1,
        t.officer_p2,
        t.inspector_p1,
        t.admin,
    ]
    problems, heights, saved = [], {}, set()
    if SAVE:
        (SHOTS / "walk").mkdir(parents=True, exist_ok=True)
    for user in personas:
        context = browser.new_context(locale="vi-VN", viewport=DESKTOP)
        context.add_cookies([session_cookie(user, live_server)])
        page = context.new_page()
        for name, path in pages_for(user, t, ids):
            response = page.goto(live_server.url + path)
            where = f"{user.username} {path}"
            if response is None or response.status >= 500:
                problems.append(f"{where}: lỗi máy chủ")
                continue
            # Measured at the width it was loaded at, then at the other: one resize a page.
            for screen, size in sorted(SCREENS, key=lambda s: s[1] != page.viewport_size):
                if page.viewport_size != size:
                    page.set_viewport_size(size)
                seen = page.evaluate(MEASURE, LABELS)
                if seen["width"] > seen["viewport"] + 1:
                    problems.append(f"{where} ({screen}): tràn ngang {seen['width']} px")
                budget = TIGHT.get(name, LONG.get(name, BUDGET[screen])) * size["height"]
                if seen["height"] > budget:
                    problems.append(f"{where} ({screen}): cao {seen['height']} > {budget} px")
                heights[(name, screen)] = max(heights.get((name, screen), 0), seen["height"])
                if name not in DEVELOPER:
                    leaks = sorted(set(ENGLISH.findall(seen["text"])))
                    if leaks:
                        problems.append(f"{where} ({screen}): tiếng Anh {leaks}")
                    if seen["coded"]:
                        problems.append(
                            f"{where} ({screen}): mã quy định trong nhãn {seen['coded']}"
                        )
                if SAVE and screen == "phone" and name not in saved and response.status == 200:
                    saved.add(name)
                    file = SHOTS / "walk" / f"{name.replace(':', '-')}.jpg"
                    page.screenshot(path=str(file), type="jpeg", quality=55)
        # On a phone the menu is one compact bar: closed until its button is pressed.
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + reverse("organizations:tree"))
        nav = page.locator(".mainnav")
        bar = page.locator("header.topbar").bounding_box()["height"]
        if nav.is_visible() or bar > 64:
            problems.append(f"{user.username}: thanh trên điện thoại cao {bar} px")
        page.locator(".menu-button").click()
        if not nav.is_visible():
            problems.append(f"{user.username}: nút «Danh mục» không mở trình đơn")
        if SAVE and user in (t.secretary_a, t.officer_p1):
            file = SHOTS / "walk" / f"menu-{user.username}.jpg"
            page.screenshot(path=str(file), type="jpeg", quality=55)
        context.close()
    assert not problems, "\n".join(problems)
    assert heights  # the walk did open pages


def test_a_dossier_form_shows_dd_mm_yyyy_in_an_english_browser(browser, live_server, tree):
    members = [make_member(n, tree.a) for n in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")]
    person = make_person("Đỗ Thị Hạnh", date(2000, 5, 10), youth_union=True, organization=tree.a)
    candidate = recruitment.candidate_create(
        acting_user=tree.secretary_a,
        person=person,
        organization=tree.a,
        source="youth_union",
        listed_on=date(2023, 3, 1),
    )
    dossier = advance(
        candidate.dossiers.get(),
        "introduced",
        base=date(2023, 3, 1),
        members=members,
        user=tree.office_c1,
        decider=tree.officer_p1,
    )
    context = browser.new_context(locale="en-US", viewport=PHONE)
    context.add_cookies([session_cookie(tree.secretary_a, live_server)])
    page = context.new_page()
    page.goto(f"{live_server.url}/ket-nap/ho-so/{dossier.pk}/")
    page.locator("summary", has_text="Chi bộ biểu quyết đề nghị kết nạp").click()
    field = page.locator('[name="cell_resolve-meeting_date"]')
    assert field.get_attribute("type") == "text"
    assert field.get_attribute("placeholder") == "dd/mm/yyyy"
    field.fill("12/6/2023")
    field.blur()
    assert field.input_value() == "12/06/2023"
    form = page.locator('form[action$="/buoc/cell_resolve/"]')
    form.get_by_role("button", name="Chọn ngày trên lịch").first.click()
    picker = page.locator(".datepicker")
    assert "Tháng 6 năm 2023" in picker.inner_text()
    picker.get_by_role("button", name="15/06/2023").click()
    assert field.input_value() == "15/06/2023"
    form.get_by_role("button", name="Chọn ngày trên lịch").first.click()
    picker.scroll_into_view_if_needed()
    if SAVE:
        page.screenshot(path=str(SHOTS / "dossier-date-english-browser.png"))
    page.keyboard.press("Escape")
    # The monthly review asks for a month, not a day.
    month = page.locator('[name="month"]')
    assert month.get_attribute("placeholder") == "mm/yyyy"
    page.get_by_role("button", name="Chọn tháng trên lịch").click()
    year = date.today().year
    page.locator(".datepicker").get_by_role("button", name=f"Tháng 5 năm {year}").click()
    assert month.input_value() == f"05/{year}"
    context.close()
