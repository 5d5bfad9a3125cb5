"""Checks of what the experiments report: tables ranked and formatted from runs whose numbers we choose, loss families read from the loss, run stamps.

    python -m pytest -q experiments/test_reports.py
"""
import math, sys
from dataclasses import replace
from pathlib import Path
import pytest
sys.path.insert(0, str(Path(__file__).parent))
from common import made_note, write_results
from quality_vs_time import quality_time_summary, quality_time_table
from scoreboard import LUCIC_MNIST_FID, loss_family, scoreboard_table
from gan_course.core import GanCourseError
from gan_course.losses import gan_loss
from gan_course.registry import get_variant

def runs_of(fids): return [dict(seed=s, fid=f, kid=f / 10, precision=.5, recall=.5, coverage=.5, classes=10, wall_s=100 + s, images_per_s=1000.) for s, f in enumerate(fids)]

def test_scoreboard_ranks_by_mean_fid_and_names_the_median_run():
    table, ranked, median = scoreboard_table({'b': runs_of([30., 10., 20.]), 'a': runs_of([50., 5., 5.]), 'c': runs_of([1., 100., 100.]), 'd': runs_of([200.])},
                                             families={'a': 'LSGAN', 'b': 'NS GAN', 'd': 'hinge (not in their study)'})
    assert ranked == ['a', 'b', 'c', 'd']                         # by mean FID: 20, 20 (a's name first), 67, 200
    assert median == {'a': 2, 'b': 2, 'c': 1, 'd': 0}             # the middle run, sorted by FID (a tie by seed)
    row_b = table.splitlines()[3]
    assert '| 2 | `b` | 20.0 ± 10.0 | 2.000 ± 1.000 |' in row_b and 'NS GAN: 6.8 ± 0.5' in row_b and '101 ± 1' in row_b
    assert table.splitlines()[4].endswith('| — |')               # no family given: no reference
    assert table.splitlines()[5].endswith('| hinge (not in their study) |')
    with pytest.raises(GanCourseError, match='train and evaluate them first'): scoreboard_table({'a': []})

def test_loss_family_reads_the_loss_not_its_name():
    fams = {n: loss_family(get_variant(n)) for n in ('vanilla', 'vanilla-tf2', 'lsgan', 'wgan-gp', 'fast')}
    assert fams == {'vanilla': 'NS GAN', 'vanilla-tf2': 'NS GAN', 'lsgan': 'LSGAN', 'wgan-gp': 'WGAN-GP', 'fast': 'hinge (not in their study)'}
    assert loss_family(get_variant('fast', loss='ls')) == 'LSGAN'
    assert loss_family(replace(get_variant('vanilla'), loss=gan_loss('minimax'))) == 'MM GAN'
    renamed = replace(get_variant('lsgan').loss, name='my loss')            # a name says nothing: the family does
    assert loss_family(replace(get_variant('lsgan'), loss=renamed)) == 'LSGAN'
    assert loss_family(replace(get_variant('wgan-gp'), penalty=None)) == 'WGAN'
    with pytest.raises(GanCourseError, match='names no family'): loss_family(replace(get_variant('vanilla'), loss=replace(gan_loss(), family='')))
    assert set(LUCIC_MNIST_FID) == {'NS GAN', 'MM GAN', 'LSGAN', 'WGAN-GP'}

def qt_run(n, s, fids, ats=(30, 60, 120)):
    return dict(variant=n, seed=s, rows=[dict(at=a, fid=f, kid=f / 10, precision=.5, recall=.5, coverage=.5, classes=10, fit_s=a + 1 + s, step=10 * a)
                                         for a, f in zip(ats, fids)])

def test_quality_time_summary_and_table():
    summ = quality_time_summary([qt_run('a', 0, [40., 20., 10.]), qt_run('a', 1, [60., 30., 20.]), qt_run('b', 0, [30., 24.], ats=(30, 60))])
    assert [p['at'] for p in summ['a']['points']] == [30, 60, 120] and summ['a']['seeds'] == [0, 1]
    assert summ['a']['points'][2]['fid'][0] == 15. and math.isclose(summ['a']['points'][2]['fid'][1], 50 ** 0.5)
    assert summ['a']['points'][0]['fit_s'][0] == 31.5
    tab = quality_time_table(summ).splitlines()
    assert tab[0] == '| variant | seeds | FID at 30 s | FID at 1 min | FID at 2 min |'
    assert tab[2] == '| `b` | 1 | 30.0 ± 0.0 | 24.0 ± 0.0 | — |'   # ranked at 1 min, the latest time both reached: 24 < 25
    assert tab[3] == '| `a` | 2 | 50.0 ± 14.1 | 25.0 ± 7.1 | 15.0 ± 7.1 |'
    assert quality_time_summary([qt_run('a', 0, [40., 20.]), qt_run('a', 1, [60., 30., 20.])])['a']['points'][-1]['at'] == 60   # only times every seed reached
    with pytest.raises(GanCourseError, match='run experiments/quality_vs_time.py first'): quality_time_table({})
    with pytest.raises(GanCourseError, match='no checkpoint'): quality_time_summary([dict(variant='a', seed=0, rows=[])])

def test_made_note_and_results_files(tmp_path, capsys):
    note = made_note([dict(commit='abc', date='2026-12-01'), dict(commit='abc', date='2026-12-01'), None], 'runs/x')
    assert note.startswith('*3 run(s) in runs/x, made at ') and 'commit abc on 2026-12-01' in note and 'before runs were stamped' in note
    write_results(tmp_path/'r', 'demo', dict(a=1), '| a |\n|---|')
    assert (tmp_path/'r'/'results.json').read_text() == '{\n "a": 1\n}\n' and (tmp_path/'r'/'demo.md').read_text() == '| a |\n|---|\n'
    assert capsys.readouterr().out == '| a |\n|---|\n'
