#!/bin/bash
# The GPU check, as one prepared script for a lent GPU machine (the device tool; CI never has one):
# the GPU path (nbdev_test with the lessons on CUDA), gan-course train + evaluate on CUDA, the two
# throughput benchmarks on CUDA, an exact-resume check on CUDA, and the ten-minute preset (fast)
# after one GPU minute. Logs go to $OUT.
#
# That machine has torch, torchvision, torchmetrics and matplotlib but reaches no registry, so the
# rest travels as wheels in .whl/ (ignored by git), and MNIST's test split in .gpudata/MNIST/raw:
#   python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
#     --platform manylinux_2_17_x86_64 --platform any -d .whl nbdev==2.4.14 execnb==0.1.18 fastcore==1.14.5 \
#     ghapi astunparse watchdog ipython ipython_pygments_lexers jedi parso matplotlib-inline pexpect \
#     ptyprocess prompt_toolkit wcwidth stack-data executing pure_eval asttokens traitlets decorator comm \
#     ipywidgets widgetsnbextension jupyterlab_widgets
#   mkdir -p .gpudata/MNIST/raw && cp ../shared/data/MNIST/raw/t10k-* .gpudata/MNIST/raw/
# then run `bash benchmarks/device_check.sh` there with .whl and .gpudata carried.
set -o pipefail
export PYTHONUNBUFFERED=1
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl > $OUT/pip.log 2>&1 || { tail -5 $OUT/pip.log; exit 1; }
export PYTHONPATH=/tmp/site:$PWD PATH=/tmp/site/bin:/tmp/gcbin:$PATH GAN_COURSE_DATA=$PWD/.gpudata
mkdir -p /tmp/gcbin; printf '#!/bin/sh\nexec python3 -c "from gan_course.cli import main; main()" "$@"\n' > /tmp/gcbin/gan-course; chmod +x /tmp/gcbin/gan-course
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee $OUT/gpu.txt
python3 -c "import torch, gan_course; from gan_course.core import get_device; print('torch', torch.__version__, 'cuda', torch.version.cuda, 'device', get_device(), torch.cuda.get_device_name())" | tee -a $OUT/gpu.txt
echo "== gan-course evaluate on cuda (dcgan default run, N = 10,000; first call builds the caches)"; s=$SECONDS
timeout 120 gan-course train dcgan --device cuda --out /tmp/r/dcgan > $OUT/train_dcgan.log 2>&1; tail -2 $OUT/train_dcgan.log; echo "train dcgan on cuda: $((SECONDS-s)) s"
for i in 1 2; do s=$SECONDS; timeout 90 gan-course evaluate /tmp/r/dcgan/checkpoint.pt --device cuda --json $OUT/eval_dcgan_cuda.json 2>&1 | tail -12; echo "evaluate call $i wall: $((SECONDS-s)) s"; done | tee $OUT/evaluate_cuda.log
echo "== nbdev_test on the GPU machine (lessons pick cuda)"; s=$SECONDS
(cd nbs && timeout 200 nbdev_test --n_workers 6 2>&1 | grep -v "^\s*\[\|^\s*$" | tail -40) | tee $OUT/nbdev_test.log; echo "nbdev_test wall: $((SECONDS-s)) s" | tee -a $OUT/nbdev_test.log
echo "== variants benchmark on cuda"; timeout 90 python3 benchmarks/variants.py --device cuda --steps 30 2>&1 | grep -v "full MNIST" | tee $OUT/variants_cuda.log
echo "== throughput benchmark on cuda"; timeout 70 python3 benchmarks/throughput.py --device cuda --epochs 5 --rounds 3 2>&1 | grep -v "full MNIST" | tee $OUT/throughput_cuda.log
echo "== exact resume on cuda"; timeout 50 python3 benchmarks/resume_exact.py --device cuda 2>&1 | grep -v "full MNIST" | tee $OUT/resume_cuda.log
echo "== the ten-minute preset after 1 GPU minute (fast, seed 0, scored at 15, 30 and 60 s of training)"; timeout 150 python3 benchmarks/quality_vs_time.py --variants fast --seeds 0 --budget 60 --at 15 30 60 --device cuda --out /tmp/r/qt 2>&1 | grep -v "full MNIST" | tee $OUT/fast_gpu.log
