"""README.md is generated from nbs/index.ipynb, the docs site's home page: one source for both front pages.

    python tools/readme.py           # write README.md
    python tools/readme.py --check   # exit 1 if README.md is not what index.ipynb gives

Markdown cells are copied; code cells become ```python blocks (their outputs stay on the docs
page), except `#| echo: false` cells, whose kept outputs (Markdown or text) are copied instead, as
the docs page shows them; `#| hide` cells are left out. Links between notebooks (`00_analogy.ipynb`,
`lib/09_cli.ipynb`) become absolute GitHub links, and images (`images/x.png`) links to their raw
files, so they work on GitHub and on PyPI alike.
"""
import json, posixpath, re, sys
from configparser import ConfigParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = '<!-- Generated from nbs/index.ipynb by tools/readme.py: edit the notebook, then run `python tools/readme.py`. -->\n\n'
_link = re.compile(r'(!?\[[^\]]*\]\()([^)\s]+)(\))')

def settings() -> dict:
    cfg = ConfigParser(delimiters=['=']); cfg.read(ROOT/'settings.ini', encoding='utf-8')
    return dict(cfg['DEFAULT'])

def absolute(target:str, cfg:dict, image:bool=False) -> str:
    "A link of index.ipynb as a link that works from anywhere: relative paths point into the repository on GitHub (an image to its raw file)."
    if re.match(r'^([a-z]+:|#)', target): return target
    path = posixpath.normpath(posixpath.join(cfg['nbs_path'], target.split('#')[0]))
    if image: return f"{cfg['git_url'].replace('://github.com/', '://raw.githubusercontent.com/')}/{cfg['branch']}/{path}"
    kind = 'tree' if (ROOT/path).is_dir() else 'blob'
    anchor = '#' + target.split('#', 1)[1] if '#' in target else ''
    return f"{cfg['git_url']}/{kind}/{cfg['branch']}/{path}{anchor}"

def output_text(o:dict) -> str:
    "A kept output as README text: its Markdown, else its plain text or stream (as a text block)."
    data = o.get('data', {})
    if 'text/markdown' in data: return ''.join(data['text/markdown']).strip()
    text = ''.join(o.get('text', '') or data.get('text/plain', '')).strip()
    return f"```\n{text}\n```" if text else ''

def readme(nb_path:Path=ROOT/'nbs'/'index.ipynb') -> str:
    "The README that `nb_path` gives."
    cfg, parts = settings(), []
    for c in json.loads(nb_path.read_text(encoding='utf-8'))['cells']:
        src = ''.join(c['source']).strip()
        lines = src.splitlines()
        if any(re.match(r'#\|\s*hide\b', l) for l in lines): continue
        if c['cell_type'] == 'code' and any(re.match(r'#\|\s*echo:\s*false\b', l) for l in lines):
            parts += [_link.sub(lambda m: m[1] + absolute(m[2], cfg, image=m[1].startswith('!')) + m[3], shown)
                      for o in c.get('outputs', []) if (shown := output_text(o))]
        elif c['cell_type'] == 'code':
            code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
            if code: parts.append(f"```python\n{code}\n```")
        elif c['cell_type'] == 'markdown' and src:
            parts.append(_link.sub(lambda m: m[1] + absolute(m[2], cfg, image=m[1].startswith('!')) + m[3], src))
    return HEADER + '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    want, path = readme(), ROOT/'README.md'
    if '--check' in sys.argv[1:]:
        if path.read_text(encoding='utf-8') != want:
            sys.exit("README.md is out of date with nbs/index.ipynb: run python tools/readme.py and commit README.md")
        print("README.md matches nbs/index.ipynb")
    else:
        path.write_text(want, encoding='utf-8'); print(f"wrote {path.relative_to(ROOT)} from nbs/index.ipynb")
