#!/usr/bin/env python3
# The module and file call graph of libambidex from its object files (nm), and any
# cycle in it. Usage: python3 scripts/layers.py [BUILD_DIR]  (after a build; default build/dev)
import subprocess,glob,os,collections
import sys
b=sys.argv[1] if len(sys.argv)>1 else "build/dev"
objs=glob.glob(b+"/CMakeFiles/ambidex_core_obj.dir/src/*/*.o")+glob.glob(b+"/CMakeFiles/ambidex_heavy_obj.dir/src/*/*.o")
objs=[o for o in objs if os.path.exists("src/"+o.split("/src/")[1][:-2])]
defs={};undef=collections.defaultdict(set);fdeps=collections.defaultdict(set)
for o in objs:
    mod=o.split('/src/')[1].split('/')[0]; f=o.split('/src/')[1][:-2]
    out=subprocess.run(['nm',o],capture_output=True,text=True).stdout
    for l in out.splitlines():
        p=l.split()
        if len(p)==3 and p[1] in 'TDBR': defs[p[2]]=(mod,f)
        elif len(p)==2 and p[0]=='U': undef[(mod,f)].add(p[1])
edges=collections.defaultdict(set); fedges=collections.defaultdict(set)
for (mod,f),us in undef.items():
    for u in us:
        if u in defs:
            m2,f2=defs[u]
            if m2!=mod: edges[mod].add(m2)
            if f2!=f: fedges[f].add(f2)
for m in sorted(edges): print(m,'->',' '.join(sorted(edges[m])))
# cycles among modules
def cycles(g):
    res=[];
    idx={};low={};st=[];on=set();c=[0]
    import sys; sys.setrecursionlimit(10000)
    def sc(v):
        idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
        for w in g.get(v,()):
            if w not in idx: sc(w);low[v]=min(low[v],low[w])
            elif w in on: low[v]=min(low[v],idx[w])
        if low[v]==idx[v]:
            comp=[]
            while True:
                w=st.pop();on.discard(w);comp.append(w)
                if w==v: break
            if len(comp)>1: res.append(comp)
    for v in list(g):
        if v not in idx: sc(v)
    return res
print('module cycles:',cycles(edges))
print('file cycles:',cycles(fedges))
