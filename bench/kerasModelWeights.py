#!/usr/bin/env python3
"""kerasModelWeights.py - Keras's side of the model-weights bench row: run a model source under real
Keras 3 (numpy backend, from KERAS_SRC; see test/fixtures/keras-models/keras_env.py), take the model
bound to NAME, and save its weights, the way `keras-init model FILE --model NAME -o OUT` does.

    KERAS_SRC=<dir holding keras/> /usr/bin/python3 bench/kerasModelWeights.py FILE NAME OUT

Prints one JSON line: {"import_s": ..., "build_s": ..., "save_s": ..., "params": ...}. build_s is the
model source's run (layers built, every initializer drawn); save_s is model.save_weights(OUT).
"""
import json
import os
import runpy
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "test", "fixtures", "keras-models"))


def main(source, name, out):
    t0 = time.perf_counter()
    from keras_env import import_keras

    import_keras()
    t1 = time.perf_counter()
    model = runpy.run_path(source, run_name="__main__")[name]
    t2 = time.perf_counter()
    model.save_weights(out)
    t3 = time.perf_counter()
    print(json.dumps({"import_s": t1 - t0, "build_s": t2 - t1, "save_s": t3 - t2, "params": model.count_params()}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
