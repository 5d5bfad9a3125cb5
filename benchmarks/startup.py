"""Start-up of the `gan-course` command, in fresh processes: what it costs before any work is done.

    python benchmarks/startup.py [--runs 5]

Each line is the median (and min–max) wall time of `--runs` fresh Python processes, the lines
alternating so that all see the same machine. The two floors and the training probe are timed to
the same point (their last statement, before Python's clean-up at exit); `--help` and `variants` to
the end of the process, as a user waits for them:

- `import torch`: the floor of any PyTorch program;
- `import torch` + one Adam: the floor of any PyTorch *training* program. Building a `torch.optim`
  optimiser imports `torch._dynamo` (PyTorch's own `_disable_dynamo` wrapper), about a second on
  2 cores, whatever the course does;
- `gan-course --help` and `gan-course variants`;
- `gan-course train vanilla --epochs 1` up to its first D step (the process ends there): reading the
  digits, building the variant, its trainer and its output folder.

The last lines print what `train vanilla` spends beyond each floor.
"""
import argparse, os, statistics, subprocess, sys, tempfile, time
from pathlib import Path

FIRST_STEP = r"""
import os, sys, time
t0 = float(sys.argv[1])
import gan_course.train as T
def first(self, *a, **k):
    print(time.time() - t0); sys.stdout.flush(); os._exit(0)
T.GANTrainer.d_step = first
sys.argv = ['gan-course', 'train', 'vanilla', '--epochs', '1', '--out', sys.argv[2]]
from gan_course.launch import main; main()
"""

FLOORS = {   # each ends like the first-step probe: print the time, then leave without Python's (and torch's) clean-up
    'import torch': 'import torch',
    'import torch + one Adam': 'import torch; torch.optim.Adam([torch.zeros(1, requires_grad=True)])',
}
ENDED = "import os, sys, time; t0 = float(sys.argv[1])\n{}\nprint(time.time() - t0); sys.stdout.flush(); os._exit(0)"

PROBES = {   # wall time to the end of the process, as a user waits for it
    'gan-course --help': [sys.executable, '-c', 'from gan_course.launch import main; main()', '--help'],
    'gan-course variants': [sys.executable, '-c', 'from gan_course.launch import main; main()', 'variants'],
}


def wall(cmd) -> float:
    "Seconds from just before starting `cmd` to its end (output discarded)."
    t0 = time.time(); subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.time() - t0


def ended(code: str, *args) -> float:
    "Seconds from just before starting `python -c code` to the point where it prints them."
    out = subprocess.run([sys.executable, '-c', code, repr(time.time()), *args], check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--runs', type=int, default=5, help='fresh processes per line')
    a = p.parse_args()
    times = {k: [] for k in [*FLOORS, *PROBES, 'train vanilla, to its first step']}
    with tempfile.TemporaryDirectory() as d:
        for i in range(a.runs):
            for k, code in FLOORS.items(): times[k].append(ended(ENDED.format(code)))
            for k, cmd in PROBES.items(): times[k].append(wall(cmd))
            times['train vanilla, to its first step'].append(ended(FIRST_STEP, str(Path(d) / f'run{i}')))
    print(f"start-up, {a.runs} fresh processes each, {os.cpu_count()} CPUs; median (min–max) seconds")
    med = {k: statistics.median(v) for k, v in times.items()}
    for k, v in times.items(): print(f"  {k:<36} {med[k]:6.2f}  ({min(v):.2f}–{max(v):.2f})")
    t = med['train vanilla, to its first step']
    print(f"train vanilla beyond `import torch`:         {t - med['import torch']:.2f} s")
    print(f"train vanilla beyond `import torch` + Adam:  {t - med['import torch + one Adam']:.2f} s")


if __name__ == '__main__': main()
