"""Keep a speed probe's figures for the results page: run it, keep what it printed, say where and when.

    python benchmarks/record.py throughput.py --epochs 10 --device cpu   # -> results/speed/throughput.{json,md}
    python benchmarks/record.py --out results/speed_gpu gpu_loops.py     # another folder (a GPU machine's, say)

Runs `python benchmarks/PROBE ARGS…` on this machine and prints its output as it goes. If the probe
ends with status 0, writes OUT/PROBE_NAME.json (the command, the commit and date that ran it, the
machine, the wall time and every line the probe printed) and OUT/PROBE_NAME.md (the same as a
report whose first line names the commit, date and machine). The results page shows these files;
nothing is written for a probe that fails.
"""
import json, os, platform, subprocess, sys, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent/'experiments'))
from common import made_stamp  # noqa: E402


def machine() -> str:
    "This machine in words: its CPU and cores, and torch's version."
    cpu = next((l.split(':', 1)[1].strip() for l in Path('/proc/cpuinfo').read_text().splitlines() if l.startswith('model name')), None) \
          if Path('/proc/cpuinfo').exists() else None
    import torch
    return f"{cpu or platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}"


def main(argv:list) -> int:
    out = Path('results/speed')
    if argv[:1] == ['--out']: out, argv = Path(argv[1]), argv[2:]
    if not argv or not (HERE/argv[0]).is_file() or argv[0] in ('record.py', 'timing.py'):
        probes = sorted(p.name for p in HERE.glob('*.py') if p.name not in ('record.py', 'timing.py'))
        sys.exit(f"record: name a speed probe, one of {', '.join(probes)}, then its arguments")
    cmd, t0, lines = [sys.executable, str(HERE/argv[0]), *argv[1:]], time.time(), []
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, bufsize=1) as p:
        for line in p.stdout: print(line, end=''); lines.append(line.rstrip('\n'))
    if p.returncode: sys.exit(f"record: {argv[0]} ended with status {p.returncode}; nothing written")
    name, stamp, where = Path(argv[0]).stem, made_stamp(), machine()
    shown = ' '.join(['python', f'benchmarks/{argv[0]}', *argv[1:]])
    md = [f"*`{shown}`, commit {stamp['commit']} on {stamp['date']}, {where}, {time.time() - t0:.0f} s.*", '', '```', *lines, '```']
    out.mkdir(parents=True, exist_ok=True)
    data = dict(command=shown, made=stamp, machine=where, wall_s=round(time.time() - t0, 1), output=lines)
    (out/f'{name}.json').write_text(json.dumps(data, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
    (out/f'{name}.md').write_text('\n'.join(md) + '\n', encoding='utf-8')
    print(f"record: wrote {out/name}.json and .md", file=sys.stderr)
    return 0


if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
