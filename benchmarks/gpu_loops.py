"""Every registered variant, the course's trainer against the usual tutorial loop for the same model on the same device, in fp32 and under bf16 autocast, and (for the variants named by `--compile`) with G and D wrapped by `torch.compile`.

    python benchmarks/gpu_loops.py [--device cuda] [--steps 20] [--rounds 3] [--only dcgan ...] [--compile vanilla-julia dcgan fast]

Both loops train the variant's own G and D (its default settings: batch size, k D steps per G step,
loss, penalty, G's moving average) with Adam at the variant's learning rates on the same digits.
The reference is written the way most tutorials write it: a torchvision `MNIST` Dataset with
per-sample `ToTensor` and the variant's data preparation as transforms, a shuffling `DataLoader`
(no workers, the tutorials' default), each batch moved to the device as it comes, a fresh fake
batch for every D and G step, and plain `torch.optim.Adam`. A variant whose only-the-worse-network
switch decides at each batch reads D's accuracy back with `.item()` there, as such a loop must.
The trainer keeps the digits on the device, shuffles them there and reads numbers back once per epoch.

An epoch holds exactly `--steps` generator steps for both loops. For each case, one warm-up epoch
(for `torch.compile`, its compile time), then the median images/s of `--rounds` timed epochs, the
two loops alternating so that the machine's drift hits both alike. Images/s counts real images
through D (k per G step). bf16 autocast wraps whole epochs of either loop; the weights and Adam
stay fp32. A case that fails prints its one-line error instead of a figure.
"""
import argparse, statistics, tempfile, time
from pathlib import Path
import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms
from gan_course.core import get_device, seed_everything
from gan_course.data import mnist
from gan_course.losses import verdict_accuracy
from gan_course.registry import get_variant, variant_names
from throughput import write_idx
from timing import device_name, digits_for, seconds


def dataset(x: torch.Tensor, prep, root: Path) -> datasets.MNIST:
    "The digits `x` behind torchvision's MNIST Dataset, with `ToTensor` and the variant's `prep` applied per sample."
    raw = root/'MNIST'/'raw'; raw.mkdir(parents=True)
    imgs, labels = (x[:, 0]*255).round().to(torch.uint8), torch.zeros(len(x), dtype=torch.uint8)
    for split in ('train', 't10k'):  # torchvision opens a root only if both splits are there
        write_idx(raw/f'{split}-images-idx3-ubyte', imgs); write_idx(raw/f'{split}-labels-idx1-ubyte', labels)
    tf = transforms.Compose([transforms.ToTensor(), transforms.Lambda(lambda t: prep(t[None])[0])])
    return datasets.MNIST(root, train=True, transform=tf, download=False)


class Reference:
    "The usual tutorial loop for variant `v` on `device`; `epoch()` trains one pass over the loader."
    def __init__(self, v, x: torch.Tensor, device):
        self.tmp = tempfile.TemporaryDirectory()
        self.v, self.cfg, self.device = v, v.cfg, device
        self.loader = DataLoader(dataset(x, v.prep, Path(self.tmp.name)), batch_size=v.cfg.bs, shuffle=True, drop_last=True)
        seed_everything(v.cfg.seed)
        self.G, self.D = v.G(v.cfg).to(device), v.D(v.cfg).to(device)
        self.opt_g = torch.optim.Adam(self.G.parameters(), v.cfg.lr_g, betas=v.cfg.betas)
        self.opt_d = torch.optim.Adam(self.D.parameters(), v.cfg.lr_d, betas=v.cfg.betas)
        self.G_avg = None
        if v.cfg.ema:
            self.G_avg = v.G(v.cfg).to(device).requires_grad_(False); self.G_avg.load_state_dict(self.G.state_dict())
        self.switch = v.switcher() if v.switcher else None
        self.images = len(self.loader) * v.cfg.bs

    def z(self, b): return torch.randn(b, self.cfg.z_dim, device=self.device)

    def d_step(self, x_real):
        x_fake = self.G(self.z(len(x_real))).detach()
        d_real, d_fake = self.D(x_real), self.D(x_fake)
        loss = self.v.loss.d(d_real, d_fake)
        if self.v.penalty is not None: loss = loss + self.v.penalty(self.D, x_real, x_fake)
        self.opt_d.zero_grad(); loss.backward(); self.opt_d.step()
        return d_real, d_fake

    def g_step(self, b):
        loss = self.v.loss.g(self.D(self.G(self.z(b))))
        self.opt_g.zero_grad(); loss.backward(); self.opt_g.step()
        if self.G_avg is not None:
            with torch.no_grad():
                for pa, p in zip(self.G_avg.parameters(), self.G.parameters()): pa.lerp_(p, 1 - self.cfg.ema)

    def epoch(self):
        for i, (x_real, _) in enumerate(self.loader):
            x_real = x_real.to(self.device)
            if self.switch is not None:   # train only the worse network: D's accuracy on this batch, read back
                with torch.no_grad():
                    d_real, d_fake = self.D(x_real), self.D(self.G(self.z(len(x_real))))
                    t = self.v.loss.threshold if self.v.loss.threshold is not None else 0.0
                    acc = verdict_accuracy(d_real, d_fake, t).item()
                if self.switch.choose(acc) == 'd': self.d_step(x_real)
                else: self.g_step(len(x_real))
                continue
            self.d_step(x_real)
            if (i + 1) % self.cfg.k == 0: self.g_step(len(x_real))


def timer(fn, images: int, device, bf16: bool):
    "A function that trains one epoch with `fn` (under bf16 autocast if asked) and returns its images/s."
    def run():
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16): return images / seconds(fn, device)
    return run


def cases(name: str, x: torch.Tensor, steps: int, device, compile_: bool) -> dict:
    "{case: a function timing one epoch} for variant `name`: reference and trainer, fp32 and bf16, compiled or not."
    v = get_variant(name)
    xs = digits_for(v, x, steps)
    out = {}
    for bf16 in (False, True):
        for comp in ((False, True) if compile_ else (False,)):
            tag = ('bf16' if bf16 else 'fp32') + (' compiled' if comp else '')
            r = Reference(v, xs, device)
            t = v.trainer(xs, device=device, progress=False, epochs=10**6, bf16=False)   # bf16 here is the timer's autocast alone, as for the reference
            if comp: r.G, r.D, t.G, t.D = (torch.compile(m) for m in (r.G, r.D, t.G, t.D))
            out[f'reference {tag}'] = timer(r.epoch, r.images, device, bf16)
            out[f'trainer {tag}'] = timer(lambda t=t: t.fit(1), len(t.batches) * t.cfg.bs, device, bf16)
    return out


def measure(name, x, steps, rounds, device, compile_) -> dict:
    "{case: (warm-up s, median images/s) or the error}, each case's warm-up epoch first, then `rounds` rounds of every case in turn."
    res, runs = {}, {}
    for case, run in cases(name, x, steps, device, compile_).items():
        try:
            t0 = time.perf_counter(); run(); runs[case] = (run, time.perf_counter() - t0)
        except Exception as e: res[case] = f"{type(e).__name__}: {str(e).splitlines()[0][:90]}"
    rates = {c: [] for c in runs}
    for _ in range(rounds):
        for c, (run, _) in runs.items(): rates[c].append(run())
    for c, (_, warm) in runs.items(): res[c] = (warm, statistics.median(rates[c]))
    return res


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--device', default='auto')
    p.add_argument('--steps', type=int, default=20, help='generator steps per timed epoch')
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--only', nargs='*', default=variant_names(), choices=variant_names())
    p.add_argument('--compile', nargs='*', default=['vanilla-julia', 'dcgan', 'fast'], choices=variant_names(),
                   help='variants also timed with G and D under torch.compile')
    a = p.parse_args()
    dev = get_device(a.device)
    x, _ = mnist()
    name = device_name(dev)
    print(f"device: {dev} ({name}), torch {torch.__version__}; {a.steps} generator steps per epoch, median of {a.rounds} rounds")
    print(f"{'variant':17}{'case':15}{'reference':>11}{'trainer':>11}{'ratio':>8}{'warm-up s (ref, trainer)':>27}")
    for n in a.only:
        res = measure(n, x, a.steps, a.rounds, dev, n in a.compile)
        for tag in ('fp32', 'bf16', 'fp32 compiled', 'bf16 compiled'):
            ref, ours = res.get(f'reference {tag}'), res.get(f'trainer {tag}')
            if ref is None and ours is None: continue
            cell = lambda r: f"{r[1]:>11,.0f}" if isinstance(r, tuple) else f"{'error':>11}"
            ratio = f"{ours[1]/ref[1]:>7.2f}x" if isinstance(ref, tuple) and isinstance(ours, tuple) else f"{'':>8}"
            warm = f"{ref[0]:>13.1f}{ours[0]:>14.1f}" if isinstance(ref, tuple) and isinstance(ours, tuple) else ''
            print(f"{n:17}{tag:15}{cell(ref)}{cell(ours)}{ratio}{warm}", flush=True)
            for who, r in (('reference', ref), ('trainer', ours)):
                if isinstance(r, str): print(f"{'':17}{who} {tag}: {r}", flush=True)
