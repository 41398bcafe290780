#!/usr/bin/env python3
"""Package graph of RadBridge's main code, from the imports (docs/architecture.md, "Package graph").

Usage: python3 docs/tools/package-graph.py [--all] [src/main/java]
Prints a Mermaid graph (`a --> b` means a imports b), then the package cycles (strongly connected components of
more than one package), or "no package cycle". Without --all the graph is the transitive reduction (an arrow is left
out when another path already leads there: same reachability, readable); --all prints every direct dependency.
Then one line per package with everything it imports directly ("may depend on" in docs/architecture.md).
Both imports and fully qualified names in the code (org.radbridge.x.Y) count; sub-packages count as their
top package (org.radbridge.dicom.net -> dicom). Exit status 1 when there is a cycle, or when a package other than
app and cli imports app or api (features reach the HTTP server through the module contract, engine.http).
"""
import os
import re
import sys

BASE = "org.radbridge."
ARGS = [a for a in sys.argv[1:] if a != "--all"]
ALL = "--all" in sys.argv[1:]
ROOT = ARGS[0] if ARGS else "src/main/java"
REF = re.compile(r"\borg\.radbridge\.([a-z][a-z0-9_]*)\.")
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)


def top_package(path):
    rel = os.path.relpath(path, os.path.join(ROOT, *BASE.rstrip(".").split(".")))
    return rel.split(os.sep)[0]


edges = {}
for d, _, files in os.walk(os.path.join(ROOT, *BASE.rstrip(".").split("."))):
    for f in files:
        if not f.endswith(".java"):
            continue
        p = os.path.join(d, f)
        src = top_package(p)
        if src.endswith(".java"):
            continue
        text = COMMENT.sub("", open(p, encoding="utf-8").read())
        for m in REF.finditer(text):
            dst = m.group(1)
            if dst != src:
                edges.setdefault(src, set()).add(dst)
        edges.setdefault(src, set())

# Tarjan's strongly connected components
index, low, stack, on, sccs, n = {}, {}, [], set(), [], [0]


def visit(v):
    index[v] = low[v] = n[0]
    n[0] += 1
    stack.append(v)
    on.add(v)
    for w in sorted(edges.get(v, ())):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        c = []
        while True:
            w = stack.pop()
            on.discard(w)
            c.append(w)
            if w == v:
                break
        sccs.append(sorted(c))


sys.setrecursionlimit(10000)
for v in sorted(edges):
    if v not in index:
        visit(v)

cycles = [c for c in sccs if len(c) > 1]


def reach(a, skip):
    """Packages reachable from a without the direct arrow a --> skip."""
    seen, todo = set(), [b for b in edges[a] if b != skip]
    while todo:
        v = todo.pop()
        if v not in seen:
            seen.add(v)
            todo.extend(edges.get(v, ()))
    return seen


print("```mermaid")
print("graph TD")
for a in sorted(edges):
    for b in sorted(edges[a]):
        if ALL or cycles or b not in reach(a, b):
            print(f"    {a} --> {b}")
print("```")
for a in sorted(edges):
    print(f"{a}: {', '.join(sorted(edges[a])) or '(none)'}")
# the assembly's packages: app (Camel Main, the modules' list) and api (the HTTP server behind engine.http)
ASSEMBLY_ONLY = ("app", "api")
misuse = [f"{a} imports {b} (only app and cli may)" for a in sorted(edges) for b in ASSEMBLY_ONLY
          if b in edges[a] and a not in ("app", "cli", b)]
for m in misuse:
    print("layering: " + m)
if cycles:
    for c in cycles:
        print("cycle: {" + ", ".join(c) + "}")
    sys.exit(1)
print("no package cycle")
if misuse:
    sys.exit(1)
