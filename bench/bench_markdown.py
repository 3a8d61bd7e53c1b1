"""Markdown rendering benchmark (issue 21): the 20,000-``[`` text against a realistic
20,000-character text, both at the form's maximum length.

Each measure cycles through many different texts of its kind (the renderer caches results
per text, so one repeated text would measure the cache). Target: the pathological texts
render within 5x the time of the realistic ones. Run: ``.venv/bin/python bench/bench_markdown.py``.
"""

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.web.markdown import MARKUP_BUDGET, MARKUP_CHARACTERS, _render, render_markdown  # noqa: E402

PLAIN = str.maketrans({c: " " for c in MARKUP_CHARACTERS})

LENGTH = 20_000
VARIANTS = 60

SENTENCES = [
    "The alliance should establish a **joint framework** for export controls on emerging technologies.",
    "Both governments should fund a [standing working group](https://example.org/wg) on supply-chain resilience.",
    "Japan and the United States should coordinate *space situational awareness* data sharing.",
    "日米両政府は、経済安全保障に関する**共同の枠組み**を設けるべきである。",
    "サイバーセキュリティ分野での[情報共有](https://example.org/ja)を拡大すべきである。",
    "Standards bodies (ITU, 3GPP) need coordinated positions before each plenary.",
]


def realistic(seed: int) -> str:
    rng = random.Random(seed)
    parts = []
    while sum(map(len, parts)) < LENGTH:
        paragraph = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 5)))
        if rng.random() < 0.2:
            paragraph = "\n".join(f"- {rng.choice(SENTENCES)}" for _ in range(3))
        parts.append(paragraph + "\n\n")
    return "".join(parts)[:LENGTH]


def pathological(seed: int) -> str:
    rng = random.Random(seed)
    shapes = ["[", "[a](", "*a", "_a", "`", "![", "[x]", "<a", "\\[", "**_"]
    shape = shapes[seed % len(shapes)] if seed % 3 else "["
    text = (shape * (LENGTH // len(shape) + 1))[:LENGTH]
    cut = rng.randint(0, 50)  # a different text each time
    return text[: LENGTH - cut] + "x" * cut


def measure(texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        _render.cache_clear()
        start = time.perf_counter()
        render_markdown(text)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    real = measure([realistic(i) for i in range(VARIANTS)])
    bad = measure([pathological(i) for i in range(VARIANTS)])
    brackets = measure(["[" * (LENGTH - i) for i in range(VARIANTS)])
    # The worst text still rendered as Markdown: the whole markup budget spent on '['.
    edge = measure(["[" * MARKUP_BUDGET + realistic(i).translate(PLAIN)[: LENGTH - MARKUP_BUDGET]
                    for i in range(VARIANTS)])
    p50_real, p50_bad, p50_brackets, p50_edge = (statistics.median(x) for x in (real, bad, brackets, edge))
    print(f"realistic 20,000-character texts ({VARIANTS} different): p50 {p50_real:.2f} ms, max {max(real):.2f} ms")
    print(f"20,000-'[' texts ({VARIANTS} different lengths): p50 {p50_brackets:.2f} ms, max {max(brackets):.2f} ms")
    print(f"other pathological shapes ({VARIANTS}): p50 {p50_bad:.2f} ms, max {max(bad):.2f} ms")
    print(f"{MARKUP_BUDGET} '[' then prose, just within the budget ({VARIANTS}): p50 {p50_edge:.2f} ms, max {max(edge):.2f} ms")
    ratio = max(p50_brackets, p50_bad, p50_edge) / p50_real
    print(f"ratio pathological / realistic (p50): {ratio:.2f}x (target <= 5x): {'OK' if ratio <= 5 else 'MISSED'}")


if __name__ == "__main__":
    main()
