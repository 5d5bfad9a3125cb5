"""Train the default run of every registered variant and score it with `gan-course evaluate`.

    python experiments/evaluate_variants.py [--out results/evaluate_variants] [--runs runs/eval] [--n 5000] [--variants vanilla dcgan ...]

For each variant: `gan-course train VARIANT --out RUNS/VARIANT` (its default budget, seed and device),
then `gan-course evaluate RUNS/VARIANT/checkpoint.pt --n N --json RUNS/VARIANT/scores.json`. A run
already in RUNS is reused (delete it to retrain). Prints one Markdown table: FID, KID, precision,
recall, coverage, classes, the CPU time of the run and of the evaluation, and the FID floors; writes
it to OUT/evaluate_variants.md and the scores to OUT/results.json.
"""
import argparse, json, sys
from pathlib import Path
from common import made_note, made_stamp, write_results

def main():
    from gan_course.cli import evaluate, train
    from gan_course.registry import variant_names
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default='results/evaluate_variants'); ap.add_argument('--runs', default='runs/eval'); ap.add_argument('--n', type=int, default=5000)
    ap.add_argument('--variants', nargs='*', default=None); ap.add_argument('--device', default='auto')
    a = ap.parse_args()
    rows, stamps = [], []
    for v in a.variants or variant_names():
        out = Path(a.runs)/v
        if not (out/'history.json').exists():
            train(v, out=str(out), device=a.device, force=True); (out/'made.json').write_text(json.dumps(made_stamp()))
        stamps.append(json.loads((out/'made.json').read_text()) if (out/'made.json').exists() else None)
        run = json.loads((out/'history.json').read_text())
        s = evaluate(str(out/'checkpoint.pt'), n=a.n, json=str(out/'scores.json'), device=a.device)
        rows.append((v, run, s)); print(file=sys.stderr)
    floors = rows[0][2]
    md = [made_note(stamps, a.runs), '',
          f"| variant | FID ↓ | KID ↓ | precision | recall | coverage | classes ≥ 1% | training (s, {rows[0][1]['device']}) | evaluate (s) |",
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    md += [f"| `{v}` | {s['fid']:.2f} | {s['kid']:.4f} | {s['precision']:.3f} | {s['recall']:.3f} | {s['coverage']:.3f} | {s['classes']} | {run['wall_s']:.0f} | {s['eval_s']:.1f} |"
           for v, run, s in rows]
    md += ['', f"Scored against {a.n:,} digits of the test half of MNIST's test set. Floors at N = {a.n:,}: real vs real (two halves of the reference) {floors['fid_floor_halves']:.2f}; "
               f"the 5,000 offline training digits vs the reference {floors['fid_floor_train']:.2f}."]
    write_results(Path(a.out), 'evaluate_variants', dict(n=a.n, made=stamps, runs={v: dict(wall_s=run['wall_s'], device=run['device'], scores=s) for v, run, s in rows}), '\n'.join(md))

if __name__ == '__main__': main()
