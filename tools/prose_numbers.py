"""The prose check: every number a notebook's text states is found in its code or kept outputs, or cited.

A number is checked when it has a decimal point or two or more significant digits (`0.59`, `96`,
`10,000`, `95%`; not `3`, not `03`). It is explained when, after dropping thousands separators,
signs and `±`, some number in the notebook's code or kept text outputs rounds to it at the digits
the prose shows (`0.79` is explained by an output `0.788`; `95%` by `95%` or by `0.95`), or when
`nbs/cited.json` lists it for that notebook with the source it comes from (a paper's table, a
source document's words). Years in citations (`Goodfellow et al. (2014)`), numbers inside link
targets or code (fenced blocks, inline spans), and numbers that are part of a name (`tf2`, `R1`, `dcgan-radford`) are not claims.

    python tools/prose_numbers.py [NOTEBOOK …]     # every unexplained number, with its cell and sentence
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITED = ROOT/'nbs'/'cited.json'
NUM = re.compile(r'(?<![\w.·/^_-])[-−–]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.·/^_-])[-−–]?\d*\.?\d+(?:[eE][-−]?\d+)?(?![\w]|\.\d)')
CORPUS_NUM = re.compile(r'\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.?\d+(?:[eE][-+]?\d+)?')
LINK_TARGET = re.compile(r'```.*?```|`[^`\n]+`|\]\([^)]*\)|<[^>]+>|https?://\S+', re.S)   # code (fenced or inline) is an instruction, not a claim
CITATION_YEAR = re.compile(r'(et al\.?,?\s*\(?|[A-Z][\w-]+(?: and [A-Z][\w-]+)?,?\s*\(|\()((?:19|20)\d\d)[a-z]?\b')

def norm(s:str) -> str: return s.replace(',', '').replace('−', '-').replace('–', '-').lstrip('-').rstrip('%')
def significant(s:str) -> bool:
    s = norm(s).lower().split('e')[0]
    return '.' in s or len(s.lstrip('0')) >= 2

def out_text(o:dict) -> str:
    if 'text' in o: return ''.join(o['text'])
    return ''.join(''.join(v) if isinstance(v, list) else v for k, v in o.get('data', {}).items() if k.startswith('text/'))

def corpus(nb:dict) -> list[float]:
    "Every number in the notebook's code and kept text outputs."
    texts = []
    for c in nb['cells']:
        if c['cell_type'] != 'code': continue
        texts.append(''.join(c['source']))
        texts += [out_text(o) for o in c.get('outputs', [])]
    vals = set()
    for t in texts:
        for m in CORPUS_NUM.finditer(t):
            try: vals.add(float(m[0].replace(',', '')))
            except ValueError: pass
    return sorted(vals)

def explained(s:str, pct:bool, vals:list) -> bool:
    v, txt = float(norm(s)), norm(s).lower()
    d = len(txt.split('e')[0].split('.')[1]) if '.' in txt.split('e')[0] else 0
    tol = 0.5 * 10 ** -d + 1e-9
    for x in vals:
        if 'e' in txt: 
            if abs(x - v) <= 1e-12 + 1e-9 * abs(v): return True
            continue
        if abs(x - v) <= tol or (pct and abs(100 * x - v) <= tol): return True   # x rounds to v at the digits shown
    return False

def sentence(text:str, i:int) -> str:
    a = max(text.rfind('. ', 0, i), text.rfind('\n', 0, i)) + 1
    b = min([j for j in (text.find('. ', i), text.find('\n', i)) if j >= 0] or [len(text)])
    return ' '.join(text[a:b + 1].split())[:160]

def claims(md:str):
    "(number as written, followed by %, position) for every checked number in a markdown cell."
    blanked = LINK_TARGET.sub(lambda m: ' ' * len(m[0]), md)
    years = {m.start(2) for m in CITATION_YEAR.finditer(blanked)}
    for m in NUM.finditer(blanked):
        s = m[0]
        if not significant(s) or m.start() + (s[0] in '-−–') in years: continue
        yield s, blanked[m.end():m.end() + 1] == '%', m.start()

def unexplained(path:Path, cited:dict|None=None) -> list[tuple[int, str, str]]:
    "(markdown cell index, number, sentence) for every number the notebook's prose states and cannot show."
    nb = json.loads(path.read_text(encoding='utf-8'))
    if cited is None: cited = json.loads(CITED.read_text(encoding='utf-8')) if CITED.exists() else {}
    mine = {norm(k) for k in cited.get(path.relative_to(ROOT/'nbs').as_posix(), {})}
    vals, found = corpus(nb), []
    for i, c in enumerate(nb['cells']):
        if c['cell_type'] != 'markdown': continue
        md = ''.join(c['source'])
        for s, pct, pos in claims(md):
            if norm(s) in mine or explained(s, pct, vals): continue
            found.append((i, s + ('%' if pct else ''), sentence(md, pos)))
    return found

def stale_citations(cited:dict) -> list[str]:
    "Entries of cited.json whose notebook no longer states the number (or that name no source)."
    bad = []
    for rel, nums in cited.items():
        p = ROOT/'nbs'/rel
        if not p.exists(): bad.append(f"{rel}: no such notebook"); continue
        stated = {norm(s) for c in json.loads(p.read_text(encoding='utf-8'))['cells'] if c['cell_type'] == 'markdown' for s, _, _ in claims(''.join(c['source']))}
        bad += [f"{rel}: {k} is cited but the prose does not state it" for k in nums if norm(k) not in stated]
        bad += [f"{rel}: {k} names no source" for k, v in nums.items() if not str(v).strip()]
    return bad

if __name__ == '__main__':
    nbs = [Path(a).resolve() for a in sys.argv[1:]] or sorted((ROOT/'nbs').rglob('*.ipynb'))
    total = 0
    for p in nbs:
        if any(s.startswith(('.', '_')) for s in p.relative_to(ROOT/'nbs').parts): continue
        u = unexplained(p)
        total += len(u)
        for i, s, sent in u: print(f"{p.relative_to(ROOT)} cell {i}: {s} — {sent}")
        print(f"== {p.relative_to(ROOT)}: {len(u)} unexplained number(s)", file=sys.stderr)
    print(f"{total} unexplained number(s)", file=sys.stderr)
