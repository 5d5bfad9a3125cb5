"""Quality over wall time: registered variants trained for a fixed budget of seconds, scored by the course's yardstick at checkpoints along the way.

    python experiments/quality_vs_time.py [--variants lsgan fast ...] [--seeds 0 1 2] [--budget 600]
                                         [--at 30 60 120 300 600] [--n 5000] [--out results/quality_time] [--device auto]
    python experiments/quality_vs_time.py --plan        # every registered variant, as lesson 07 and the results page show it
    python experiments/quality_vs_time.py --scores_at 600 --base fast   # every score at 10 minutes, FID paired by seed against fast
    python experiments/quality_vs_time.py --scores_at 120 --ranked      # the ranking at 2 minutes, each FID paired by seed with the next
    python experiments/quality_vs_time.py --variants fast --seeds 0 1 2 --budget 600 --set channels_last=True --out results/fast_ablation
    python experiments/quality_vs_time.py --variants fast --seeds 0 1 2 --budget 600 --split test --from_kept runs/kept/fast_ablation2 --out results/fast_ten_minutes

`--plan` runs the course's own plan (`PLAN` below), every variant over seeds 0, 1 and 2 so that
every point of every curve is a mean over three runs: the ten-minute preset `fast` for 10 minutes
(with `--also_raw`), and every other variant for the 2 minutes at which the scoreboard compares
them all (its equal-time column); their scores at their own default budgets are the scoreboard's.

For each variant and seed: the variant's default settings on the offline training digits, trained
(one run at a time, on this machine's CPU or GPU) until `--budget` seconds of training have
passed, whatever its default step budget. At the end of the first epoch after each time in `--at`
(seconds of training: `fit`'s own clock, so the snapshots and the scoring cost nothing), the
generator that draws the run's images (G, or its moving average for a variant with `ema`) is
copied. After training, each copy draws `--n` samples from the noise `gan-course evaluate` uses
(seed 0), scored against `--n` digits of the test half of MNIST's test set (these
curves report; they choose nothing), or with `--split validation` of its validation half (an
ablation that chooses a setting, such as `experiments/fast_ablation.py`): FID, KID, precision, recall, coverage and
the classes with at least 1% of the samples. With `--also_raw`, a variant with G's moving average (`ema`)
has G itself scored too, at the same checkpoints: the same run without the average, for free in
training time; with `--also_ema 0.995 0.999`, G's moving averages with those decays are kept
beside the run's own (updated after every G step, warm-up included) and scored too (each row's
`also_ema`): the same run with another `ema`, as training never reads the average. Each extra
average costs one pass over G's weights per step inside the training clock (1.3 ms against a step
of `fast` of 375 ms, 0.4%, timed on 2 CPU cores), so give the runs of a comparison the same `--also_ema`. With `--keep DIR`, the copies are also saved (DIR/VARIANT/seedS.pt, outside the
repository); `--from_kept DIR` then trains nothing and scores those copies against `--split`: an
ablation chooses on the validation half, and only the runs it chose (and the preset they replace)
are then scored on the test half, as the same runs. A finished run scored against the same reference (OUT/VARIANT/seedS.json) is reused, so an interrupted
experiment goes on where it stopped; the table and figure cover every run in OUT.

`--set KEY=VALUE ...` builds the variants with other settings (`TrainConfig` fields such as
`lr_d=4e-4` or `channels_last=True`, or the variant's own), typed as `gan-course train --set` types
them (`gan_course.registry.parse_settings`); such runs are named and filed as VARIANT+KEY=VALUE (as typed), for an ablation: give them an `--out` of their own, since the table and the
figure cover every run in OUT.

Writes OUT/VARIANT/seedS.json (one row per checkpoint) and OUT/VARIANT/seedS.png (64 samples at the
last checkpoint), then OUT/results.json (`quality_time_summary` of every run in OUT),
OUT/quality_vs_time.md (FID at each time, mean ± sd over the seeds) and OUT/quality_vs_time.png (FID
against seconds of training, every variant). All of it is small enough to keep in the repository.
"""
import argparse, json, math, statistics, sys, time
from pathlib import Path
from common import made_note, made_stamp, write_results

SCORES = ('fid', 'kid', 'precision', 'recall', 'coverage', 'classes')

PLAN_SEEDS = (0, 1, 2)   # every variant of the plan: comparisons rest on three seeds
EQUAL_TIME = 120         # seconds of training at which every variant of the plan has a point: the scoreboard's equal-time column
PLAN = {('fast',): dict(budget=600, also_raw=True)}   # every other variant: EQUAL_TIME


def plan_jobs(names) -> list:
    "The plan's runs for the registered variants `names`: (variant, seeds, budget in seconds, also_raw), in the plan's order."
    planned = {n: (n, PLAN_SEEDS, job['budget'], job.get('also_raw', False)) for ns, job in PLAN.items() for n in ns if n in names}
    return list(planned.values()) + [(n, PLAN_SEEDS, EQUAL_TIME, False) for n in names if n not in planned]


QT_KEYS = ('fid', 'kid', 'precision', 'recall', 'coverage', 'classes', 'fit_s', 'step')

def quality_time_summary(runs:list, # one dict per run (OUT/VARIANT/seedS.json): variant, seed, rows (one per checkpoint)
                        ) -> dict:
    "The runs gathered by variant: at every checkpoint time all its seeds reached, each score's mean and sd over the seeds."
    from gan_course.core import GanCourseError
    by = {}
    for r in runs: by.setdefault(r['variant'], []).append(r)
    out = {}
    for n, rs in sorted(by.items()):
        if any(not r['rows'] for r in rs): raise GanCourseError(f"a run of {n} has no checkpoint: give it a budget of at least the first time in --at")
        ats = sorted(set.intersection(*[{row['at'] for row in r['rows']} for r in rs]))
        pts = []
        for at in ats:
            rows = [next(row for row in r['rows'] if row['at'] == at) for r in rs]
            pts.append(dict(at=at, **{k: (statistics.fmean(v), statistics.stdev(v) if len(v) > 1 else 0.)
                                      for k in QT_KEYS for v in [[row[k] for row in rows]]}))
        out[n] = dict(seeds=sorted(r['seed'] for r in rs), points=pts)
    return out



def quality_time_table(summary:dict, # from `quality_time_summary`
                       key:str='fid', fmt:str='.1f') -> str:
    "Markdown: a row per variant (ranked by its score at the latest time every variant reached), a column per checkpoint time, mean ± sd over the seeds."
    from gan_course.core import GanCourseError
    from gan_course.viz import time_label
    if not summary: raise GanCourseError("quality_time_table needs at least one run: run experiments/quality_vs_time.py first")
    ats = sorted({p['at'] for s in summary.values() for p in s['points']})
    common = max((a for a in ats if all(any(p['at'] == a for p in s['points']) for s in summary.values())), default=None)
    at_of = lambda n, a: next((p for p in summary[n]['points'] if p['at'] == a), None)
    rank = lambda n: (at_of(n, common)[key][0] if common is not None else math.inf, n)
    lines = [f"| variant | seeds | " + ' | '.join(f"{key.upper() if key in ('fid', 'kid') else key} at {time_label(a)}" for a in ats) + ' |',
             '|---|---:|' + '---:|' * len(ats)]
    for n in sorted(summary, key=rank):
        cells = [(f"{p[key][0]:{fmt}} ± {p[key][1]:{fmt}}" if p else '—') for a in ats for p in [at_of(n, a)]]
        lines.append(f"| `{n}` | {len(summary[n]['seeds'])} | " + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def is_conv(name) -> bool:
    "Whether variant `name`'s D (VARIANT+KEY=VALUE: the variant's) is convolutional (the figure's left panel) or an MLP (its right one)."
    import torch
    from gan_course.registry import get_variant
    v = get_variant(name.split('+')[0])
    return any(isinstance(m, torch.nn.Conv2d) for m in v.D(v.cfg).modules())


def cpu_copy(m) -> dict:
    "A CPU copy of a network's weights, taken while it trains on."
    return {k: w.detach().cpu().clone() for k, w in m.state_dict().items()}


def shadow_emas(t, decays) -> dict:
    "Moving averages of trainer `t`'s G with other `decays` beside its own, updated after every G step as `cfg.ema`'s is (warm-up included): {decay: average}. Nothing of the training changes."
    import copy
    from gan_course.train import ema_decay, ema_update
    shadows = {d: copy.deepcopy(t.G).requires_grad_(False) for d in decays}
    step_g = t.g_step
    def g_step(x_fake):
        loss = step_g(x_fake)
        for d, avg in shadows.items(): ema_update(avg, t.G, ema_decay(d, t.step))
        return loss
    t.g_step = g_step   # this run's G steps, every schedule's (`EveryK`, `Switcher`) call it
    return shadows


def train(name, seed, budget, at, device, also_raw=False, knobs=None, also_ema=()):
    "Train variant `name` for `budget` seconds, copying its sampler at each time in `at` (and, with `also_ema`, G's moving averages with those decays): (the copies, one dict per checkpoint, and the trainer)."
    from gan_course.data import mnist
    from gan_course.registry import get_variant
    v = get_variant(name, **(knobs or {}))
    x, _ = mnist()
    t = v.trainer(x, device=device, progress=False, minutes=budget / 60, seed=seed)   # the trainer's time budget: no epoch cap, stops at the first epoch end after it
    shadows = shadow_emas(t, also_ema) if also_ema else {}
    todo, snaps = sorted(s for s in at if s <= budget), []

    class Snapshots:
        def after_epoch(self, tr):
            while todo and tr.fit_s >= todo[0]:
                snaps.append(dict(at=todo.pop(0), fit_s=round(tr.fit_s, 1), step=tr.step, images=tr.fit_images, G=cpu_copy(tr.sampler),
                                  **({'G_raw': cpu_copy(tr.G)} if also_raw and tr.G_ema is not None else {}),
                                  **({'G_also_ema': {str(d): cpu_copy(avg) for d, avg in shadows.items()}} if shadows else {})))

    t.cbs.append(Snapshots()); t.fit()
    return snaps, t


def score_snaps(name, seed, snaps, n, ref, knobs=None):
    "Score every copy of a run's sampler (`train`'s snapshots) against `ref`: (one row per checkpoint, the last copy's first 64 samples)."
    from gan_course.core import fixed_noise
    from gan_course.metrics import evaluate
    from gan_course.registry import get_variant
    from gan_course.train import generate_images
    v = get_variant(name, **(knobs or {}))
    G, rows = v.G(v.cfg), []
    z = fixed_noise(n, v.cfg.z_dim, 0)
    def score(weights) -> tuple:
        G.load_state_dict(weights); x_fake = generate_images(G, z, v.to_img, bs=1000)
        sc = evaluate(x_fake, ref)
        return {k: sc[k] for k in SCORES}, x_fake
    for s in snaps:
        if 'G_raw' in s: s['raw'] = score(s.pop('G_raw'))[0]
        if 'G_also_ema' in s: s['also_ema'] = {d: score(w)[0] for d, w in s.pop('G_also_ema').items()}
        sc, x_fake = score(s.pop('G'))
        rows.append(dict(**s, **sc))
        print(f"  {name} seed {seed}: {s['fit_s']:>6.0f}s  step {s['step']:>6,}  FID {rows[-1]['fid']:7.2f}", file=sys.stderr, flush=True)
    return rows, x_fake[:64]


def scores_table(runs:list, # quality_vs_time runs (dicts with variant, seed, rows), as OUT/VARIANT/seedS.json hold them
                 at:float, # the checkpoint, in seconds of training (a value of --at)
                 base:str|None=None, # a variant every other is compared with, seed by seed
                 ranked:bool=False, # rank the variants by mean FID and compare each with the next one down, seed by seed
                ) -> str:
    "Markdown: a row per variant, every score at checkpoint `at` and its G steps, mean ± sd over its seeds; with `base`, in how many of the seeds both share each variant's FID is lower; `ranked`, the same against the next variant in the ranking."
    from gan_course.core import GanCourseError
    by = {}
    for r in runs:
        row = next((x for x in r['rows'] if x['at'] == at), None)
        if row is None: raise GanCourseError(f"run {r['variant']} seed {r['seed']} has no checkpoint at {at:g} s: give one of its --at times")
        by.setdefault(r['variant'], {})[r['seed']] = row
    if not by: raise GanCourseError("scores_table needs at least one run: run experiments/quality_vs_time.py first")
    if base is not None and base not in by: raise GanCourseError(f"no runs of {base!r} to compare with: it is one of {', '.join(sorted(by))}")
    if base is not None and ranked: raise GanCourseError("give base (compare every variant with one) or ranked (each with the next one down), not both")
    ms = lambda v: (statistics.fmean(v), statistics.stdev(v) if len(v) > 1 else 0.)
    cols = [('fid', 'FID', '.2f'), ('kid', 'KID', '.3f'), ('precision', 'precision', '.3f'), ('recall', 'recall', '.3f'),
            ('coverage', 'coverage', '.3f'), ('classes', 'classes ≥ 1%', '.1f'), ('step', 'G steps', ',.0f')]
    paired = f'FID lower than `{base}`' if base else 'FID lower than the next' if ranked else None
    lines = [('| rank ' if ranked else '') + '| variant | seeds | ' + ' | '.join(h for _, h, _ in cols) + (f' | {paired}' if paired else '') + ' |',
             ('|---:' if ranked else '') + '|---|---|' + '---:|' * (len(cols) + bool(paired))]
    order = sorted(by, key=lambda n: (n != base, ms([x['fid'] for x in by[n].values()])[0]))
    for i, n in enumerate(order):
        rows = by[n]
        cells = [f"{m:{f}} ± {s:{f}}" for k, _, f in cols for m, s in [ms([x[k] for x in rows.values()])]]
        other = base if base else order[i + 1] if ranked and i + 1 < len(order) else None
        if paired:
            shared = sorted(set(rows) & set(by[other])) if other not in (None, n) else []
            cells.append(f"{sum(rows[s]['fid'] < by[other][s]['fid'] for s in shared)} of {len(shared)} seeds" if shared else '—')
        lines.append((f'| {i + 1} ' if ranked else '') + f"| `{n}` | {', '.join(map(str, sorted(rows)))} | " + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def main():
    import torch
    from gan_course.core import GanCourseError, get_device
    from gan_course.metrics import reference
    from gan_course.registry import canonical_name, get_variant, parse_settings, variant_names
    from gan_course.data import save_grid
    from gan_course.viz import plot_quality_time
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--variants', nargs='*', default=None); ap.add_argument('--seeds', type=int, nargs='+', default=[0])
    ap.add_argument('--budget', type=float, default=300); ap.add_argument('--at', type=float, nargs='+', default=[30, 60, 120, 300, 600])
    ap.add_argument('--n', type=int, default=5000); ap.add_argument('--out', default='results/quality_time')
    ap.add_argument('--device', default='auto')
    ap.add_argument('--also_raw', action='store_true', help="for a variant with G's moving average (ema), score G itself too (the same run without the average)")
    ap.add_argument('--also_ema', type=float, nargs='*', default=[], metavar='DECAY',
                    help="also score G's moving averages with these decays (e.g. 0.995 0.999), kept beside the run's own: the same run with another ema, for one pass over G's weights per step")
    ap.add_argument('--set', nargs='*', default=[], metavar='KEY=VALUE', help="build the variants with these settings or knobs; runs are filed as VARIANT+KEY=VALUE")
    ap.add_argument('--split', default='test', choices=('test', 'validation'),
                    help="the held-out half that scores the runs: test (to report) or validation (to choose a setting)")
    ap.add_argument('--scores_at', type=float, default=None, metavar='SECONDS',
                    help="train nothing: print every score of the runs in OUT at this checkpoint (with --base VARIANT, FID paired by seed against it)")
    ap.add_argument('--base', default=None, help="with --scores_at: the variant (as filed, e.g. fast) the others are compared with")
    ap.add_argument('--ranked', action='store_true', help="with --scores_at: rank by FID and compare each variant with the next one down, seed by seed")
    ap.add_argument('--keep', default=None, metavar='DIR',
                    help="also save every run's sampler copies to DIR/VARIANT/seedS.pt (about 27 MB per copy for the conv GANs: keep DIR out of the repository, e.g. runs/kept)")
    ap.add_argument('--from_kept', default=None, metavar='DIR',
                    help="train nothing: score the copies a --keep DIR holds for --variants, --seeds and --set against --split (a choice made on the validation half, its runs then reported on the test half)")
    ap.add_argument('--plan', action='store_true', help="every registered variant as the course plans it (PLAN); ignores --variants, --seeds, --budget and --also_raw")
    a = ap.parse_args()
    if a.scores_at is not None:
        scored = f'{a.n} digits of the {a.split} half'
        runs = [r for f in sorted(Path(a.out).glob('*/seed*.json')) for r in [json.loads(f.read_text())]
                if r.get('scored') == scored and (not a.variants or r['variant'] in a.variants)]
        try: print(f"{scored}, at {a.scores_at:g} s of training (the first epoch end after it):\n\n" + scores_table(runs, a.scores_at, a.base, a.ranked))
        except GanCourseError as e: sys.exit(f"quality_vs_time: {e}")
        return
    try:
        names = [canonical_name(v) for v in (a.variants or variant_names())]
        jobs = plan_jobs(variant_names()) if a.plan else [(n, a.seeds, a.budget, a.also_raw) for n in names]
        knobs_of = {name: parse_settings(name, a.set) for name, *_ in jobs}   # every setting checked before anything trains
        dev = get_device(a.device)
    except GanCourseError as e: sys.exit(f"quality_vs_time: {e}")
    if bad := [d for d in a.also_ema if not 0 < d < 1]: sys.exit(f"quality_vs_time: --also_ema takes decays between 0 and 1 such as 0.995, got {bad}")
    try: ref = reference(a.n, a.split)           # the test half reports; the validation half chooses (an ablation)
    except GanCourseError as e: sys.exit(f"quality_vs_time: cannot score the runs: {e}")
    out_root = Path(a.out)
    for name, seeds, budget, also_raw in jobs:
        knobs = knobs_of[name]
        tag = name + ''.join(f'+{kv}' for kv in a.set)
        for s in seeds:
            f = out_root/tag/f'seed{s}.json'
            done = json.loads(f.read_text()) if f.exists() else None
            scored = f'{a.n} digits of the {a.split} half'
            if done and done['budget'] >= budget and done.get('scored') == scored \
               and all(str(d) in row.get('also_ema', {}) for row in done['rows'] for d in a.also_ema): continue   # a run without a decay asked for is made again
            t0 = time.time()
            try:
                if a.from_kept:
                    k = Path(a.from_kept)/tag/f'seed{s}.pt'
                    if not k.exists(): sys.exit(f"quality_vs_time: {k} is missing: train {tag} seed {s} with --keep {a.from_kept} first")
                    kept = torch.load(k, weights_only=False)
                    if kept['budget'] < budget: sys.exit(f"quality_vs_time: {k} was trained for {kept['budget']:g} s, less than --budget {budget:g}")
                    snaps, info = [c for c in kept['snaps'] if c['at'] in a.at], kept['info']   # only the times asked for
                    if not snaps: sys.exit(f"quality_vs_time: {k} holds copies at {[c['at'] for c in kept['snaps']]} s, "
                                           f"none at --at {a.at}: ask for some of those times")
                else:
                    snaps, t = train(name, s, budget, a.at, dev, also_raw, knobs, a.also_ema)
                    info = dict(device=str(dev), threads=torch.get_num_threads(), images_per_s=t.images_per_s, made=made_stamp())
                    if a.keep:
                        k = Path(a.keep)/tag/f'seed{s}.pt'; k.parent.mkdir(parents=True, exist_ok=True)
                        torch.save(dict(snaps=snaps, info=info, budget=budget, knobs=knobs), k)
                rows, grid = score_snaps(name, s, snaps, a.n, ref, knobs)
            except GanCourseError as e: sys.exit(f"quality_vs_time: {e}")
            f.parent.mkdir(parents=True, exist_ok=True)
            save_grid(grid, f.with_suffix('.png'), nrow=8)
            f.write_text(json.dumps(dict(variant=tag, seed=s, budget=budget, knobs=knobs, device=info['device'], threads=info['threads'],
                                         images_per_s=info['images_per_s'], rows=rows, scored=scored, made=info['made'],
                                         **({'scored_from': 'the kept copies of the runs that were scored on the validation half',
                                             'trained_with': kept.get('knobs')} if a.from_kept else {})),   # the settings the kept run trained with (its tag there may differ)
                                    indent=1))
            print(f"{tag} seed {s}: {len(rows)} checkpoints, {time.time() - t0:.0f}s with scoring", file=sys.stderr, flush=True)
    scored = f'{a.n} digits of the {a.split} half'
    every = [json.loads(f.read_text()) for f in sorted(out_root.glob('*/seed*.json'))]
    runs = [r for r in every if r.get('scored') == scored]   # one reference per table: never the test half beside the validation half
    if len(runs) < len(every): print(f"left out {len(every) - len(runs)} runs of {out_root} scored against another reference than {scored}", file=sys.stderr)
    summary = quality_time_summary(runs)
    write_results(out_root, 'quality_vs_time', summary, made_note([r.get('made') for r in runs], str(out_root)) + '\n\n' + quality_time_table(summary))
    import matplotlib.pyplot as plt
    conv = {n: is_conv(n) for n in summary}
    fig, axs = plt.subplots(1, 2, figsize=(13, 4.8), sharex=True, sharey=True)
    for ax, c, title in [(axs[1], False, 'MLP GANs'), (axs[0], True, 'convolutional GANs')]:   # the shared time axis takes the last panel's ticks
        part = {n: s for n, s in summary.items() if conv[n] == c}
        if part: plot_quality_time(part, ax=ax, highlight=('fast',))
        ax.set_title(title if part else f"{title}: none in {out_root.name}")
    axs[1].set_ylabel(''); fig.tight_layout()
    fig.savefig(out_root/'quality_vs_time.png', dpi=110, bbox_inches='tight')

if __name__ == '__main__': main()
