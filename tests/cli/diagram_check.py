#!/usr/bin/env python3
"""Checks a path-diagram SVG made by ambidex (issue 14 item 13): every variable named on
the command line appears exactly once as a node's text, no two node shapes overlap, no
edge label overlaps a node or another label, and the number of directed arrows (class
"edge path") equals the expected number of paths.
usage: diagram_check.py FILE.svg NPATHS VAR [VAR...]"""
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def boxes(root, cls):
    out = []
    for g in root.iter(NS + "g"):
        if cls not in (g.get("class") or "").split():
            continue
        shape = g.find(NS + "ellipse")
        if shape is not None:
            cx, cy = float(shape.get("cx")), float(shape.get("cy"))
            rx, ry = float(shape.get("rx")), float(shape.get("ry"))
            box = (cx - rx, cy - ry, cx + rx, cy + ry)
        else:
            r = g.find(NS + "rect")
            x, y = float(r.get("x")), float(r.get("y"))
            box = (x, y, x + float(r.get("width")), y + float(r.get("height")))
        out.append((box, g.find(NS + "text").text or ""))
    return out


def overlap(a, b, slack=0.5):
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


def main():
    path, npaths, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    root = ET.parse(path).getroot()
    errors = []
    nodes = boxes(root, "node")
    labels = boxes(root, "label")
    texts = [t for _, t in nodes]
    for n in names:
        if texts.count(n) != 1:
            errors.append("variable %s appears %d times as a node" % (n, texts.count(n)))
    if len(nodes) != len(names):
        errors.append("%d nodes drawn, %d expected: %s" % (len(nodes), len(names), texts))
    for i in range(len(nodes)):
        for j in range(i + 1, len(nodes)):
            if overlap(nodes[i][0], nodes[j][0]):
                errors.append("nodes %s and %s overlap" % (nodes[i][1], nodes[j][1]))
    for lb, lt in labels:
        for nb, nt in nodes:
            if overlap(lb, nb, 1.0):
                errors.append("label %s overlaps node %s" % (lt, nt))
    for i in range(len(labels)):
        for j in range(i + 1, len(labels)):
            if overlap(labels[i][0], labels[j][0], 1.0):
                errors.append("labels %s and %s overlap" % (labels[i][1], labels[j][1]))
    arrows = sum(1 for g in root.iter(NS + "g") if (g.get("class") or "") == "edge path")
    if arrows != npaths:
        errors.append("%d arrows drawn, %d paths expected" % (arrows, npaths))
    for e in errors:
        print(e)
    sys.exit(1 if errors else 0)


main()
