"""The ten-minute GAN's ingredients, one at a time: each removed from the preset `fast` (or added to it), three seeds, ten minutes each, scored on the validation half.

    python experiments/fast_ablation.py [--round 3] [--seeds 0 1 2] [--budget 600] [--at 120 300 600] [--out OUT]
    python experiments/fast_ablation.py --round 2 --at 30 60 120 300 600 --also_raw --keep runs/kept/fast_ablation2
    python experiments/fast_ablation.py --round 3 --at 30 60 120 300 600 --also_raw --keep runs/kept/fast_ablation3
    python experiments/fast_ablation.py --round 4 --at 30 60 120 300 600 --also_raw --keep runs/kept/fast_ablation4
    python experiments/fast_ablation.py --round 1 --report    # a round's table from the runs already in OUT, training nothing

Round 1 (`ROUND1`, into results/fast_ablation) ablated the preset with a constant augmentation and
chose the augmentation that grows from none; round 2 (`ROUND2`, into results/fast_ablation2) starts
from that choice; round 3 (`ROUND3`, into results/fast_ablation3) from round 2's choice, twice the
batch; round 4 (`ROUND4`, into results/fast_ablation4) from the same preset, with the knobs that buy steps.
A configuration whose settings are None in its round is not trained: `fast+ema=D` is read from
`fast`'s own runs, which keep G's moving average with decay D beside the preset's
(`quality_vs_time.py --also_ema`; training never reads the average, so these are the same runs with
another `ema`). Each other configuration of a round is `fast` with one setting (or two that go together) changed (`gan-course train fast --set
KEY=VALUE`), trained by `quality_vs_time.py` for `--budget` seconds of training per seed, one run at a
time on this machine, and scored at each time in `--at` against 5,000 digits of the **validation**
half of MNIST's test set: this experiment chooses (which ingredients the preset keeps), so it never
looks at the test half that reports the preset's score. A finished run is reused, so the
experiment goes on where it stopped, in this session or a later one.

Prints and writes OUT/fast_ablation.md: every configuration's FID, recall, coverage and classes at
each time, mean ± sd over the seeds, and against the preset paired by seed (`metrics.over_seeds`):
"lower in k of 3 seeds". The configuration with the lowest mean FID at the last time is named the
choice; if it is not `fast` itself, the preset should change to it (and its test-half score be
measured on the test half). With `--keep DIR`, every run's sampler copies are saved (outside the
repository), so that the chosen configuration's runs and the preset's can then be scored on the
test half without training again (`quality_vs_time.py --from_kept DIR --split test`): the choice is
made on the validation half, and only the choice and the preset it replaces are reported.

The runs filed as `fast` are the preset as the round found it (`ROUNDS`: DiffAugment's shift and
cutout, the loss, G's moving average, the batch), and every other configuration is that preset
with its settings changed. Once the preset changes, those runs no longer describe `fast`, so
training a round whose preset is not the library's stops with a one-line error: a new round gets
its own entry in `ROUNDS`. `--report` always works.
"""
import argparse, json, statistics, subprocess, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

ROUND1 = {   # tag as quality_vs_time.py files it -> (the --set settings, what it tests)
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


ROUND2 = {   # the preset round 1 chose (augmentation growing from none), and what might halve its FID (issue 35)
    'fast': ([], "the preset as this round ran it: hinge loss, DiffAugment growing from none to shift 3, cutout 14, G's moving average 0.99"),
    'fast+bs=256': (['bs=256'], "twice the batch (256 against 128): about half the G steps in the same time, each on twice the images"),
    'fast+shift=4+cut=16': (['shift=4', 'cut=16'], "stronger augmentation at the end of the schedule (shift 4, cutout 16 against 3 and 14), still growing from none"),
    'fast+ema=0.995': (['ema=0.995'], "a longer moving average of G (0.995 against 0.99)"),
}

ROUND3 = {   # round 2's choice (twice the batch), and what might halve its FID (issue 35); None: read from fast's runs (--also_ema)
    'fast': ([], "the preset as this round ran it: hinge loss, a batch of 256, DiffAugment growing from none to shift 3, cutout 14, G's moving average 0.99"),
    'fast+ema=0.995': (None, "a longer moving average of G (0.995 against 0.99), kept beside the preset's in the same runs; below 1,790 steps its warm-up, min(0.995, (1 + t)/(10 + t)), is all of it (0.994 at 1,500 steps), where the preset's stops at 0.99 from step 890"),
    'fast+shift=4+cut=16': (['shift=4', 'cut=16'], "stronger augmentation at the end of the schedule (shift 4, cutout 16 against 3 and 14), still growing from none"),
    'fast+lecam=0.3': (['lecam=0.3'], "Tseng et al.'s LeCam regulariser on D's scores (λ = 0.3, theirs with DiffAugment on 10% of CIFAR-10), added"),
}

ROUND4 = {   # round 3's preset, unchanged, against the knobs that buy steps (issue 35); None: read from fast's runs (--also_ema)
    'fast': ([], "the preset as this round ran it: hinge loss, a batch of 256, DiffAugment growing from none to shift 3, cutout 14, G's moving average 0.99"),
    'fast+ema=0.98': (None, "a shorter moving average of G (0.98 against 0.99), kept beside the preset's in the same runs; its warm-up, min(0.98, (1 + t)/(10 + t)), reaches 0.98 at step 440"),
    'fast+channels_last=True+bf16=True': (['channels_last=True', 'bf16=True'], "the two knobs that buy steps, together: channels_last memory (the same maths) and bfloat16 forward passes (`TrainConfig.bf16`, every layer's inputs rounded to 8 bits of mantissa): more steps in the same ten minutes on a CPU with bfloat16 instructions"),
}

ROUNDS = {   # round -> (fast as that round ran it: DiffAugment's (from, to) shift and cutout, the loss, G's average; its configurations; its OUT)
    1: (dict(aug=((3, 3), (14, 14)), loss='hinge', ema=0.99, bs=128, channels_last=False, bf16=False), ROUND1, 'results/fast_ablation'),
    2: (dict(aug=((0, 3), (0, 14)), loss='hinge', ema=0.99, bs=128, channels_last=False, bf16=False), ROUND2, 'results/fast_ablation2'),
    3: (dict(aug=((0, 3), (0, 14)), loss='hinge', ema=0.99, bs=256, channels_last=False, bf16=False), ROUND3, 'results/fast_ablation3'),
    4: (dict(aug=((0, 3), (0, 14)), loss='hinge', ema=0.99, bs=256, channels_last=False, bf16=False), ROUND4, 'results/fast_ablation4'),
}
ROUND_PRESET = ROUNDS[1][0]   # the preset round 1 ran (first_command.py's `fast` candidates are of it)


def preset_now() -> dict:
    "The preset `fast` as the library builds it today, in `ROUNDS`' terms."
    from gan_course.registry import get_variant
    v = get_variant('fast')
    return dict(aug=v.D(v.cfg)[0].ends, loss=v.loss.name, ema=v.cfg.ema, bs=v.cfg.bs, channels_last=v.cfg.channels_last, bf16=v.cfg.bf16)


def is_preset(settings:list|None) -> bool:
    "Whether `fast` with these `--set` settings is the preset as the library builds it now, bf16 aside (the preset picks it by the machine)."
    from gan_course.registry import get_variant, parse_settings
    if settings is None: return False
    v = get_variant('fast', **parse_settings('fast', settings)); now = get_variant('fast', bf16=v.cfg.bf16)
    return (v.cfg, v.knobs) == (now.cfg, now.knobs)


def also_ema_decays(configs:dict) -> list:
    "The decays of a round's `fast+ema=D` configurations that are read from `fast`'s runs (settings None), for `--also_ema`."
    return [float(t.split('=')[1]) for t, (settings, _) in configs.items() if settings is None]


def from_also_ema(run:dict, # one quality_vs_time run, its rows holding `also_ema` (`--also_ema`)
                  decay:str) -> dict:
    "The same run as G's moving average with `decay` draws it: every row's scores replaced by that average's."
    return dict(run, variant=f"{run['variant']}+ema={decay}",
                rows=[{**{k: v for k, v in r.items() if k not in ('raw', 'also_ema')}, **r['also_ema'][decay]} for r in run['rows']])


def mean_sd(vals:list) -> tuple: return statistics.fmean(vals), (statistics.stdev(vals) if len(vals) > 1 else 0.)


def ablation_table(runs:dict, # {tag: [one quality_vs_time run (dict with seed, rows) per seed]}
                   base:str='fast',
                   configs:dict|None=None, # {tag: (settings, what it tests)}, the round's; None: round 1's
                  ) -> tuple:
    "(Markdown table, the choice): every configuration at every time all its seeds reached, FID against `base` paired by seed; the choice is the lowest mean FID at the last common time."
    configs = ROUND1 if configs is None else configs
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
        lines.append(f"| `{tag}` | {configs.get(tag, ('', tag))[1]} | {len(rs)} | " + ' | '.join(cells)
                     + f" | {vs} | {ends['recall'][0]:.3f} ± {ends['recall'][1]:.3f} | {ends['coverage'][0]:.3f} ± {ends['coverage'][1]:.3f}"
                     + f" | {ends['classes'][0]:.1f} | {ends['step'][0]:,.0f} |")
    choice = min(last, key=lambda t: (last[t], t != base))
    return '\n'.join(lines), choice




def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2]); ap.add_argument('--budget', type=float, default=600)
    ap.add_argument('--at', type=float, nargs='+', default=[120, 300, 600]); ap.add_argument('--out', default=None, help="default: the round's own (ROUNDS)")
    ap.add_argument('--round', type=int, default=max(ROUNDS), choices=sorted(ROUNDS), help="which round's configurations (default: the latest)")
    ap.add_argument('--keep', default=None, metavar='DIR', help="save every run's sampler copies under DIR (quality_vs_time.py --keep), to score the chosen runs on the test half later")
    ap.add_argument('--also_raw', action='store_true', help="score G itself beside its moving average (quality_vs_time.py --also_raw)")
    ap.add_argument('--only', nargs='*', default=None, metavar='TAG', help="train only these configurations of the round (default: all)")
    ap.add_argument('--device', default='auto'); ap.add_argument('--report', action='store_true', help='only write the table of the runs already in OUT')
    a = ap.parse_args()
    round_preset, configs, default_out = ROUNDS[a.round]; a.out = a.out or default_out
    if not a.report:
        if (now := preset_now()) != round_preset:
            sys.exit(f"fast_ablation: round {a.round} ablates the preset as it was ({round_preset}), and fast is now {now}: "
                     "a new round needs its own entry in ROUNDS (`--report` still shows this one)")
        for tag, (settings, _) in configs.items():
            if settings is None or (a.only is not None and tag not in a.only): continue
            cmd = [sys.executable, str(HERE/'quality_vs_time.py'), '--variants', 'fast', '--seeds', *map(str, a.seeds), '--budget', str(a.budget),
                   '--at', *map(str, a.at), '--split', 'validation', '--out', a.out, '--device', a.device] + (['--set', *settings] if settings else []) \
                  + (['--keep', a.keep] if a.keep else []) + (['--also_raw'] if a.also_raw else []) \
                  + (['--also_ema', *map(str, decays)] if (decays := also_ema_decays(configs)) else [])
            print('$', ' '.join(cmd[1:]), file=sys.stderr, flush=True)
            if subprocess.run(cmd).returncode: sys.exit(f"fast_ablation: {tag} failed (above); its finished seeds are kept, run again to go on")
    runs = {}
    for tag, (settings, _) in configs.items():
        fs = [Path(a.out)/(tag if settings is not None else 'fast')/f'seed{s}.json' for s in a.seeds]
        rs = [json.loads(f.read_text()) for f in fs if f.exists()]
        rs = [r for r in rs if r.get('scored', '').endswith('validation half')]
        if settings is None:   # fast+ema=D: the same runs, drawn by the average with decay D
            d = tag.split('=')[1]
            rs = [from_also_ema(r, d) for r in rs if all(d in row.get('also_ema', {}) for row in r['rows'])]
        if len(rs) == len(a.seeds): runs[tag] = rs
    if 'fast' not in runs: sys.exit(f"fast_ablation: {a.out} has no finished validation runs of fast for seeds {a.seeds}: run it without --report")
    table, choice = ablation_table(runs, configs=configs)
    now = preset_now()
    missing = [t for t in configs if t not in runs]
    md = (f"# The ten-minute GAN's ingredients, round {a.round}, on the validation half\n\n"
          "`fast` is the preset as this round ran it; every other row changes one of its settings (`--set`). "
          f"Seeds {', '.join(map(str, a.seeds))}; FID, recall, coverage and classes against 5,000 digits of the validation half; "
          "mean ± sd over the seeds.\n\n" + table + f"\n\nChoice (lowest mean FID at the last time): `{choice}`"
          + ('' if choice == 'fast' else ': `fast` is now this configuration' if is_preset(configs[choice][0]) else ': the preset should change to it') + '.'
          + "\n\n`fast` as the library builds it now: DiffAugment's shift {}, its cutout {}, the {} loss, G's moving average {}, batches of {}, channels_last {}, bfloat16 forward passes {} (on this machine).".format(
              *[f'{a} pixels throughout' if a == b else f'from {a} to {b} pixels over the budget' for a, b in now['aug']], now['loss'], now['ema'], now['bs'],
              *['on' if now[k] else 'off' for k in ('channels_last', 'bf16')])
          + (f"\n\nNot yet run: {', '.join(f'`{t}`' for t in missing)}." if missing else ''))
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    (out/'fast_ablation.md').write_text(md + '\n', encoding='utf-8'); print(md)


if __name__ == '__main__': main()
