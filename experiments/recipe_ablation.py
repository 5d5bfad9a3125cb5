"""Lesson 02's recipe, one change at a time: what each of its four settings buys the Julia tutorial's vanilla GAN.

    python experiments/recipe_ablation.py [--out results/recipe_ablation] [--seeds 0 1 2] [--n 5000]

Trains `vanilla_gan` at its default budget (3,000 generator steps on the offline training digits)
with the whole recipe, with each of its four settings undone in turn (β1 back to 0.9, D's learning
rate down to G's 2e-4, no dropout in D, real label back to 1.0), and with all four undone (the naive
run), over several seeds; scores each run's N samples against N digits of the test half of MNIST's test set with the
course's yardstick (a report: the recipe was chosen by the Julia tutorial, not by this table). A finished run's scores are kept in OUT/results.json with the commit and date
that made them, and reused. Prints a Markdown report (which commits and dates made the runs, then a
table of mean ± sd over the seeds) and writes it to OUT/ablation.md.
"""
import argparse, json, statistics, sys, time
from pathlib import Path
from common import made_note, made_stamp, write_results

CONFIGS = {  # name: the settings that differ from the recipe
    'recipe (all four)': {},
    'β1 0.9 instead of 0.5': dict(beta1=0.9),
    'D lr 2e-4 (= G) instead of 1e-3': dict(lr_d=2e-4),
    'no dropout in D': dict(p_drop=0.0),
    'real label 1.0 instead of 0.9': dict(real_label=1.0),
    'naive (none of the four)': dict(beta1=0.9, lr_d=2e-4, p_drop=0.0, real_label=1.0),
}
COLS = [('fid', 'FID ↓', '{:.1f}'), ('recall', 'recall', '{:.2f}'), ('coverage', 'coverage', '{:.3f}'),
        ('classes1', 'classes ≥ 1%', '{:.1f}'), ('d_acc', 'D accuracy (2nd half)', '{:.2f}'), ('p_fake', 'D(G(z)) (2nd half)', '{:.2f}')]

def ms(xs, fmt):
    return fmt.format(statistics.mean(xs)) + (' ± ' + fmt.format(statistics.stdev(xs)) if len(xs) > 1 else '')

def table(results, seeds):
    rows = ['| setting | ' + ' | '.join(c[1] for c in COLS) + ' |', '|---|' + '---:|' * len(COLS)]
    for name in CONFIGS:
        rs = [results[f'{name}/{s}'] for s in seeds]
        rows.append(f'| {name} | ' + ' | '.join(ms([r[k] for r in rs], f) for k, _, f in COLS) + ' |')
    return '\n'.join(rows)

def main():
    from gan_course.data import mnist
    from gan_course.metrics import held_out_reference, summarize_run
    from gan_course.vanilla import vanilla_gan
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default='results/recipe_ablation'); ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    ap.add_argument('--n', type=int, default=5000)
    a = ap.parse_args()
    ref = held_out_reference(a.n)                # the test half: the recipe is the Julia tutorial's, this table reports what it buys
    scored = f"{a.n} digits of the test half"
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    res_f = out/'results.json'
    results = json.loads(res_f.read_text()) if res_f.exists() else {}
    x, _ = mnist()
    t0 = time.time()
    for name, over in CONFIGS.items():
        for s in a.seeds:
            key = f'{name}/{s}'
            if results.get(key, {}).get('scored') == scored: continue   # made against this reference: reuse it
            t = vanilla_gan(**over).trainer(x, seed=s, progress=False).fit()
            sc = summarize_run(t, n=a.n, ref=ref)
            results[key] = dict(fid=sc['fid'], recall=sc['recall'], coverage=sc['coverage'], d_acc=sc['d_acc'], p_fake=sc['p_fake'],
                                classes1=int((sc['hist'] >= 0.01 * a.n).sum()), hist=sc['hist'].tolist(), fit_s=t.fit_s, scored=scored, made=made_stamp())
            res_f.write_text(json.dumps(results, indent=1))
            print(f"{key}: FID {sc['fid']:.1f}, {t.fit_s:.0f}s", file=sys.stderr)
    md = table(results, a.seeds)
    note = (f"\nThe Julia tutorial's vanilla GAN at its default budget (3,000 generator steps), seeds {', '.join(map(str, a.seeds))}; "
            f"mean ± sd over the seeds; scores of {a.n:,} samples against {a.n:,} digits of the test half of MNIST's test set.")
    report = made_note([results[f'{name}/{s}'].get('made') for name in CONFIGS for s in a.seeds], str(out)) + '\n\n' + md + '\n' + note
    write_results(out, 'ablation', results, report)
    print(f"recipe_ablation: {time.time() - t0:.0f}s for this call", file=sys.stderr)

if __name__ == '__main__': main()
