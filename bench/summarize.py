#!/usr/bin/env python3
"""Summarises a JMH JSON result of the Spool suite (bench/run -rf json -rff FILE) as Markdown:
medians of the measurement iterations, MB/s and the ratios asked for in docs/benchmarks.md.
Usage: bench/summarize.py FILE.json"""
import json
import statistics
import sys

# AppendBenchmark: Batches.batchOfSize(16, 16384) = 61-byte header + 16 records of 1020 bytes
BATCH_BYTES = 61 + 16 * 1020


def median_of(result):
    raw = [v for fork in result["primaryMetric"]["rawData"] for v in fork]
    return statistics.median(raw)


def main(path):
    results = json.load(open(path))
    append = {}
    lines = []
    for r in results:
        name = r["benchmark"].rsplit(".", 1)
        cls, method = name[0].rsplit(".", 1)[1], name[1]
        params = r.get("params", {})
        if cls == "AppendBenchmark":
            append[(params["partitions"], params.get("segmentMiB", "256"), method)] = median_of(r)
        elif cls == "IndexLookupBenchmark":
            p = r["primaryMetric"]["scorePercentiles"]
            lines.append("| index lookup via read(), %s entries | p50 %.1f µs, p90 %.1f µs, p99 %.1f µs, p99.9 %.1f µs (mean %.1f µs) |"
                         % (f'{int(params["entries"]):,}', p["50.0"], p["90.0"], p["99.0"], p["99.9"],
                            r["primaryMetric"]["score"]))
        elif cls == "RecoveryBenchmark":
            ms = median_of(r)
            mb = int(params["megabytes"]) * 1.048576
            lines.append("| recovery scan, %s MiB unclean log | median %.0f ms = **%.0f MB/s** |" % (params["megabytes"], ms, mb / (ms / 1000)))
    print("| benchmark (medians of the measurement iterations) | result |")
    print("|---|---|")
    for (parts, seg, method), ops in sorted(append.items(), key=lambda kv: (int(kv[0][0]), kv[0][1], kv[0][2])):
        effective = min(int(seg), 2048 // int(parts))  # AppendBenchmark caps segments at 2 GiB / partitions
        print("| %s, %s partition(s), %s MiB segments | %.0f batches/s = %.0f MB/s |" % (method, parts, effective, ops, ops * BATCH_BYTES / 1e6))
    for parts, seg in sorted({(p, s) for p, s, _ in append}, key=lambda k: int(k[0])):
        a = append.get((parts, seg, "append"))
        c = append.get((parts, seg, "mmapCopy"))
        w = append.get((parts, seg, "pwrite"))
        if a and c:
            print("| **append / mmapCopy**, %s partition(s) | **%.2f** (target ≥ 0.50) |" % (parts, a / c))
        if a and w:
            print("| append / pwrite, %s partition(s) | %.2f |" % (parts, a / w))
    for l in lines:
        print(l)


if __name__ == "__main__":
    main(sys.argv[1])
