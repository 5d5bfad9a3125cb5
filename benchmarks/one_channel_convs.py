"""The one-channel layers of every convolutional variant (D's first convolution, G's last transposed convolution): PyTorch's CPU kernels against the library's `fold_convs`.

    python benchmarks/one_channel_convs.py [--only dcgan wgan-gp ...] [--reps 15] [--threads N]

For each variant with convolutions, its one-channel layers as built (their shapes, strides and
padding, and the variant's batch size), run on random data of the sizes they see in training.
Each product a training step asks of them is timed alone, median of `--reps` calls after two
warm-up calls:

- forward: `nn.Conv2d`'s forward (its input has one channel), or `nn.ConvTranspose2d`'s forward
  (its output has one channel);
- weight gradient: PyTorch's `convolution_backward` for the weight alone;
- the input gradient of a convolution from one channel, which is the forward pass of a
  transposed convolution to one channel: PyTorch's kernel (`convolution_backward` for the input,
  or `conv_transpose2d`), and the library's matrix product and fold (`_ConvT1`), which
  `fold_convs` uses in its place; the two must agree to 1e-5 of the largest value.

Each time is also given as GFLOP/s (the product's multiply-adds × 2 per second).
"""
import argparse
import torch
import torch.nn.functional as F
from torch import nn
from gan_course.core import _ConvT1
from gan_course.registry import get_variant, variant_names
from timing import median_s

cpu = torch.device('cpu')


def one_channel_layers(name:str) -> list:
    "(where, layer, the batch it sees) for each one-channel layer of variant `name`: D's convolutions from 1 channel (a 28×28 digit in), G's transposed convolutions to 1."
    v = get_variant(name)
    G, D = v.G(v.cfg), v.D(v.cfg)
    found = [('D', m, torch.randn(v.cfg.bs, 1, 28, 28)) for m in D.modules() if type(m) is nn.Conv2d and m.in_channels == 1]
    if any(type(m) is nn.ConvTranspose2d and m.out_channels == 1 for m in G.modules()):
        feats = {}                                  # what G's last layer reads: recorded from one forward pass of G
        hooks = [m.register_forward_hook(lambda m, i, o: feats.setdefault(m, i[0].detach())) for m in G.modules()
                 if type(m) is nn.ConvTranspose2d and m.out_channels == 1]
        with torch.no_grad(): G.eval()(torch.randn(v.cfg.bs, v.cfg.z_dim))
        for h in hooks: h.remove()
        found += [('G', m, torch.randn_like(f)) for m, f in feats.items()]
    return found


def time_layer(m:nn.Module, x:torch.Tensor, reps:int) -> list:
    "(product, MFLOP, {way: ms}) for each product a training step asks of the one-channel layer `m` on input `x`."
    w, s, p, aten = m.weight.detach(), list(m.stride), list(m.padding), torch.ops.aten
    if isinstance(m, nn.ConvTranspose2d):          # g: (B, C, h, w) → z: (B, 1, H, W)
        g = x; z = F.conv_transpose2d(g, w, None, s, p, m.output_padding); gz = torch.randn_like(z)
        mflop = 2 * g.numel() * w[0].numel() / 1e6
        rows = [('forward (a conv to 1 channel)', lambda: F.conv_transpose2d(g, w, None, s, p, m.output_padding), lambda: _ConvT1.apply(g, w, None, s, p, z.shape[-2:])),
                ('input gradient', lambda: F.conv2d(gz, w, None, s, p), None),
                ('weight gradient', lambda: aten.convolution_backward(g, gz, w, None, s, p, [1, 1], False, [0, 0], 1, [False, True, False]), None)]
    else:                                          # x: (B, 1, H, W) → y: (B, C, h, w)
        y = F.conv2d(x, w, None, s, p); g = torch.randn_like(y)
        mflop = 2 * y.numel() * w[0].numel() / 1e6
        cb = lambda mask: aten.convolution_backward(g, x, w, None, s, p, [1, 1], False, [0, 0], 1, mask)
        rows = [('forward', lambda: F.conv2d(x, w, None, s, p), None),
                ('weight gradient', lambda: cb([False, True, False]), None),
                ('input gradient (a conv to 1 channel)', lambda: cb([True, False, False])[0], lambda: _ConvT1.apply(g, w, None, s, p, x.shape[-2:]))]
    out = []
    for what, kernel, fold in rows:
        if fold is not None:
            ref, got = kernel(), fold()
            if (ref - got).abs().max() > 1e-5 * ref.abs().max(): raise RuntimeError(f"{what}: the fold differs from PyTorch's kernel by {(ref - got).abs().max():.3g}")
        out.append((what, mflop, {'PyTorch': median_s(kernel, cpu, reps, warm=2) * 1e3, **({'fold': median_s(fold, cpu, reps, warm=2) * 1e3} if fold else {})}))
    return out


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--only', nargs='*', default=None, choices=variant_names())
    p.add_argument('--reps', type=int, default=15)
    p.add_argument('--threads', type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    print(f"CPU, {torch.get_num_threads()} threads; median of {a.reps} calls; GFLOP/s in brackets")
    print(f"{'variant':18}{'layer':42}{'product':40}{'MFLOP':>7}{'PyTorch, ms (GFLOP/s)':>22}{'fold, ms (GFLOP/s)':>22}{'speed-up':>9}")
    for n in a.only or variant_names():
        for where, m, x in one_channel_layers(n):
            layer = f"{where}: {type(m).__name__}({m.in_channels}, {m.out_channels}, {m.kernel_size[0]}, {m.stride[0]}, {m.padding[0]}), B {len(x)}"
            for what, mflop, ms in time_layer(m, x, a.reps):
                cells = ''.join(f"{t:>13.2f} ({mflop / t:>4.0f})" for t in ms.values())
                sp = f"{ms['PyTorch'] / ms['fold']:>9.1f}×" if 'fold' in ms else ''
                print(f"{n:18}{layer:42}{what:40}{mflop:>7.0f}{cells}{sp}", flush=True)
