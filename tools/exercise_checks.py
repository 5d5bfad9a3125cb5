"""Every formula exercise of lessons 00-07, checked both ways: its check passes the reference solution and fails a wrong answer.

    python tools/exercise_checks.py            # prints a table; exit 1 if a check passes a wrong answer or fails its reference

A lesson's exercise N is a stub the learner fills in, a hidden cell that defines `_check_N` and
`_solution_N`, and a cell that runs the check (`check_exercise`). Under `nbdev_test` every check
runs against its reference solution; this script also shows that no check is vacuous: it runs each
one on a wrong answer, the reference with its result perturbed (a number scaled by 1.5 and moved by
1, a tensor scaled and shifted, each element of a tuple or dict perturbed), and requires the
AssertionError whose message tells the learner what is wrong. The lessons are not run: only their
import statements and their definitions of functions and classes (nothing that trains) are
executed, in one namespace per lesson. Lesson 02's and 08's build-it exercises live in
`gan_course.exercises`, whose page (lib/13_exercises) shows each failing on a typical wrong answer.
"""
import ast, json, sys, traceback
from pathlib import Path

NBS = Path(__file__).resolve().parent.parent/'nbs'
LESSONS = ('00_analogy', '01_minimax', '03_dcgan', '04_lsgan', '05_wgan_gp', '06_minibatch_discrimination', '07_diagnostics')

def lesson_namespace(name:str) -> dict:
    "The namespace of lesson `name` with its top-level imports and function and class definitions executed, in order."
    nb = json.loads((NBS/f'{name}.ipynb').read_text(encoding='utf-8'))
    ns = {'__name__': f'lesson_{name}'}
    for c in nb['cells']:
        if c['cell_type'] != 'code': continue
        src = ''.join(c['source'])
        code = '\n'.join(l for l in src.splitlines() if not l.startswith(('#|', '%', '!')))
        try: tree = ast.parse(code)
        except SyntaxError: continue
        # imports and definitions only, one at a time: one that needs the lesson's run (a decorator, a default) is left out
        for d in tree.body:
            if not isinstance(d, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)): continue
            try: exec(compile(ast.Module(body=[d], type_ignores=[]), f'{name}.ipynb', 'exec'), ns)
            except NameError: pass
    return ns

def perturb(r):
    "A wrong answer's result: `r` scaled by 1.5 and moved by 1 (tensors by 0.1; each element of a tuple, list or dict)."
    import torch
    if isinstance(r, bool): return not r
    if isinstance(r, int): return r + 1
    if isinstance(r, float): return r * 1.5 + 1
    if isinstance(r, torch.Tensor): return r * 1.5 + 0.1 if r.is_floating_point() else r + 1
    if isinstance(r, (tuple, list)): return type(r)(perturb(x) for x in r)
    if isinstance(r, dict): return {k: perturb(v) for k, v in r.items()}
    raise TypeError(f"cannot perturb a {type(r).__name__}")

def wrong(solution):
    "The reference solution, with its result perturbed."
    return lambda *a, **k: perturb(solution(*a, **k))

def check_both_ways(name:str) -> list:
    "For each exercise of lesson `name`: (exercise, reference passes, the check's message on a wrong answer or None if it passed it)."
    ns, rows = lesson_namespace(name), []
    for n in sorted(int(k.split('_')[-1]) for k in ns if k.startswith('_check_')):
        check, sol = ns[f'_check_{n}'], ns[f'_solution_{n}']
        try: check(sol); ok = True
        except Exception: ok = False; traceback.print_exc()
        try: check(wrong(sol)); msg = None
        except AssertionError as e: msg = str(e).splitlines()[0] if str(e) else '(an assertion without a message)'
        rows.append((n, ok, msg))
    return rows

def main() -> int:
    bad = 0
    print('| lesson | exercise | reference solution | wrong answer (the reference, perturbed): the check says |\n|---|---:|---|---|')
    for name in LESSONS:
        for n, ok, msg in check_both_ways(name):
            bad += (not ok) + (msg is None)
            print(f"| {name} | {n} | {'passes' if ok else 'FAILS'} | {msg if msg else 'PASSED (the check is vacuous)'} |")
    return 1 if bad else 0

if __name__ == '__main__': sys.exit(main())
