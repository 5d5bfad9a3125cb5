"""Never lose a run: hostile inputs to `gan-course`, each in a real process (`python -m pytest -q tools/test_hostile.py`; CI runs them).

A full disk is a file-size limit (RLIMIT_FSIZE: a write past it fails with EFBIG, as on a full disk);
an unreadable folder is one the test's user may not enter (as root, who enters any folder, the
command's own process is made to get the EACCES such a folder gives).
`GAN_COURSE_ROOT=/path/to/a/checkout` runs the same tests against another checkout's library (to
see which of them an older tree fails).
"""
import gzip, os, resource, signal, struct, subprocess, sys, time
from pathlib import Path
import pytest
import torch

ROOT = Path(os.environ.get('GAN_COURSE_ROOT') or Path(__file__).resolve().parent.parent)

def gc(*argv, fsize:int|None=None, data:Path|None=None, cwd=None, popen=False):
    "`gan-course ARGV` in a fresh process running ROOT's library: with a file-size limit (a full disk), on a data folder."
    def pre():
        signal.signal(signal.SIGINT, signal.SIG_DFL)   # Ctrl-C's default, even where this suite runs in the background (SIGINT ignored)
        if fsize is not None: resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    env = {**os.environ, 'PYTHONPATH': str(ROOT), 'PYTHONDONTWRITEBYTECODE': '1', **({'GAN_COURSE_DATA': str(data)} if data else {})}
    cmd, cwd = [sys.executable, '-c', 'from gan_course.cli import main; main()', *map(str, argv)], cwd or ROOT.parent   # not a checkout: `-c` imports from the cwd
    if popen: return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd, preexec_fn=pre)
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, preexec_fn=pre, timeout=600)

def py(code:str, *args, data:Path|None=None):
    "Python `code` in a fresh process running ROOT's library."
    env = {**os.environ, 'PYTHONPATH': str(ROOT), **({'GAN_COURSE_DATA': str(data)} if data else {})}
    return subprocess.run([sys.executable, '-c', code, *map(str, args)], capture_output=True, text=True, env=env, cwd=ROOT.parent, timeout=600)

def refused(r, *says):
    "Exit status 2, the last line a one-line error saying `says`, and no traceback."
    last = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ''
    assert r.returncode == 2 and 'Traceback' not in r.stderr and last.startswith('gan-course: error:'), (r.returncode, r.stderr[-1500:])
    for s in says: assert s in last, (s, last)

def no_temps(folder:Path): assert not [p.name for p in Path(folder).glob('.*.tmp')], list(Path(folder).glob('.*.tmp'))

@pytest.fixture(scope='module')
def run(tmp_path_factory):
    "A one-epoch vanilla run on the offline digits: its folder and its data folder (empty: offline)."
    d = tmp_path_factory.mktemp('hostile'); (d/'data').mkdir()
    where = py("import gan_course; print(gan_course.__file__)").stdout.strip()
    assert where.startswith(str(ROOT)), f"the commands would run {where}, not {ROOT}'s library"
    r = gc('train', 'vanilla', '--epochs', '1', '--out', d/'run', '--device', 'cpu', data=d/'data')
    assert r.returncode == 0, r.stderr
    return d

def edited(run, name, change):
    "A copy of the run's checkpoint with `change(sd)` applied, saved with torch.save (no digest of ours: as if edited by hand)."
    sd = torch.load(run/'run'/'checkpoint.pt', weights_only=True); sd.pop('digest', None); change(sd)
    torch.save(sd, run/name); return run/name

# Data loss

def test_a_failed_sample_keeps_the_file_it_would_replace(run):
    old = run/'old_samples.pt'; old.write_bytes(b'precious' * 1000)
    refused(gc('sample', run/'run'/'checkpoint.pt', '--n', '1000', '--out', old, fsize=100_000, data=run/'data'), 'is the disk full?')
    assert old.read_bytes() == b'precious' * 1000; no_temps(run)

def test_lessons_never_write_through_a_symlink(run, tmp_path):
    target = tmp_path/'elsewhere.txt'; target.write_text('not a lesson'); dest = tmp_path/'lessons'; dest.mkdir()
    (dest/'00_analogy.ipynb').symlink_to(target)
    r = gc('lessons', dest, '--force'); assert r.returncode == 0, r.stderr
    assert target.read_text() == 'not a lesson' and not (dest/'00_analogy.ipynb').is_symlink()

def test_lessons_on_a_full_disk_keep_the_learners_notebook(tmp_path):
    dest = tmp_path/'lessons'; dest.mkdir(); (dest/'02_vanilla_gan.ipynb').write_text('my notes')
    refused(gc('lessons', dest, '--force', fsize=4096), 'is the disk full?')
    assert (dest/'02_vanilla_gan.ipynb').read_text() == 'my notes'; no_temps(dest)

def test_sample_never_overwrites_an_older_format_checkpoint(run):
    old = run/'old_format.pt'; torch.save({'format': 'gan_course/1', 'G': {}}, old); before = old.read_bytes()
    refused(gc('sample', run/'run'/'checkpoint.pt', '--out', old, data=run/'data'), 'sampling never overwrites one')
    assert old.read_bytes() == before

# Wrong results, silently

def test_a_flipped_byte_in_a_weight_is_refused(run):
    raw = bytearray((run/'run'/'checkpoint.pt').read_bytes())
    w = torch.load(run/'run'/'checkpoint.pt', weights_only=True)['G']['net.0.weight'].numpy().tobytes()
    at = bytes(raw).index(w[:64]); raw[at + 1] ^= 0x40; (run/'flipped.pt').write_bytes(bytes(raw))
    refused(gc('sample', run/'flipped.pt', '--out', run/'f.png', data=run/'data'), 'is damaged')
    refused(gc('evaluate', run/'flipped.pt', '--n', '100', data=run/'data'), 'is damaged')
    assert not (run/'f.png').exists()

def test_a_nan_weight_is_refused_not_drawn_or_segfaulted_on(run):
    nan = edited(run, 'nan.pt', lambda sd: sd['G']['net.0.weight'].fill_(float('nan')))
    refused(gc('sample', nan, '--out', run/'nan.png', data=run/'data'), 'not finite')
    refused(gc('evaluate', nan, '--n', '100', data=run/'data'), 'not finite')
    r = gc('train', 'vanilla', '--resume', nan, '--epochs', '2', data=run/'data')
    refused(r, 'not finite'); assert 'Lower the learning rates' not in r.stderr
    assert not (run/'nan.png').exists()

def test_a_non_finite_buffer_stops_a_run_before_it_saves(tmp_path):
    code = ("import sys, torch; from gan_course.registry import get_variant; from gan_course.data import mnist_5k; from gan_course.train import Checkpoint\n"
            "t = get_variant('vanilla-tf2').trainer(mnist_5k()[0][:512], epochs=2, device='cpu', progress=False, cbs=[Checkpoint(sys.argv[1], every_s=0)])\n"
            "bn = next(m for m in t.G.modules() if isinstance(m, torch.nn.BatchNorm1d)); bn.running_var.fill_(float('inf'))\n"
            "t.fit()")
    r = py(code, tmp_path/'ck.pt')
    assert r.returncode == 1 and "G's weights or buffers are no longer finite" in r.stderr, r.stderr[-800:]
    assert not (tmp_path/'ck.pt').exists()

def _idx(path:Path, arr:torch.Tensor):
    "Write a uint8 tensor as a gzipped IDX file."
    path.write_bytes(gzip.compress(b'\x00\x00\x08' + bytes([arr.dim()]) + struct.pack(f'>{arr.dim()}I', *arr.shape) + arr.numpy().tobytes()))

def test_a_resume_on_other_digits_is_refused(run, tmp_path):
    raw = tmp_path/'other'/'MNIST'/'raw'; raw.mkdir(parents=True)
    r = py("from gan_course.data import mnist_5k; import torch, sys; x, y = mnist_5k(); torch.save(((x * 255).round().to(torch.uint8), y.to(torch.uint8)), sys.argv[1])",
           tmp_path/'d.pt'); assert r.returncode == 0, r.stderr
    x, y = torch.load(tmp_path/'d.pt'); x[0] = 255 - x[0]                      # the same digits but one
    _idx(raw/'train-images-idx3-ubyte.gz', x[:, 0]); _idx(raw/'train-labels-idx1-ubyte.gz', y)
    refused(gc('train', 'vanilla', '--resume', run/'run'/'checkpoint.pt', '--epochs', '2', data=tmp_path/'other'), 'trained on other images (5,000 images', 'than this run has (5,000 images')

def test_save_every_says_what_it_does():
    r = gc('train', '--help'); assert 'end of the first epoch after' in r.stdout, r.stdout

def test_ctrl_c_before_a_forced_runs_first_save_names_the_checkpoint_as_the_earlier_runs(run, tmp_path):
    out = tmp_path/'forced'; out.mkdir(); (out/'checkpoint.pt').write_bytes((run/'run'/'checkpoint.pt').read_bytes())
    job = gc('train', 'vanilla', '--out', out, '--force', '--epochs', '1000', '--save_every', '100000', '--device', 'cpu', data=run/'data', popen=True)
    for line in job.stderr:
        if line.startswith('training vanilla'): break
    time.sleep(1); job.send_signal(signal.SIGINT)
    try: job.wait(timeout=120)
    finally: job.kill()
    err = job.stderr.read().strip().splitlines()[-1]
    assert job.returncode == 130 and "earlier run's, unchanged" in err and 'is intact: continue' not in err, err

# Tracebacks instead of one line

def test_a_full_disk_while_taking_the_lock_is_one_line_and_leaves_no_lock(run, tmp_path):
    refused(gc('train', 'vanilla', '--out', tmp_path/'new', '--epochs', '1', fsize=0, data=run/'data'), 'is the disk full?')
    assert not (tmp_path/'new'/'.gan_course.lock').exists()

DENY = ("import errno, os, pathlib, sys, tempfile; data = os.environ['GAN_COURSE_DATA']\n"
        "def denied(p): return PermissionError(errno.EACCES, 'Permission denied', str(p))\n"
        "def deny(real):\n"
        "    def f(p, *a, **k):\n"
        "        if str(p).startswith(data): raise denied(p)\n"
        "        return real(p, *a, **k)\n"
        "    return f\n"
        "if sys.argv[1] == 'read': pathlib.Path.is_file = deny(pathlib.Path.is_file)\n"
        "else:\n"
        "    pathlib.Path.mkdir, real_mkstemp = deny(pathlib.Path.mkdir), tempfile.mkstemp\n"
        "    def mkstemp(*a, **k):\n"
        "        if str(k.get('dir', '')).startswith(data): raise denied(k['dir'])\n"
        "        return real_mkstemp(*a, **k)\n"
        "    tempfile.mkstemp = mkstemp\n"
        "from gan_course.cli import main; main(sys.argv[2:])")   # root reads and writes anywhere: the EACCES a user without the right gets

def as_user(kind:str, *argv, data:Path):
    "`gan-course ARGV` on a data folder this user may not `kind` ('read' or 'write'): chmod for a user, EACCES made in the process for root."
    if os.geteuid() == 0: return py(DENY, kind, *argv, data=data)
    data.chmod(0o000 if kind == 'read' else 0o555)
    try: return gc(*argv, data=data)
    finally: data.chmod(0o755)

def test_an_unreadable_data_folder_is_one_line(run, tmp_path):
    data = tmp_path/'data'; (data/'MNIST'/'raw').mkdir(parents=True)
    refused(as_user('read', 'train', 'vanilla', '--out', tmp_path/'run', '--epochs', '1', '--device', 'cpu', data=data), 'cannot read', 'GAN_COURSE_DATA')
    refused(as_user('read', 'evaluate', run/'run'/'checkpoint.pt', '--n', '100', data=data), 'cannot read', 'GAN_COURSE_DATA')

def test_a_read_only_data_folder_still_trains_and_scores(run, tmp_path):
    data = tmp_path/'ro'; data.mkdir()
    rs = [as_user('write', 'train', 'vanilla', '--out', tmp_path/'run', '--epochs', '1', '--device', 'cpu', data=data),
          as_user('write', 'evaluate', run/'run'/'checkpoint.pt', '--n', '100', data=data)]
    for r in rs: assert r.returncode == 0 and 'Traceback' not in r.stderr, r.stderr[-800:]   # the offline digits; the scores without a cache
    assert 'working without it' in rs[1].stderr and not (data/'cache').exists()

def test_a_broken_or_poisoned_cache_is_made_again(run):
    assert gc('evaluate', run/'run'/'checkpoint.pt', '--n', '100', data=run/'data').returncode == 0
    caches = sorted((run/'data'/'cache').glob('*.pt')); assert caches
    for bad in (lambda b: b[:100], lambda b: b'\x80\x04cos\nsystem\n(S"touch pwned"\ntR.'):   # truncated; a pickle that would run code
        for c in caches: c.write_bytes(bad(c.read_bytes()))
        r = gc('evaluate', run/'run'/'checkpoint.pt', '--n', '100', data=run/'data', cwd=run)   # where 'touch pwned' would land
        assert r.returncode == 0 and 'Traceback' not in r.stderr and not (run/'pwned').exists(), r.stderr[-800:]

@pytest.mark.parametrize('name,change,says', [
    ('g_tensor', lambda sd: sd.update(G=torch.zeros(3)), 'its G is of type Tensor'),
    ('cfg_str', lambda sd: sd.update(cfg='lr=1'), 'its cfg is of type str'),
    ('cfg_key', lambda sd: sd['cfg'].update(colour='red'), 'unknown setting(s) colour'),
    ('epoch_str', lambda sd: sd.update(epoch='3'), 'its epoch is of type str')])
def test_a_checkpoint_with_fields_of_the_wrong_type_is_one_line(run, name, change, says):
    ck = edited(run, f'{name}.pt', change)
    refused(gc('sample', ck, '--out', run/f'{name}.png', data=run/'data'), says)
    refused(gc('train', 'vanilla', '--resume', ck, '--epochs', '5', data=run/'data'), says)

# Signals and leftovers

def test_sigterm_stops_a_run_as_ctrl_c_does(run, tmp_path):
    job = gc('train', 'vanilla', '--out', tmp_path/'t', '--epochs', '1000', '--save_every', '0', '--device', 'cpu', data=run/'data', popen=True)
    while not (tmp_path/'t'/'checkpoint.pt').exists() and job.poll() is None: time.sleep(0.05)
    job.send_signal(signal.SIGTERM)
    try: job.wait(timeout=120)
    finally: job.kill()
    err = job.stderr.read().strip().splitlines()[-1]
    assert job.returncode == 130 and 'is intact: continue with gan-course train vanilla --resume' in err, (job.returncode, err)
    assert not (tmp_path/'t'/'.gan_course.lock').exists(); no_temps(tmp_path/'t')

def test_a_killed_saves_temporary_file_is_removed_when_the_folder_is_next_used(run, tmp_path):
    out = tmp_path/'r'; out.mkdir()
    for f in ('checkpoint.pt', 'history.json'): (out/f).write_bytes((run/'run'/f).read_bytes())
    (out/'.checkpoint.pt.k1ll3d00.tmp').write_bytes(b'x' * 5000)
    r = gc('train', 'vanilla', '--resume', out/'checkpoint.pt', '--epochs', '2', data=run/'data')
    assert r.returncode == 0, r.stderr; no_temps(out)

# Messages

def test_evaluate_works_offline_with_no_data_anywhere(run, tmp_path):
    (tmp_path/'empty').mkdir()
    r = gc('evaluate', run/'run'/'checkpoint.pt', '--n', '100', data=tmp_path/'empty')
    assert r.returncode == 0 and 'root=' not in r.stderr, r.stderr[-800:]

def test_a_bad_json_path_is_named_as_json(run):
    refused(gc('evaluate', run/'run'/'checkpoint.pt', '--json', run/'x.txt', data=run/'data'), '--json')

def test_a_failed_first_save_does_not_claim_a_previous_checkpoint(run, tmp_path):
    r = gc('train', 'vanilla', '--out', tmp_path/'first', '--epochs', '1', fsize=500_000, data=run/'data')
    refused(r, 'is the disk full?'); assert 'intact' not in r.stderr.strip().splitlines()[-1]
    assert not (tmp_path/'first'/'.gan_course.lock').exists() and not (tmp_path/'first'/'checkpoint.pt').exists()

def test_a_lock_held_by_another_live_process_says_the_lock_may_be_removed(run, tmp_path):
    other = subprocess.Popen(['sleep', '60'])
    try:
        (tmp_path/'busy').mkdir(); (tmp_path/'busy'/'.gan_course.lock').write_text(str(other.pid))
        refused(gc('train', 'vanilla', '--out', tmp_path/'busy', '--epochs', '1', data=run/'data'), f"delete {tmp_path/'busy'/'.gan_course.lock'}")
    finally: other.kill(); other.wait()
