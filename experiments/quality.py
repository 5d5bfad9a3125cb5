"""Which digits does the vanilla GAN draw? Digit histograms of 10,000 samples, read by a small CNN.

    python experiments/quality.py runs/vanilla/checkpoint.pt [--png quality.png]   # a trained run
    python experiments/quality.py --train --seeds 0 1 2 [--out results/quality]    # train the recipe and the naive settings

The judge is the course's shipped digit network (`gan_course.metrics.digit_classifier`, the lessons'
yardstick); its accuracy on the official MNIST test set is printed when ../shared holds it. A class is
"covered" when it gets at least 2.5% of the samples (a quarter of its fair share). Prints the
histograms as JSON; with `--out`, writes them to OUT/results.json and a table to OUT/quality.md.
"""
import argparse, json, time
from pathlib import Path
from common import made_stamp, write_results
from gan_course.core import seed_everything, shared_data
from gan_course.data import mnist
from gan_course.metrics import classify, digit_classifier, digit_histogram, modes_covered
from gan_course.registry import sample_images
from gan_course.vanilla import vanilla_gan


def judge():
    "The lessons' classifier (the shipped network), and its accuracy on the official test set when it is at hand."
    clf = digit_classifier()
    sd = shared_data()
    if sd and (sd/'MNIST'/'raw').is_dir():
        xt, yt = mnist(train=False, root=sd, download=False)
        print(f"judge: {(classify(clf, xt)[0] == yt).float().mean().item():.2%} accuracy on the official MNIST test set")
    return clf


def report(name, hist):
    "Print one run's digit histogram on a line; the same as a dict."
    h = hist.tolist()
    print(f"{name:34s} covered {modes_covered(hist):2d}/10, smallest class {min(h):5d}, largest {max(h):5d}: {h}")
    return dict(name=name, covered=modes_covered(hist), hist=h)


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('ckpt', nargs='?', help='a checkpoint.pt of gan-course train')
    p.add_argument('--train', action='store_true', help='train the recipe and the naive settings for each seed')
    p.add_argument('--seeds', type=int, nargs='+', default=[0])
    p.add_argument('--png', help='a PNG with the histogram next to the sample grid (with a checkpoint)')
    p.add_argument('--out', help='a folder for results.json and quality.md')
    a = p.parse_args()
    clf, results = judge(), []
    if a.ckpt:
        xs, sd = sample_images(a.ckpt, 10000, seed=0, device='cpu')
        hist = digit_histogram(clf, xs)
        results.append(report(f"{sd['name']}, epoch {sd['epoch']}", hist))
        if a.png:
            import matplotlib.pyplot as plt
            from gan_course.viz import plot_digit_histogram, show_images
            fig, axs = plt.subplots(1, 2, figsize=(10, 3.6), gridspec_kw=dict(width_ratios=[1.2, 1]))
            plot_digit_histogram(hist, title=f"10,000 samples: {modes_covered(hist)}/10 classes covered", ax=axs[0])
            show_images(xs[:64], nrow=8, ax=axs[1], title='64 samples'); fig.tight_layout(); fig.savefig(a.png, dpi=100)
            print(f"wrote {a.png}")
    if a.train:
        x, _ = mnist()
        settings = {'recipe (vanilla_gan defaults)': {}, 'naive (Adam 2e-4, β1 0.9, no tricks)': dict(lr_g=2e-4, lr_d=2e-4, beta1=0.9, real_label=1.0, p_drop=0.0),
                    'naive (Adam 1e-3, β1 0.9, no tricks)': dict(lr_g=1e-3, lr_d=1e-3, beta1=0.9, real_label=1.0, p_drop=0.0)}
        for seed in a.seeds:
            for name, kw in settings.items():
                t0 = time.time(); t = vanilla_gan(**kw).trainer(x, seed=seed, progress=False).fit()
                seed_everything(seed)
                results.append(report(f"{name}, seed {seed}", digit_histogram(clf, t.generate(10000))) | dict(seed=seed, epochs=t.epoch, s=round(time.time() - t0)))
    print(json.dumps(results))
    if a.out:
        md = ['| run | classes covered (≥ 2.5%) | smallest class | largest class |', '|---|---:|---:|---:|']
        md += [f"| {r['name']} | {r['covered']}/10 | {min(r['hist']):,} | {max(r['hist']):,} |" for r in results]
        write_results(Path(a.out), 'quality', dict(made=made_stamp(), runs=results), '\n'.join(md))
