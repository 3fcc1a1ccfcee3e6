#!/usr/bin/env python3
"""Prints the import edges between the broker's components and fails on an edge against the flow or a cycle.

Data flows server -> discovery -> registration -> authorization -> token -> mcp: a component may
import only those before it, and the foundation (root, web, security, sealing, outbound, events,
oauth, json, dpop, cluster). audit, the trail and its live stream, may import anything but is imported by none.
Usage: python3 .ci/component-imports.py [from-component [to-component]]  (the second form lists the imports)
"""
import collections
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'main', 'java', 'dev', 'mcpoauth')
FLOW = ['server', 'discovery', 'registration', 'authorization', 'token', 'mcp']
IMPORT = re.compile(r'^import (?:static )?dev\.mcpoauth\.([\w.]+);', re.M)


def component(relative_path):
    parts = relative_path.split(os.sep)
    return parts[0] if len(parts) > 1 else 'root'


edges = collections.defaultdict(set)
for directory, _, files in os.walk(ROOT):
    for name in files:
        if name.endswith('.java'):
            path = os.path.join(directory, name)
            source = component(os.path.relpath(path, ROOT))
            for imported in IMPORT.findall(open(path, encoding='utf-8').read()):
                first = imported.split('.')[0]
                target = first if first[0].islower() else 'root'
                if target != source:
                    edges[(source, target)].add(os.path.relpath(path, ROOT) + ' -> ' + imported)

if len(sys.argv) > 1:
    for (source, target), imports in sorted(edges.items()):
        if source == sys.argv[1] and (len(sys.argv) < 3 or target == sys.argv[2]):
            print('\n'.join(sorted(imports)))
    sys.exit(0)


def against(source, target):
    if target == 'audit':
        return True
    if source not in FLOW and source != 'audit':
        return target in FLOW
    return source in FLOW and target in FLOW and FLOW.index(target) > FLOW.index(source)


wrong = []
for (source, target), imports in sorted(edges.items()):
    mark = 'AGAINST' if against(source, target) else ''
    print(f'{source:14} -> {target:14} {len(imports):3} {mark}')
    if mark:
        wrong.append((source, target))

graph = collections.defaultdict(set)
for source, target in edges:
    graph[source].add(target)
index, low, stack, on_stack, cycles = {}, {}, [], set(), []


def visit(node):
    index[node] = low[node] = len(index)
    stack.append(node)
    on_stack.add(node)
    for nxt in graph[node]:
        if nxt not in index:
            visit(nxt)
            low[node] = min(low[node], low[nxt])
        elif nxt in on_stack:
            low[node] = min(low[node], index[nxt])
    if low[node] == index[node]:
        members = []
        while True:
            member = stack.pop()
            on_stack.discard(member)
            members.append(member)
            if member == node:
                break
        if len(members) > 1:
            cycles.append(sorted(members))


for node in list(graph):
    if node not in index:
        visit(node)
print('cycles:', cycles or 'none')
sys.exit(1 if wrong or cycles else 0)
