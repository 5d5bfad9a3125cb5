"""Training speed against the FLOP bound: how close each variant's images/s come to what the machine's matmul peak allows.

    python benchmarks/flop_bound.py [--only dcgan lsgan ...] [--steps 20] [--device auto] [--threads N] [--channels_last] [--fold_convs] [--profile] [--layers] [--gemm]

For each variant: the FLOPs of its training per real image, counted with PyTorch's own
`torch.utils.flop_counter`'s formulas over whole training steps (k D steps and one G step:
forward, backward and, for WGAN-GP, the penalty's second-order backward; the counter counts the
matrix products and convolutions, which carry almost all of the arithmetic); the machine's fp32
peak, measured in the same script as the best rate of n×n matrix products (n = 1,024, 2,048 and
3,072, after a second of warm-up); and the
variant's measured real images/s (`timing.time_variant`, as `benchmarks/variants.py` times it: median of 3 epochs after a
warm-up). The bound is peak / (FLOPs per image); the last column is the measured rate as a share
of it. With `--channels_last`, another measured column: the same runs with
`TrainConfig(channels_last=True)` (same FLOPs, other memory layout); with `--fold_convs`, one for
`TrainConfig(fold_convs=True)` (same FLOPs, the one-channel layers' slow kernel replaced by a
matrix product and a fold); with both flags, a column for each and one for both knobs together.
All of a variant's cases are then timed epoch by epoch in turn (median of 5 rounds each), so that
the machine's drift hits them alike.

With `--profile`, where each variant's time goes: one epoch of `--steps` G steps under
`torch.profiler`, its operators' own CPU time summed by kind (convolutions forward and backward,
matrix products, pooling, normalisation, activations, the optimiser, the rest). The convolutions
and matrix products carry the FLOPs; the other kinds are time the bound does not count.

With `--layers`, how fast PyTorch's own kernels run the counted operators, two ways. In the
training: the share of an epoch's CPU time (`torch.profiler`, as `--profile`) spent in the
convolutions and matrix products; the measured images/s divided by that share is the rate of a
trainer that spent no time on anything else (pooling, normalisation, activations, the optimiser,
Python). Alone: every operator of two whole training steps that carries FLOPs (each convolution
and matrix product, forward and backward, with its shapes, strides and settings) run again by
itself on random data of the same shapes, median of 9 runs after a warm-up, the times summed.
Either rate, as a share of the bound, is how close to the matmul peak PyTorch's kernels come on
these layers' shapes: a ceiling for any trainer built on them.

With `--gemm`, whether writing the convolutions as matrix products would beat those kernels: each
convolution of two training steps, forward and backward, replaced by the plain matrix products
of its im2col form (the same FLOPs, checked; the unfolding and folding left out, so a ceiling for
any such rewrite), timed alone beside PyTorch's own kernels for the same ops.
"""
import argparse, time
import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils.flop_counter import flop_registry
from gan_course.core import get_device
from gan_course.data import mnist
from gan_course.registry import get_variant, variant_names
from timing import device_name, digits_for, in_turn, median_s, seconds, time_variant


def time_cases(name:str, x:torch.Tensor, steps:int, device, cases:dict, rounds:int=5) -> dict:
    "Median real images/s of variant `name` in each of `cases` ({case: TrainConfig settings}), their epochs of `steps` G steps timed in turn."
    v = get_variant(name)
    ts = {c: v.trainer(digits_for(v, x, steps), device=device, progress=False, epochs=rounds + 1, **kw) for c, kw in cases.items()}
    for t in ts.values(): t.fit(1)                 # warm-up
    return in_turn(ts, rounds)


KINDS = [('convolutions', ('convolution',)), ('matrix products', ('aten::mm', 'aten::addmm', 'aten::bmm')),
         ('pooling', ('pool',)), ('normalisation', ('batch_norm', 'layer_norm')),
         ('activations', ('relu', 'tanh', 'sigmoid', 'threshold', 'elu', 'hardtanh')), ('optimiser', ('adam', 'Optimizer'))]


def kind_of(op:str) -> str:
    "Which of `KINDS` a profiler operator name belongs to, or 'the rest'."
    return next((k for k, keys in KINDS if any(key in op for key in keys)), 'the rest')


def time_split(name:str, x:torch.Tensor, steps:int, device) -> dict:
    "Share of the CPU time of one epoch of `steps` G steps of variant `name` spent in each kind of operator (self time, after a warm-up epoch)."
    from torch.profiler import profile, ProfilerActivity
    v = get_variant(name)
    t = v.trainer(digits_for(v, x, steps), device=device, progress=False, epochs=2)
    t.fit(1)
    with profile(activities=[ProfilerActivity.CPU]) as prof: t.fit(1)
    split = {}
    for e in prof.key_averages():
        k = 'the rest' if e.key.startswith('autograd::') else kind_of(e.key)    # autograd's own bookkeeping: the rest
        split[k] = split.get(k, 0) + e.self_cpu_time_total
    total = sum(split.values())
    return {k: split.get(k, 0) / total for k in [k for k, _ in KINDS] + ['the rest']}


def matmul_peak(device, sizes:tuple=(1024, 2048, 3072), reps:int=10, warm_s:float=1.0) -> float:
    "The best fp32 FLOP/s of an n×n matrix product on `device`, over `sizes` and `reps` tries of each, after `warm_s` seconds of products (the threads and the clock woken up first: a cold first try read 147 GFLOP/s where the warm best was 197)."
    once = lambda a, b: seconds(lambda: a @ b, device)
    a, b = torch.randn(1024, 1024, device=device), torch.randn(1024, 1024, device=device)
    t_end = time.perf_counter() + warm_s
    while time.perf_counter() < t_end: once(a, b)  # warm-up, not timed
    best = 0.0
    for n in sizes:
        a, b = torch.randn(n, n, device=device), torch.randn(n, n, device=device)
        once(a, b)
        best = max(best, max(2 * n ** 3 / once(a, b) for _ in range(reps)))
    return best


class CountFlops(TorchDispatchMode):
    "Sum PyTorch's FLOP formulas (`torch.utils.flop_counter.flop_registry`) over every op run inside the block. Unlike `FlopCounterMode` it tracks no modules, so it also counts a WGAN-GP step, whose `autograd.grad(create_graph=True)` that tracking cannot follow."
    def __init__(self): super().__init__(); self.flops = 0
    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        formula = flop_registry.get(func._overloadpacket)
        if formula is not None: self.flops += formula(*args, **kwargs, out_val=out)
        return out


def under_mode(mode, name:str, x:torch.Tensor, device, g_steps:int) -> tuple:
    "(`mode`, real images): `g_steps` whole training steps of variant `name` run inside the dispatch mode `mode`, after one such epoch outside it."
    v = get_variant(name)
    sub = digits_for(v, x, g_steps)
    t = v.trainer(sub, device=device, progress=False, epochs=1)
    t.one_epoch()                                  # a warm-up epoch outside the mode
    with mode: t.one_epoch()
    return mode, len(sub)


class RecordFlopOps(TorchDispatchMode):
    "Record every op run inside the block that has a FLOP formula: {(op, its arguments' shapes, strides, dtypes and settings): [op, a sample of its arguments, calls, FLOPs of one call]}."
    def __init__(self): super().__init__(); self.ops = {}
    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        if func._overloadpacket in flop_registry:
            sig = lambda a: (tuple(a.shape), a.stride(), a.dtype) if isinstance(a, torch.Tensor) else repr(a)
            key = (str(func), tuple(sig(a) for a in args), tuple((k, sig(v)) for k, v in sorted(kwargs.items())))
            spec = lambda a: ('tensor', tuple(a.shape), a.stride(), a.dtype, a.device) if isinstance(a, torch.Tensor) else a
            if key in self.ops: self.ops[key][2] += 1
            else: self.ops[key] = [func, ([spec(a) for a in args], {k: spec(v) for k, v in kwargs.items()}), 1,
                                   flop_registry[func._overloadpacket](*args, **kwargs, out_val=out)]
        return out


def _real(a):
    "A recorded argument made real: random data of a tensor's shape, strides, dtype and device; any other value as it is."
    if not (isinstance(a, tuple) and a and a[0] == 'tensor'): return a
    _, shape, stride, dtype, dev = a
    need = 1 + sum((n - 1) * s for n, s in zip(shape, stride)) if all(shape) else 0
    return torch.randn(max(need, 1), dtype=dtype, device=dev).as_strided(shape, stride)


def conv_gemms(func, args:list) -> list:
    """The matrix products (m, k, n), an (m×k)·(k×n) each, that compute the convolution op `func` (`aten.convolution` or
    `aten.convolution_backward`, groups of 1) on the recorded `args` in im2col form: a convolution's output is its weight
    times the unfolded input; a transposed convolution's, its input times the weight before folding back; each gradient
    is one more product of the same size. Their FLOPs are the op's; the unfolding and folding are not in them."""
    backward = func._overloadpacket.__name__ == 'convolution_backward'
    i = 1 if backward else 0                       # convolution_backward's arguments start with the output's gradient
    (_, (N, C, H, W), *_), (_, w, *_) = args[i], args[i + 1]
    stride, padding, dilation, transposed, groups = args[i + 3:i + 7] + [args[i + 8]]
    if groups != 1: raise ValueError(f"conv_gemms: {func} with groups={groups}; only groups=1 is written as products")
    kk = w[2] * w[3]
    if transposed:                                 # weight (C_in, C_out, kh, kw): every input pixel times the weight
        fwd, grad_in, grad_w = (N * H * W, C, w[1] * kk), (N * H * W, w[1] * kk, C), (C, N * H * W, w[1] * kk)
    else:                                          # weight (C_out, C_in, kh, kw): every output pixel's patch times the weight
        Ho, Wo = [(n + 2 * p - d * (k - 1) - 1) // s + 1 for n, p, d, k, s in zip((H, W), padding, dilation, w[2:], stride)]
        fwd, grad_in, grad_w = (N * Ho * Wo, C * kk, w[0]), (N * Ho * Wo, w[0], C * kk), (w[0], N * Ho * Wo, C * kk)
    if not backward: return [fwd]
    return [g for g, on in zip((grad_in, grad_w), args[-1][:2]) if on]


def kernels_alone_s(name:str, x:torch.Tensor, device, g_steps:int=2, reps:int=9, as_products:bool=False) -> tuple:
    """(seconds, real images): PyTorch's own kernels for the FLOP-carrying ops of `g_steps` training steps of variant `name`,
    each op run alone on random data (median of `reps`), summed over its calls. With `as_products`, each convolution is
    replaced by the plain matrix products of its im2col form (`conv_gemms`: the same FLOPs, checked, without the unfolding
    or folding): no convolution written as matrix products on top of PyTorch's matmul can run faster than that."""
    rec, n_images = under_mode(RecordFlopOps(), name, x, device, g_steps)
    total = 0.0
    for func, (args, kwargs), calls, flops in rec.ops.values():
        if as_products and func._overloadpacket.__name__.startswith('convolution'):
            mkn = conv_gemms(func, args)
            if sum(2 * m * k * n for m, k, n in mkn) != flops: raise RuntimeError(f"conv_gemms: {func}'s products do not carry its {flops:,} FLOPs")
            for m, k, n in mkn:
                a_, b_ = torch.randn(m, k, device=device), torch.randn(k, n, device=device)
                total += median_s(lambda: a_ @ b_, device, reps) * calls
        else:
            a_, k_ = [_real(a) for a in args], {k: _real(v) for k, v in kwargs.items()}
            total += median_s(lambda: func(*a_, **k_), device, reps) * calls
    return total, n_images


def flops_per_image(name:str, x:torch.Tensor, device, g_steps:int=2) -> float:
    "FLOPs of `g_steps` whole training steps of variant `name`, per real image through D."
    fc, n_images = under_mode(CountFlops(), name, x, device, g_steps)
    return fc.flops / n_images


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--only', nargs='*', default=variant_names(), choices=variant_names())
    p.add_argument('--steps', type=int, default=20, help='generator steps per timed epoch')
    p.add_argument('--device', default='auto')
    p.add_argument('--threads', type=int, default=None, help="torch CPU threads (default: torch's choice)")
    p.add_argument('--channels_last', action='store_true', help='also time each variant with TrainConfig(channels_last=True)')
    p.add_argument('--fold_convs', action='store_true', help='also time each variant with TrainConfig(fold_convs=True)')
    p.add_argument('--profile', action='store_true', help="also print where each variant's time goes, by kind of operator")
    p.add_argument('--layers', action='store_true', help="also time PyTorch's kernels for each variant's FLOP-carrying ops alone: the images/s no trainer on them can pass")
    p.add_argument('--gemm', action='store_true', help="also time each variant's convolutions as the plain matrix products of their im2col form: the images/s no convolution written as matrix products can pass")
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    dev = get_device(a.device)
    x, _ = mnist()
    peak = matmul_peak(dev)
    name = device_name(dev)
    print(f"device: {dev} ({name}); fp32 matmul peak {peak / 1e9:,.1f} GFLOP/s (n×n products, n = 1,024, 2,048, 3,072, best of 10 each)")
    knobs = [k for k in ('channels_last', 'fold_convs') if getattr(a, k)]
    cases = {'as shipped': {}, **{k: {k: True} for k in knobs}, **({'both': dict.fromkeys(knobs, True)} if len(knobs) == 2 else {})}
    print(f"{'variant':18}{'MFLOP/image':>12}{'bound img/s':>13}{'measured':>10}{'of bound':>10}" + ''.join(f"{c:>15}{'of bound':>10}" for c in list(cases)[1:]))
    bounds = {}                                    # variant: its bound in images/s (its FLOPs counted once)
    for n in a.only:
        f = flops_per_image(n, x, dev)
        bound = bounds[n] = peak / f
        ips = time_cases(n, x, a.steps, dev, cases) if knobs else {'as shipped': time_variant(n, x, a.steps, dev)[1]}
        print(f"{n:18}{f / 1e6:>12.1f}{bound:>13,.0f}" + ''.join(f"{r:>{10 if c == 'as shipped' else 15},.0f}{r / bound:>10.0%}" for c, r in ips.items()), flush=True)
    if a.layers:
        print(f"\nthe convolutions and matrix products by themselves: in the training (measured images/s ÷ their share of the time) and alone (each run by itself):")
        print(f"{'variant':18}{'bound img/s':>13}{'measured':>10}{'of bound':>10}{'their share':>13}{'in training':>13}{'of bound':>10}{'alone':>8}{'of bound':>10}")
        for n in a.only:
            bound = bounds[n]
            ips = time_variant(n, x, a.steps, dev)[1]
            sp = time_split(n, x, a.steps, dev); share = sp['convolutions'] + sp['matrix products']
            s, imgs = kernels_alone_s(n, x, dev)
            print(f"{n:18}{bound:>13,.0f}{ips:>10,.0f}{ips / bound:>10.0%}{share:>13.0%}{ips / share:>13,.0f}{ips / share / bound:>10.0%}"
                  f"{imgs / s:>8,.0f}{imgs / s / bound:>10.0%}", flush=True)
    if a.gemm:
        print(f"\nthe convolutions as matrix products (im2col, without the unfolding), beside PyTorch's own kernels, each op alone:")
        print(f"{'variant':18}{'bound img/s':>13}{'kernels':>10}{'of bound':>10}{'as products':>13}{'of bound':>10}")
        for n in a.only:
            bound = bounds[n]
            (s, imgs), (s_g, _) = kernels_alone_s(n, x, dev), kernels_alone_s(n, x, dev, as_products=True)   # timed back to back, so drift hits both alike
            print(f"{n:18}{bound:>13,.0f}{imgs / s:>10,.0f}{imgs / s / bound:>10.0%}{imgs / s_g:>13,.0f}{imgs / s_g / bound:>10.0%}", flush=True)
    if a.profile:
        kinds = [k for k, _ in KINDS] + ['the rest']
        print(f"\nshare of the CPU time by kind of operator (torch.profiler, one epoch of {a.steps} G steps):")
        print(f"{'variant':18}" + ''.join(f"{k:>17}" for k in kinds))
        for n in a.only:
            sp = time_split(n, x, a.steps, dev)
            print(f"{n:18}" + ''.join(f"{sp[k]:>17.0%}" for k in kinds), flush=True)
