"""Fingerprints of short seeded runs of every variant: run it in two checkouts to show that a change kept the maths.

    python tools/same_numbers.py [--epochs 2] [--images 1]     # one line per variant: its name and two SHA-256 prefixes

Each variant trains from its default seed, on CPU, for `--epochs` epochs over the first
`--images` × (batch × k) of the 5,000 offline digits (shuffled as the tests shuffle them); the line
gives a hash of the history (every recorded number, as Python writes it) and of the final weights of
G and D. Same lines from two checkouts: the same seeded numbers. The checkout whose `gan_course` is
imported is the one on `PYTHONPATH` (or installed); the line `package` names it.
"""
import argparse, hashlib, json
import torch
import gan_course
from gan_course.data import mnist_5k, subset
from gan_course.registry import get_variant, variant_names

def fingerprint(name:str, epochs:int, images:int) -> tuple[str, str]:
    "Hashes of the history and of the final weights of a short seeded run of the variant `name`."
    v = get_variant(name)
    x = subset(mnist_5k()[0], 5000)[:images * v.cfg.bs * v.cfg.k]
    t = v.trainer(x, device='cpu', progress=False, epochs=epochs).fit()
    h = hashlib.sha256(json.dumps(t.history).encode()).hexdigest()
    w = hashlib.sha256()
    for p in [*t.G.state_dict().values(), *t.D.state_dict().values()]: w.update(p.detach().cpu().contiguous().numpy().tobytes())
    return h[:16], w.hexdigest()[:16]

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--epochs', type=int, default=2); ap.add_argument('--images', type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(1)   # one thread: the same sums in the same order on any machine
    print(f"package {gan_course.__file__.rsplit('/', 2)[0]}  torch {torch.__version__}")
    for n in variant_names():
        h, w = fingerprint(n, a.epochs, a.images)
        print(f"{n:18} history {h}  weights {w}")
