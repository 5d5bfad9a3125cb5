"""Training speed of every registered variant (`gan-course train NAME`) with the course's one trainer.

    python benchmarks/variants.py [--steps 30] [--device auto] [--threads N] [--only dcgan lsgan ...]

For each variant: its default settings (networks, batch size, n_critic, penalty), trained on a
shuffled subset of the digits holding exactly `--steps` generator steps per epoch; one warm-up
epoch, then the median of 3 timed epochs. Prints generator steps/s and real images/s (images
through D, so a WGAN-GP step with n_critic 5 counts 5 batches). CUDA is synchronised around
each timed epoch; the trainer itself never syncs inside an epoch.
"""
import argparse, datetime, statistics, subprocess, time
from pathlib import Path
import torch
from gan_course.core import get_device
from gan_course.data import mnist, subset
from gan_course.registry import get_variant, variant_names
from gan_course.train import steps_per_epoch


def made_stamp() -> dict:
    "Which commit made a result, and when: saved with every finished run a script may reuse."
    r = subprocess.run(['git', 'rev-parse', '--short=10', 'HEAD'], cwd=Path(__file__).parent, capture_output=True, text=True)
    return dict(commit=r.stdout.strip() or 'unknown', date=datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d'))

def reuse_note(stamps: list, where: str) -> str:
    "One line that says finished runs were reused (not retrained), with the commits and dates they were made at; '' when none was."
    if not stamps: return ''
    made = sorted({f"commit {m['commit']} on {m['date']}" if m else 'a commit before runs were stamped' for m in stamps})
    return f"*Reused {len(stamps)} finished run(s) from {where}, made at {'; '.join(made)} (delete them to retrain).*"

def device_name(dev) -> str:
    "What `dev` is, for a benchmark's first line: the GPU's name, or the CPU and its torch threads."
    return torch.cuda.get_device_name(dev) if dev.type == 'cuda' else f"CPU, {torch.get_num_threads()} threads"


def seconds(f, device) -> float:
    "Wall seconds of one call of `f()` on `device` (CUDA synchronised around it)."
    if device.type == 'cuda': torch.cuda.synchronize()
    t0 = time.perf_counter(); f()
    if device.type == 'cuda': torch.cuda.synchronize()
    return time.perf_counter() - t0


def median_s(fn, device, reps:int, warm:int=1) -> float:
    "Median wall seconds of `reps` calls of `fn()` on `device`, after `warm` untimed calls."
    for _ in range(warm): fn()
    return statistics.median(seconds(fn, device) for _ in range(reps))


def swap_modules(net: torch.nn.Module, kind: type, make) -> torch.nn.Module:
    "`net` with every child module of exactly type `kind` replaced, in place, by `make(it)`."
    for name, c in net.named_children():
        if type(c) is kind: setattr(net, name, make(c))
        else: swap_modules(c, kind, make)
    return net


def digits_for(v, x: torch.Tensor, steps: int) -> torch.Tensor:
    "Exactly enough of the digits `x` (shuffled, repeated if need be) for `steps` generator steps of variant `v` per epoch."
    n = v.cfg.bs * v.cfg.k * steps
    sub = subset(x, n)
    return sub.repeat(-(-n // len(sub)), 1, 1, 1)[:n] if len(sub) < n else sub


def in_turn(trainers: dict, rounds: int, before=None) -> dict:
    "Median real images/s of each of `trainers` ({name: trainer}) over `rounds` rounds; each round times one epoch of every trainer in turn, so that the machine's drift hits all alike. `before(name)` runs ahead of each timed epoch (a thread setting, say)."
    rates = {n: [] for n in trainers}
    for _ in range(rounds):
        for n, t in trainers.items():
            if before: before(n)
            if t.device.type == 'cuda': torch.cuda.synchronize()
            s0, i0 = t.fit_s, t.fit_images
            t.fit(1)
            if t.device.type == 'cuda': torch.cuda.synchronize()
            rates[n].append((t.fit_images - i0) / (t.fit_s - s0))
    return {n: statistics.median(r) for n, r in rates.items()}


def time_variant(name: str, x: torch.Tensor, steps: int, device) -> tuple[float, float]:
    "Median (G steps/s, real images/s) over 3 epochs of `steps` generator steps, after a warm-up epoch."
    v = get_variant(name)
    t = v.trainer(digits_for(v, x, steps), device=device, progress=False, epochs=4)
    t.fit(1)
    ips = in_turn({name: t}, 3)[name]
    return ips / (v.cfg.bs * v.cfg.k), ips


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--steps', type=int, default=30, help='generator steps per timed epoch')
    p.add_argument('--device', default='auto')
    p.add_argument('--threads', type=int, default=None, help='torch CPU threads (default: torch\'s choice)')
    p.add_argument('--only', nargs='*', default=variant_names(), choices=variant_names())
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    dev = get_device(a.device)
    x, _ = mnist()
    name = device_name(dev)
    print(f"device: {dev} ({name}); {a.steps} generator steps per timed epoch, median of 3")
    print(f"{'variant':14}{'batch':>6}{'k':>3}{'G steps/s':>11}{'images/s':>10}{'default budget':>16}{'≈ time':>9}")
    for n in a.only:
        v = get_variant(n)
        sps, ips = time_variant(n, x, a.steps, dev)
        steps = v.epochs_for(len(x)) * steps_per_epoch(len(x), v.cfg)   # the default run's G steps on these digits
        print(f"{n:14}{v.cfg.bs:>6}{v.cfg.k:>3}{sps:>11.2f}{ips:>10,.0f}{steps:>10,} steps{steps / sps:>8.0f}s", flush=True)
