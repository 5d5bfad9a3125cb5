"""The package's module map: each module's lines, what it owns, what it imports, its import level.

    python tools/module_map.py [ROOT]      # ROOT: a checkout (default: this one)

"What it owns" is the one-line description (`> …`) of the notebook that writes the module. The import
level is 0 for a module that imports no other module of the package, else one more than the highest
level among those it imports at the top of the file; `display` names the plotting and widget
libraries a module imports at its top (training should import none).
"""
import ast, json, sys
from pathlib import Path

DISPLAY = ('matplotlib', 'ipywidgets', 'IPython')

def owners(root:Path) -> dict:
    "{module: the one-line description of the notebook that writes it}"
    out = {}
    for nb in sorted((root/'nbs').rglob('*.ipynb')):
        cells = json.loads(nb.read_text(encoding='utf-8'))['cells']
        src = lambda c: ''.join(c['source']) if isinstance(c['source'], list) else c['source']
        mod = next((l.split()[2] for c in cells if c['cell_type'] == 'code' for l in src(c).splitlines()
                    if l.startswith('#| default_exp ')), None)
        desc = next((l[1:].strip() for c in cells if c['cell_type'] == 'markdown' for l in src(c).splitlines()
                     if l.startswith('>')), '')
        if mod: out[mod] = f"{desc} ({nb.relative_to(root)})"
    return out

def top_imports(path:Path, pkg:str) -> tuple[set, set]:
    "The package modules and the display libraries `path` imports at its top level (not inside functions)."
    mods, display = set(), set()
    for node in ast.parse(path.read_text(encoding='utf-8')).body:
        names = []
        if isinstance(node, ast.ImportFrom):
            base = node.module or ''
            if node.level: names = [base] if base else [a.name for a in node.names]
            elif base.startswith(pkg + '.'): names = [base[len(pkg) + 1:]]
            else: display |= {base.split('.')[0]} & set(DISPLAY)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith(pkg + '.'): names.append(a.name[len(pkg) + 1:])
                else: display |= {a.name.split('.')[0]} & set(DISPLAY)
        mods |= {n.split('.')[0] for n in names}
    return mods, display

def module_map(root:Path, pkg:str='gan_course') -> list[dict]:
    "One row per module: name, lines, level, imports, display, owns."
    files = {p.stem: p for p in sorted((root/pkg).glob('*.py')) if not p.stem.startswith('_')}
    deps = {m: top_imports(p, pkg) for m, p in files.items()}
    level = {}
    def lvl(m, seen=()):
        if m not in level:
            inner = [d for d in deps[m][0] if d in files and d not in seen]
            level[m] = 1 + max((lvl(d, seen + (m,)) for d in inner), default=-1)
        return level[m]
    own = owners(root)
    return sorted((dict(module=m, lines=len(p.read_text(encoding='utf-8').splitlines()), level=lvl(m),
                        imports=sorted(d for d in deps[m][0] if d in files), display=sorted(deps[m][1]),
                        owns=own.get(m, '')) for m, p in files.items()), key=lambda r: (r['level'], r['module']))

def markdown(rows:list) -> str:
    "The map as a Markdown table, with the totals."
    head = "| module | lines | level | imports | display | owns |\n|---|--:|--:|---|---|---|"
    body = [f"| `{r['module']}` | {r['lines']} | {r['level']} | {', '.join(r['imports']) or '–'} | "
            f"{', '.join(r['display']) or '–'} | {r['owns']} |" for r in rows]
    return '\n'.join([head, *body, f"\n{len(rows)} modules, {sum(r['lines'] for r in rows)} lines"])

if __name__ == '__main__':
    print(markdown(module_map(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent).resolve())))
