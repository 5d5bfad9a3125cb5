#!/bin/bash
# The GPU check, as one prepared script for a lent GPU machine (the device tool; CI never has one):
# every variant's trainer against the usual tutorial loop on CUDA (fp32, bf16 autocast, torch.compile),
# the ten-minute preset (fast) after one GPU minute, the GPU path (nbdev_test with the lessons on CUDA),
# gan-course train + evaluate on CUDA and an exact-resume check on CUDA, most wanted first, each under
# its own time limit so that the whole fits a 10-minute call (about 9 minutes). Logs go to $OUT (at most 8
# files come back): run it as `bash .ci/gpu/device_check.sh 2>&1 | tee $OUT/all.log`.
#
# That machine has torch, torchvision, torchmetrics and matplotlib but reaches no registry, so the
# rest travels as wheels in .whl/ (ignored by git), and MNIST's test split in .gpudata/MNIST/raw:
#   python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
#     --platform manylinux_2_17_x86_64 --platform any -d .whl nbdev==2.4.14 execnb==0.1.18 fastcore==1.14.5 \
#     ghapi astunparse watchdog ipython ipython_pygments_lexers jedi parso matplotlib-inline pexpect \
#     ptyprocess prompt_toolkit wcwidth stack-data executing pure_eval asttokens traitlets decorator comm \
#     ipywidgets widgetsnbextension jupyterlab_widgets
#   mkdir -p .gpudata/MNIST/raw && cp ../shared/data/MNIST/raw/t10k-* .gpudata/MNIST/raw/
# then run `bash .ci/gpu/device_check.sh` there with .whl and .gpudata carried.
set -o pipefail
export PYTHONUNBUFFERED=1
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl > /tmp/pip.log 2>&1 || { tail -5 /tmp/pip.log; exit 1; }
export PYTHONPATH=/tmp/site:$PWD PATH=/tmp/site/bin:/tmp/gcbin:$PATH GAN_COURSE_DATA=$PWD/.gpudata
mkdir -p /tmp/gcbin; printf '#!/bin/sh\nexec python3 -c "from gan_course.cli import main; main()" "$@"\n' > /tmp/gcbin/gan-course; chmod +x /tmp/gcbin/gan-course
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c "import torch, gan_course; from gan_course.core import get_device; print('torch', torch.__version__, 'cuda', torch.version.cuda, 'device', get_device(), torch.cuda.get_device_name())"
echo "== every variant: trainer vs tutorial loop on cuda, fp32 and bf16 autocast; torch.compile for two"; s=$SECONDS
# torch 2.11's Inductor stops on dcgan in fp32 in its channels-last layout pass (an assertion on strides): run with it off
(cd benchmarks && TORCHINDUCTOR_LAYOUT_OPTIMIZATION=0 timeout 200 python3 gpu_loops.py --device cuda --steps 20 --rounds 3 --compile vanilla-julia dcgan 2>&1 | grep -v "full MNIST\|^W1\|cpp_extension") | tee $OUT/gpu_loops.log; echo "gpu_loops wall: $((SECONDS-s)) s"
echo "== the ten-minute preset after 1 GPU minute (fast, seed 0, scored at 15, 30 and 60 s of training)"; s=$SECONDS
timeout 100 python3 experiments/quality_vs_time.py --variants fast --seeds 0 --budget 60 --at 15 30 60 --device cuda --out /tmp/r/qt 2>&1 | grep -v "full MNIST" | tee $OUT/fast_gpu.log; echo "fast 1 GPU minute wall: $((SECONDS-s)) s"
cp /tmp/r/qt/fast/seed0.png $OUT/fast_gpu_seed0.png; cp /tmp/r/qt/fast/seed0.json $OUT/fast_gpu_seed0.json
echo "== nbdev_test on the GPU machine (lessons pick cuda)"; s=$SECONDS
(cd nbs && timeout 130 nbdev_test --n_workers 8 2>&1 | grep -v "^\s*\[\|^\s*$" | tail -40) | tee $OUT/nbdev_test.log; echo "nbdev_test wall: $((SECONDS-s)) s" | tee -a $OUT/nbdev_test.log
echo "== gan-course train + evaluate on cuda (dcgan default run, N = 10,000)"; s=$SECONDS
timeout 50 gan-course train dcgan --device cuda --out /tmp/r/dcgan > $OUT/train_dcgan.log 2>&1; tail -2 $OUT/train_dcgan.log; echo "train dcgan on cuda: $((SECONDS-s)) s"
s=$SECONDS; timeout 40 gan-course evaluate /tmp/r/dcgan/checkpoint.pt --device cuda --json $OUT/eval_dcgan_cuda.json 2>&1 | tail -12; echo "evaluate wall: $((SECONDS-s)) s"
echo "== exact resume on cuda"; timeout 35 python3 .ci/gpu/resume_exact.py --device cuda 2>&1 | grep -v "full MNIST"
