#!/usr/bin/env python3
"""Run every acceptance case against a real PostgreSQL and print observed
evidence (errors, table/index rewrites, sequential scans, rows written, locks
held on pre-existing relations) next to the label, to cross-check the labels.

Needs psql and a PostgreSQL 15 server you can create databases on:
    PGHOST=/tmp/pgv PGPORT=55432 PGUSER=postgres python3 verify.py [CASE...]
The server also needs:  CREATE TABLESPACE fastssd LOCATION '...'; CREATE ROLE reporting;
Each case runs with psql -f semantics (autocommit outside explicit BEGIN/COMMIT)
in a fresh copy of fixture.sql.
"""
import os, re, subprocess, sys, time, glob

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, '..', 'cases')
PSQL = ['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1']
TEMPLATE = 'sg_acceptance_fixture'
LOCK_RANK = ['AccessShareLock', 'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock',
             'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock']

def psql(db, sql=None, file=None, check=True):
    cmd = PSQL + ['-d', db] + (['-f', file] if file else [])
    r = subprocess.run(cmd, input=sql, capture_output=True, text=True)
    if check and r.returncode:
        sys.exit('psql failed on %s: %s' % (db, r.stderr))
    return r

def fresh(db):
    psql('postgres', 'DROP DATABASE IF EXISTS %s;' % db)
    psql('postgres', 'CREATE DATABASE %s TEMPLATE %s;' % (db, TEMPLATE))

def snapshot(db):
    rel = {}
    for line in psql(db, """SELECT n.nspname||'.'||c.relname, c.relfilenode, c.relkind FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog','information_schema','pg_toast') AND c.relkind IN ('r','i','m','p','I');""").stdout.split('\n'):
        if line:
            name, node, kind = line.split('|')
            rel[name] = (node, kind)
    stats = {}
    psql(db, 'SELECT pg_stat_clear_snapshot();')
    for line in psql(db, """SELECT schemaname||'.'||relname, seq_scan, n_tup_upd, n_tup_del FROM pg_stat_user_tables;""").stdout.split('\n'):
        if line:
            name, s, u, d = line.split('|')
            stats[name] = (int(s), int(u), int(d))
    return rel, stats

def label_of(path):
    head = open(path).read().split('\n', 2)
    return head[0].split(':', 1)[1].strip(), head[1].split(':', 1)[1].strip()

def lock_probe(path, pre):
    text = open(path).read()
    code = re.sub(r'--[^\n]*', '', text)
    if re.search(r'(?i)\bconcurrently\b|\bvacuum\b', code) or re.search(r'(?is)\$\$.*\bcommit\b.*\$\$', code):
        return 'n/a'
    body = re.sub(r'(?im)^\s*(begin|commit|start transaction)\s*;\s*$', '', text)
    fresh('sg_probe')
    r = psql('sg_probe', 'BEGIN;\n' + body + """
;SELECT c_name||' '||mode FROM (SELECT n.nspname||'.'||c.relname AS c_name, l.mode FROM pg_locks l
  JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND c.relkind IN ('r','p','m')) s;
ROLLBACK;""", check=False)
    if r.returncode:
        return 'error: ' + r.stderr.strip().split('\n')[0]
    best = {}
    for line in r.stdout.split('\n'):
        if ' ' in line:
            rel, mode = line.rsplit(' ', 1)
            if rel in pre and LOCK_RANK.index(mode) > LOCK_RANK.index(best.get(rel, 'AccessShareLock')):
                best[rel] = mode
            elif rel in pre:
                best.setdefault(rel, mode)
    strong = {k.split('.', 1)[1]: v.replace('Lock', '') for k, v in best.items() if LOCK_RANK.index(v) >= 3}
    return ' '.join('%s:%s' % kv for kv in sorted(strong.items())) or '-'

def main():
    psql('postgres', 'DROP DATABASE IF EXISTS %s;' % TEMPLATE)
    psql('postgres', 'CREATE DATABASE %s;' % TEMPLATE)
    psql(TEMPLATE, file=os.path.join(HERE, 'fixture.sql'))
    files = sorted(glob.glob(os.path.join(CASES, '*.sql')))
    if len(sys.argv) > 1:
        files = [f for f in files if any(a in os.path.basename(f) for a in sys.argv[1:])]
    for path in files:
        name = os.path.basename(path)
        label, why = label_of(path)
        fresh('sg_case')
        pre_rel, pre_st = snapshot('sg_case')
        time.sleep(0.3)
        r = psql('sg_case', file=path, check=False)
        time.sleep(0.3)
        post_rel, post_st = snapshot('sg_case')
        err = ''
        if r.returncode:
            err = [l for l in r.stderr.split('\n') if 'ERROR' in l][:1]
            err = err[0].split('ERROR:', 1)[1].strip() if err else r.stderr.strip()[:100]
        rewritten = sorted(k.split('.', 1)[1] for k, (n, kind) in pre_rel.items()
                           if k in post_rel and post_rel[k][0] != n and kind in 'rmp')
        reidx = sorted(k.split('.', 1)[1] for k, (n, kind) in pre_rel.items()
                       if k in post_rel and post_rel[k][0] != n and kind in 'iI')
        dropped = sorted(k.split('.', 1)[1] for k, (n, kind) in pre_rel.items() if k not in post_rel and kind in 'rmp')
        scans, writes = [], []
        for k, (s, u, d) in post_st.items():
            if k in pre_st:
                s0, u0, d0 = pre_st[k]
                if s > s0: scans.append('%s:%d' % (k.split('.', 1)[1], s - s0))
                if u - u0 + d - d0: writes.append('%s:%d' % (k.split('.', 1)[1], u - u0 + d - d0))
        locks = lock_probe(path, pre_rel)
        print('%-48s %-6s' % (name, label))
        if err: print('    ERROR     ', err)
        if rewritten: print('    rewritten ', ' '.join(rewritten))
        if reidx: print('    idx-rebuilt', ' '.join(reidx))
        if dropped: print('    dropped   ', ' '.join(dropped))
        if scans: print('    seqscans  ', ' '.join(sorted(scans)))
        if writes: print('    rows-upd/del', ' '.join(sorted(writes)))
        print('    locks>=SUE', locks)
    psql('postgres', 'DROP DATABASE IF EXISTS sg_case; DROP DATABASE IF EXISTS sg_probe;')

if __name__ == '__main__':
    main()
