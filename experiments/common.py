"""What the experiments share: stamping a finished run with the commit and date that made it, saying when runs were reused, and writing an experiment's results as JSON and Markdown.

Imported by the scripts beside it (`from common import ...`); not a script itself.
"""
import datetime, json, subprocess
from pathlib import Path

def made_stamp() -> dict:
    "Which commit made a result, and when: saved with every finished run a script may reuse."
    r = subprocess.run(['git', 'rev-parse', '--short=10', 'HEAD'], cwd=Path(__file__).parent, capture_output=True, text=True)
    return dict(commit=r.stdout.strip() or 'unknown', date=datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d'))

def made_note(stamps:list, where:str) -> str:
    "One line saying which commits made the runs behind a result, and when (`stamps`: each run's `made_stamp`, None for a run made before runs were stamped)."
    made = sorted({f"commit {m['commit']} on {m['date']}" if m else 'a commit before runs were stamped' for m in stamps})
    return f"*{len(stamps)} run(s) in {where}, made at {'; '.join(made)}; a finished run is reused (delete it to train it again).*"

def write_results(out:Path, name:str, data:dict, md:str) -> None:
    "Write an experiment's results to OUT/results.json and its Markdown report to OUT/NAME.md, and print the report."
    out.mkdir(parents=True, exist_ok=True)
    (out/'results.json').write_text(json.dumps(data, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
    (out/f'{name}.md').write_text(md.rstrip('\n') + '\n', encoding='utf-8')
    print(md)
