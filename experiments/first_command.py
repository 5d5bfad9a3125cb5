"""The README's first command: which preset draws recognizable digits in two minutes of training, chosen on the validation half, reported on the test half.

    python experiments/first_command.py [--minutes 2] [--seeds 0 1 2] [--candidates fast lsgan ...] [--out results/first_command] [--runs runs/first_command]

Each candidate is a command a learner could type: `gan-course train VARIANT --minutes M --seed S`
(with `--set KEY=VALUE …` where a candidate names settings, as `lsgan+ema=0.99`), trained one run at a
time on this machine. Every run's checkpoint is scored by `gan-course evaluate` against 5,000
digits of the **validation** half of MNIST's test set. The target (issue 35): FID ≤ 20 and every
one of the ten classes with at least 5% of the samples, in every seed. The choice is the candidate
that meets it with the lowest mean validation FID (if none does, the lowest mean FID, and the report
says the target was missed); only the chosen candidate's runs are then scored against the
**test** half, and those are the numbers the README and the results page give.

A finished run (its scores in OUT/TAG/seedS.json, its checkpoint in RUNS/TAG/seedS/) is reused, so an
interrupted experiment goes on where it stopped; only the chosen candidate's checkpoints are read
again (for the test half), so the runs folder may go once they have been. Writes OUT/results.json, OUT/first_command.md and
OUT/samples.png (the chosen candidate's median-FID seed).

A candidate named `fast…` is the preset as this round ran it (`fast_ablation.ROUND_PRESET`: shift 3 and
cutout 14 throughout), with its settings changed. Once the preset changes, a `fast` candidate with no
finished run would train the new preset beside the old one's runs, so that stops with a one-line
error: a new round gets its own `--out` and `--runs`.
"""
import argparse, json, shutil, statistics, sys
from pathlib import Path
from common import made_note, made_stamp, write_results
from fast_ablation import ROUND_PRESET, preset_now

TARGET_FID, TARGET_SHARE = 20.0, 0.05
CANDIDATES = ('fast', 'fast+bs=64', 'fast+cut=0', 'fast+shift=2+cut=8', 'fast+bs=64+shift=2+cut=8', 'lsgan+ema=0.99')   # the ones measured


def parse(tag:str) -> tuple:
    "'lsgan+ema=0.99' -> ('lsgan', ['ema=0.99'])."
    name, *pairs = tag.split('+')
    return name, pairs


def scores_of(s:dict) -> dict:
    "What the experiment keeps of `gan-course evaluate`'s scores: the yardstick's numbers and the smallest class share."
    hist = s['hist']; total = sum(hist)
    return dict(fid=s['fid'], kid=s['kid'], precision=s['precision'], recall=s['recall'], coverage=s['coverage'],
                classes=s['classes'], min_share=min(hist) / total, hist=hist)


def meets(rows:list) -> bool:
    "The target, in every seed."
    return all(r['fid'] <= TARGET_FID and r['min_share'] >= TARGET_SHARE for r in rows)


def table(runs:dict, split:str) -> str:
    "Markdown: a row per candidate, mean ± sd over the seeds."
    ms = lambda v, f: f"{statistics.fmean(v):{f}} ± {statistics.stdev(v) if len(v) > 1 else 0.:{f}}"
    lines = [f"| command ({split} half) | seeds | FID ↓ | KID ↓ | precision | recall | coverage | smallest class share | G steps | training (s) | target met |",
             '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|']
    for tag, rows in sorted(runs.items(), key=lambda kv: statistics.fmean(r[split]['fid'] for r in kv[1])):
        sc = [r[split] for r in rows]
        name, pairs = parse(tag)
        cmd = f"`{name}" + (f" --set {' '.join(pairs)}" if pairs else '') + '`'
        lines.append(f"| {cmd} | {len(rows)} | {ms([s['fid'] for s in sc], '.1f')} | {ms([s['kid'] for s in sc], '.4f')} | "
                     f"{ms([s['precision'] for s in sc], '.3f')} | {ms([s['recall'] for s in sc], '.3f')} | {ms([s['coverage'] for s in sc], '.3f')} | "
                     f"{min(s['min_share'] for s in sc):.1%} (min) | {ms([r['steps'] for r in rows], ',.0f')} | {ms([r['trained_s'] for r in rows], '.0f')} | "
                     f"{'yes' if meets(sc) else 'no'} |")
    return '\n'.join(lines)


def main():
    from gan_course.cli import evaluate, train
    from gan_course.core import GanCourseError
    from gan_course.registry import canonical_name, parse_settings
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--minutes', type=float, default=2.0); ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    ap.add_argument('--candidates', nargs='+', default=list(CANDIDATES)); ap.add_argument('--device', default='cpu')
    ap.add_argument('--out', default='results/first_command'); ap.add_argument('--runs', default='runs/first_command')
    a = ap.parse_args()
    try:
        for tag in a.candidates: name, pairs = parse(tag); parse_settings(canonical_name(name), pairs)   # every candidate checked before anything trains
    except GanCourseError as e: sys.exit(f"first_command: {e}")
    out, runs_dir = Path(a.out), Path(a.runs)
    runs = {}
    for tag in a.candidates:
        name, pairs = parse(tag)
        for s in a.seeds:
            f, ck = out/tag/f'seed{s}.json', runs_dir/tag/f'seed{s}'/'checkpoint.pt'
            done = json.loads(f.read_text()) if f.exists() else None
            if not (done and done['minutes'] == a.minutes):
                if name == 'fast' and (now := preset_now()) != ROUND_PRESET:
                    sys.exit(f"first_command: the fast runs in {out} are of the preset as it was ({ROUND_PRESET}), and fast is now {now}: "
                             "give a new round its own --out and --runs")
                h = train(name, minutes=a.minutes, seed=s, out=str(ck.parent), set=pairs or None, device=a.device, force=True)
                val = scores_of(evaluate(str(ck), split='validation', device=a.device))
                done = dict(tag=tag, seed=s, minutes=a.minutes, steps=h['steps'], epochs=h['epochs'], trained_s=h['trained_s'],
                            images_per_s=h['images_per_s'], device=h['device'], validation=val, made=made_stamp())
                f.parent.mkdir(parents=True, exist_ok=True); f.write_text(json.dumps(done, indent=1))
            runs.setdefault(tag, []).append(done)
    ok = [t for t in runs if meets([r['validation'] for r in runs[t]])]
    chosen = min(ok or runs, key=lambda t: statistics.fmean(r['validation']['fid'] for r in runs[t]))
    for r in runs[chosen]:                        # the test half scores the chosen candidate only
        if 'test' not in r:
            ck = runs_dir/chosen/f"seed{r['seed']}"/'checkpoint.pt'
            if not ck.exists(): sys.exit(f"first_command: {ck} is gone, so the chosen {chosen!r} cannot be scored on the test half: delete {out/chosen} to train it again")
            r['test'] = scores_of(evaluate(str(ck), split='test', device=a.device))
            (out/chosen/f"seed{r['seed']}.json").write_text(json.dumps(r, indent=1))
    median = sorted(runs[chosen], key=lambda r: r['test']['fid'])[(len(runs[chosen]) - 1) // 2]
    grid = runs_dir/chosen/f"seed{median['seed']}"/'samples.png'
    if grid.exists(): shutil.copyfile(grid, out/'samples.png')     # else the runs were scored earlier, and their grid is already there
    name, pairs = parse(chosen)
    cmd = f"gan-course train {name} --minutes {a.minutes:g}" + (f" --set {' '.join(pairs)}" if pairs else '')
    verdict = (f"**Chosen on the validation half: `{cmd}`**, which meets the target (FID ≤ {TARGET_FID:g} and every class ≥ {TARGET_SHARE:.0%} of the samples) in every seed."
               if ok else f"**No candidate met the target** (FID ≤ {TARGET_FID:g} and every class ≥ {TARGET_SHARE:.0%}, in every seed); the lowest mean validation FID was `{cmd}`.")
    md = '\n\n'.join([made_note([r.get('made') for rs in runs.values() for r in rs], str(out)), verdict,
                      f"Every candidate, {a.minutes:g} minutes of training on {runs[chosen][0]['device']}, 5,000 samples against 5,000 digits of the validation half:",
                      table(runs, 'validation'), "The chosen command, scored once on the test half (the numbers to report):",
                      table({chosen: runs[chosen]}, 'test'), f"Its samples (seed {median['seed']}, the median test FID): `{out/'samples.png'}`."])
    write_results(out, 'first_command', dict(target=dict(fid=TARGET_FID, min_share=TARGET_SHARE), minutes=a.minutes, chosen=chosen, command=cmd,
                                              met=bool(ok), runs=runs), md)

if __name__ == '__main__': main()
