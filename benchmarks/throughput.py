"""Training throughput of the Julia tutorial's vanilla GAN (batch 200): the gan_course trainer vs the usual tutorial loop.

    python benchmarks/throughput.py [--epochs 10] [--rounds 3] [--device cpu] [--threads N]

Both loops train the Julia tutorial's exact model (lesson 02's `SigmoidMLPG` / `SoftmaxMLPD`, no dropout)
with the same loss and Adam on the same binarized digits (the full MNIST training set when it is cached, else the 5,000
offline ones). The reference is the way most tutorials write it: a torchvision `MNIST` Dataset
with per-sample `ToTensor` + binarize transforms, a shuffling `DataLoader`, and a loop that
generates a fresh fake batch for each of the D and G steps. Images/s counts real images
consumed per second, after one warm-up epoch; each figure is the median of `--rounds` timed
rounds, the two loops alternating, so that both see the same machine. A third line times the main
job's recipe (`vanilla_gan()`: dropout in D, drawn by the library's `FastDropout`, and label
smoothing), whose dropout masks cost extra.
"""
import argparse, contextlib, io, statistics, struct, tempfile, time
from pathlib import Path
import torch
import torch.nn.functional as F
from torchvision import datasets, transforms
from torch.utils.data import DataLoader
from gan_course.data import mnist
from gan_course.vanilla import SigmoidMLPG, SoftmaxMLPD, vanilla_gan


def write_idx(path: Path, t: torch.Tensor):
    "Write a uint8 tensor as an IDX file (so torchvision's MNIST class can open our digits)."
    path.write_bytes(b'\x00\x00\x08' + bytes([t.ndim]) + struct.pack(f'>{t.ndim}I', *t.shape) + t.numpy().tobytes())


def torchvision_mnist(x: torch.Tensor, y: torch.Tensor, root: Path) -> datasets.MNIST:
    "The same digits behind torchvision's MNIST Dataset, with the tutorials' per-sample transforms."
    raw = root/'MNIST'/'raw'; raw.mkdir(parents=True)
    imgs = (x[:, 0]*255).round().to(torch.uint8)
    for split in ('train', 't10k'):  # torchvision opens a root only if both splits are there
        write_idx(raw/f'{split}-images-idx3-ubyte', imgs); write_idx(raw/f'{split}-labels-idx1-ubyte', y.to(torch.uint8))
    tf = transforms.Compose([transforms.ToTensor(), transforms.Lambda(lambda t: (t > 0.5).float())])
    return datasets.MNIST(root, train=True, transform=tf, download=False)


def reference_epoch(G, D, opt_g, opt_d, loader, z_dim, device):
    "One epoch written the usual tutorial way."
    for x_real, _ in loader:
        x_real = x_real.to(device)
        b = x_real.size(0)
        x_fake = G(torch.randn(b, z_dim, device=device))
        d_loss = F.binary_cross_entropy_with_logits(D(x_real), torch.ones(b, device=device)) + \
                 F.binary_cross_entropy_with_logits(D(x_fake.detach()), torch.zeros(b, device=device))
        opt_d.zero_grad(); d_loss.backward(); opt_d.step()
        g_loss = F.binary_cross_entropy_with_logits(D(G(torch.randn(b, z_dim, device=device))), torch.ones(b, device=device))
        opt_g.zero_grad(); g_loss.backward(); opt_g.step()


def reference_run(x, y, epochs, device):
    "A function that times `epochs` epochs of the reference loop (after one warm-up epoch)."
    d = tempfile.TemporaryDirectory()
    loader = DataLoader(torchvision_mnist(x, y, Path(d.name)), batch_size=200, shuffle=True, drop_last=True)
    G, D = SigmoidMLPG().to(device), SoftmaxMLPD().to(device)
    opt_g, opt_d = (torch.optim.Adam(m.parameters(), 2e-4, betas=(0.5, 0.999)) for m in (G, D))
    reference_epoch(G, D, opt_g, opt_d, loader, 28, device)  # warm-up
    def run():
        t0 = time.perf_counter()
        for _ in range(epochs): reference_epoch(G, D, opt_g, opt_d, loader, 28, device)
        return epochs * len(loader) * 200 / (time.perf_counter() - t0)
    run.tmp = d
    return run


def trainer_run(variant, x, epochs, device, progress=True):
    "A function that times `epochs` epochs of the gan_course trainer, progress bar drawn (into a buffer)."
    t = variant.trainer(x, device=device, progress=progress, epochs=1)
    with contextlib.redirect_stdout(io.StringIO()): t.fit(1)  # warm-up
    def run():
        with contextlib.redirect_stdout(io.StringIO()):
            if device.type == 'cuda': torch.cuda.synchronize()
            t0 = time.perf_counter(); t.fit(epochs)
            if device.type == 'cuda': torch.cuda.synchronize()
        return epochs * len(t.batches) * t.cfg.bs / (time.perf_counter() - t0)
    return run


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--epochs', type=int, default=10, help='epochs per timed round')
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--device', default='cpu')
    p.add_argument('--threads', type=int, default=None, help='torch CPU threads (default: torch decides)')
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    x, y = mnist()
    print(f"the Julia tutorial's model, batch 200, {len(x):,} binarized digits, {device}, {torch.get_num_threads()} threads, torch {torch.__version__}")
    runs = {'reference loop (torchvision Dataset + DataLoader, per-sample ToTensor)': reference_run(x, y, a.epochs, device),
            'gan_course trainer, Julia tutorial model (progress bar, history, samples)': trainer_run(vanilla_gan(p_drop=0.0, real_label=1.0), x, a.epochs, device),
            "gan_course trainer, main job's recipe (dropout 0.3 in D)": trainer_run(vanilla_gan(), x, a.epochs, device)}
    res = {k: [] for k in runs}
    for _ in range(a.rounds):
        for k, run in runs.items(): res[k].append(run())
    med = {k: statistics.median(v) for k, v in res.items()}
    for k, v in res.items(): print(f"{k:75s} {med[k]:8,.0f} images/s  (rounds: {', '.join(f'{r:,.0f}' for r in v)})")
    ref, ours = list(med.values())[:2]
    print(f"ratio, trainer / reference on the same model: {ours/ref:.2f}x")
