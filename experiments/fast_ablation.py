"""The ten-minute GAN's ingredients, one at a time: each removed from the preset `fast` (and two more added), three seeds, ten minutes each, scored on the validation half.

    python experiments/fast_ablation.py [--seeds 0 1 2] [--budget 600] [--at 120 300 600] [--out results/fast_ablation]
    python experiments/fast_ablation.py --report      # the table from the runs already in OUT, training nothing

Each configuration in `CONFIGS` is `fast` with one setting changed (`gan-course train fast --set
KEY=VALUE`), trained by `quality_vs_time.py` for `--budget` seconds of training per seed, one run at a
time on this machine, and scored at each time in `--at` against 5,000 digits of the **validation**
half of MNIST's test set: this experiment chooses (which ingredients the preset keeps), so it never
looks at the test half that reports the preset's score. A finished run is reused, so the
experiment goes on where it stopped, in this session or a later one.

Prints and writes OUT/fast_ablation.md: every configuration's FID, recall, coverage and classes at
each time, mean ± sd over the seeds, and against the preset paired by seed (`metrics.over_seeds`):
"lower in k of 3 seeds". The configuration with the lowest mean FID at the last time is named the
choice; if it is not `fast` itself, the preset should change to it (and its test-half score be
measured by `quality_vs_time.py --variants fast`, after the change).

The runs filed as `fast` are the preset as this round found it (`ROUND_PRESET`: shift 3, cutout 14,
constant; the hinge loss; G's moving average at 0.99), and every other configuration is that preset
with its settings changed. Once the preset changes, those runs no longer describe `fast`, so
training into an OUT that holds them stops with a one-line error: a new round gets its own `--out`.
`--report` always works.
"""
import argparse, json, statistics, subprocess, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CONFIGS = {   # tag as quality_vs_time.py files it -> (the --set settings, what it tests)
    'fast': ([], "the preset as this round ran it: hinge loss, DiffAugment (shift 3, cutout 14), G's moving average 0.99"),
    'fast+loss=ls': (['loss=ls'], "least squares in place of the hinge loss (the preset before the hinge)"),
    'fast+shift=0+cut=0': (['shift=0', 'cut=0'], "no augmentation: D sees the digits as they are"),
    'fast+ema=0.0': (['ema=0.0'], "no moving average: G itself draws the samples"),
    'fast+ema=0.999': (['ema=0.999'], "a longer moving average of G (0.999; its warm-up keeps it near 0.997 at 3,000 steps)"),
    'fast+sn=True': (['sn=True'], "spectral normalisation on every layer of D, added"),
    'fast+r1=1.0': (['r1=1.0'], "an R1 penalty (γ = 1) on D's gradient at the real digits, added"),
    'fast+bs=64': (['bs=64'], "half the batch (64 against 128): about twice the steps in the same time"),
    'fast+shift=2+cut=8': (['shift=2', 'cut=8'], "lighter augmentation, the two-minute command's (shifts of up to 2 pixels, an 8×8 cutout)"),
    'fast+lr_g=0.00025': (['lr_g=0.00025'], "two time scales (Heusel et al.'s TTUR): G's learning rate a quarter of D's"),
    'fast+lr_end=0.0': (['lr_end=0.0'], "both learning rates decayed linearly to zero over the 10 minutes (`TrainConfig.lr_end`)"),
    'fast+shift_from=2+cut_from=8': (['shift_from=2', 'cut_from=8'], "an augmentation schedule: the lighter augmentation at the start, growing linearly to the preset's by the end (`DiffAugment`'s `shift_from`, `cut_from`)"),
    'fast+shift_from=0+cut_from=0': (['shift_from=0', 'cut_from=0'], "an augmentation schedule from none at the start, growing linearly to the preset's by the end"),
}


ROUND_PRESET = dict(aug=((3, 3), (14, 14)), loss='hinge', ema=0.99)   # DiffAugment's (from, to) shift and cutout, the loss, G's average: fast as this round ran it


def preset_now() -> dict:
    "The preset `fast` as the library builds it today, in `ROUND_PRESET`'s terms."
    from gan_course.registry import get_variant
    v = get_variant('fast')
    return dict(aug=v.D(v.cfg)[0].ends, loss=v.loss.name, ema=v.cfg.ema)


def mean_sd(vals:list) -> tuple: return statistics.fmean(vals), (statistics.stdev(vals) if len(vals) > 1 else 0.)


def ablation_table(runs:dict, # {tag: [one quality_vs_time run (dict with seed, rows) per seed]}
                   base:str='fast') -> tuple:
    "(Markdown table, the choice): every configuration at every time all its seeds reached, FID against `base` paired by seed; the choice is the lowest mean FID at the last common time."
    ats = sorted(set.intersection(*[{r['at'] for run in rs for r in run['rows']} for rs in runs.values()]))
    at = lambda run, t: next(r for r in run['rows'] if r['at'] == t)
    lines = ['| configuration | what it tests | seeds | ' + ' | '.join(f'FID at {t / 60:g} min' for t in ats)
             + f' | lower than `{base}` at {ats[-1] / 60:g} min | recall | coverage | classes ≥ 1% | G steps |',
             '|---|---|---:|' + '---:|' * len(ats) + '---:|---:|---:|---:|---:|']
    last = {}
    for tag, rs in runs.items():
        fids = [mean_sd([at(r, t)['fid'] for r in rs]) for t in ats]
        last[tag] = fids[-1][0]
        cells = [f'{m:.2f} ± {s:.2f}' for m, s in fids]
        b = {r['seed']: at(r, ats[-1])['fid'] for r in runs.get(base, [])}
        paired = [at(r, ats[-1])['fid'] < b[r['seed']] for r in rs if r['seed'] in b]
        vs = '—' if tag == base or not paired else f'{sum(paired)} of {len(paired)} seeds'
        ends = {k: mean_sd([at(r, ats[-1])[k] for r in rs]) for k in ('recall', 'coverage', 'classes', 'step')}
        lines.append(f"| `{tag}` | {CONFIGS.get(tag, ('', tag))[1]} | {len(rs)} | " + ' | '.join(cells)
                     + f" | {vs} | {ends['recall'][0]:.3f} ± {ends['recall'][1]:.3f} | {ends['coverage'][0]:.3f} ± {ends['coverage'][1]:.3f}"
                     + f" | {ends['classes'][0]:.1f} | {ends['step'][0]:,.0f} |")
    choice = min(last, key=lambda t: (last[t], t != base))
    return '\n'.join(lines), choice


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2]); ap.add_argument('--budget', type=float, default=600)
    ap.add_argument('--at', type=float, nargs='+', default=[120, 300, 600]); ap.add_argument('--out', default='results/fast_ablation')
    ap.add_argument('--device', default='auto'); ap.add_argument('--report', action='store_true', help='only write the table of the runs already in OUT')
    a = ap.parse_args()
    if not a.report:
        if (Path(a.out)/'fast').exists() and (now := preset_now()) != ROUND_PRESET:
            sys.exit(f"fast_ablation: the runs in {a.out} are of the preset as it was ({ROUND_PRESET}), and fast is now {now}: "
                     "give a new round its own --out, e.g. --out results/fast_ablation2")
        for tag, (settings, _) in CONFIGS.items():
            cmd = [sys.executable, str(HERE/'quality_vs_time.py'), '--variants', 'fast', '--seeds', *map(str, a.seeds), '--budget', str(a.budget),
                   '--at', *map(str, a.at), '--split', 'validation', '--out', a.out, '--device', a.device] + (['--set', *settings] if settings else [])
            print('$', ' '.join(cmd[1:]), file=sys.stderr, flush=True)
            if subprocess.run(cmd).returncode: sys.exit(f"fast_ablation: {tag} failed (above); its finished seeds are kept, run again to go on")
    runs = {}
    for tag in CONFIGS:
        fs = [Path(a.out)/tag/f'seed{s}.json' for s in a.seeds]
        rs = [json.loads(f.read_text()) for f in fs if f.exists()]
        rs = [r for r in rs if r.get('scored', '').endswith('validation half')]
        if len(rs) == len(a.seeds): runs[tag] = rs
    if 'fast' not in runs: sys.exit(f"fast_ablation: {a.out} has no finished validation runs of fast for seeds {a.seeds}: run it without --report")
    table, choice = ablation_table(runs)
    now = preset_now()
    missing = [t for t in CONFIGS if t not in runs]
    md = ("# The ten-minute GAN's ingredients, on the validation half\n\n"
          "`fast` is the preset as this round ran it; every other row changes one of its settings (`--set`). "
          f"Seeds {', '.join(map(str, a.seeds))}; FID, recall, coverage and classes against 5,000 digits of the validation half; "
          "mean ± sd over the seeds.\n\n" + table + f"\n\nChoice (lowest mean FID at the last time): `{choice}`"
          + ('' if choice == 'fast' else ': the preset should change to it') + '.'
          + "\n\n`fast` as the library builds it now: DiffAugment's shift {}, its cutout {}, the {} loss, G's moving average {}.".format(
              *[f'{a} pixels throughout' if a == b else f'from {a} to {b} pixels over the budget' for a, b in now['aug']], now['loss'], now['ema'])
          + (f"\n\nNot yet run: {', '.join(f'`{t}`' for t in missing)}." if missing else ''))
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    (out/'fast_ablation.md').write_text(md + '\n', encoding='utf-8'); print(md)


if __name__ == '__main__': main()
