"""A run interrupted after one epoch and resumed from its checkpoint alone vs the same run uninterrupted (and vs a second uninterrupted run).

    python .ci/gpu/resume_exact.py [--device cuda]

For five variants, each on a small shuffled subset of the digits: two uninterrupted 2-epoch runs,
and a run saved after epoch 1 and resumed by `load_trainer` from the checkpoint alone. Prints
whether every parameter of G and D agrees bit for bit (the CPU case is asserted in lib/08_registry;
this script is how the GPU path is checked).
"""
import argparse, tempfile
from pathlib import Path
import torch
from gan_course.data import mnist, subset
from gan_course.registry import get_variant, load_trainer

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0]); ap.add_argument('--device', default='cuda')
    a = ap.parse_args()
    x, _ = mnist()
    params = lambda t: [*t.G.parameters(), *t.D.parameters()]
    same = lambda s, t: all(torch.equal(p, q) for p, q in zip(params(s), params(t)))
    for name in ('dcgan', 'dcgan-radford', 'wgan-gp', 'wgan-gp-tf2', 'vanilla'):
        v = get_variant(name); xv = subset(x, max(1280, v.cfg.bs * v.cfg.k * 4))
        run = lambda: v.trainer(xv, device=a.device, progress=False, epochs=2)
        r1, r2 = run().fit(), run().fit()
        with tempfile.TemporaryDirectory() as d:
            run().fit(1).save(Path(d)/'ck.pt')
            r3 = load_trainer(Path(d)/'ck.pt', x=xv, device=a.device, progress=False).fit()
        print(f"{name}: {r1.step} G steps on {r1.device}; two runs equal: {same(r1, r2)}; "
              f"resumed == uninterrupted bit for bit: {same(r1, r3)}; knobs kept: {r3.knobs == v.knobs}")

if __name__ == '__main__': main()
