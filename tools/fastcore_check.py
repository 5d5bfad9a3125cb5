"""The library's tests under whichever fastcore is installed, without nbdev (nbdev 2.4.14 itself needs fastcore < 2).

    python tools/fastcore_check.py [NOTEBOOK ...]     # default: every library page, nbs/lib/*.ipynb

Runs each notebook's code cells as `nbdev_test` does (execnb's shell, in the notebook's folder,
with IN_TEST=1, skipping the cells flagged with settings.ini's `tst_flags` or `#| eval: false`),
and prints the fastcore version with one line per notebook. Exit status 1 if any notebook fails.
`.ci/run` runs it a second time in an environment whose fastcore is 2.x (the runtime requirement
has no upper pin), so the library is tested under both major versions.
"""
import configparser, os, re, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def directives(source:str) -> dict:
    "A cell's `#| name args` lines: {name: args}."
    return {m.group(1): m.group(2).strip() for m in re.finditer(r'^#\|\s*([\w-]+:?)(.*)$', source, re.M)}

def run(path:Path, skip:set) -> tuple[bool, float, str]:
    "Run notebook `path`'s code cells in order, as nbdev_test would: (passed, seconds, the error if any)."
    from execnb.nbio import read_nb
    from execnb.shell import CaptureShell
    nb = read_nb(path)
    def no_eval(cell) -> bool:
        if cell.cell_type != 'code': return True
        d = directives(cell.source)
        return d.get('eval:', '').lower() == 'false' or bool(skip & d.keys())
    shell, t0, here = CaptureShell(path), time.time(), os.getcwd()
    os.chdir(path.parent)
    try: shell.run_all(nb, exc_stop=True, preproc=no_eval); return True, time.time() - t0, ''
    except Exception: return False, time.time() - t0, shell.prettytb(fname=path)
    finally: os.chdir(here)

def main():
    import fastcore
    os.environ['IN_TEST'] = '1'
    os.environ['PATH'] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"   # `gan-course` in the notebooks: this environment's
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini')
    skip = set(cfg['DEFAULT'].get('tst_flags', '').split())
    paths = [Path(p).resolve() for p in sys.argv[1:]] or sorted((ROOT/'nbs'/'lib').glob('[0-9]*.ipynb'))
    print(f"fastcore {fastcore.__version__} ({Path(fastcore.__file__).parent}); skipping cells flagged {', '.join(sorted(skip))}")
    failed = []
    for p in paths:
        ok, secs, err = run(p, skip)
        print(f"  {'ok  ' if ok else 'FAIL'} {p.relative_to(ROOT) if p.is_relative_to(ROOT) else p} ({secs:.0f} s)", flush=True)
        if not ok: failed.append(p); print(err, file=sys.stderr)
    if failed: sys.exit(f"fastcore check: {len(failed)} of {len(paths)} notebook(s) failed under fastcore {fastcore.__version__}")
    print(f"fastcore check: all {len(paths)} library notebooks pass under fastcore {fastcore.__version__}")

if __name__ == '__main__': main()
