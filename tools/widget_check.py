"""Check lesson 07's widgets in a real browser: JupyterLab, headless Chromium, a learner's clicks.

    python tools/widget_check.py [--out DIR] [--chromium PATH] [--port 8899]

Writes a notebook into a temporary folder: one setup cell that trains lesson 07's `vanilla` run
(the Julia tutorial's GAN with lesson 02's recipe, its default 3,000 generator steps from seed 0:
the run lesson 07 calls `tv`, whose watching callbacks never change it, as the lesson asserts),
then lesson 07's own widget cells, copied from `nbs/07_diagnostics.ipynb` as they stand (spot the
fake on that run's samples, the latent explorer over its G, the live toy lab). It starts
JupyterLab on the folder (no token leaves this machine: it listens on 127.0.0.1), opens it in
Chromium through Playwright (`pip install playwright`; the browser is the system's, e.g. Debian's
`chromium`: never `playwright install`), runs all cells from the *Run* menu and then acts as a
learner would:

- spot the fake: clicks one tile's "fake?" button and *check*; the score line must appear, and
  exactly the fakes must be framed in red;
- latent explorer: moves the first slider with the arrow keys; the picture must change;
- toy lab: clicks *train*; the status must report the modes after the run, and the picture change.

Prints one line per check with its time and saves a screenshot into --out (default _browser/).
Exits 1 if a check fails (or lesson 07 no longer has one of the three cells), 2 if Chromium or
Playwright is missing.
"""
import argparse, json, os, re, secrets, shutil, socket, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT/'nbs'/'07_diagnostics.ipynb'
SETUP = ("from gan_course.core import fixed_noise\nfrom gan_course.data import binarize, mnist\n"
         "from gan_course.diagnostics import LatentExplorer, SpotTheFake, ToyLab\nfrom gan_course.registry import get_variant",
         "x, y = mnist()\ntv = get_variant('vanilla').trainer(x, progress=False).fit()   # lesson 07's vanilla run: 3,000 G steps, seed 0\n"
         "print(f'{tv.step:,} generator steps')")
WIDGET_CELLS = ('game = SpotTheFake(', 'LatentExplorer(tv.G', 'ToyLab()')   # how lesson 07's three widget cells start
LAB_BATCHES = '1,000'   # ToyLab's default number of batches, as its status line writes it

def lesson_cells() -> list:
    "Lesson 07's cells that show the three widgets, as they stand."
    srcs = [''.join(c['source']) for c in json.loads(LESSON.read_text(encoding='utf-8'))['cells'] if c['cell_type'] == 'code']
    found = [next((s for s in srcs if s.startswith(start)), None) for start in WIDGET_CELLS]
    if None in found: raise SystemExit(f"widget check: lesson 07 has no cell that starts with {WIDGET_CELLS[found.index(None)]!r}: update WIDGET_CELLS")
    return found

def find_chromium(given=None):
    for c in (given, os.environ.get('CHROMIUM'), shutil.which('chromium'), shutil.which('chromium-browser'), '/usr/bin/chromium'):
        if c and Path(c).exists(): return c

def free_port(want:int) -> int:
    with socket.socket() as s:
        try: s.bind(('127.0.0.1', want)); return want
        except OSError: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def notebook() -> dict:
    cell = lambda src: dict(cell_type='code', id=secrets.token_hex(4), metadata={}, source=src, outputs=[], execution_count=None)
    return dict(cells=[cell(s) for s in (*SETUP, *lesson_cells())], nbformat=4, nbformat_minor=5,
                metadata={'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'}})

def start_lab(folder:Path, port:int, token:str) -> subprocess.Popen:
    cmd = [sys.executable, '-m', 'jupyterlab', '--no-browser', f'--port={port}', '--ip=127.0.0.1', f'--ServerApp.token={token}',
           f'--ServerApp.root_dir={folder}', '--LabApp.news_url=',
           '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'] + (['--allow-root'] if os.geteuid() == 0 else [])
    log = open(folder/'lab.log', 'w')
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    for _ in range(120):
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=1): return proc
        except OSError: time.sleep(0.5)
        if proc.poll() is not None: raise SystemExit(f"JupyterLab did not start: {(folder/'lab.log').read_text()[-500:]}")
    raise SystemExit("JupyterLab did not open its port within 60 s")

def run_checks(page, url:str) -> list:
    "The learner's session; a list of (check, ok, detail, seconds)."
    out, t0 = [], time.time()
    def note(name, ok, detail, since): out.append((name, bool(ok), detail, time.time() - since))
    page.goto(url, wait_until='domcontentloaded')
    page.wait_for_selector('.jp-Notebook .jp-Cell', timeout=120_000)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"], .jp-Toolbar-kernelStatus', timeout=120_000)
    page.wait_for_timeout(2000)   # the kernel connects
    note('JupyterLab opened the notebook', True, page.title(), t0)
    t = time.time()
    page.get_by_role('menuitem', name='Run', exact=True).click()
    page.get_by_role('menuitem', name='Run All Cells', exact=True).click()
    page.wait_for_selector('button.widget-toggle-button', timeout=600_000)   # after the setup cell has trained the run
    page.wait_for_function("() => document.querySelectorAll('.widget-image').length >= 37", timeout=180_000)
    page.wait_for_function("() => [...document.querySelectorAll('button')].some(b => b.textContent.trim() == 'train')", timeout=180_000)
    n_toggles = page.locator('button.widget-toggle-button').count()
    note('run all: the three widgets render', n_toggles == 36, f"{n_toggles} tiles in the game", t)

    t = time.time()   # spot the fake: mark one tile, check
    page.locator('button.widget-toggle-button').first.click()
    page.get_by_role('button', name='check', exact=True).click()
    page.wait_for_function("() => document.body.innerText.includes('fakes found')", timeout=30_000)
    line = page.locator('.widget-label', has_text='fakes found').first.inner_text()
    reds = "() => [...document.querySelectorAll('.widget-vbox')].filter(b => getComputedStyle(b).borderTopColor == 'rgb(255, 0, 0)').length"
    try: page.wait_for_function(f"() => ({reds})() > 0", timeout=10_000)
    except Exception: pass
    red = page.evaluate(reds)
    m = re.search(r'of (\d+) fakes found', line)
    note('spot the fake: a click and check give the score and the key', 'of 36 right' in line and m and red == int(m.group(1)), f"{line!r}; {red} tiles framed red", t)

    t = time.time()   # latent explorer: move the first slider
    srcs = "() => [...document.querySelectorAll('.widget-image')].map(i => i.src)"   # 36 tiles, the explorer's picture, the lab's
    img = lambda i: page.evaluate(srcs)[i]
    before = img(36)
    handle = page.locator('.widget-slider .noUi-handle').first
    handle.focus(); [page.keyboard.press('ArrowRight') for _ in range(3)]
    page.wait_for_function(f"() => ({srcs})()[36] != {json.dumps(before)}", timeout=30_000)
    note('latent explorer: a slider redraws the samples', True, 'the picture changed', t)

    t = time.time()   # toy lab: train
    before = img(37)
    page.get_by_role('button', name='train', exact=True).click()
    page.wait_for_function(f"() => document.body.innerText.includes('{LAB_BATCHES} batches:')", timeout=300_000)
    status = page.locator('.widget-label', has_text=f'{LAB_BATCHES} batches:').first.inner_text()
    note('toy lab: train reports the modes and redraws', img(37) != before and 'of 8 modes' in status, repr(status), t)
    return out

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(ROOT/'_browser')); ap.add_argument('--chromium'); ap.add_argument('--port', type=int, default=8899)
    a = ap.parse_args()
    chromium = find_chromium(a.chromium)
    try: from playwright.sync_api import sync_playwright
    except ImportError: sync_playwright = None
    missing = [n for n, ok in (('Chromium', chromium), ('Playwright for Python', sync_playwright)) if not ok]
    if missing: print(f"widget check skipped: {', '.join(missing)} not found"); sys.exit(2)
    start = time.time()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp); (folder/'widgets_check.ipynb').write_text(json.dumps(notebook()))
        port, token = free_port(a.port), secrets.token_hex(16)
        lab = start_lab(folder, port, token)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium)
                page = browser.new_page(viewport={'width': 1280, 'height': 1600})
                try: results = run_checks(page, f"http://127.0.0.1:{port}/lab/tree/widgets_check.ipynb?token={token}")
                except Exception as e: results = [('the learner session', False, f"{type(e).__name__}: {str(e).splitlines()[0][:200]}", 0.)]
                page.screenshot(path=str(out/'widgets_jupyterlab.png'), full_page=True)
                browser.close()
        finally:
            lab.terminate()
            try: lab.wait(10)
            except subprocess.TimeoutExpired: lab.kill()
    for name, ok, detail, s in results: print(f"{'ok  ' if ok else 'FAIL'} {name} ({s:.1f}s): {detail}")
    failed = sum(not r[1] for r in results)
    print(f"widget check: {len(results) - failed} of {len(results)} checks passed in {time.time() - start:.0f}s "
          f"(JupyterLab, Chromium {chromium}); screenshot {os.path.relpath(out/'widgets_jupyterlab.png')}")
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
