"""Train the course's yardstick network (`gan_course.metrics.DigitFeatures`) and ship its weights.

    python tools/train_feature_net.py            # train, test, write gan_course/assets/digit_features.pt
    python tools/train_feature_net.py --check    # retrain and compare with the shipped weights, bit for bit

It trains on the 5,000 offline digits that ship with gan_course (seed 0, 30 epochs, light
augmentation, two CPU threads so the run is reproducible) and reports its accuracy on MNIST's
official test set, which it never trains on: from `$GAN_COURSE_DATA` or `~/.cache/gan_course`
(downloaded when missing), or `../shared/data` when present. Paste the printed SHA-256 into
`FEATURES_SHA256` in nbs/lib/04_metrics.ipynb.
"""
import argparse, hashlib, io, sys, time
from pathlib import Path
import torch

ROOT = Path(__file__).resolve().parent.parent

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--check', action='store_true', help='retrain and compare with the shipped weights instead of writing them')
    ap.add_argument('--epochs', type=int, default=30); ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(2)   # the same thread count gives the same float sums, hence the same weights
    from gan_course.core import shared_data
    from gan_course.data import mnist, mnist_5k
    from gan_course.metrics import FEATURES_FILE, train_digit_features
    x, y = mnist_5k()
    sd = shared_data()
    x_test, y_test = mnist(train=False, root=sd if sd and (sd/'MNIST'/'raw').is_dir() else None)
    t0 = time.time()
    net = train_digit_features(x, y, epochs=a.epochs, seed=a.seed)
    with torch.no_grad():
        pred = torch.cat([net.logits(x_test[i:i + 1000]).argmax(1) for i in range(0, len(x_test), 1000)])
        pred_b = torch.cat([net.logits((x_test[i:i + 1000] > 0.5).float()).argmax(1) for i in range(0, len(x_test), 1000)])
    buf = io.BytesIO(); torch.save(net.state_dict(), buf); data = buf.getvalue()
    print(f"trained in {time.time() - t0:.0f} s on {len(x):,} digits; MNIST test set ({len(x_test):,} digits): "
          f"accuracy {(pred == y_test).float().mean():.2%}, binarized {(pred_b == y_test).float().mean():.2%}")
    path = ROOT/'gan_course'/'assets'/FEATURES_FILE
    if a.check:
        shipped = torch.load(path, weights_only=True)
        same = all(torch.equal(shipped[k], v) for k, v in net.state_dict().items())
        print(f"retrained weights {'equal' if same else 'DIFFER FROM'} the shipped ones, bit for bit"); sys.exit(0 if same else 1)
    path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes), SHA-256 {hashlib.sha256(data).hexdigest()}")

if __name__ == '__main__': main()
