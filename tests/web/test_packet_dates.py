"""The packet page dates a resume's lines by the role they sit under, and says when only the upload day is known."""

from __future__ import annotations

from tests.store.test_packet_dates import RESUME
from tests.web.conftest import Browser


def test_the_packet_page_says_when_the_work_happened(browser: Browser, me: int) -> None:
    upload = browser.post(f"/people/{me}/documents", {"kind": "resume"}, files={"file": ("nadia.txt", RESUME.encode())})
    assert upload.status_code == 303
    page = browser.page(f"/people/{me}/packet?target=L3")
    items = [item for item in page.all_testid("packet-evidence") if item.attrs["data-source"] == "document"]
    led = next(item for item in items if "Led a team of 4" in item.text)
    assert led.attrs["data-dated-by"] == "document" and led.attrs["data-date"] == "2023-12-31"
    assert led.text.startswith("From the resume's 2021–2023 role (nadia.txt")
    mentored = next(item for item in items if "Mentored 3 engineers" in item.text)
    assert mentored.text.startswith("From the resume's Mar 2017 - Feb 2021 role")
    undated = [item for item in page.find_all("li") if item.attrs.get("data-dated-by") == "upload"]
    assert undated and all(item.text.startswith("Uploaded ") for item in undated)
    assert all("no date in the document" in item.text for item in undated)
