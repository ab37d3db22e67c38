#!/usr/bin/env python3
"""How well our OCR reads the scanned fixtures, apart from the checks.

Samples one image page from each scanned dossier (fixtures/scans/sNNN.pdf), reads it with
`dossier extract`, and compares the characters with pdftotext of the text-layer original
(fixtures/generated/dNNN.pdf, the same page). Prints bag-of-characters precision and recall
(whitespace dropped, full-width punctuation folded), per page with -v.

Precision undercounts: handwriting (signatures, the closing statement) is read but is an image
in the original. Recall is the figure to watch when changing the OCR input.

    scripts/ocr_quality.py [--bin target/debug/dossier] [--pages 24] [-v]
"""
import argparse, collections, concurrent.futures as cf, json, os, random, subprocess, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "fixtures")
FOLD = str.maketrans({"：": ":", "，": ",", "（": "(", "）": ")", "？": "?"})


def norm(s):
    return "".join(c for c in s if not c.isspace()).translate(FOLD)


def sample(n, seed):
    rng, pages = random.Random(seed), []
    for i in range(1, 1000):
        scan = os.path.join(FIX, "scans", "s%03d.pdf" % i)
        if not os.path.exists(scan):
            continue
        truth = json.load(open(os.path.join(FIX, "scans", "s%03d.truth.json" % i)))
        st = truth["variant"]["scan"]
        text_pages = set(st.get("text_pages", []))
        pages.append((i, rng.choice([p for p in range(1, len(st["pages"]) + 1) if p not in text_pages])))
    rng.shuffle(pages)
    return sorted(pages[:n])


def measure(args, tmp, ip):
    i, p = ip
    one = os.path.join(tmp, "s%03d-%d.pdf" % (i, p))
    subprocess.run(["qpdf", os.path.join(FIX, "scans", "s%03d.pdf" % i), "--pages", ".", str(p), "--", one], check=True)
    env = dict(os.environ, OMP_THREAD_LIMIT="1", DOSSIER_OCR_WORKERS="1")
    out = subprocess.run([args.bin, "extract", one], capture_output=True, text=True, env=env).stdout
    ocr = "".join(l.split("]", 1)[1] for l in out.splitlines() if l.startswith("[") and "<stroke" not in l)
    truth = subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), os.path.join(FIX, "generated", "d%03d.pdf" % i), "-"],
                           capture_output=True, text=True).stdout
    a, b = collections.Counter(norm(ocr)), collections.Counter(norm(truth))
    return i, p, sum((a & b).values()), sum(a.values()), sum(b.values())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "debug", "dossier"))
    ap.add_argument("--pages", type=int, default=24)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, cf.ThreadPoolExecutor(a.jobs) as ex:
        res = list(ex.map(lambda ip: measure(a, tmp, ip), sample(a.pages, a.seed)))
    if a.v:
        for i, p, c, n_ocr, n_truth in res:
            print("s%03d p%-3d P %.3f R %.3f" % (i, p, c / max(n_ocr, 1), c / max(n_truth, 1)))
    common, n_ocr, n_truth = (sum(r[k] for r in res) for k in (2, 3, 4))
    print("pages %d  characters: precision %.4f  recall %.4f" % (len(res), common / max(n_ocr, 1), common / max(n_truth, 1)))


if __name__ == "__main__":
    main()
