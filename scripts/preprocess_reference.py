#!/usr/bin/env python3
"""WD14 preprocessing as the reference taggers do it (SmilingWolf's wd-tagger demo `prepare_image`,
kohya-ss sd-scripts `tag_images_by_wd14_tagger.py`), with PIL + numpy only.

Used by scripts/bench-tagger.ts to compare speed and output with Tagsmith's sharp pipeline.

    python3 scripts/preprocess_reference.py --size 448 --out tensors.f32 a.jpg b.png ...

Writes the images' float32 BGR HWC tensors back to back (native byte order) to --out and prints one
JSON line: {"count": N, "ms_per_image": X}. The timing covers open + decode + preprocessing of every
image and excludes interpreter start-up and writing --out.
"""
import argparse
import json
import sys
import time

import numpy as np
from PIL import Image


def prepare_image(path: str, size: int) -> np.ndarray:
    with Image.open(path) as opened:
        image = opened.convert("RGBA")
    # Composite alpha onto white.
    canvas = Image.new("RGBA", image.size, (255, 255, 255))
    canvas.alpha_composite(image)
    image = canvas.convert("RGB")
    # Pad to a centred white square; the odd pixel goes right / bottom.
    width, height = image.size
    max_dim = max(width, height)
    padded = Image.new("RGB", (max_dim, max_dim), (255, 255, 255))
    padded.paste(image, ((max_dim - width) // 2, (max_dim - height) // 2))
    if max_dim != size:
        padded = padded.resize((size, size), Image.BICUBIC)
    # PIL is RGB; the models take BGR, raw 0-255.
    array = np.asarray(padded, dtype=np.float32)[:, :, ::-1]
    return np.ascontiguousarray(array)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=448)
    parser.add_argument("--out", required=True)
    parser.add_argument("images", nargs="+")
    args = parser.parse_args()

    start = time.perf_counter()
    tensors = [prepare_image(path, args.size) for path in args.images]
    elapsed = time.perf_counter() - start

    with open(args.out, "wb") as out:
        for tensor in tensors:
            out.write(tensor.tobytes())
    print(json.dumps({"count": len(tensors), "ms_per_image": elapsed * 1000 / len(tensors)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
