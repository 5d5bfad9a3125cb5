"""The one way to make a notebook's kept outputs: run it top to bottom in a fresh kernel and record how.

    python tools/execute.py nbs/03_dcgan.ipynb [more notebooks …]
    python tools/execute.py --stale      # every notebook whose kept outputs no longer match their provenance

For each notebook, in order: a fresh Jupyter kernel (nbclient) runs every code cell from the top,
as a learner's full run does (`IN_TEST` unset, so real budgets; `#| slow` cells included; cells
marked `#| eval: false` are skipped as nbdev skips them, and `#| gpu` cells where there is no GPU).
If a cell fails, the notebook on disk is left as it was and the executor stops with the cell
and its error. Otherwise the notebook is cleaned as the repository cleans it (`nbdev_clean`) and
its provenance is written into its metadata, key `gan_course.provenance` (see `provenance.py`):
the commit, the date, the wall time, the device, torch's version and the hashes of its code and
its kept outputs. The docs check fails on a notebook whose code or outputs no longer match them.
"""
import argparse, datetime, json, os, platform, re, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
import provenance  # noqa: E402

def flags(src:str) -> set: return {m.strip() for m in re.findall(r'^#\|\s*([^\n]*)$', src, re.M)}

def skipped(src:str, gpu:bool) -> str|None:
    "Why this cell does not run in a full run, or None."
    f = flags(src)
    if any(re.fullmatch(r'eval:\s*false', x) for x in f): return '#| eval: false'
    if 'gpu' in f and not gpu: return '#| gpu, and there is no GPU'
    return None

def device() -> tuple[str, bool]:
    "The machine the kernel's training ran on, in words, and whether it has a GPU."
    import torch
    if torch.cuda.is_available(): return f"cuda: {torch.cuda.get_device_name(0)}", True
    cpu = next((l.split(':', 1)[1].strip() for l in Path('/proc/cpuinfo').read_text().splitlines() if l.startswith('model name')), None) \
          if Path('/proc/cpuinfo').exists() else None
    return f"cpu: {cpu or platform.processor() or platform.machine()}, {os.cpu_count()} cores", False

def commit() -> str:
    r = subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=ROOT, capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else 'unknown'

def clean(path:Path):
    r = subprocess.run([str(Path(sys.executable).parent/'nbdev_clean'), '--fname', str(path)], cwd=ROOT, capture_output=True, text=True)
    if r.returncode: sys.exit(f"execute: nbdev_clean failed on {path}: {r.stderr.strip().splitlines()[-1:]}")

def run(path:Path, timeout:int|None) -> dict:
    "Execute `path` in a fresh kernel, clean it, stamp its provenance; the provenance."
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    raw = json.loads(path.read_text(encoding='utf-8'))
    nb = nbformat.read(path, as_version=4)
    dev, gpu = device()
    env = {k: v for k, v in os.environ.items() if k != 'IN_TEST'}
    client = NotebookClient(nb, timeout=timeout, kernel_name='python3', resources={'metadata': {'path': str(path.parent)}})
    start, date = time.time(), datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')
    head = commit()                                   # the commit it ran at: later commits made during a long run do not count
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == 'code']
    with client.setup_kernel(env=env):
        for n, (i, c) in enumerate(code):
            why = skipped(c.source, gpu)
            if why:
                c.outputs, c.execution_count = [], None
                print(f"  {path.name} cell {n}: skipped ({why})", file=sys.stderr); continue
            t0 = time.time()
            try: client.execute_cell(c, i)
            except CellExecutionError as e:
                sys.exit(f"execute: {path} code cell {n} failed ({e.ename}: {str(e.evalue)[:200]}); the notebook on disk is unchanged")
            if time.time() - t0 > 5: print(f"  {path.name} cell {n}: {time.time() - t0:.0f}s", file=sys.stderr)
    wall = time.time() - start
    tmp = path.with_name(f'.{path.name}.executing')
    nbformat.write(nb, tmp)
    clean(tmp)
    d = json.loads(tmp.read_text(encoding='utf-8'))
    for c, o in zip(d['cells'], raw['cells']): c['source'] = o['source']   # as the file wrote it (a string or lines): no diff but the outputs
    import torch
    prov = dict(commit=head, date=date, wall_s=round(wall, 1), device=dev, torch=torch.__version__,
                code_sha256=provenance.code_sha256(d), outputs_sha256=provenance.outputs_sha256(d))
    d.setdefault('metadata', {}).setdefault(provenance.KEY, {})['provenance'] = prov
    tmp.write_text(json.dumps(d, sort_keys=True, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
    clean(tmp)                                        # nbdev's own layout; keeps gan_course (allowed_metadata_keys)
    problem = provenance.verify(json.loads(tmp.read_text(encoding='utf-8')))
    if problem: tmp.unlink(); sys.exit(f"execute: {path}: {problem} right after executing it (is gan_course in settings.ini's allowed_metadata_keys?)")
    os.replace(tmp, path)                             # the learner's notebook is replaced only by a complete one
    return prov

def stale() -> list[Path]:
    "Every notebook under nbs/ (library pages first, then the lessons) whose kept outputs the docs check would reject."
    nbs = sorted((ROOT/'nbs').rglob('*.ipynb'), key=lambda p: (p.parent.name != 'lib', p.name))
    return [p for p in nbs if not any(s.startswith(('.', '_')) for s in p.relative_to(ROOT/'nbs').parts)
            and provenance.verify(json.loads(p.read_text(encoding='utf-8'))) is not None]

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebooks', nargs='*', type=Path)
    ap.add_argument('--stale', action='store_true', help="also every notebook under nbs/ whose kept outputs the docs check would reject (no provenance, or code or outputs changed)")
    ap.add_argument('--timeout', type=int, default=None, help='seconds a cell may take (default: no limit)')
    a = ap.parse_args()
    if a.stale: a.notebooks += [p.relative_to(Path.cwd()) if p.is_relative_to(Path.cwd()) else p for p in stale() if p not in {q.resolve() for q in a.notebooks}]
    if not a.notebooks: sys.exit("execute: nothing to run: name notebooks (nbs/03_dcgan.ipynb …) or pass --stale" if not a.stale else "execute: every notebook's kept outputs match their provenance")
    for p in a.notebooks:
        if not p.exists() or p.suffix != '.ipynb': sys.exit(f"execute: {p} is not a notebook: pass paths like nbs/03_dcgan.ipynb")
    for p in a.notebooks:
        print(f"executing {p} …", file=sys.stderr)
        prov = run(p.resolve(), a.timeout)
        print(f"{p}: {prov['wall_s']:.0f}s on {prov['device']}, commit {prov['commit'][:10]}, torch {prov['torch']}")

if __name__ == '__main__': main()
