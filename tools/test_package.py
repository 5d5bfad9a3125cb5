"""Tests of what the package ships and how the README is made (`python -m pytest -q tools/test_package.py`; CI runs them)."""
import json, subprocess, sys, zipfile
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
import readme  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

def test_wheel_ships_lessons_without_outputs_and_the_held_out_digits(tmp_path):
    subprocess.run([sys.executable, '-m', 'pip', 'wheel', str(ROOT), '--no-deps', '--no-build-isolation', '-q', '-w', str(tmp_path)], check=True)
    whl = next(tmp_path.glob('gan_course-*.whl'))
    assert whl.stat().st_size <= 5_000_000, f"the wheel is {whl.stat().st_size:,} bytes"
    z = zipfile.ZipFile(whl); names = set(z.namelist())
    repo = sorted((ROOT/'nbs').glob('[0-9][0-9]_*.ipynb'))
    shipped = sorted(n for n in names if n.startswith('gan_course/lessons/'))
    assert [Path(n).name for n in shipped] == [p.name for p in repo]
    for n, p in zip(shipped, repo):
        lesson, source = json.loads(z.read(n)), json.loads(p.read_text(encoding='utf-8'))
        assert all(c.get('outputs', []) == [] and c.get('execution_count') is None for c in lesson['cells'] if c['cell_type'] == 'code'), n
        assert 'gan_course' not in lesson['metadata'], n                      # no provenance for outputs it does not keep
        assert [c['source'] for c in lesson['cells']] == [c['source'] for c in source['cells']], n   # the lesson itself, unchanged
    for a in ('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'mnist5k-images-idx3-ubyte.gz', 'digit_features.pt', 'NOTICE.md'):
        assert f'gan_course/assets/{a}' in names, a

def test_readme_copies_the_outputs_of_echo_false_cells(tmp_path):
    cell = lambda kind, src, **kw: dict(cell_type=kind, source=src, metadata={}, **kw)
    nb = dict(cells=[cell('markdown', '# t'), cell('code', 'x = 1', outputs=[]),
                     cell('code', '#| echo: false\nMarkdown(table)', outputs=[dict(output_type='execute_result', metadata={}, execution_count=None,
                          data={'text/markdown': '| a |\n|---|\n| [l](00_analogy.ipynb) |', 'text/plain': '<Markdown>'})]),
                     cell('code', '#| echo: false\nprint(2)', outputs=[dict(output_type='stream', name='stdout', text='2\n')]),
                     cell('code', '#| hide\nsecret = 1', outputs=[])], metadata={}, nbformat=4, nbformat_minor=5)
    (tmp_path/'index.ipynb').write_text(json.dumps(nb))
    text = readme.readme(tmp_path/'index.ipynb')
    assert '```python\nx = 1\n```' in text and 'Markdown(table)' not in text and 'secret' not in text
    assert '| a |\n|---|\n| [l](https://github.com/' in text and '/blob/main/nbs/00_analogy.ipynb) |' in text   # the output, links made absolute
    assert '```\n2\n```' in text
