"""The Python script equivalent to `keras-init generate <initializer> --shape R,C --seed S -o FILE`:
Keras 3's numpy-backend initializer, then numpy.save. Used by `npm run bench` for the whole-process
time and the peak memory (run as `python3 cliEquivalent.py HeNormal 4096 4096 42 out.npy`).
"""
import sys

import numpy as np

from numpyRunner import INITIALIZERS

name, rows, cols, seed, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
np.save(path, INITIALIZERS[name]((rows, cols), seed))
