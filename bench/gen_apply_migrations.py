#!/usr/bin/env python3
"""Generate the migrations of the apply benchmark (bench/run.sh apply).

    gen_apply_migrations.py OUTDIR [N]

Writes the same N (default 500) small migrations twice, with the same SQL
in each:

  OUTDIR/golang-migrate/000001_create_t001.up.sql    (and .down.sql)
  OUTDIR/dbmate/000001_create_t001.sql               (-- migrate:up / -- migrate:down)

and prints one line: "<migrations> migrations, <statements> statements,
<bytes> bytes, <tables> tables, <rows> rows inserted" (statements and bytes
of the up parts).

The migrations come in rounds of five on one new table each: create the
table; add a column and comment on it; index a column; insert a few rows
(and backfill the new column); comment on the table. So N migrations touch
N / 5 tables, every file has one or two statements, and all of them run in
a transaction. They apply cleanly, in version order, to an empty database.
No randomness: the same N gives the same bytes.
"""
import os
import sys

ROUND = 5  # migrations per table


def migration(n):
    """(name, up statements, down statements, rows inserted) of migration n (1-based)."""
    t = (n - 1) // ROUND + 1
    step = (n - 1) % ROUND
    tab = "t%03d" % t
    if step == 0:
        return ("create_" + tab,
                ["CREATE TABLE %s (\n"
                 "    id bigserial PRIMARY KEY,\n"
                 "    name text NOT NULL,\n"
                 "    amount integer NOT NULL DEFAULT 0,\n"
                 "    created_at timestamptz NOT NULL DEFAULT now()\n"
                 ")" % tab],
                ["DROP TABLE %s" % tab], 0)
    if step == 1:
        return ("add_note_to_" + tab,
                ["ALTER TABLE %s ADD COLUMN note text" % tab,
                 "COMMENT ON COLUMN %s.note IS 'free text, added by migration %06d'" % (tab, n)],
                ["ALTER TABLE %s DROP COLUMN note" % tab], 0)
    if step == 2:
        return ("index_%s_name" % tab,
                ["CREATE INDEX %s_name_idx ON %s (name)" % (tab, tab)],
                ["DROP INDEX %s_name_idx" % tab], 0)
    if step == 3:
        rows = 3
        values = ", ".join("('%s-%d', %d)" % (tab, k, k * t) for k in range(1, rows + 1))
        return ("seed_" + tab,
                ["INSERT INTO %s (name, amount) VALUES %s" % (tab, values),
                 "UPDATE %s SET note = 'seeded' WHERE note IS NULL" % tab],
                ["DELETE FROM %s WHERE name LIKE '%s-%%'" % (tab, tab)], rows)
    return ("comment_on_" + tab,
            ["COMMENT ON TABLE %s IS 'table %d of the apply benchmark'" % (tab, t)],
            ["COMMENT ON TABLE %s IS NULL" % tab], 0)


def sql(statements):
    return "".join(s + ";\n" for s in statements)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: gen_apply_migrations.py OUTDIR [N]")
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) == 3 else 500
    gm, dm = os.path.join(out, "golang-migrate"), os.path.join(out, "dbmate")
    os.makedirs(gm, exist_ok=True)
    os.makedirs(dm, exist_ok=True)
    statements = size = rows = 0
    for n in range(1, count + 1):
        name, up, down, inserted = migration(n)
        base = "%06d_%s" % (n, name)
        with open(os.path.join(gm, base + ".up.sql"), "w") as f:
            f.write(sql(up))
        with open(os.path.join(gm, base + ".down.sql"), "w") as f:
            f.write(sql(down))
        with open(os.path.join(dm, base + ".sql"), "w") as f:
            f.write("-- migrate:up\n" + sql(up) + "\n-- migrate:down\n" + sql(down))
        statements += len(up)
        size += len(sql(up).encode())
        rows += inserted
    print("%d migrations, %d statements, %d bytes, %d tables, %d rows inserted"
          % (count, statements, size, (count + ROUND - 1) // ROUND, rows))


if __name__ == "__main__":
    main()
