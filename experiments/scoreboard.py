"""The course-wide scoreboard: every registered variant at its default budget, over several seeds, scored by the course's yardstick.

    python experiments/scoreboard.py [--out results/scoreboard] [--runs runs/scoreboard] [--seeds 0 1 2] [--n 5000] [--variants vanilla dcgan ...] [--device cpu]

For each variant and seed: `gan-course train VARIANT --seed S` (its default budget, on the offline
training digits), then `gan-course evaluate` of its checkpoint: FID, KID, precision, recall and
coverage of N samples against N digits of the test half of MNIST's test set (the scoreboard
reports; it chooses nothing). A run already scored in OUT (OUT/runs/VARIANT/seedS.json, kept in
the repository) is reused (delete it to retrain), so an interrupted scoreboard goes on where it
stopped, in this session or a later one, and `--variants` can fill it a few variants at a time; the
table covers every variant with all its seeds scored. The runs (checkpoints) go to RUNS; the
results, small enough to keep in the repository, to OUT.

Prints one Markdown table ranked by mean FID (`scoreboard_table`, below): mean ± sd
over the seeds of every score, the training wall time and images/s (on this machine's CPU or GPU,
one run at a time), and, for ranking only, Lucic et al. 2018's best MNIST FID for the same loss
(Inception features after a large hyperparameter search, so not comparable in value). Default
budgets run from seconds to minutes, so that ranking is of budgets as much as of methods: the
equal-time columns rank every variant by its FID after the same 2 minutes of training (3 seeds),
read from the quality-over-time experiment (`--equal_time`, made by `quality_vs_time.py --plan`). Writes
OUT/results.json, OUT/scoreboard.md and OUT/VARIANT.png, the sample grid of each variant's run with
the median FID.
"""
import argparse, json, shutil, statistics, sys, time
from pathlib import Path
from common import made_note, made_stamp, write_results
from quality_vs_time import EQUAL_TIME

LUCIC_MNIST_FID = {'NS GAN': (6.8, 0.5), 'MM GAN': (9.8, 0.9), 'LSGAN': (7.8, 0.6), 'WGAN-GP': (20.3, 5.0)}   # Lucic et al. 2018, best FID on MNIST, mean and sd

def loss_family(v) -> str:
    "Which of Lucic et al. (2018)'s losses variant `v` trains with (its loss's `family`): 'NS GAN', 'MM GAN', 'LSGAN', 'WGAN-GP' ('WGAN' without a penalty); for the hinge loss, which their study left out, says so."
    from gan_course.core import GanCourseError
    fam = v.loss.family
    if fam == 'WGAN': return 'WGAN-GP' if v.penalty is not None else 'WGAN'
    if fam == 'hinge': return 'hinge (not in their study)'
    if not fam: raise GanCourseError(f"variant {v.name!r} trains with the loss {v.loss.name!r}, which names no family: give its GANLoss a family")
    return fam

def equal_time_fids(summary:dict, # `quality_vs_time.quality_time_summary` of a quality-over-time experiment (its results.json)
                    at:float=120) -> dict: # seconds of training
    "{variant: (mean FID, sd, seeds)} at the checkpoint `at` seconds into training, for every variant of `summary` that has one (runs filed as VARIANT+KEY=VALUE left out)."
    out = {}
    for n, s in summary.items():
        p = next((p for p in s['points'] if p['at'] == at), None)
        if p is not None and '+' not in n: out[n] = (p['fid'][0], p['fid'][1], len(s['seeds']))
    return out

def _mean_sd(vals, fmt) -> str: return f"{statistics.fmean(vals):{fmt}} ± {statistics.stdev(vals) if len(vals) > 1 else 0.:{fmt}}"

def scoreboard_table(runs:dict, # {variant: [one dict per seed with seed, fid, kid, precision, recall, coverage, classes, wall_s, images_per_s]}
                     families:dict|None=None, # {variant: loss family}, for Lucic et al.'s column
                     device:str='cpu', # where the runs trained, for the header
                     equal_time:dict|None=None, # {variant: (mean FID, sd, seeds)} after the same seconds of training (`equal_time_fids`)
                     equal_s:float=120) -> tuple: # those seconds, for the header
    "Rank variants by mean FID: (the Markdown table, the ranked names, {variant: the seed of its median-FID run}); with `equal_time`, each variant's FID and rank after `equal_s` seconds of training too."
    from gan_course.core import GanCourseError
    if not runs or any(not r for r in runs.values()): raise GanCourseError("scoreboard_table needs at least one scored run for every variant: train and evaluate them first")
    mean_fid = {n: sum(r['fid'] for r in rs) / len(rs) for n, rs in runs.items()}
    ranked = sorted(runs, key=lambda n: (mean_fid[n], n))
    median = {n: sorted(rs, key=lambda r: (r['fid'], r['seed']))[(len(rs) - 1) // 2]['seed'] for n, rs in runs.items()}
    cols = [('fid', '.1f'), ('kid', '.3f'), ('precision', '.3f'), ('recall', '.3f'), ('coverage', '.3f'), ('classes', '.1f'), ('wall_s', '.0f'), ('images_per_s', ',.0f')]
    et = equal_time or {}
    et_rank = {n: i for i, n in enumerate(sorted((n for n in ranked if n in et), key=lambda n: (et[n][0], n)), 1)}
    et_head = f" FID after {equal_s / 60:g} min ↓ | rank at {equal_s / 60:g} min |" if equal_time is not None else ''
    lines = [f"| rank | variant | FID ↓ | KID ↓ | precision | recall | coverage | classes ≥ 1% | training (s, {device}) | images/s |{et_head} Lucic et al.'s MNIST FID (ranking only) |",
             '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|' + ('---:|---:|' if equal_time is not None else '') + '---|']
    def et_cells(n) -> str:
        if equal_time is None: return ''
        if n not in et: return ' — | — |'
        m, sd, k = et[n]
        few = '' if k >= 3 else f" ({k} seed{'s' if k > 1 else ''})"   # fewer than the three seeds a comparison rests on: said in the cell
        return f" {m:.1f} ± {sd:.1f}{few} | {et_rank[n]} |"
    for i, n in enumerate(ranked, 1):
        fam = (families or {}).get(n); luc = LUCIC_MNIST_FID.get(fam)
        lines.append(f"| {i} | `{n}` | " + ' | '.join(_mean_sd([r[k] for r in runs[n]], f) for k, f in cols)
                     + f" |{et_cells(n)} {fam + ': ' + f'{luc[0]} ± {luc[1]}' if luc else (fam or '—')} |")
    return '\n'.join(lines), ranked, median

def main():
    from gan_course.cli import evaluate, train
    from gan_course.core import GanCourseError
    from gan_course.metrics import reference
    from gan_course.registry import get_variant, variant_names
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default='results/scoreboard'); ap.add_argument('--runs', default='runs/scoreboard'); ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    ap.add_argument('--n', type=int, default=5000); ap.add_argument('--variants', nargs='*', default=None)
    ap.add_argument('--device', default='auto')
    ap.add_argument('--equal_time', default='results/quality_time', help="a quality-over-time experiment's OUT (python experiments/quality_vs_time.py --plan): its FID after 2 minutes of training becomes the equal-time column")
    a = ap.parse_args()
    try: reference(a.n)                          # the test half every run is scored against (it chooses nothing), before an hour of training
    except GanCourseError as e: sys.exit(f"scoreboard: cannot score the runs: {e}")
    t_start, out_root, res, runs, stamps = time.time(), Path(a.runs), Path(a.out), {}, []
    names = a.variants or variant_names()
    for name in names:
        for s in a.seeds:
            f, out = res/'runs'/name/f'seed{s}.json', out_root/name/f'seed{s}'
            done = json.loads(f.read_text()) if f.exists() else {}
            if (done.get('split'), done.get('n_ref')) == ('test', a.n): continue      # scored before: its numbers are kept in OUT
            if not (out/'history.json').exists():
                train(name, out=str(out), seed=s, device=a.device, force=True)
                (out/'made.json').write_text(json.dumps(made_stamp()))
            run = json.loads((out/'history.json').read_text())
            scored = json.loads((out/'scores.json').read_text()) if (out/'scores.json').exists() else {}
            if (scored.get('split'), scored.get('n_ref')) != ('test', a.n): evaluate(str(out/'checkpoint.pt'), n=a.n, json=str(out/'scores.json'), device=a.device)
            sc = json.loads((out/'scores.json').read_text())
            made = json.loads((out/'made.json').read_text()) if (out/'made.json').exists() else None
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(json.dumps(dict(seed=s, wall_s=run['wall_s'], images_per_s=run['images_per_s'], device=run['device'], steps=run['steps'],
                                         split='test', n_ref=a.n, made=made, **{k: sc[k] for k in ('fid', 'kid', 'precision', 'recall', 'coverage', 'classes')}), indent=1))
            print(f"{name} seed {s}: FID {sc['fid']:.2f}, {run['wall_s']:.0f}s of training", file=sys.stderr)
    for name in variant_names():                   # every variant with all its seeds scored, from this call or an earlier one
        fs = [res/'runs'/name/f'seed{s}.json' for s in a.seeds]
        rows = [json.loads(f.read_text()) for f in fs if f.exists()]
        if len(rows) == len(fs) and all((r['split'], r['n_ref']) == ('test', a.n) for r in rows):
            runs[name] = [{k: v for k, v in r.items() if k not in ('split', 'n_ref', 'made')} for r in rows]; stamps += [r['made'] for r in rows]
    names = list(runs)
    devices = sorted({r['device'] for rs in runs.values() for r in rs})
    families = {n: loss_family(get_variant(n)) for n in names}
    qt = Path(a.equal_time)/'results.json'
    et = equal_time_fids(json.loads(qt.read_text()), EQUAL_TIME) if qt.exists() else None
    table, ranked, median = scoreboard_table(runs, families, device=', '.join(devices), equal_time=et, equal_s=EQUAL_TIME)
    res.mkdir(parents=True, exist_ok=True)
    for n in names:                                # the median run's grid, while its run folder is still on this machine
        grid = out_root/n/f'seed{median[n]}'/'samples.png'
        if grid.exists(): shutil.copy(grid, res/f'{n}.png')
        elif not (res/f'{n}.png').exists(): print(f"scoreboard: no sample grid for {n} (its run folder {grid.parent} is gone)", file=sys.stderr)
    train_s = sum(r['wall_s'] for rs in runs.values() for r in rs)
    note = (f"\n{len(ranked)} variants × {len(a.seeds)} seeds ({', '.join(map(str, a.seeds))}), each at its default budget on the same offline data, "
            f"one run at a time; scores of {a.n:,} samples against {a.n:,} held-out test digits; {train_s / 60:.0f} min of training in all."
            + (f" The equal-time columns: FID at the end of the first epoch after {EQUAL_TIME / 60:g} minutes of training, from {qt.parent}, "
               f"mean ± sd over its seeds, and the rank it gives." if et is not None else
               f" No equal-time column: run python experiments/quality_vs_time.py --plan (into {qt.parent}) first."))
    write_results(res, 'scoreboard', dict(seeds=a.seeds, n=a.n, ranked=ranked, median_seed=median, runs=runs, families=families, made=stamps,
                                          equal_time=dict(at=EQUAL_TIME, fid=et) if et is not None else None),
                  made_note(stamps, str(out_root)) + '\n\n' + table + '\n' + note)
    print(f"scoreboard: {time.time() - t_start:.0f}s for this call (reused runs cost nothing); runs in {out_root}, results in {res}", file=sys.stderr)

if __name__ == '__main__': main()
