"""Lesson 06's grid: every cure against collapse on PacGAN's 5×5 grid of Gaussians, over several seeds.

    python experiments/mode_grid.py [--out results/mode_grid] [--seeds 0 1 2 3 4] [--steps 8000] [--every 2000]

For each cure of lesson 06 (`gan_course.minibatch.TOY_CURES`) and each seed: the 2-D toy GAN
(`toy_gan`, PacGAN's Table 1 networks) with that one cure, trained for STEPS batches on 20,000
points of the grid (`grid_of_gaussians`, seeded like the run), one run at a time; `ModesAlong`
counts the modes every EVERY batches, and the run's end is scored on 2,500 samples from fixed noise
(seed 100 + the run's seed): modes covered (at least 2% of the high-quality samples) and the share
of high-quality samples (within 3 standard deviations, 3 × 0.05, of a centre; `mode_stats`).
A finished run is kept in OUT/results.json with the commit and date that made it, and reused, so an
interrupted experiment goes on where it stopped.

Writes OUT/results.json (every run), OUT/samples.json (1,000 samples of each cure's first seed), OUT/mode_grid.md (which commits made the runs, then mean ± sd
over the seeds of the modes at each count, the high-quality share and the seconds per run) and
OUT/mode_grid.png (the samples of each cure's first seed, with the 25 centres). Lesson 06 reads them.
"""
import argparse, json, statistics, sys, time
from pathlib import Path
from common import made_note, made_stamp, write_results

def ms(xs, fmt='{:.1f}') -> str: return fmt.format(statistics.fmean(xs)) + ' ± ' + fmt.format(statistics.stdev(xs) if len(xs) > 1 else 0.)

def grid_table(runs:dict, # {'CURE/SEED': one run's dict (modes, hq, s, at2000, ...)}
               cures, seeds, counts) -> str: # the cures in order, the seeds, the batches at which modes were counted
    "Markdown: a row per cure, mean ± sd over the seeds of the modes at each count, the high-quality share and the seconds per run."
    head = [f"modes at {b:,}" for b in counts[:-1]] + [f"modes at {counts[-1]:,} (of 25)", 'high quality', 'seconds per run']
    lines = ['| cure | ' + ' | '.join(head) + ' |', '|---|' + '---:|' * len(head)]
    for c in cures:
        rs = [runs[f'{c}/{s}'] for s in seeds]
        cells = [ms([r[f'at{b}'] for r in rs]) for b in counts[:-1]] + [ms([r['modes'] for r in rs]),
                 ms([100 * r['hq'] for r in rs], '{:.0f}%'), ms([r['s'] for r in rs])]
        lines.append(f'| {c} | ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)

def main():
    from gan_course.core import fixed_noise
    from gan_course.minibatch import TOY_CURES, ModesAlong, toy_gan
    from gan_course.toy import grid_centers, grid_of_gaussians, mode_stats
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default='results/mode_grid'); ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2, 3, 4])
    ap.add_argument('--steps', type=int, default=8000); ap.add_argument('--every', type=int, default=2000)
    a = ap.parse_args()
    if a.steps % a.every: sys.exit(f"mode_grid: --steps {a.steps} is not a multiple of --every {a.every}: give steps that the counts divide")
    out = Path(a.out); res_f = out/'results.json'
    old = json.loads(res_f.read_text()) if res_f.exists() else {}
    runs = old.get('runs', {}) if (old.get('steps'), old.get('every')) == (a.steps, a.every) else {}   # other budgets: train again
    samples_f = out/'samples.json'
    samples = json.loads(samples_f.read_text()) if runs and samples_f.exists() else {}
    gc, t0 = grid_centers(), time.time()
    for cure in TOY_CURES:
        for s in a.seeds:
            key = f'{cure}/{s}'
            if key not in runs or (s == a.seeds[0] and cure not in samples):   # the figure needs the first seed's samples
                along = ModesAlong(gc, 0.05, every=a.every, seed=100 + s)
                t = toy_gan(cure, steps=a.steps).trainer(grid_of_gaussians(20000, seed=s), progress=False, seed=s, cbs=[along]).fit()
                xs = t.generate(z=fixed_noise(2500, 2, seed=100 + s))
                st = mode_stats(xs, gc, 0.05)
                runs[key] = dict(cure=cure, seed=s, modes=st['modes'], hq=st['hq'], counts=st['counts'], s=round(t.fit_s, 2),
                                 **{f'at{b}': v['modes'] for b, v in along.stats.items()}, made=made_stamp())
                out.mkdir(parents=True, exist_ok=True)
                if s == a.seeds[0]:   # the figure's samples: 1,000 of the first seed's 2,500, to 0.01 (the modes' sd is 0.05)
                    samples[cure] = [[round(v, 2) for v in p] for p in xs[:1000].tolist()]
                    samples_f.write_text(json.dumps(samples, separators=(',', ':')) + '\n')
                res_f.write_text(json.dumps(dict(steps=a.steps, every=a.every, runs=runs), indent=1) + '\n')
                print(f"{key}: {st['modes']} modes, {st['hq']:.0%} high quality, {t.fit_s:.0f}s", file=sys.stderr, flush=True)
    counts = list(range(a.every, a.steps + 1, a.every))
    note = (f"\nThe 2-D toy GAN with one cure changed, {a.steps:,} batches of 100 on the 5×5 grid, seeds {', '.join(map(str, a.seeds))}, "
            f"one run at a time; mean ± sd over the seeds; each run scored on 2,500 samples from fixed noise.")
    report = made_note([runs[f'{c}/{s}']['made'] for c in TOY_CURES for s in a.seeds], str(out)) + '\n\n' + grid_table(runs, TOY_CURES, a.seeds, counts) + '\n' + note
    write_results(out, 'mode_grid', dict(steps=a.steps, every=a.every, seeds=a.seeds, runs=runs), report)
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, axs = plt.subplots(2, 4, figsize=(13, 6.6), sharex=True, sharey=True)
    for ax, cure in zip(axs.flat, TOY_CURES):
        r = runs[f'{cure}/{a.seeds[0]}']
        ax.scatter(*zip(*samples[cure]), s=2, alpha=.3, rasterized=True); ax.scatter(*gc.T, marker='x', color='k', s=12)
        ax.set_title(f"{cure}: {r['modes']} modes, {r['hq']:.0%} hq", fontsize=9); ax.set_aspect('equal')
    axs[0, 0].set_xlim(-5.5, 5.5); axs[0, 0].set_ylim(-5.5, 5.5); fig.suptitle(f"seed {a.seeds[0]}, 1,000 of its 2,500 samples", fontsize=10)
    plt.tight_layout(); fig.savefig(out/'mode_grid.png', dpi=72)
    print(f"mode_grid: {time.time() - t0:.0f}s for this call (reused runs cost nothing)", file=sys.stderr)

if __name__ == '__main__': main()
