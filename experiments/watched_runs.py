"""Lesson 07's watched runs over more seeds: the four runs it watches and the two against a strong D, trained again with other seeds through the lesson's own functions, and what `watch_findings` reads from them.

    python experiments/watched_runs.py [--seeds 1 2] [--out results/watched_runs]

Lesson 07 trains seed 0 itself (about ten minutes on 2 CPU cores) and reads the other seeds from
OUT/seedS.json, so each of its findings is stated over three seeds. Each seed takes about as long
as the lesson's runs; a finished seed is reused (delete its file to train it again). The runs use
the offline training digits and score against the validation half of MNIST's test set
(`tracking_reference`), as the lesson does. Writes OUT/results.json (every seed's findings) and OUT/watched_runs.md (a
table of them, one column a seed).
"""
import argparse, json, sys, time
from pathlib import Path
from common import made_note, made_stamp, write_results

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seeds', type=int, nargs='+', default=[1, 2]); ap.add_argument('--out', default='results/watched_runs')
    a = ap.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    todo = [s for s in a.seeds if not (out/f'seed{s}.json').exists()]
    for s in sorted(set(a.seeds) - set(todo)): print(f"seed {s}: reused {out/f'seed{s}.json'}", file=sys.stderr)
    if todo:
        from gan_course.data import mnist
        from gan_course.diagnostics import (strong_d_variants, tracking_reference, watch, watch_findings,
                                            watch_gradients, watched_variants)
        x, y = mnist()
        ref = tracking_reference(2000)
    for s in todo:
        t0 = time.time()
        runs = {name: watch(v, x, ref, y, every, n=1000) for name, (v, every) in watched_variants(seed=s).items()}
        strong = {name: watch_gradients(v, x, ref, n=1000) for name, v in strong_d_variants(seed=s).items()}
        found = watch_findings(runs, strong)
        (out/f'seed{s}.json').write_text(json.dumps(dict(seed=s, findings=found, seconds=round(time.time() - t0), made=made_stamp()),
                                                    indent=1) + '\n', encoding='utf-8')
        print(f"seed {s}: {time.time() - t0:.0f}s", file=sys.stderr)
    runs = [json.loads(f.read_text()) for f in sorted(out.glob('seed*.json'))]
    seeds = [r['seed'] for r in runs]
    md = [made_note([r.get('made') for r in runs], str(out)), '',
          "Lesson 07's findings (`diagnostics.watch_findings`) for each seed; lesson 07 trains seed 0 itself.", '',
          '| finding | ' + ' | '.join(f'seed {s}' for s in seeds) + ' |', '|---|' + '---:|' * len(seeds)]
    md += [f'| {k} | ' + ' | '.join(f"{r['findings'][k]:.3g}" for r in runs) + ' |' for k in runs[0]['findings']]
    write_results(out, 'watched_runs', {str(r['seed']): r for r in runs}, '\n'.join(md))

if __name__ == '__main__': main()
