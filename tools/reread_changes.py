"""The sentences that prose re-reads changed, per lesson, old → new.

    python tools/reread_changes.py [SINCE] [--grep re-read]

For every commit after SINCE (default: 699294a, where the provenance issue started) whose subject
mentions `--grep` (default "re-read"), compares the markdown of each notebook the commit touched
with its parent's, sentence by sentence, and prints the sentences it removed (−) and added (+),
grouped by notebook. Re-wraps alone (the same words on other lines) are not changes.
"""
import argparse, difflib, json, re, subprocess
from collections import defaultdict

def git(*args) -> str: return subprocess.run(['git', *args], capture_output=True, text=True, check=True).stdout

def sentences(rev:str, path:str) -> list:
    "The sentences of the markdown cells of `path` at `rev` (whitespace normalised); [] if it did not exist."
    try: nb = json.loads(git('show', f'{rev}:{path}'))
    except subprocess.CalledProcessError: return []
    text = '\n\n'.join(''.join(c['source']) for c in nb['cells'] if c['cell_type'] == 'markdown')
    out = []
    for para in re.split(r'\n\s*\n', text):
        para = ' '.join(para.split())
        out += [s for s in re.split(r'(?<=[.!?:])\s+(?=[A-Z*(\[`-])', para) if s]
    return out

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('since', nargs='?', default='699294a'); ap.add_argument('--grep', default='re-read')
    a = ap.parse_args()
    changes = defaultdict(list)
    for line in git('log', '--reverse', '--format=%h %s', f'{a.since}..HEAD').splitlines():
        sha, subject = line.split(' ', 1)
        if a.grep.lower() not in subject.lower(): continue
        for path in git('diff-tree', '--no-commit-id', '--name-only', '-r', sha).split():
            if not (path.startswith('nbs/') and path.endswith('.ipynb')): continue
            old, new = sentences(f'{sha}^', path), sentences(sha, path)
            diff = [d for d in difflib.ndiff(old, new) if d[:2] in ('- ', '+ ')]
            if diff: changes[path].append((sha, subject, diff))
    for path in sorted(changes):
        n = sum(sum(d.startswith('+ ') for d in diff) for _, _, diff in changes[path])
        print(f"\n## {path}: {len(changes[path])} re-read commit(s), {n} sentence(s) new or changed")
        for sha, subject, diff in changes[path]:
            print(f"\n### {sha} {subject[:100]}")
            for d in diff: print(f"{'−' if d[0] == '-' else '+'} {d[2:]}")

if __name__ == '__main__': main()
