"""What the speed probes share: timing a call, an epoch or a variant fairly on CPU or GPU, and the digits for it.

Imported by the scripts beside it (`from timing import ...`); not a script itself.
"""
import statistics, time
import torch
from gan_course.data import subset
from gan_course.registry import get_variant


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
