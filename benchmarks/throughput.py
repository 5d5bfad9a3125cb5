"""Training throughput of seed 001's vanilla GAN (batch 200): the gan_course trainer vs the usual tutorial loop.

    python benchmarks/throughput.py [--epochs 8] [--device cpu] [--threads N]

Both loops train the same model (lesson 02's `SigmoidMLPG` / `SoftmaxMLPD`) with the same loss and
Adam on the same binarized digits (the full MNIST training set when it is cached, else the 5,000
offline ones). The reference is the way most tutorials write it: a torchvision `MNIST` Dataset
with per-sample `ToTensor` + binarize transforms, a shuffling `DataLoader`, and a loop that
generates a fresh fake batch for each of the D and G steps. Images/s counts real images
consumed per second, after one warm-up epoch; both figures come from the same run.
"""
import argparse, struct, tempfile, time
from pathlib import Path
import torch
import torch.nn.functional as F
from torchvision import datasets, transforms
from torch.utils.data import DataLoader
from gan_course.data import binarize, mnist
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


def time_reference(x, y, epochs, device):
    with tempfile.TemporaryDirectory() as d:
        ds = torchvision_mnist(x, y, Path(d))
        loader = DataLoader(ds, batch_size=200, shuffle=True, drop_last=True)
        G, D = SigmoidMLPG().to(device), SoftmaxMLPD().to(device)
        opt_g, opt_d = (torch.optim.Adam(m.parameters(), 2e-4, betas=(0.5, 0.999)) for m in (G, D))
        reference_epoch(G, D, opt_g, opt_d, loader, 28, device)  # warm-up
        t0 = time.perf_counter()
        for _ in range(epochs): reference_epoch(G, D, opt_g, opt_d, loader, 28, device)
        return epochs * len(loader) * 200 / (time.perf_counter() - t0)


def time_trainer(x, epochs, device, progress):
    t = vanilla_gan().trainer(x, device=device, progress=progress)
    t.fit(1)  # warm-up
    if device.type == 'cuda': torch.cuda.synchronize()
    t0 = time.perf_counter()
    t.fit(epochs)
    if device.type == 'cuda': torch.cuda.synchronize()
    return epochs * len(t.batches) * t.cfg.bs / (time.perf_counter() - t0)


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--epochs', type=int, default=8)
    p.add_argument('--device', default='cpu')
    p.add_argument('--threads', type=int, default=None, help='torch CPU threads (default: torch decides)')
    p.add_argument('--no-progress', action='store_true', help='time the trainer without its progress bar')
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    x, y = mnist()
    print(f"seed 001 model, batch 200, {len(x):,} binarized digits, {device}, {torch.get_num_threads()} threads, torch {torch.__version__}")
    ref = time_reference(x, y, a.epochs, device)
    ours = time_trainer(x, a.epochs, device, progress=not a.no_progress)
    print(f"reference loop (torchvision Dataset + DataLoader, per-sample ToTensor): {ref:9,.0f} images/s")
    print(f"gan_course trainer (progress bar, history, fixed-noise samples):      {ours:9,.0f} images/s")
    print(f"ratio: {ours/ref:.2f}x")
