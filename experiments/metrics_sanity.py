"""The yardstick's sanity table: sets of "samples" whose ranking is known, scored like a generator's.

    python experiments/metrics_sanity.py [--n 5000] [--out results/metrics_sanity]

The reference is n digits of the test half of MNIST's official test split; the candidates are built
from n digits of the validation half (held out from the reference): the digits themselves, binarized,
blurred, with shuffled pixels, uniform noise, all black, and one digit repeated n times. Also
scored: the 5,000 offline training digits. Prints every figure and checks the ranking the course
relies on: real ≪ binarized (3 times the FID at least) < blurred < the four broken sets, which also fail coverage; one
repeated digit is precise with ~0 recall, noise is neither. The test split ships with gan_course.
Writes the table and the checks to OUT/metrics_sanity.md and every score to OUT/results.json.
"""
import argparse, sys, time
from pathlib import Path
from common import made_stamp, write_results
from gan_course.data import held_out, mnist_5k
from gan_course.metrics import digit_features, evaluate, reference, sanity_sets

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0]); ap.add_argument('--n', type=int, default=5000)
    ap.add_argument('--out', default='results/metrics_sanity'); a = ap.parse_args()
    n, net = a.n, digit_features()
    ref = reference(n, 'test', net=net)
    sets = {**sanity_sets(held_out('validation')[0][:n], net=net), '5,000 offline training digits': mnist_5k()[0]}
    print(f"reference: {n:,} digits of the test half of MNIST's test set; candidates: {n:,} of the validation half (the training digits: 5,000)")
    print(f"{'candidate':<30}{'FID':>9}{'KID':>11}{'precision':>10}{'recall':>8}{'density':>9}{'coverage':>9}{'classes':>8}{'KL':>7}{'s':>6}")
    rows = {}
    for name, x in sets.items():
        t0 = time.time(); s = evaluate(x, ref=ref, net=net); rows[name] = s
        print(f"{name:<30}{s['fid']:>9.1f}{s['kid']:>11.4f}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['density']:>9.3f}{s['coverage']:>9.3f}{s['classes']:>8}{s['kl_uniform']:>7.2f}{time.time() - t0:>6.1f}")
    print(f"FID of the reference's two halves ({n // 2:,} against {n - n // 2:,}): {ref['floor_halves']:.2f}. Each half of the test set takes every\n"
          f"other digit, so both mix MNIST's two pools of writers (NIST's employees and students) alike.")
    broken = ['shuffled pixels', 'uniform noise', 'all black', 'one digit repeated']
    F_ = {k: v['fid'] for k, v in rows.items()}
    checks = {'real ≪ binarized (at least 3 times the FID)': F_['real held-out'] * 3 < F_['binarized'],
              'binarized < blurred': F_['binarized'] < F_['blurred (σ = 1 px)'],
              'blurred < every broken set': all(F_['blurred (σ = 1 px)'] < F_[b] for b in broken),
              'the broken sets fail coverage (< 0.05)': all(rows[b]['coverage'] < 0.05 for b in broken),
              'one digit repeated: precision > 0.5, recall < 0.01': rows['one digit repeated']['precision'] > 0.5 and rows['one digit repeated']['recall'] < 0.01,
              'noise: precision and recall < 0.01': rows['uniform noise']['precision'] < 0.01 and rows['uniform noise']['recall'] < 0.01}
    for k, ok in checks.items(): print(f"{'ok  ' if ok else 'FAIL'} {k}")
    keys = ('fid', 'kid', 'precision', 'recall', 'density', 'coverage', 'classes', 'kl_uniform')
    md = [f"Reference: {n:,} digits of the test half of MNIST's test set; candidates: {n:,} of the validation half (the training digits: 5,000).", '',
          '| candidate | FID | KID | precision | recall | density | coverage | classes | KL |', '|---|' + '---:|' * 8]
    md += [f"| {name} | {s['fid']:.1f} | {s['kid']:.4f} | {s['precision']:.3f} | {s['recall']:.3f} | {s['density']:.3f} | {s['coverage']:.3f} | {s['classes']} | {s['kl_uniform']:.2f} |" for name, s in rows.items()]
    md += ['', *[f"- {'ok' if ok else 'FAIL'}: {k}" for k, ok in checks.items()]]
    write_results(Path(a.out), 'metrics_sanity', dict(n=n, made=made_stamp(), checks=checks,
                  scores={k: {q: float(v[q]) for q in keys} for k, v in rows.items()}), '\n'.join(md))
    sys.exit(0 if all(checks.values()) else 1)

if __name__ == '__main__': main()
