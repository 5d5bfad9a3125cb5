"""The course-wide scoreboard: every registered variant at its default budget, over several seeds, scored by the course's yardstick.

    python benchmarks/scoreboard.py [--out runs/scoreboard] [--seeds 0 1 2] [--n 10000] [--variants vanilla dcgan ...] [--device cpu]

For each variant and seed: `gan-course train VARIANT --seed S` (its default budget, on the offline
training digits), then `gan-course evaluate` of its checkpoint: FID, KID, precision, recall and
coverage of N samples against N held-out test digits (MNIST's test split must be reachable: in
`data_root()`, in a checkout's shared/data, or by download). A run already in OUT is reused
(delete it to retrain), so an interrupted scoreboard goes on where it stopped.

Prints one Markdown table ranked by mean FID: mean ± sd over the seeds of every score, the training
wall time and images/s (on this machine's CPU or GPU, one run at a time), and, for ranking only,
Lucic et al. 2018's best MNIST FID for the same loss (Inception features after a large
hyperparameter search, so not comparable in value). Writes OUT/scoreboard.json, OUT/scoreboard.md
and OUT/VARIANT/median.png, the sample grid of the run with the median FID.
"""
import argparse, json, shutil, statistics, sys, time
from pathlib import Path

# Lucic et al. 2018 ("Are GANs created equal?"), Table: best FID on MNIST, mean ± sd (their Inception-feature FID).
LUCIC = {'NS GAN': '6.8 ± 0.5', 'LSGAN': '7.8 ± 0.6', 'WGAN-GP': '20.3 ± 5.0', 'MM GAN': '9.8 ± 0.9'}

def family(v) -> str:
    "Which of Lucic et al.'s losses a variant trains with."
    name = v.loss.name.lower()
    if 'wasserstein' in name: return 'WGAN-GP'
    if 'least squares' in name: return 'LSGAN'
    if 'minimax' in name: return 'MM GAN'
    return 'NS GAN'

def ms(vals, fmt) -> str:
    "mean ± sd"
    m = statistics.fmean(vals); s = statistics.stdev(vals) if len(vals) > 1 else 0.
    return f"{m:{fmt}} ± {s:{fmt}}"

def main():
    from gan_course.cli import evaluate, train
    from gan_course.registry import get_variant, variant_names
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default='runs/scoreboard'); ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    ap.add_argument('--n', type=int, default=10000); ap.add_argument('--variants', nargs='*', default=None)
    ap.add_argument('--device', default='auto')
    a = ap.parse_args()
    t_start, out_root, rows = time.time(), Path(a.out), {}
    for name in a.variants or variant_names():
        runs = []
        for s in a.seeds:
            out = out_root/name/f'seed{s}'
            if not (out/'history.json').exists(): train(name, out=str(out), seed=s, device=a.device, force=True)
            run = json.loads((out/'history.json').read_text())
            if not (out/'scores.json').exists(): evaluate(str(out/'checkpoint.pt'), n=a.n, json=str(out/'scores.json'), device=a.device)
            sc = json.loads((out/'scores.json').read_text())
            runs.append(dict(seed=s, wall_s=run['wall_s'], images_per_s=run['images_per_s'], device=run['device'], steps=run['steps'],
                             **{k: sc[k] for k in ('fid', 'kid', 'precision', 'recall', 'coverage', 'classes')}))
            print(f"{name} seed {s}: FID {sc['fid']:.2f}, {run['wall_s']:.0f}s of training", file=sys.stderr)
        med = sorted(runs, key=lambda r: r['fid'])[len(runs) // 2]
        shutil.copy(out_root/name/f"seed{med['seed']}"/'samples.png', out_root/name/'median.png')
        rows[name] = dict(runs=runs, median_seed=med['seed'], family=family(get_variant(name)))
    ranked = sorted(rows, key=lambda n: statistics.fmean(r['fid'] for r in rows[n]['runs']))
    dev = rows[ranked[0]]['runs'][0]['device']
    lines = [f"| rank | variant | FID ↓ | KID ↓ | precision | recall | coverage | classes ≥ 1% | training (s, {dev}) | images/s | loss (Lucic et al. MNIST FID, for ranking only) |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for i, n in enumerate(ranked, 1):
        col = lambda k: [r[k] for r in rows[n]['runs']]
        lines.append(f"| {i} | `{n}` | {ms(col('fid'), '.1f')} | {ms(col('kid'), '.3f')} | {ms(col('precision'), '.3f')} | {ms(col('recall'), '.3f')} | "
                     f"{ms(col('coverage'), '.3f')} | {ms(col('classes'), '.1f')} | {ms(col('wall_s'), '.0f')} | {ms(col('images_per_s'), ',.0f')} | "
                     f"{rows[n]['family']} ({LUCIC[rows[n]['family']]}) |")
    table = '\n'.join(lines)
    note = (f"\n{len(ranked)} variants × {len(a.seeds)} seeds ({', '.join(map(str, a.seeds))}), each at its default budget on the same offline data; "
            f"scores of {a.n:,} samples against {a.n:,} held-out test digits; {time.time() - t_start:.0f}s for this call (reused runs cost nothing).")
    print(table + '\n' + note)
    (out_root/'scoreboard.md').write_text(table + '\n' + note + '\n')
    (out_root/'scoreboard.json').write_text(json.dumps(dict(seeds=a.seeds, n=a.n, ranked=ranked, rows=rows), indent=1))

if __name__ == '__main__': main()
