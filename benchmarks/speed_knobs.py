"""The knobs that change a run's speed but not its maths: images/s of one variant with `channels_last` memory, `fold_convs`, one thread instead of two, `torch.compile`, and bfloat16 forward passes (which do change the maths).

    python benchmarks/speed_knobs.py [--variant fast] [--steps 20] [--reps 5] [--no_compile] [--no_bf16]

Each case is the variant's default run built by the course's one trainer on the same digits,
made plain (`PLAIN`: fp32, no channels_last, no fold_convs, whatever the preset asks), then
changed in one way: `TrainConfig(channels_last=True)` (G, D and the digits in channels_last memory);
`TrainConfig(fold_convs=True)` (the one-channel layers' slow kernel replaced by a matrix product and a fold);
`torch.set_num_threads(1)` while it trains; G and D wrapped by `torch.compile` (the compile time,
paid once, is its warm-up epoch, reported apart). Epochs of `--steps` generator steps are timed
case after case, round after round, so that the machine's drift hits all cases alike; each figure
is the median over `--reps` rounds after a warm-up epoch. None of these knobs changes what a step
computes, only the order of its arithmetic (so the last bits of rounding) and its speed: at a
fixed wall-clock budget, a faster run is a longer one.

`TrainConfig(bf16=True)` is the exception: G's and D's forward passes under bfloat16 autocast
(`GANTrainer.run_net`; the weights, Adam, the losses and the samples stay fp32) round every
layer's inputs to 8 bits of mantissa, so it changes what a step computes; it is timed alone and
with `channels_last`. The last case, `torch.autocast('cpu', torch.bfloat16)` around whole epochs,
is kept to show why the knob autocasts the forward passes only: there, G's and D's outputs stay
bfloat16, so the losses and the numbers recorded are computed in bfloat16, and so are a penalty's
pass and the fixed-noise samples drawn at each epoch's end. Beside the images/s, each case's largest |D loss| and |G loss| over its
epochs says whether the run stayed sane: the same-maths knobs leave them where the plain run
has them.
"""
import argparse, time
import torch
from gan_course.data import mnist
from gan_course.registry import get_variant, variant_names
from timing import digits_for, in_turn

PLAIN = dict(channels_last=False, fold_convs=False, bf16=False)   # every case starts from these, whatever the variant's preset asks (fast: channels_last, and bf16 where the processor has it)


def in_bf16(fit):
    "`fit` run under CPU bf16 autocast."
    def run(*args, **kw):
        with torch.autocast('cpu', dtype=torch.bfloat16): return fit(*args, **kw)
    return run


def compiled(t):
    "Wrap a trainer's G and D in `torch.compile` (the parameters, and so the optimisers and G's average, stay the same)."
    t.G, t.D = torch.compile(t.G), torch.compile(t.D)


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--variant', default='fast', choices=variant_names())
    p.add_argument('--steps', type=int, default=20, help='generator steps per timed epoch')
    p.add_argument('--reps', type=int, default=5, help='timed rounds (each times one epoch of every case)')
    p.add_argument('--no_compile', action='store_true', help='skip the torch.compile case')
    p.add_argument('--no_bf16', action='store_true', help='skip the bfloat16 cases')
    a = p.parse_args()
    x, _ = mnist()
    threads = torch.get_num_threads()
    cases = ['plain fp32', 'channels_last', 'fold_convs', '1 thread'] + ([] if a.no_compile else ['torch.compile']) \
            + ([] if a.no_bf16 else ['bf16', 'channels_last+bf16', 'bf16 around fit'])
    knobs = {'channels_last': dict(channels_last=True), 'fold_convs': dict(fold_convs=True), 'bf16': dict(bf16=True),
             'channels_last+bf16': dict(channels_last=True, bf16=True)}
    use_threads = lambda name: torch.set_num_threads(1 if name == '1 thread' else threads)
    print(f"CPU, {threads} threads; `{a.variant}`, {a.steps} generator steps per epoch, median of {a.reps} rounds")
    v = get_variant(a.variant)
    ts, warm = {}, {}
    for name in cases:
        t = ts[name] = v.trainer(digits_for(v, x, a.steps), device='cpu', progress=False, epochs=a.reps + 1,
                                 **{**PLAIN, **knobs.get(name, {})})
        if name == 'torch.compile': compiled(t)
        if name == 'bf16 around fit': t.fit = in_bf16(t.fit)
        use_threads(name)
        t0 = time.perf_counter(); t.fit(1); warm[name] = time.perf_counter() - t0
    ips = in_turn(ts, a.reps, before=use_threads)
    torch.set_num_threads(threads)
    base = ips['plain fp32']
    top = lambda t, k: max(abs(h[k]) for h in t.history)
    print(f"\n{'case':20}{'images/s':>10}{'vs plain':>12}{'warm-up epoch (s)':>19}{'max |D loss|':>14}{'max |G loss|':>14}")
    for n, r in ips.items(): print(f"{n:20}{r:>10,.0f}{r / base:>12.2f}×{warm[n]:>18.1f}{top(ts[n], 'd_loss'):>14.3g}{top(ts[n], 'g_loss'):>14.3g}")
