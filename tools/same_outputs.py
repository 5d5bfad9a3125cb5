"""Which kept outputs of a notebook changed between two versions of it, timings aside: to show that a re-run kept a lesson's seeded numbers.

    python tools/same_outputs.py NOTEBOOK [--base REV]     # REV: the committed version to compare with (default HEAD)

For each code cell (matched by its id) it compares the text of its outputs (streams, text/plain,
text/markdown, text/html) after masking what a clock measures: times in seconds or minutes, rates
such as images/s and steps/s, and dates. Figures are compared by their bytes. It prints one line per
cell that differs, with the first differing line of each side, and a last line with the counts; it
exits 1 if a cell's numbers differ.
"""
import argparse, hashlib, json, re, subprocess, sys
from pathlib import Path

CLOCK = [r'[\d,.]+\s*(?:images|steps|batches|it)/s', r'\b\d+(?:\.\d+)?\s*(?:s|ms|min|minutes|seconds|h)\b', r'\d{4}-\d\d-\d\d(?:T[\d:+]+)?',
         r'\bcommit [0-9a-f]{7,40}\b', r'in \d+(?:\.\d+)?s\b', r'\b\d+(?:\.\d+)?s\b']

def masked(text:str) -> list[str]:
    "The lines of `text` with every clock reading replaced by '<t>'."
    for pat in CLOCK: text = re.sub(pat, '<t>', text)
    return text.splitlines()

def texts(cell:dict) -> tuple[list, list]:
    "A code cell's outputs: its text lines (masked) and the SHA-256 of each figure."
    lines, figs = [], []
    for o in cell.get('outputs', []):
        if 'text' in o: lines += masked(''.join(o['text']))
        for k, v in o.get('data', {}).items():
            if k.startswith('image/'): figs.append(hashlib.sha256(''.join(v).encode()).hexdigest()[:12])
            elif k in ('text/plain', 'text/markdown', 'text/html'): lines += masked(''.join(v))
    return lines, figs

def cells(nb:dict) -> dict: return {c['id']: c for c in nb['cells'] if c['cell_type'] == 'code'}

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebook'); ap.add_argument('--base', default='HEAD')
    a = ap.parse_args()
    path = Path(a.notebook)
    old = json.loads(subprocess.run(['git', 'show', f'{a.base}:./{path.name}'], cwd=path.parent, capture_output=True, text=True, check=True).stdout)
    new = json.loads(path.read_text(encoding='utf-8'))
    o, n = cells(old), cells(new)
    same = numbers = figures = 0
    for i, cid in enumerate(n):
        if cid not in o: print(f"cell {i} ({cid}): new"); continue
        (lo, fo), (ln, fn) = texts(o[cid]), texts(n[cid])
        if lo != ln:
            numbers += 1
            d = next((j for j, (x, y) in enumerate(zip(lo, ln)) if x != y), min(len(lo), len(ln)))
            print(f"cell {i} ({cid}): text differs at line {d}:\n  was: {lo[d] if d < len(lo) else '(none)'}\n  now: {ln[d] if d < len(ln) else '(none)'}")
        elif fo != fn: figures += 1; print(f"cell {i} ({cid}): figure bytes differ ({len(fo)} → {len(fn)} figures)")
        else: same += 1
    print(f"{path.name}: {same} code cells the same (timings aside), {numbers} with other text, {figures} with other figure bytes only")
    sys.exit(1 if numbers else 0)
