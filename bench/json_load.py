#!/usr/bin/env python3
"""The comparison floor of the side-by-side benchmarks: CPython's json.load
of every .json file under the given folders (recursively) and of the given
files. Prints how many files and bytes it loaded."""
import json
import os
import sys


def files(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs.sort()
                for n in sorted(names):
                    if n.endswith(".json"):
                        yield os.path.join(root, n)
        else:
            yield p


count = size = 0
for path in files(sys.argv[1:]):
    with open(path, "rb") as f:
        data = f.read()
    try:
        json.loads(data)
    except ValueError as e:  # a floor that skipped work would flatter iamtrim
        sys.exit(f"json_load: {path}: {e}")
    count += 1
    size += len(data)
print(f"{count} files, {size} bytes")
