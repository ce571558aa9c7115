"""Screenshots of the student pages at phone and desktop widths, for looking at what we built.

Run against a server started by `make run`:  .venv/bin/python docs/take_screenshots.py [BASE_URL]
Writes docs/screenshots/<page>-<width>.png. Uses Debian's Chromium; never downloads a browser.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE_URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).parent / "screenshots"
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]


def shoot(page, name: str, size: str, full_page: bool = True) -> None:
    page.screenshot(path=OUT / f"{name}-{size}.png", full_page=full_page)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for size, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(BASE_URL + "/")
            shoot(page, "home", size)
            page.get_by_role("link", name="Landmines").first.click()
            shoot(page, "quiz", size)
            page.get_by_label("Your name").fill("Sam")
            page.get_by_role("button", name="Start the quiz").click()
            shoot(page, "question", size)
            page.locator("#question-card label").first.click()
            page.get_by_role("button", name="Check answer").click()
            page.locator(".verdict").wait_for()
            shoot(page, "feedback", size)
            page.get_by_role("link", name="Read these words in the article").click()
            # Let the browser finish scrolling to the cited words, or the shot shows a blank band.
            page.wait_for_timeout(500)
            shoot(page, "article", size, full_page=False)
            page.go_back()
            page.get_by_role("link", name="Results so far").click()
            shoot(page, "results", size)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
