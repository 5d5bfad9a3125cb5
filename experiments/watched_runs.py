"""Lesson 07's watched runs over more seeds: the four runs it watches and the two against a strong D, trained again with other seeds through the lesson's own functions, and what `watch_findings` reads from them.

    python experiments/watched_runs.py [--seeds 1 2] [--out results/watched_runs]

Lesson 07 trains seed 0 itself (about ten minutes on 2 CPU cores) and reads the other seeds from
OUT/seedS.json, so each of its findings is stated over three seeds. Each seed takes about as long
as the lesson's runs; a finished seed is reused (delete its file to train it again). The runs use
the offline training digits and score against the validation half of MNIST's test set
(`tracking_reference`), as the lesson does.
"""
import argparse, json, sys, time
from pathlib import Path
from common import made_stamp

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seeds', type=int, nargs='+', default=[1, 2]); ap.add_argument('--out', default='results/watched_runs')
    a = ap.parse_args()
    from gan_course.data import mnist
    from gan_course.diagnostics import (strong_d_variants, tracking_reference, watch, watch_findings,
                                        watch_gradients, watched_variants)
    x, y = mnist()
    ref = tracking_reference(2000)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    for s in a.seeds:
        f = out/f'seed{s}.json'
        if f.exists(): print(f"seed {s}: reused {f}", file=sys.stderr); continue
        t0 = time.time()
        runs = {name: watch(v, x, ref, y, every, n=1000) for name, (v, every) in watched_variants(seed=s).items()}
        strong = {name: watch_gradients(v, x, ref, n=1000) for name, v in strong_d_variants(seed=s).items()}
        found = watch_findings(runs, strong)
        f.write_text(json.dumps(dict(seed=s, findings=found, seconds=round(time.time() - t0), made=made_stamp()),
                                indent=1) + '\n', encoding='utf-8')
        print(f"seed {s}: {time.time() - t0:.0f}s", json.dumps(found, indent=1))

if __name__ == '__main__': main()
