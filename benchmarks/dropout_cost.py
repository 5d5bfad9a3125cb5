"""What D's dropout costs lesson 02's recipe (`gan-course train vanilla`), with `nn.Dropout` and with the library's `FastDropout`.

    python benchmarks/dropout_cost.py [--variant vanilla] [--steps 30] [--reps 7] [--threads N]

Three runs of the recipe, each built with the course's one trainer on the same digits: as shipped
(`FastDropout(0.3)` on D's input and hidden layer), with `nn.Dropout(0.3)` instead
(`vanilla_gan(fast_dropout=False)`), and the plain model (no dropout: `p_drop=0`). Their epochs of `--steps` generator steps are timed in
turn, round after round, so that the machine's own drift hits all three alike; each figure is the
median over `--reps` rounds after a warm-up epoch. Also the forward pass of one dropout layer
alone on a (200, 784) batch, the size of D's input.

`--variant wgan-gp-tf2-conv` asks the same of the TensorFlow 2 post's convolutional critic, which
ships with `nn.Dropout(0.3)` after each convolution: as shipped, with each of its dropout layers
swapped for `FastDropout(0.3)`, and with them removed.
"""
import argparse, statistics, time
import torch
from gan_course.core import FastDropout
from gan_course.data import mnist
from gan_course.registry import get_variant
from timing import digits_for, in_turn, swap_modules

CASES = {'nn.Dropout': dict(fast_dropout=False), 'FastDropout (as shipped)': dict(), 'no dropout (plain model)': dict(p_drop=0.)}
CRITIC = {'nn.Dropout (as shipped)': None, 'FastDropout': lambda m: FastDropout(m.p), 'no dropout (plain model)': lambda m: torch.nn.Identity()}


def layer_us(layer, x:torch.Tensor, reps:int=200) -> float:
    "Median microseconds of one forward pass of `layer` on `x` (in training mode), over `reps` calls."
    for _ in range(20): layer(x)
    ts = []
    for _ in range(reps): t0 = time.perf_counter(); layer(x); ts.append(time.perf_counter() - t0)
    return statistics.median(ts) * 1e6


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--variant', default='vanilla', choices=['vanilla', 'wgan-gp-tf2-conv'])
    p.add_argument('--steps', type=int, default=30, help='generator steps per timed epoch')
    p.add_argument('--reps', type=int, default=7, help='timed rounds (each times one epoch of every case)')
    p.add_argument('--threads', type=int, default=None, help="torch CPU threads (default: torch's choice)")
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    x, _ = mnist()
    what = 'the recipe (`vanilla`, batch 200)' if a.variant == 'vanilla' else "the TF2 post's critic (`wgan-gp-tf2-conv`, batch 32, 5 critic steps)"
    print(f"CPU, {torch.get_num_threads()} threads; {what}, {a.steps} generator steps per epoch, median of {a.reps} rounds")
    ts = {}
    for name, knobs in (CASES if a.variant == 'vanilla' else CRITIC).items():
        v = get_variant('vanilla', **knobs) if a.variant == 'vanilla' else get_variant(a.variant)
        ts[name] = v.trainer(digits_for(v, x, a.steps), device='cpu', progress=False, epochs=a.reps + 1)
        if a.variant != 'vanilla' and knobs: swap_modules(ts[name].D, torch.nn.Dropout, knobs)
        ts[name].fit(1)                                                      # warm-up
    ips = in_turn(ts, a.reps)
    plain = ips['no dropout (plain model)']
    print(f"\n{'D':28}{'images/s':>10}{'of plain':>10}{'slower by':>11}")
    for n, r in ips.items(): print(f"{n:28}{r:>10,.0f}{r / plain:>10.0%}{1 - r / plain:>11.0%}")
    xb = torch.rand(200, 784)
    nn_us, fast_us = layer_us(torch.nn.Dropout(0.3), xb), layer_us(FastDropout(0.3), xb)
    print(f"\none layer on a (200, 784) batch: nn.Dropout {nn_us:,.0f} µs, FastDropout {fast_us:,.0f} µs ({nn_us / fast_us:.1f}× faster)")
