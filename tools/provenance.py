"""Notebook provenance: which code made a notebook's kept outputs, and whether they are still its own.

The executor (`tools/execute.py`) writes, into the metadata of every notebook it runs, under
`gan_course.provenance`:

    {"commit", "date", "wall_s", "device", "torch", "code_sha256", "outputs_sha256"}

computed on the notebook as committed (after `nbdev_clean`):

- `code_sha256`: SHA-256 of `"\\n\\x00\\n".join(source of every code cell, in order)` (UTF-8);
- `outputs_sha256`: SHA-256 of `json.dumps([cell["outputs"] for every code cell], sort_keys=True,
  ensure_ascii=False, separators=(",", ":"))` (UTF-8).

`verify(nb)` recomputes both: a different code hash means code edited without a re-run, a
different outputs hash means an output edited by hand. The docs check (`tools/check_docs.py`) runs
it on every notebook; so does the before-stop hook.
"""
import hashlib, json

KEY = 'gan_course'   # the notebook metadata key (settings.ini's allowed_metadata_keys keeps it through nbdev_clean)

def source(c:dict) -> str: return c['source'] if isinstance(c['source'], str) else ''.join(c['source'])
def code_cells(nb:dict) -> list: return [c for c in nb['cells'] if c['cell_type'] == 'code']

def code_sha256(nb:dict) -> str:
    "SHA-256 of every code cell's source, in order, joined by newline-NUL-newline."
    return hashlib.sha256('\n\x00\n'.join(source(c) for c in code_cells(nb)).encode('utf-8')).hexdigest()

def outputs_sha256(nb:dict) -> str:
    "SHA-256 of the kept outputs of every code cell, as canonical JSON."
    outs = [c.get('outputs', []) for c in code_cells(nb)]
    return hashlib.sha256(json.dumps(outs, sort_keys=True, ensure_ascii=False, separators=(',', ':')).encode('utf-8')).hexdigest()

def keeps_outputs(nb:dict) -> bool: return any(c.get('outputs') for c in code_cells(nb))
def provenance(nb:dict) -> dict|None: return nb.get('metadata', {}).get(KEY, {}).get('provenance')

def verify(nb:dict) -> str|None:
    "None when the kept outputs are the executor's for this code; else what is wrong, in one line."
    p = provenance(nb)
    if p is None: return 'keeps outputs but has no provenance: run it with tools/execute.py' if keeps_outputs(nb) else None
    if code_sha256(nb) != p.get('code_sha256'): return 'code changed since its outputs were made: re-run it with tools/execute.py'
    if outputs_sha256(nb) != p.get('outputs_sha256'): return 'kept outputs differ from what the executor wrote: never edit outputs by hand, re-run it with tools/execute.py'
    return None

CHECKED = '✓ checked in the full run: '

def _claims_in_code(src:str) -> tuple[list, bool]:
    "The literal claims a cell's `full_run_claim(...)` calls make, and whether the last one is a bare expression (so Jupyter shows its `True`)."
    import ast
    try: tree = ast.parse('\n'.join(l for l in src.splitlines() if not l.lstrip().startswith(('%', '!'))))
    except SyntaxError: return [], False
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, 'id', None) == 'full_run_claim']
    claims = [n.args[0].value for n in calls if n.args and isinstance(n.args[0], ast.Constant)]
    last = tree.body[-1] if tree.body else None
    bare = isinstance(last, ast.Expr) and isinstance(last.value, ast.Call) and getattr(last.value.func, 'id', None) == 'full_run_claim' \
           and not src.rstrip().endswith(';')
    return claims, bare

def impossible_outputs(nb:dict) -> list[tuple[int, str]]:
    "(code cell, what) for kept outputs that running the cell as it stands cannot produce: what a static read can tell without running it."
    found = []
    for i, c in enumerate(code_cells(nb)):
        outs = c.get('outputs', [])
        text = ''.join(''.join(o.get('text', '')) for o in outs if o.get('output_type') == 'stream')
        kept = [l[len(CHECKED):].strip() for l in text.splitlines() if l.startswith(CHECKED)]
        claims, bare = _claims_in_code(source(c))
        for k in kept:
            if k not in claims and not any('{' in cl for cl in claims): found.append((i, f"keeps a ✓ line for a claim the cell does not make: {k[:70]!r}"))
        if claims and not kept and outs and '(not checked at the test budget' not in text:
            found.append((i, f"makes {len(claims)} full-run claim(s) but keeps outputs without their ✓ line"))
        if '(not checked at the test budget' in text: found.append((i, "keeps the test budget's outputs, not a full run's"))
        if bare and kept and not any(o.get('output_type') == 'execute_result' for o in outs):
            found.append((i, "ends in a bare full_run_claim(...), so a run shows True, yet only its ✓ line is kept"))
    return found

if __name__ == '__main__':   # python tools/provenance.py: each notebook's provenance, and what the docs check says of it
    import glob
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    print('| notebook | wall time | device | commit | torch | check |\n|---|---:|---|---|---|---|')
    for f in sorted(glob.glob(str(root/'nbs'/'*.ipynb')) + glob.glob(str(root/'nbs'/'lib'/'*.ipynb'))):
        nb = json.loads(Path(f).read_text(encoding='utf-8')); p, v = provenance(nb), verify(nb)
        name = Path(f).relative_to(root/'nbs').as_posix()
        print(f"| {name} | {p['wall_s']:.0f} s | {p['device']} | {p['commit'][:7]} | {p['torch']} | {v or 'ok'} |" if p else f"| {name} | — | — | — | — | {v or 'no outputs'} |")
