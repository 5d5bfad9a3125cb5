"""What max-pooling costs the CS231n-style discriminator (lessons 03 and 04, and the ten-minute GAN), with `nn.MaxPool2d` and with the library's `FastMaxPool2d`.

    python benchmarks/pool_cost.py [--only dcgan lsgan fast] [--steps 20] [--reps 7] [--threads N]

For each variant, two runs built with the course's one trainer on the same digits: as shipped
(`ConvPoolD` pools with `FastMaxPool2d`) and with `nn.MaxPool2d` put back in its place. Their
epochs of `--steps` generator steps are timed in turn, round after round, so that the machine's
drift hits both alike; each figure is the median over `--reps` rounds after a warm-up epoch. Then
the check that the two are the same model: 2 epochs of each from the same seed must leave D's and
G's weights equal bit for bit. Also one pooling layer alone, forward and backward, on the
discriminator's first (128, 32, 24, 24) feature map.
"""
import argparse, statistics, time
import torch
from torch import nn
from gan_course.core import FastMaxPool2d
from gan_course.data import mnist
from gan_course.registry import get_variant
from timing import digits_for, in_turn, swap_modules


def plain_pools(m:nn.Module) -> nn.Module:
    "`m` with every `FastMaxPool2d` replaced, in place, by an `nn.MaxPool2d` of the same settings."
    return swap_modules(m, FastMaxPool2d, lambda c: nn.MaxPool2d(c.kernel_size, c.stride, c.padding, c.dilation, ceil_mode=c.ceil_mode))


def trainer(name:str, x:torch.Tensor, steps:int, epochs:int, plain:bool):
    "A trainer of variant `name` on enough of `x` for `steps` G steps per epoch; with `plain`, its D pools with nn.MaxPool2d."
    v = get_variant(name)
    t = v.trainer(digits_for(v, x, steps), device='cpu', progress=False, epochs=epochs)
    if plain: plain_pools(t.D)
    return t


def same_bits(name:str, x:torch.Tensor, steps:int) -> bool:
    "Whether 2 epochs of `steps` G steps, from the same seed, leave the shipped and the nn.MaxPool2d model with equal weights, bit for bit."
    ws = []
    for plain in (False, True):
        torch.manual_seed(0); t = trainer(name, x, steps, 2, plain)
        torch.manual_seed(1); t.fit(2)
        ws.append([p.detach().clone() for p in [*t.D.parameters(), *t.G.parameters()]])
    return all(torch.equal(a, b) for a, b in zip(*ws))


def layer_ms(layer:nn.Module, x:torch.Tensor, reps:int=50) -> float:
    "Median milliseconds of one forward and backward pass of `layer` on `x`."
    def once():
        xx = x.detach().requires_grad_(); y = layer(xx); y.backward(torch.ones_like(y))
    for _ in range(5): once()
    ts = []
    for _ in range(reps): t0 = time.perf_counter(); once(); ts.append(time.perf_counter() - t0)
    return statistics.median(ts) * 1e3


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--only', nargs='*', default=['dcgan', 'lsgan', 'fast'])
    p.add_argument('--steps', type=int, default=20, help='generator steps per timed epoch')
    p.add_argument('--reps', type=int, default=7, help='timed rounds (each times one epoch of both)')
    p.add_argument('--threads', type=int, default=None, help="torch CPU threads (default: torch's choice)")
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    x, _ = mnist()
    fm = torch.randn(128, 32, 24, 24)
    nn_ms, fast_ms = layer_ms(nn.MaxPool2d(2, 2), fm), layer_ms(FastMaxPool2d(2, 2), fm)
    print(f"CPU, {torch.get_num_threads()} threads; one 2×2 pool, forward and backward, on a (128, 32, 24, 24) batch: "
          f"nn.MaxPool2d {nn_ms:.2f} ms, FastMaxPool2d {fast_ms:.2f} ms ({nn_ms / fast_ms:.1f}× faster)")
    print(f"\n{a.steps} generator steps per epoch, median of {a.reps} rounds")
    print(f"{'variant':10}{'nn.MaxPool2d':>14}{'FastMaxPool2d':>15}{'speed-up':>10}  same weights after 2 epochs, bit for bit")
    for n in a.only:
        ts = {plain: trainer(n, x, a.steps, a.reps + 1, plain) for plain in (True, False)}
        for t in ts.values(): t.fit(1)                                     # warm-up
        ips = in_turn(ts, a.reps)
        print(f"{n:10}{ips[True]:>14,.0f}{ips[False]:>15,.0f}{ips[False] / ips[True]:>9.2f}×  {same_bits(n, x, 10)}", flush=True)
