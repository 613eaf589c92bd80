"""Summarises bench/profile.sh's collapsed stacks: python3 bench/profile_report.py OUT_DIR (prints Markdown).

Each sample goes to a layer: the innermost frame that is not the JDK's or the JVM's decides it (Tomcat, Spring
Security, Jackson, ...); samples made only of JDK and JVM frames are "JDK" or "JVM (GC, JIT, ...)". A layer's CPU per
request is its share of the samples times the build's measured CPU per request, so builds compare layer by layer.
"""
import collections
import os
import sys

LAYERS = [  # (prefix, layer), first match wins
    ("dev/prism/", "Prism"), ("dev.prism.", "Prism"),
    ("org/apache/catalina", "Tomcat"), ("org/apache/coyote", "Tomcat"), ("org/apache/tomcat", "Tomcat"),
    ("org/springframework/security", "Spring Security"), ("org/springframework/session", "Spring Session"),
    ("org/springframework/web", "Spring MVC"), ("org/springframework/http", "Spring MVC"),
    ("org/springframework/", "Spring (other)"),
    ("tools/jackson", "Jackson"), ("com/fasterxml/jackson", "Jackson"),
    ("org/apache/hc", "Apache HttpClient"), ("io/github/resilience4j", "Resilience4j"),
    ("io/micrometer", "Micrometer"), ("org/ehcache", "Ehcache"), ("javax/cache", "Ehcache"),
    ("ch/qos/logback", "Logging"), ("org/slf4j", "Logging"), ("com/nimbusds", "Nimbus JOSE"),
    ("io/lettuce", "Lettuce"), ("io/netty", "Netty"),
]
JDK = ("java/", "javax/", "jdk/", "sun/", "com/sun/")


def frame_name(frame):
    return frame.replace(".", "/") if "/" not in frame and "." in frame else frame


def layer_of(frames):
    only_native = True
    for frame in reversed(frames):
        name = frame_name(frame.removesuffix("_[j]").removesuffix("_[i]").removesuffix("_[0]"))
        if name.startswith(JDK):
            only_native = False
            continue
        for prefix, layer in LAYERS:
            if name.startswith(prefix):
                return layer
        if "/" in name and not name.startswith("["):
            return "other libraries"
    return "JVM (GC, JIT, ...)" if only_native else "JDK"


def read(path):
    samples = collections.Counter()
    prism = collections.Counter()
    total = 0
    for line in open(path):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        n = int(count)
        frames = stack.split(";")
        total += n
        samples[layer_of(frames)] += n
        seen = set()
        for frame in frames:
            name = frame_name(frame).removesuffix("_[j]").removesuffix("_[i]")
            if name.startswith("dev/prism/") and name not in seen:
                seen.add(name)
                prism[name] += n
    return total, samples, prism


def main(out):
    figures = {}
    for line in open(os.path.join(out, "figures.txt")):
        label, partner, mobile = line.split()
        figures[label] = {"partner": float(partner), "mobile": float(mobile)}
    labels = list(figures)
    print("# Where Prism's CPU goes, layer by layer\n")
    print("CPU µs per request by layer: each layer's share of the profiler's samples times the build's measured CPU "
          "per request (`bench/profile.sh`, async-profiler; flame graphs beside this file).\n")
    for load in ("partner", "mobile"):
        data = {label: read(os.path.join(out, f"{label}-{load}.collapsed")) for label in labels}
        layers = collections.Counter()
        for total, samples, _ in data.values():
            for layer, n in samples.items():
                layers[layer] += n / total
        print(f"## {load}: " + ", ".join(f"{label} **{figures[label][load]:.0f}** µs/request" for label in labels) + "\n")
        print("| layer | " + " | ".join(labels) + " |")
        print("|---|" + "---|" * len(labels))
        for layer, _ in layers.most_common():
            cells = []
            for label in labels:
                total, samples, _ = data[label]
                share = samples[layer] / total
                cells.append(f"{share * figures[label][load]:.0f} ({100 * share:.0f} %)")
            print(f"| {layer} | " + " | ".join(cells) + " |")
        print()
        for label in labels:
            total, _, prism = data[label]
            top = ", ".join(f"`{name.rsplit('/', 1)[-1]}` {100 * n / total:.0f} %" for name, n in prism.most_common(8))
            print(f"- {label}, Prism's frames (inclusive): {top}")
        print()


if __name__ == "__main__":
    main(sys.argv[1])
