"""Open every lesson page in headless Chromium and check what a reader sees: figures and typeset math.

    python tools/browser_check.py [--out DIR] [--mathjax DIR] [--chromium PATH]

Each page is rendered with nbconvert's HTML exporter (a proxy for Quarto, which cannot be installed
here) from nbdev's processed notebook in _proc/ (what Quarto would render: directives gone, hidden
cells left out; `python tools/check_docs.py` makes them), else from nbs/, with MathJax 3 served from a local copy (`npm install mathjax@3`; no
network), then opened in Chromium through Playwright (`pip install playwright`; the browser is the
system's, e.g. Debian's `chromium`: never `playwright install`). For each page it checks that

- every figure the notebook keeps is on the page and loaded (PNG images decoded with a width,
  inline SVG charts present),
- every formula of the markdown is typeset by MathJax, with no MathJax error and no `$` left over,
- no widget shows as `VBox(children=…)` text, and the page raises no script error,

prints one line per page and saves a full-page screenshot into --out (default _browser/).
Exits 1 if a page fails, 2 if Chromium, Playwright or MathJax is missing (CI then skips it).
"""
import argparse, json, os, re, shutil, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MATH = re.compile(r'\$\$.+?\$\$|(?<![\\$])\$(?!\s)[^$\n]+?(?<!\s)\$', re.S)

def find_chromium(given=None):
    for c in (given, os.environ.get('CHROMIUM'), shutil.which('chromium'), shutil.which('chromium-browser'), '/usr/bin/chromium'):
        if c and Path(c).exists(): return c

def find_mathjax(given=None):
    for d in (given, os.environ.get('MATHJAX_DIR'), ROOT/'.cache'/'docs'/'node_modules'/'mathjax', ROOT/'node_modules'/'mathjax'):
        if d and (Path(d)/'es5'/'tex-svg-full.js').exists(): return Path(d)

def expected(nb:dict) -> dict:
    "What the page must show: kept PNG figures, inline SVG charts, formulas in the markdown."
    pngs = svgs = 0
    for c in nb['cells']:
        if any(re.match(r'#\|\s*hide\b', l) for l in ''.join(c['source']).splitlines()): continue
        for o in c.get('outputs', []):
            d = o.get('data', {})
            if 'application/vnd.jupyter.widget-view+json' in d: continue   # a widget: its text, checked below
            if 'text/html' in d: svgs += ''.join(d['text/html']).count('<svg')
            elif 'image/png' in d: pngs += 1
    math = sum(len(MATH.findall(''.join(c['source']))) for c in nb['cells'] if c['cell_type'] == 'markdown')
    return dict(pngs=pngs, svgs=svgs, math=math)

def as_quarto_would(nb):
    "Do what Quarto does before rendering that nbconvert does not: read `#| key: value` cell options (echo: false hides the code) and drop them, drop the front matter, drop Quarto's `{…}` link attributes."
    for c in nb.cells:
        if c.cell_type == 'code':
            lines = c.source.splitlines()
            opts = [l for l in lines if re.match(r'^#\|\s*[\w-]+:', l)]
            if any(re.match(r'^#\|\s*echo:\s*false', l) for l in opts): c.metadata.setdefault('tags', []).append('remove_input')
            c.source = '\n'.join(l for l in lines if l not in opts)
            for o in c.get('outputs', []):
                for k in ('text/markdown', 'text/html'):
                    if k in o.get('data', {}): o['data'][k] = re.sub(r'(\]\([^)]*\))\{[^}]*\}', r'\1', o['data'][k])
    nb.cells = [c for c in nb.cells if c.cell_type != 'raw']
    return nb

def render(nb_path:Path, out:Path, mathjax:Path) -> Path:
    "The notebook as a standalone HTML page whose MathJax is the local copy, configured for `$…$` as Quarto does."
    import nbformat
    from nbconvert import HTMLExporter
    from traitlets.config import Config
    c = Config(); c.TagRemovePreprocessor.enabled = True; c.TagRemovePreprocessor.remove_input_tags = {'remove_input'}
    exporter = HTMLExporter(config=c, template_name='lab', mathjax_url=(mathjax/'es5'/'tex-svg-full.js').as_uri())
    body, _ = exporter.from_notebook_node(as_quarto_would(nbformat.read(str(nb_path), as_version=4)))
    config = ("<script>window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']],"
              " processEscapes: true}, svg: {fontCache: 'global'}};</script>\n")
    i = body.index('<script src="' + (mathjax/'es5').as_uri())
    page = out/(nb_path.stem + '.html')
    page.write_text(body[:i] + config + body[i:], encoding='utf-8')
    return page

def check(page, path:Path, want:dict) -> dict:
    errors = []
    page.on('pageerror', lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until='load')
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30000)
    page.evaluate("() => MathJax.startup.promise")
    got = page.evaluate("""() => ({
        pngs: [...document.querySelectorAll('img')].filter(i => i.src.startsWith('data:image/png')),
        svgs: document.querySelectorAll('.jp-OutputArea svg:not(mjx-container svg)').length,
        math: document.querySelectorAll('mjx-container').length,
        merrors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
        text: document.body.innerText,
    })""")
    loaded = page.evaluate("() => [...document.querySelectorAll('img')].filter(i => i.src.startsWith('data:image/png')).filter(i => i.complete && i.naturalWidth > 0).length")
    got['pngs'] = len(got['pngs'])
    problems = []
    if got['pngs'] < want['pngs']: problems.append(f"{got['pngs']} of {want['pngs']} figures on the page")
    if loaded < got['pngs']: problems.append(f"{got['pngs'] - loaded} figures did not load")
    if got['svgs'] < want['svgs']: problems.append(f"{got['svgs']} of {want['svgs']} SVG charts")
    if got['math'] < want['math']: problems.append(f"{got['math']} of {want['math']} formulas typeset")
    if got['merrors']: problems.append(f"{got['merrors']} MathJax errors")
    left = [m for m in MATH.findall(got['text']) if '\\' in m or '^' in m or '_' in m]
    if left: problems.append(f"untypeset math left: {left[0][:40]!r}")
    if 'children=(' in got['text']: problems.append("a widget shows as VBox(children=…) text")
    if errors: problems.append(f"script error: {errors[0][:80]}")
    return dict(got, loaded=loaded, problems=problems)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(ROOT/'_browser')); ap.add_argument('--mathjax'); ap.add_argument('--chromium')
    ap.add_argument('notebooks', nargs='*', help='default: index.ipynb and every lesson')
    a = ap.parse_args()
    chromium, mathjax = find_chromium(a.chromium), find_mathjax(a.mathjax)
    try: from playwright.sync_api import sync_playwright
    except ImportError: sync_playwright = None
    missing = [n for n, ok in (('Chromium', chromium), ('MathJax 3 (npm install mathjax@3)', mathjax), ('Playwright for Python', sync_playwright)) if not ok]
    if missing: print(f"browser check skipped: {', '.join(missing)} not found"); sys.exit(2)
    src = ROOT/'_proc' if (ROOT/'_proc'/'index.ipynb').exists() else ROOT/'nbs'   # nbdev's processed pages when the docs check made them
    nbs = [Path(n) for n in a.notebooks] or [src/'index.ipynb', *sorted(src.glob('[0-9][0-9]_*.ipynb'))]
    out = Path(a.out).resolve(); out.mkdir(parents=True, exist_ok=True)
    failed = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=['--allow-file-access-from-files'])
        for nb_path in nbs:
            want = expected(json.loads(nb_path.read_text(encoding='utf-8')))
            page = browser.new_page(viewport={'width': 1100, 'height': 900})
            r = check(page, render(nb_path, out, mathjax), want)
            shot = out/(nb_path.stem + '.png'); page.screenshot(path=str(shot), full_page=True); page.close()
            failed += bool(r['problems'])
            print(f"{'FAIL' if r['problems'] else 'ok  '} {nb_path.name:<22} figures {r['loaded']}/{want['pngs']} loaded, SVG charts {r['svgs']}/{want['svgs']}, "
                  f"formulas {r['math']}/{want['math']} typeset, MathJax errors {r['merrors']}  screenshot {os.path.relpath(shot)}"
                  + ''.join(f"\n       - {x}" for x in r['problems']))
        browser.close()
    print(f"browser check: {len(nbs) - failed} of {len(nbs)} pages good (Chromium {chromium}, MathJax {mathjax})")
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
