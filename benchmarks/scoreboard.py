"""The course-wide scoreboard: every registered variant at its default budget, over several seeds, scored by the course's yardstick.

    python benchmarks/scoreboard.py [--out runs/scoreboard] [--seeds 0 1 2] [--n 10000] [--variants vanilla dcgan ...] [--device cpu]

For each variant and seed: `gan-course train VARIANT --seed S` (its default budget, on the offline
training digits), then `gan-course evaluate` of its checkpoint: FID, KID, precision, recall and
coverage of N samples against N held-out test digits. MNIST's test split must be in `data_root()`
($GAN_COURSE_DATA/MNIST/raw, default ~/.cache/gan_course) or downloadable; the script checks that
before it trains anything. A run already in OUT is reused (delete it to retrain), so an
interrupted scoreboard goes on where it stopped.

Prints one Markdown table ranked by mean FID (`gan_course.diagnostics.scoreboard_table`): mean ± sd
over the seeds of every score, the training wall time and images/s (on this machine's CPU or GPU,
one run at a time), and, for ranking only, Lucic et al. 2018's best MNIST FID for the same loss
(Inception features after a large hyperparameter search, so not comparable in value). Writes
OUT/scoreboard.json, OUT/scoreboard.md and OUT/VARIANT/median.png, the sample grid of the run
with the median FID.
"""
import argparse, json, shutil, sys, time
from pathlib import Path

def main():
    from gan_course.cli import evaluate, train
    from gan_course.core import GanCourseError
    from gan_course.diagnostics import loss_family, scoreboard_table
    from gan_course.metrics import reference
    from gan_course.registry import get_variant, variant_names
    from variants import made_stamp, reuse_note
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default='runs/scoreboard'); ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    ap.add_argument('--n', type=int, default=10000); ap.add_argument('--variants', nargs='*', default=None)
    ap.add_argument('--device', default='auto')
    a = ap.parse_args()
    try: reference(a.n)                          # the held-out digits every run is scored against, before an hour of training
    except GanCourseError as e: sys.exit(f"scoreboard: cannot score the runs ({e}); or set GAN_COURSE_DATA to a folder whose MNIST/raw holds them")
    t_start, out_root, runs, reused = time.time(), Path(a.out), {}, []
    names = a.variants or variant_names()
    for name in names:
        runs[name] = []
        for s in a.seeds:
            out = out_root/name/f'seed{s}'
            if not (out/'history.json').exists():
                train(name, out=str(out), seed=s, device=a.device, force=True)
                (out/'made.json').write_text(json.dumps(made_stamp()))
            else: reused.append(json.loads((out/'made.json').read_text()) if (out/'made.json').exists() else None)
            run = json.loads((out/'history.json').read_text())
            if not (out/'scores.json').exists(): evaluate(str(out/'checkpoint.pt'), n=a.n, json=str(out/'scores.json'), device=a.device)
            sc = json.loads((out/'scores.json').read_text())
            runs[name].append(dict(seed=s, wall_s=run['wall_s'], images_per_s=run['images_per_s'], device=run['device'], steps=run['steps'],
                                   **{k: sc[k] for k in ('fid', 'kid', 'precision', 'recall', 'coverage', 'classes')}))
            print(f"{name} seed {s}: FID {sc['fid']:.2f}, {run['wall_s']:.0f}s of training", file=sys.stderr)
    devices = sorted({r['device'] for rs in runs.values() for r in rs})
    families = {n: loss_family(get_variant(n)) for n in names}
    table, ranked, median = scoreboard_table(runs, families, device=', '.join(devices))
    for n in names: shutil.copy(out_root/n/f'seed{median[n]}'/'samples.png', out_root/n/'median.png')
    train_s = sum(r['wall_s'] for rs in runs.values() for r in rs)
    note = (f"\n{len(ranked)} variants × {len(a.seeds)} seeds ({', '.join(map(str, a.seeds))}), each at its default budget on the same offline data, "
            f"one run at a time; scores of {a.n:,} samples against {a.n:,} held-out test digits; {train_s / 60:.0f} min of training in all.")
    if reused: print(reuse_note(reused, str(out_root)) + '\n')
    print(table + '\n' + note)
    (out_root/'scoreboard.md').write_text(table + '\n' + note + '\n')
    (out_root/'scoreboard.json').write_text(json.dumps(dict(seeds=a.seeds, n=a.n, ranked=ranked, median_seed=median, runs=runs, families=families), indent=1))
    print(f"scoreboard: {time.time() - t_start:.0f}s for this call (reused runs cost nothing); OUT: {out_root}", file=sys.stderr)

if __name__ == '__main__': main()
