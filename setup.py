"""Packaging for gan_course; every setting is read from settings.ini (nbdev 2 layout)."""
from configparser import ConfigParser
from pathlib import Path
import json
import setuptools
from setuptools.command.build_py import build_py

cfg = ConfigParser(delimiters=['='])
cfg.read('settings.ini', encoding='utf-8')
cfg = cfg['DEFAULT']

for key in 'version description keywords author author_email'.split():
    assert key in cfg, f'settings.ini is missing "{key}"'

licenses = {'apache2': 'Apache-2.0'}  # SPDX expressions
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable',
            '6 - Mature', '7 - Inactive']
py_versions = '3.9 3.10 3.11 3.12 3.13'.split()
min_python = cfg['min_python']
lic = licenses[cfg['license']]

requirements = cfg.get('requirements', '').split()
dev_requirements = cfg.get('dev_requirements', '').split()

def without_outputs(nb:dict) -> dict:
    "A lesson as a learner runs it: no kept outputs (the docs site and the repository show them) and no record of the run that made them."
    for c in nb['cells']:
        if c['cell_type'] == 'code': c['outputs'], c['execution_count'] = [], None
    nb['metadata'].pop('gan_course', None)
    return nb

class BuildPyWithLessons(build_py):
    "Also put the lesson notebooks (nbs/NN_*.ipynb), without their outputs, into the wheel as gan_course/lessons/, for `gan-course lessons DIR`."
    def run(self):
        super().run()
        lessons = sorted(Path('nbs').glob('[0-9][0-9]_*.ipynb'))
        assert lessons, 'no lesson notebooks in nbs/: build from a clone or an sdist'
        dest = Path(self.build_lib)/cfg['lib_path']/'lessons'
        dest.mkdir(parents=True, exist_ok=True)
        for nb in lessons:
            lesson = without_outputs(json.loads(nb.read_text(encoding='utf-8')))
            (dest/nb.name).write_text(json.dumps(lesson, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')

setuptools.setup(
    cmdclass={'build_py': BuildPyWithLessons},
    name=cfg['lib_name'],
    license=lic,
    classifiers=['Development Status :: ' + statuses[int(cfg['status'])],
                 'Intended Audience :: ' + cfg['audience'].title(),
                 'Natural Language :: ' + cfg['language'].title()] +
                ['Programming Language :: Python :: ' + v for v in py_versions[py_versions.index(min_python):]],
    url=cfg['git_url'],
    packages=setuptools.find_namespace_packages(include=['gan_course', 'gan_course.*'], exclude=['*.__pycache__']),
    include_package_data=True,
    package_data={'gan_course.assets': ['*']},   # the shipped MNIST digits, the yardstick's weights and their credits
    install_requires=requirements,
    extras_require={'dev': dev_requirements},
    python_requires='>=' + min_python,
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    zip_safe=False,
    entry_points={
        'console_scripts': cfg.get('console_scripts', '').split(),
        'nbdev': [f'{cfg["lib_path"]}={cfg["lib_path"]}._modidx:d'],
    },
    version=cfg['version'],
    author=cfg['author'],
    author_email=cfg['author_email'],
    description=cfg['description'],
    keywords=cfg['keywords'],
)
