"""The docs check CI runs without Quarto: what `nbdev_docs` would hit, found before deploying.

    python tools/check_docs.py

1. nbdev's own processing of every notebook, the step `nbdev_docs` runs before Quarto
   (`refresh_quarto_yml`, the module index, the sidebar, `proc_nbs` into `_proc/`): it executes
   the import and `show_doc` cells on their own, as the docs build does. Quarto's own
   installation step is skipped (it cannot be installed here).
2. On every processed page: no raw nbdev directive (`#| export`, `#| hide`, …) is left (Quarto's
   own cell options, `#| echo: false`, are Quarto's to read), and every link between pages
   resolves (a notebook that exists, or the `.html` page nbdev names after one).
3. In every notebook's kept outputs: no machine path (home or work folders) and no widget that
   shows as bare `VBox(children=…)` text; lessons keep no stderr at all.
4. Every lesson shows the code it teaches (`#| exports`, never `#| export`), opens in Colab from
   its badge, installs the course in its first code cell when it is missing (the release settings.ini
   names, from PyPI, else its git tag), and (from lesson 02
   on, where MNIST GANs train) asks Colab for a GPU.
5. The sidebar lists every page and nothing else; README.md is what nbs/index.ipynb gives.
6. Provenance (`provenance.py`): every notebook that keeps outputs was run by the executor
   (`tools/execute.py`) as it stands: its code and its kept outputs hash to what the executor
   recorded. A mismatch always fails (code edited without a re-run, an output edited by hand).
7. Prose (`prose_numbers.py`): every number a notebook's text states is in its code or kept
   outputs, or cited with its source in nbs/cited.json; a cited number the text no longer states fails.

Every notebook that keeps outputs must have the executor's provenance, and every number in every
notebook's prose must be explained: there is no list of exceptions (the last one, for the
ten-minute GAN's page, went when that page was executed).

Prints what it checked and every problem; exits 1 if there is one.
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
import readme, provenance, prose_numbers  # noqa: E402


INSTALL = '''#| hide
# Colab, or any Python without the course: install release {version}, the one these lessons were
# run with (from PyPI, else from its git tag). Where gan_course is installed already, this does
# nothing.
try: import gan_course
except ImportError:
    import subprocess, sys
    for spec in ('gan_course=={version}', 'git+{git_url}@v{version}'):
        if subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', spec]).returncode == 0:
            break
    else: raise RuntimeError('could not install gan_course {version} from PyPI or its git tag: '
                             'check the network, then run this cell again')'''
BADGE = '[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/{user}/{repo}/blob/{branch}/nbs/{name})'
MACHINE_PATH = re.compile(r'(/root/|/home/[^/\s]+/|/work/|/tmp/|/Users/[^/\s]+/|[A-Z]:\\\\Users)')
LINK = re.compile(r'\]\(([^)\s]+)[^)]*\)|href=["\']([^"\']+)["\']')
problems = []

def problem(where, what): problems.append(f"{where}: {what}")
def cells(p:Path) -> list: return json.loads(p.read_text(encoding='utf-8'))['cells']
def src(c) -> str: return ''.join(c['source'])
out_text = prose_numbers.out_text   # an output's text, as the prose check reads it

def process():
    "nbdev's processing of every notebook, as `nbdev_docs` runs it, minus installing Quarto."
    from nbdev.config import get_config
    from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
    from nbdev.serve import proc_nbs
    import nbdev.doclinks
    cfg = get_config()
    refresh_quarto_yml(); nbdev.doclinks._build_modidx(); nbdev_sidebar.__wrapped__(path=cfg.nbs_path)
    try: return proc_nbs(cfg.nbs_path, force=True)
    except Exception as e:
        problem('nbdev processing', str(e).strip().splitlines()[0] + ' ' + ' | '.join(str(e).strip().splitlines()[1:4]))
        return None

def pages(nbs:Path) -> list: return sorted(p for p in nbs.rglob('*.ipynb') if not any(s.startswith(('_', '.')) for s in p.relative_to(nbs).parts))

def check_pages(proc:Path, nbs:Path, directives:bool=True):
    "No raw directive on a page (when `proc` holds processed pages); every link between pages resolves."
    from nbdev.doclinks import _nbpath2html
    html = {_nbpath2html(p.relative_to(nbs)).as_posix() for p in pages(nbs)}
    for p in pages(proc):
        rel = p.relative_to(proc)
        for i, c in enumerate(cells(p)):
            s = src(c)
            raw = re.search(r'^\s*#\|\s*[\w-]+(\s[^:\n]*)?$', s, re.M) if directives and c['cell_type'] == 'code' else None   # `#| key: value` is Quarto's, `#| export` nbdev's
            if raw: problem(rel, f"cell {i} shows a raw directive: {raw[0].strip()[:60]}")
            texts = [s] if c['cell_type'] == 'markdown' else [out_text(o) for o in c.get('outputs', [])]
            for t in texts:
                for m in LINK.finditer(t):
                    target = (m[1] or m[2]).split('#')[0]
                    if not target or re.match(r'^[a-z]+:', target): continue
                    here = (rel.parent/target).as_posix()
                    norm = Path(*[x for x in here.split('/') if x not in ('', '.')]).as_posix()
                    ok = (nbs/norm).exists() if not norm.endswith('.html') else norm in html
                    if not ok: problem(rel, f"link to {target} does not resolve" + (f" (pages are named {sorted(html)[0]} …)" if norm.endswith('.html') else ''))

def check_outputs(nbs:Path, lessons:list):
    for p in pages(nbs):
        rel = p.relative_to(nbs)
        for i, c in enumerate(cells(p)):
            for o in c.get('outputs', []):
                t = out_text(o)
                if m := MACHINE_PATH.search(t): problem(rel, f"cell {i} keeps a machine path: …{t[max(0, m.start() - 30):m.end() + 30]!r}")
                d = o.get('data', {})
                if 'application/vnd.jupyter.widget-view+json' in d and re.match(r'^\w*Box\(children=', ''.join(d.get('text/plain', ''))):
                    problem(rel, f"cell {i}: a widget that a static page shows as {''.join(d['text/plain'])[:40]!r}")
                if p in lessons and o.get('name') == 'stderr': problem(rel, f"cell {i} keeps stderr: {t.strip()[:100]!r}")

def check_lessons(lessons:list, cfg:dict):
    for p in lessons:
        cs, nb = cells(p), json.loads(p.read_text(encoding='utf-8'))
        rel = p.name
        if any(re.search(r'^#\|\s*export\s*$', src(c), re.M) for c in cs if c['cell_type'] == 'code'):
            problem(rel, "uses #| export: a lesson shows the code it teaches (#| exports)")
        badge = BADGE.format(user=cfg['user'], repo=cfg['repo'], branch=cfg['branch'], name=p.name)
        if len(cs) < 3 or badge not in src(cs[1]): problem(rel, f"the second cell has no Colab badge for this notebook ({badge[:60]}…)")
        first_code = next((c for c in cs if c['cell_type'] == 'code'), None)
        if first_code is None or src(first_code) != INSTALL.format(git_url=cfg['git_url'], version=cfg['version']):
            problem(rel, f"the first code cell is not the install-when-missing cell pinned to release {cfg['version']} (settings.ini)")
        wants_gpu = int(p.name[:2]) >= 2
        if wants_gpu != (nb['metadata'].get('accelerator') == 'GPU'): problem(rel, f"metadata accelerator should {'' if wants_gpu else 'not '}be GPU")

def check_provenance(nbs:Path):
    "Kept outputs are the executor's, for the code as it stands."
    for p in pages(nbs):
        rel, nb = p.relative_to(nbs).as_posix(), json.loads(p.read_text(encoding='utf-8'))
        what = provenance.verify(nb)
        if what is not None: problem(rel, what)

def check_prose(nbs:Path):
    "Every number in the prose is in the code or the kept outputs, or cited."
    cited = json.loads(prose_numbers.CITED.read_text(encoding='utf-8')) if prose_numbers.CITED.exists() else {}
    for b in prose_numbers.stale_citations(cited): problem('cited.json', b)
    for p in pages(nbs):
        rel = p.relative_to(nbs).as_posix()
        for i, s, sent in prose_numbers.unexplained(p, cited): problem(rel, f"cell {i}: {s} is in no output, code or citation: {sent!r}")

def check_sidebar(nbs:Path):
    import yaml
    side = yaml.safe_load((nbs/'sidebar.yml').read_text())['website']['sidebar']['contents']
    listed = []
    def walk(items):
        for it in items:
            if isinstance(it, str): listed.append(it)
            elif isinstance(it, dict): walk(it.get('contents', []))
    walk(side)
    for it in listed:
        if not it.endswith(('.ipynb', '.qmd', '.md')) or not (nbs/it).exists(): problem('sidebar.yml', f"lists {it}, which is not a page")
    for p in pages(nbs):
        if p.relative_to(nbs).as_posix() not in listed: problem('sidebar.yml', f"does not list {p.relative_to(nbs)}")

def main():
    cfg = readme.settings()
    nbs = ROOT/cfg['nbs_path']
    lessons = sorted(nbs.glob('[0-9][0-9]_*.ipynb'))
    proc = process()
    n = len(pages(nbs))
    if proc is not None:
        check_pages(proc, nbs)
        print(f"nbdev processing: {n} notebooks processed into {proc.relative_to(ROOT)}/")
    else: check_pages(nbs, nbs, directives=False)    # the links of the notebooks themselves, at least
    check_outputs(nbs, lessons)
    check_lessons(lessons, cfg)
    check_sidebar(nbs)
    check_provenance(nbs)
    check_prose(nbs)
    if readme.readme() != (ROOT/'README.md').read_text(encoding='utf-8'): problem('README.md', "out of date with nbs/index.ipynb: run python tools/readme.py")
    print(f"checked {n} notebooks ({len(lessons)} lessons): directives, links, kept outputs, Colab cells, sidebar, README, provenance, prose numbers")
    for p in dict.fromkeys(problems): print(f"  PROBLEM {p}")
    if problems: sys.exit(f"docs check: {len(problems)} problem(s)")
    print("docs check: all good")

if __name__ == '__main__': main()
