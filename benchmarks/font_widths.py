"""Measure the advance widths of the dashboard's table font ("Source Sans", the face Streamlit bundles and its data
grid draws with) in Chromium, and write them to dashboard/core/text_widths.json for `dashboard.core.text_width`.

    python -m benchmarks.font_widths --url http://127.0.0.1:8501

Needs a running dashboard (its page loads the font) and Debian's chromium. Widths are in thousandths of an em, for
every printable ASCII character, the Vietnamese letters and the punctuation the tables use; kerning is left out
(`text_width` adds a small margin for it).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "dashboard" / "core" / "text_widths.json"
CHARS = ("".join(chr(c) for c in range(32, 127)) + "".join(chr(c) for c in range(0xC0, 0x100))
         + "ĂăĐđĨĩŨũƠơƯư" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA)) + "–—…·≤≥−‰°×’“”•±→")
JS = """async ([chars, weights]) => {
  await document.fonts.ready;
  const out = {};
  for (const w of weights) {
    await document.fonts.load(`${w} 100px "Source Sans"`);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${w} 1000px "Source Sans"`;
    out[w] = Object.fromEntries([...chars].map((c) => [c, Math.round(ctx.measureText(c).width)]));
  }
  return out;
}"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8501")
    a = ap.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        page.goto(a.url)
        page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
        widths = page.evaluate(JS, [CHARS, ["400", "600"]])
        browser.close()
    OUT.write_text(json.dumps({"font": "Source Sans", "units_per_em": 1000, "widths": widths},
                              ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(CHARS)} ký tự × 2 độ đậm")


if __name__ == "__main__":
    main()
