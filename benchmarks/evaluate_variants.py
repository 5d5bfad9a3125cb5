"""Train the default run of every registered variant and score it with `gan-course evaluate`.

    python benchmarks/evaluate_variants.py [--out runs/eval] [--n 10000] [--variants vanilla dcgan ...]

For each variant: `gan-course train VARIANT --out OUT/VARIANT` (its default budget, seed and device),
then `gan-course evaluate OUT/VARIANT/checkpoint.pt --n N --json OUT/VARIANT/scores.json`. A run
already in OUT is reused (delete it to retrain). Prints one Markdown table: FID, KID, precision,
recall, coverage, classes, the CPU time of the run and of the evaluation, and the FID floors.
"""
import argparse, json, sys
from pathlib import Path

def main():
    from gan_course.cli import evaluate, train
    from gan_course.registry import variant_names
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default='runs/eval'); ap.add_argument('--n', type=int, default=10000)
    ap.add_argument('--variants', nargs='*', default=None); ap.add_argument('--device', default='auto')
    a = ap.parse_args()
    rows = []
    for v in a.variants or variant_names():
        out = Path(a.out)/v
        if not (out/'history.json').exists(): train(v, out=str(out), device=a.device, force=True)
        run = json.loads((out/'history.json').read_text())
        s = evaluate(str(out/'checkpoint.pt'), n=a.n, json=str(out/'scores.json'), device=a.device)
        rows.append((v, run, s)); print(file=sys.stderr)
    floors = rows[0][2]
    print(f"\n| variant | FID ↓ | KID ↓ | precision | recall | coverage | classes ≥ 1% | training (s, {rows[0][1]['device']}) | evaluate (s) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for v, run, s in rows:
        print(f"| `{v}` | {s['fid']:.2f} | {s['kid']:.4f} | {s['precision']:.3f} | {s['recall']:.3f} | {s['coverage']:.3f} | {s['classes']} | {run['wall_s']:.0f} | {s['eval_s']:.1f} |")
    print(f"\nFloors at N = {a.n:,}: real test digits vs real test digits (two halves) {floors['fid_floor_halves']:.2f}; "
          f"the 5,000 offline training digits vs the reference {floors['fid_floor_train']:.2f}.")

if __name__ == '__main__': main()
