#!/usr/bin/env bash
# Both install paths of the course in fresh virtual environments: time, size (du -sh) and package count.
#
#     bash tools/install_size.sh WHEEL [OUT]      # WHEEL: gan_course-*.whl (pip wheel . --no-deps -w dist)
#
# default: `pip install WHEEL` (PyPI's torch, a CUDA build on Linux);
# cpu:     PyTorch's CPU build first, then the wheel. TORCH_CPU (default: the CPU index's
#          `torch torchvision --index-url https://download.pytorch.org/whl/cpu`) says where it comes
#          from, for a machine that reaches it another way (a local wheel).
# Writes OUT (default results/install/install.md) and prints it.
set -euo pipefail
wheel=$(realpath "$1"); out=${2:-results/install/install.md}
torch_cpu=${TORCH_CPU:-"torch torchvision --index-url https://download.pytorch.org/whl/cpu"}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
row() {   # name, then the pip install commands (each one string)
  local name=$1; shift
  python3 -m venv "$tmp/$name"; local t0=$SECONDS
  for cmd in "$@"; do "$tmp/$name/bin/pip" install --quiet $cmd > "$tmp/$name.log" 2>&1 || { cat "$tmp/$name.log"; exit 1; }; done
  local secs=$((SECONDS - t0)) size; size=$(du -sh "$tmp/$name" | cut -f1)
  local n; n=$("$tmp/$name/bin/pip" list 2>/dev/null | tail -n +3 | wc -l)
  local torch; torch=$("$tmp/$name/bin/python" -c 'import torch; print(torch.__version__)')
  local nv; nv=$(du -sh "$tmp/$name"/lib/python3*/site-packages/nvidia 2>/dev/null | cut -f1 || true)
  echo "| $name | \`$(printf '%s; ' "$@" | sed -E 's/; $//; s#/[^ ;]*/##g')\` | $secs | $size | ${nv:-none} | $n | $torch |"   # files by name, not by where they lie
}
{
  echo "*Made by \`bash tools/install_size.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, Python $(python3 -c 'import platform; print(platform.python_version())'); pip's cache as this machine had it.*"
  echo
  echo "| path | pip install | seconds | size (du -sh) | of it NVIDIA's libraries | packages | torch |"
  echo "|---|---|---:|---:|---:|---:|---|"
  row default "$wheel"
  row cpu "$torch_cpu" "$wheel"
} > "$tmp/table.md"
mkdir -p "$(dirname "$out")"; cp "$tmp/table.md" "$out"; cat "$out"
