"""Training speed of every registered variant (`gan-course train NAME`) with the course's one trainer.

    python benchmarks/variants.py [--steps 30] [--device auto] [--threads N] [--only dcgan lsgan ...]

For each variant: its default settings (networks, batch size, n_critic, penalty), trained on a
shuffled subset of the digits holding exactly `--steps` generator steps per epoch; one warm-up
epoch, then the median of 3 timed epochs. Prints generator steps/s and real images/s (images
through D, so a WGAN-GP step with n_critic 5 counts 5 batches). CUDA is synchronised around
each timed epoch; the trainer itself never syncs inside an epoch.
"""
import argparse
import torch
from gan_course.core import get_device
from gan_course.data import mnist
from gan_course.registry import get_variant, variant_names
from gan_course.train import last_epoch, steps_per_epoch
from timing import device_name, time_variant

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--steps', type=int, default=30, help='generator steps per timed epoch')
    p.add_argument('--device', default='auto')
    p.add_argument('--threads', type=int, default=None, help='torch CPU threads (default: torch\'s choice)')
    p.add_argument('--only', nargs='*', default=variant_names(), choices=variant_names())
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    dev = get_device(a.device)
    x, _ = mnist()
    name = device_name(dev)
    print(f"device: {dev} ({name}); {a.steps} generator steps per timed epoch, median of 3")
    print(f"{'variant':14}{'batch':>6}{'k':>3}{'G steps/s':>11}{'images/s':>10}{'default budget':>16}{'≈ time':>9}")
    for n in a.only:
        v = get_variant(n)
        sps, ips = time_variant(n, x, a.steps, dev)
        end = last_epoch(v.cfg, len(x))   # None for a budget in minutes alone (`quick`)
        if end is None: budget, secs = f"{v.cfg.minutes:g} minutes", 60 * v.cfg.minutes
        else: steps = end * steps_per_epoch(len(x), v.cfg); budget, secs = f"{steps:,} steps", steps / sps   # whole epochs
        print(f"{n:14}{v.cfg.bs:>6}{v.cfg.k:>3}{sps:>11.2f}{ips:>10,.0f}{budget:>16}{secs:>8.0f}s", flush=True)
