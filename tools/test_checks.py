"""Tests of the docs check's provenance and prose checks (`python -m pytest -q tools/test_checks.py`; CI runs them)."""
import json, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
import provenance, prose_numbers  # noqa: E402
ROOT = Path(__file__).resolve().parent.parent

def nb(cells): return {'cells': cells, 'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}
def code(src, outputs=()): return {'cell_type': 'code', 'source': src, 'outputs': list(outputs), 'metadata': {}, 'execution_count': None}
def md(src): return {'cell_type': 'markdown', 'source': src, 'metadata': {}}
def stream(text): return {'output_type': 'stream', 'name': 'stdout', 'text': text}
def result(text): return {'output_type': 'execute_result', 'data': {'text/plain': text}, 'metadata': {}, 'execution_count': None}

def stamped(n):
    n['metadata']['gan_course'] = {'provenance': dict(code_sha256=provenance.code_sha256(n), outputs_sha256=provenance.outputs_sha256(n))}
    return n

def test_hashes_follow_the_spec():
    import hashlib
    n = nb([code('a = 1'), md('# x'), code(['print(', 'a)'], [stream('1\n')])])
    assert provenance.code_sha256(n) == hashlib.sha256('a = 1\n\x00\nprint(a)'.encode()).hexdigest()
    outs = json.dumps([[], [stream('1\n')]], sort_keys=True, ensure_ascii=False, separators=(',', ':'))
    assert provenance.outputs_sha256(n) == hashlib.sha256(outs.encode()).hexdigest()

def test_verify_catches_missing_provenance_edited_code_and_hand_made_outputs():
    n = nb([code('print(1)', [stream('1\n')])])
    assert 'no provenance' in provenance.verify(n)
    assert provenance.verify(nb([code('x = 1')])) is None                   # no outputs kept: nothing to prove
    n = stamped(n); assert provenance.verify(n) is None
    n['cells'][0]['source'] = 'print(2)'; assert 'code changed' in provenance.verify(n)
    n['cells'][0]['source'] = 'print(1)'; n['cells'][0]['outputs'] = [stream('2\n')]
    assert 'never edit outputs by hand' in provenance.verify(n)
    n['cells'][0]['outputs'] = [stream('1\n')]; n['cells'].append(md('prose may change freely'))
    assert provenance.verify(n) is None

def test_impossible_outputs_finds_a_spliced_check_line():
    tick = provenance.CHECKED + 'two is more than one\n'
    bare = code("full_run_claim('two is more than one', lambda: 2 > 1)", [stream(tick)])
    assert 'bare full_run_claim' in provenance.impossible_outputs(nb([bare]))[0][1]
    ran = code("full_run_claim('two is more than one', lambda: 2 > 1)", [stream(tick), result('True')])
    quiet = code("full_run_claim('two is more than one', lambda: 2 > 1);", [stream(tick)])
    assert provenance.impossible_outputs(nb([ran, quiet])) == []
    other = code("full_run_claim('something else', lambda: True);", [stream(tick)])
    assert 'does not make' in provenance.impossible_outputs(nb([other]))[0][1]

def explained(prose, outputs='', src='x = 0', cited=None, tmp=None):
    p = tmp/'nb.ipynb'
    p.write_text(json.dumps(nb([code(src, [stream(outputs)] if outputs else []), md(prose)])))
    old = prose_numbers.ROOT
    prose_numbers.ROOT = tmp.parent
    try: return [s for _, s, _ in prose_numbers.unexplained(p, {'nb.ipynb': cited or {}})]
    finally: prose_numbers.ROOT = old

def test_prose_numbers(tmp_path):
    t = tmp_path/'nbs'; t.mkdir()
    assert explained('FID 5.0 after 1,014 steps', 'fid 4.98, 1014 steps', tmp=t) == []       # rounded to the digits shown; separators
    assert explained('right on 95% of images', src='assert acc > 0.95', tmp=t) == []         # a share given as a fraction in code
    assert explained('FID 5.1 and 17.3 ± 0.8', 'fid 4.98', tmp=t) == ['5.1', '17.3', '0.8']  # what no output shows
    assert explained('PacGAN reports 17.3 ± 0.8', tmp=t, cited={'17.3': 'PacGAN, Table 1', '0.8': 'PacGAN, Table 1'}) == []
    assert explained('Goodfellow et al. (2014) and Radford (2016); run `--epochs 60`; see [x](a/b12.html); tf2, R1', tmp=t) == []
    assert explained('3 seeds and lesson 03', tmp=t) == []                                    # one significant digit: not a claim

def test_stale_citations(tmp_path):
    assert prose_numbers.stale_citations({'no_such.ipynb': {'12': 'x'}}) == ['no_such.ipynb: no such notebook']

def test_workflows_pin_every_action_and_test_the_claimed_pythons():
    "Every `uses:` names a full commit (a moved tag cannot change what runs); CI tests the oldest and newest Python the classifiers claim."
    import configparser, re
    wf = sorted((ROOT/'.github'/'workflows').glob('*.y*ml'))
    uses = [(p.name, m) for p in wf for m in re.findall(r'uses:\s*(\S+)', p.read_text())]
    assert uses and all(re.fullmatch(r'[\w.-]+/[\w./-]+@[0-9a-f]{40}', u) for _, u in uses), [u for u in uses if not re.search(r'@[0-9a-f]{40}$', u[1])]
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini')
    claimed = re.search(r"py_versions = '([^']+)'", (ROOT/'setup.py').read_text()).group(1).split()
    claimed = claimed[claimed.index(cfg['DEFAULT']['min_python']):]
    matrix = re.search(r"python: \[([^\]]+)\]", (ROOT/'.github'/'workflows'/'test.yaml').read_text()).group(1)
    assert [v.strip(" '\"") for v in matrix.split(',')] == [claimed[0], claimed[-1]], (matrix, claimed)

def test_install_cells_pin_the_release_settings_ini_names():
    "Each lesson's install cell installs `version` from settings.ini: gan_course==VERSION from PyPI, else the tag vVERSION; a bump of settings.ini alone fails here."
    import configparser, re
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini'); version = cfg['DEFAULT']['version']
    lessons = sorted((ROOT/'nbs').glob('[0-9][0-9]_*.ipynb'))
    assert len(lessons) >= 8
    for p in lessons:
        first = next(''.join(c['source']) for c in json.loads(p.read_text(encoding='utf-8'))['cells'] if c['cell_type'] == 'code')
        pins = re.findall(r"gan_course==([\w.]+)'|@v([\w.]+)'", first)
        assert sorted(a or b for a, b in pins) == [version, version], (p.name, pins, version)

def test_every_formula_exercise_check_passes_its_reference_and_fails_a_wrong_answer():
    import exercise_checks
    rows = {(name, n): (ok, msg) for name in exercise_checks.LESSONS for n, ok, msg in exercise_checks.check_both_ways(name)}
    assert len(rows) == 14, sorted(rows)                       # two exercises in each of lessons 00, 01 and 03-07
    assert all(ok for ok, _ in rows.values()), [k for k, (ok, _) in rows.items() if not ok]
    assert all(msg for _, msg in rows.values()), [k for k, (_, msg) in rows.items() if not msg]   # no vacuous check
    assert exercise_checks.perturb((2, 1.0, True)) == (3, 2.5, False)
