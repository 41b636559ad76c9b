#!/usr/bin/env python3
"""Generate a deterministic corpus of PostgreSQL migrations for `make bench`.

    gen_migrations.py OUTDIR [--files N] [--seed S]

Writes N files (default 2,000) named like 000123_add_orders_index.sql, about
12 statements each on average (a few seed-data and backfill files are much
larger), and prints one line: "<files> files, <statements> statements, <bytes> bytes".

The mix is what teams write by hand: tables with 5-15 columns, added columns
(some with volatile defaults), NOT NULL and type changes, NOT VALID constraints
validated later, indexes (some CONCURRENTLY), plpgsql functions and triggers,
DO blocks, batched backfills, seed data, lock_timeout, transactions, comments,
grants, views and enum types. Later migrations refer to the tables and columns
that earlier ones created. Standard library only; the same seed gives the same
bytes.
"""
import argparse
import os
import random

NOUNS = ["orders", "users", "accounts", "invoices", "payments", "products",
         "shipments", "events", "sessions", "subscriptions", "customers",
         "addresses", "carts", "cart_items", "order_items", "refunds",
         "coupons", "warehouses", "inventory", "suppliers", "reviews",
         "notifications", "api_keys", "webhooks", "audit_log", "teams",
         "memberships", "projects", "tasks", "comments", "attachments",
         "tenants", "plans", "prices", "ledger_entries", "transfers",
         "devices", "feature_flags", "exports", "imports"]
WORDS = ["status", "email", "name", "title", "note", "code", "source",
         "region", "currency", "channel", "reason", "external_ref", "locale",
         "slug", "kind", "label", "owner", "tier", "provider", "priority"]
ROLES = ["app_rw", "app_ro", "reporting", "analytics", "support"]
ENUM_VALUES = ["pending", "active", "paused", "cancelled", "failed",
               "archived", "draft", "review", "approved", "rejected"]
TEXTS = ["alpha", "bravo", "charlie", "delta", "echo", "o''brien", "zulu",
         "north", "south", "east", "west", "basic", "pro", "enterprise"]


def q(s):
    return "'" + s + "'"


class Corpus:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.tables = {}        # table name -> list of (column, type)
        self.indexes = []       # (index name, table)
        self.enums = []
        self.funcs = []
        self.counter = 0

    # ---- helpers -------------------------------------------------------
    def uniq(self, base):
        self.counter += 1
        return "%s_%d" % (base, self.counter)

    def pick_table(self):
        return self.rng.choice(sorted(self.tables))

    def cols_of(self, table, types=None):
        return [c for c, t in self.tables[table]
                if types is None or t.split("(")[0] in types]

    def literal(self, typ):
        r = self.rng
        base = typ.split("(")[0]
        if base in ("bigint", "integer"):
            return str(r.randint(0, 100000))
        if base == "numeric":
            return "%d.%02d" % (r.randint(0, 9999), r.randint(0, 99))
        if base == "boolean":
            return r.choice(["true", "false"])
        if base == "timestamptz":
            return q("2024-%02d-%02d 12:00:00+00" % (r.randint(1, 12), r.randint(1, 28)))
        if base == "jsonb":
            return q('{"k": "%s", "n": %d}' % (r.choice(TEXTS).replace("''", ""), r.randint(1, 99))) + "::jsonb"
        if base == "uuid":
            return "gen_random_uuid()"
        if base in self.enums:
            return q(r.choice(ENUM_VALUES[:4]))
        return q(r.choice(TEXTS) + "-" + str(r.randint(1, 999)))

    def column_type(self):
        r = self.rng
        roll = r.random()
        if roll < 0.25:
            return "text"
        if roll < 0.40:
            return "varchar(%d)" % r.choice([32, 64, 128, 255])
        if roll < 0.55:
            return "timestamptz"
        if roll < 0.63:
            return "jsonb"
        if roll < 0.72:
            return "numeric(12,2)"
        if roll < 0.82:
            return "boolean"
        if roll < 0.88:
            return "uuid"
        if roll < 0.94 and self.enums:
            return r.choice(self.enums)
        return "integer"

    def column_def(self, name, typ):
        """One column definition with a realistic sprinkling of constraints."""
        r = self.rng
        parts = [name, typ]
        base = typ.split("(")[0]
        if r.random() < 0.45:
            parts.append("NOT NULL")
        if r.random() < 0.35:
            default = {"timestamptz": "now()", "boolean": "false",
                       "jsonb": "'{}'::jsonb", "uuid": "gen_random_uuid()",
                       "numeric": "0", "integer": "0"}.get(base)
            if default is None:
                default = self.literal(typ)
            parts.append("DEFAULT " + default)
        if base in ("numeric", "integer") and r.random() < 0.4:
            parts.append("CHECK (%s >= 0)" % name)
        if base == "varchar" and r.random() < 0.2:
            parts.append("CHECK (length(%s) > 0)" % name)
        return " ".join(parts)

    # ---- statements, grouped by what a migration is about ---------------
    def create_table(self, stmts):
        r = self.rng
        name = r.choice(NOUNS)
        if name in self.tables:
            name = self.uniq(name)
        cols = [("id", "bigint")]
        defs = ["id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"]
        if self.tables and r.random() < 0.7:
            parent = self.pick_table()
            fk = parent.rstrip("s") + "_id"
            cols.append((fk, "bigint"))
            defs.append("%s bigint NOT NULL REFERENCES %s (id)%s" % (
                fk, parent, r.choice(["", " ON DELETE CASCADE", " ON DELETE SET NULL"])))
        used = {c for c, _ in cols}
        for _ in range(r.randint(3, 11)):
            col = r.choice(WORDS)
            if col in used:
                col = col + "_" + str(len(used))
            used.add(col)
            typ = self.column_type()
            cols.append((col, typ))
            defs.append(self.column_def(col, typ))
        cols += [("created_at", "timestamptz"), ("updated_at", "timestamptz")]
        defs += ["created_at timestamptz NOT NULL DEFAULT now()",
                 "updated_at timestamptz NOT NULL DEFAULT now()"]
        if r.random() < 0.2:
            defs.append("CONSTRAINT %s_created_before_updated CHECK (created_at <= updated_at)" % name)
        stmts.append("CREATE TABLE %s (\n    %s\n);" % (name, ",\n    ".join(defs)))
        self.tables[name] = cols
        stmts.append("COMMENT ON TABLE %s IS %s;" % (name, q("One row per " + name.rstrip("s").replace("_", " ") + ".")))
        if r.random() < 0.5:
            stmts.append("COMMENT ON COLUMN %s.%s IS 'Set by the application, never by hand.';" % (name, cols[-3][0]))
        for _ in range(r.randint(1, 2)):
            self.create_index(stmts, table=name, concurrently=False)
        stmts.append("GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO app_rw;" % name)
        if r.random() < 0.5:
            stmts.append("GRANT SELECT ON %s TO %s;" % (name, r.choice(ROLES[1:])))
        return "create_" + name

    def create_index(self, stmts, table=None, concurrently=None):
        r = self.rng
        table = table or self.pick_table()
        cols = self.cols_of(table)[1:] or ["id"]
        chosen = r.sample(cols, min(len(cols), r.choice([1, 1, 1, 2])))
        name = self.uniq("idx_%s_%s" % (table, "_".join(chosen)))[:63]
        if concurrently is None:
            concurrently = r.random() < 0.5
        unique = "UNIQUE " if r.random() < 0.15 else ""
        where = " WHERE %s IS NOT NULL" % chosen[0] if r.random() < 0.15 else ""
        using = " USING gin" if r.random() < 0.05 and self.cols_of(table, ["jsonb"]) else ""
        if using:
            chosen = [self.cols_of(table, ["jsonb"])[0]]
        stmts.append("CREATE %sINDEX %s%s ON %s%s (%s)%s;" % (
            unique, "CONCURRENTLY " if concurrently else "", name, table,
            using, ", ".join(chosen), where))
        self.indexes.append((name, table))
        return "add_%s_index" % table

    def drop_index(self, stmts):
        if not self.indexes:
            return self.create_index(stmts)
        name, table = self.indexes.pop(self.rng.randrange(len(self.indexes)))
        conc = "CONCURRENTLY " if self.rng.random() < 0.6 else ""
        stmts.append("DROP INDEX %sIF EXISTS %s;" % (conc, name))
        return "drop_%s_index" % table

    def add_columns(self, stmts):
        r = self.rng
        table = self.pick_table()
        for _ in range(r.randint(1, 4)):
            col = self.uniq(r.choice(WORDS))
            roll = r.random()
            if roll < 0.15:
                typ, tail = "timestamptz", " DEFAULT clock_timestamp()"
            elif roll < 0.22:
                typ, tail = "uuid", " DEFAULT gen_random_uuid()"
            elif roll < 0.30:
                typ, tail = "double precision", " DEFAULT random()"
            elif roll < 0.60:
                typ = self.column_type()
                tail = " NOT NULL DEFAULT " + self.literal(typ) if r.random() < 0.5 else " DEFAULT " + self.literal(typ)
            else:
                typ, tail = self.column_type(), ""
            exists = "IF NOT EXISTS " if r.random() < 0.2 else ""
            stmts.append("ALTER TABLE %s ADD COLUMN %s%s %s%s;" % (table, exists, col, typ, tail))
            self.tables[table].append((col, typ))
        return "add_columns_to_" + table

    def set_not_null(self, stmts):
        r = self.rng
        table = self.pick_table()
        col = r.choice(self.cols_of(table)[1:] or ["id"])
        cname = self.uniq("%s_%s_not_null" % (table, col))[:63]
        if r.random() < 0.5:
            # The safe way: a NOT VALID check, validated, then SET NOT NULL.
            stmts.append("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID;" % (table, cname, col))
            stmts.append("ALTER TABLE %s VALIDATE CONSTRAINT %s;" % (table, cname))
            stmts.append("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;" % (table, col))
            stmts.append("ALTER TABLE %s DROP CONSTRAINT %s;" % (table, cname))
        else:
            stmts.append("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;" % (table, col))
        return "%s_%s_not_null" % (table, col)

    def change_type(self, stmts):
        r = self.rng
        table = self.pick_table()
        col = r.choice(self.cols_of(table)[1:] or ["id"])
        new = r.choice(["text", "varchar(512)", "bigint", "numeric(18,4)", "jsonb"])
        using = " USING %s::%s" % (col, new) if r.random() < 0.5 else ""
        stmts.append("ALTER TABLE %s ALTER COLUMN %s TYPE %s%s;" % (table, col, new, using))
        if r.random() < 0.3:
            stmts.append("ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s;" % (table, col, self.literal(new)))
        return "change_%s_%s_type" % (table, col)

    def add_constraints(self, stmts):
        r = self.rng
        table = self.pick_table()
        cols = self.cols_of(table, ["bigint", "integer", "numeric"])[1:]
        if len(self.tables) > 1 and r.random() < 0.6:
            parent = r.choice([t for t in sorted(self.tables) if t != table])
            col = self.uniq(parent.rstrip("s") + "_id")
            cname = ("fk_%s_%s" % (table, col))[:63]
            stmts.append("ALTER TABLE %s ADD COLUMN %s bigint;" % (table, col))
            self.tables[table].append((col, "bigint"))
            stmts.append("ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (id) NOT VALID;" % (table, cname, col, parent))
        else:
            col = cols[0] if cols else "id"
            cname = self.uniq("chk_%s_%s" % (table, col))[:63]
            stmts.append("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s >= 0) NOT VALID;" % (table, cname, col))
        stmts.append("ALTER TABLE %s VALIDATE CONSTRAINT %s;" % (table, cname))
        return "add_%s_constraint" % table

    def function(self, stmts):
        r = self.rng
        table = self.pick_table()
        name = self.uniq("set_%s_updated_at" % table)
        body_lines = ["BEGIN",
                      "    NEW.updated_at := now();"]
        for _ in range(r.randint(0, 6)):
            col = r.choice(self.cols_of(table))
            body_lines.append("    IF NEW.%s IS DISTINCT FROM OLD.%s THEN" % (col, col))
            body_lines.append("        RAISE DEBUG '%% changed on row %%', %s, NEW.id;" % q(col))
            body_lines.append("    END IF;")
        body_lines += ["    RETURN NEW;", "END;"]
        stmts.append("CREATE OR REPLACE FUNCTION %s()\nRETURNS trigger\nLANGUAGE plpgsql\nAS $$\n%s\n$$;" % (name, "\n".join(body_lines)))
        self.funcs.append(name)
        trg = "trg_" + name
        stmts.append("DROP TRIGGER IF EXISTS %s ON %s;" % (trg, table))
        stmts.append("CREATE TRIGGER %s BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION %s();" % (trg, table, name))
        if r.random() < 0.4:
            self.sql_function(stmts)
        return "add_%s_trigger" % table

    def sql_function(self, stmts):
        table = self.pick_table()
        name = self.uniq("count_%s" % table)
        stmts.append(
            "CREATE OR REPLACE FUNCTION %s(since timestamptz)\nRETURNS bigint\n"
            "LANGUAGE plpgsql STABLE\nAS $fn$\nDECLARE\n    n bigint;\nBEGIN\n"
            "    SELECT count(*) INTO n FROM %s WHERE created_at >= since;\n"
            "    RETURN n;\nEND;\n$fn$;" % (name, table))
        stmts.append("GRANT EXECUTE ON FUNCTION %s(timestamptz) TO %s;" % (name, self.rng.choice(ROLES)))
        return "add_" + name

    def do_block(self, stmts):
        r = self.rng
        table = self.pick_table()
        role = r.choice(ROLES)
        if r.random() < 0.5:
            stmts.append(
                "DO $$\nBEGIN\n    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s) THEN\n"
                "        CREATE ROLE %s NOLOGIN;\n    END IF;\nEND\n$$;" % (q(role), role))
        else:
            stmts.append(
                "DO $$\nDECLARE\n    r record;\nBEGIN\n"
                "    FOR r IN SELECT id FROM %s WHERE updated_at IS NULL LIMIT 1000 LOOP\n"
                "        UPDATE %s SET updated_at = created_at WHERE id = r.id;\n"
                "    END LOOP;\nEND\n$$;" % (table, table))
        return "do_" + table

    def backfill(self, stmts, batches=None):
        r = self.rng
        table = self.pick_table()
        col, typ = r.choice(self.tables[table][1:] or self.tables[table])
        batches = batches or r.randint(2, 8)
        size = r.choice([1000, 5000, 10000])
        stmts.append("SET statement_timeout = '%ds';" % r.choice([30, 60, 300]))
        for i in range(batches):
            stmts.append("UPDATE %s SET %s = %s WHERE id BETWEEN %d AND %d AND %s IS NULL;" % (
                table, col, self.literal(typ), i * size + 1, (i + 1) * size, col))
        stmts.append("RESET statement_timeout;")
        return "backfill_%s_%s" % (table, col)

    def seed(self, stmts, rows=None):
        r = self.rng
        table = self.pick_table()
        cols = [(c, t) for c, t in self.tables[table]
                if c != "id" and not c.endswith("_id")][:5] or [("created_at", "timestamptz")]
        for _ in range(rows or r.randint(2, 6)):
            values = ", ".join(self.literal(t) for _, t in cols)
            conflict = " ON CONFLICT DO NOTHING" if r.random() < 0.3 else ""
            stmts.append("INSERT INTO %s (%s) VALUES (%s)%s;" % (
                table, ", ".join(c for c, _ in cols), values, conflict))
        return "seed_" + table

    def view(self, stmts):
        r = self.rng
        table = self.pick_table()
        cols = self.cols_of(table)[:r.randint(2, 6)]
        name = self.uniq("v_%s" % table)
        stmts.append("CREATE OR REPLACE VIEW %s AS\nSELECT %s\nFROM %s\nWHERE created_at > now() - interval '90 days';" % (
            name, ", ".join(cols), table))
        stmts.append("GRANT SELECT ON %s TO %s;" % (name, r.choice(ROLES[1:])))
        stmts.append("COMMENT ON VIEW %s IS 'Recent %s for dashboards.';" % (name, table))
        return "add_%s_view" % table

    def enum(self, stmts):
        r = self.rng
        if self.enums and r.random() < 0.4:
            name = r.choice(self.enums)
            stmts.append("ALTER TYPE %s ADD VALUE IF NOT EXISTS %s;" % (name, q(self.uniq("state"))))
            return "extend_" + name
        name = self.uniq(r.choice(["order_status", "payment_state", "plan_tier", "task_state"]))
        values = r.sample(ENUM_VALUES, r.randint(3, 7))
        stmts.append("CREATE TYPE %s AS ENUM (%s);" % (name, ", ".join(q(v) for v in values)))
        self.enums.append(name)
        stmts.append("COMMENT ON TYPE %s IS 'Lifecycle states.';" % name)
        return "create_" + name

    # ---- files -----------------------------------------------------------
    KINDS = [("create_table", 22), ("add_columns", 16), ("create_index", 12),
             ("drop_index", 4), ("set_not_null", 6), ("change_type", 5),
             ("add_constraints", 8), ("function", 6), ("do_block", 4),
             ("backfill", 6), ("seed", 5), ("view", 4), ("enum", 2)]

    def migration(self):
        """Returns (slug, text, statement count) for one file."""
        r = self.rng
        stmts = []
        if not self.tables:
            kind = "create_table"
        else:
            kind = r.choices([k for k, _ in self.KINDS], [w for _, w in self.KINDS])[0]
        roll = r.random()
        if roll < 0.012:                      # a big seed file
            slug = self.seed(stmts, rows=r.randint(100, 300))
        elif roll < 0.025:                    # a long batched backfill
            slug = self.backfill(stmts, batches=r.randint(30, 90))
        else:
            slug = getattr(self, kind)(stmts)
            target = r.randint(3, 10)         # then related changes
            while len(stmts) < target:
                k = r.choices([k for k, _ in self.KINDS], [w for _, w in self.KINDS])[0]
                getattr(self, k)(stmts)

        concurrent = any(" CONCURRENTLY " in s for s in stmts) or any(s.startswith("ALTER TYPE") for s in stmts)
        head = []
        if r.random() < 0.6:
            head.append("SET lock_timeout = '%ds';" % r.choice([2, 5, 10]))
        if not concurrent and r.random() < 0.55:
            head.insert(0, "BEGIN;")
            stmts.append("COMMIT;")
        stmts = head + stmts

        lines = ["-- Migration: %s" % slug.replace("_", " "),
                 "-- Ticket: PLAT-%d" % r.randint(100, 9999)]
        if concurrent:
            lines.append("-- CONCURRENTLY / ALTER TYPE: must run outside a transaction.")
        for s in stmts:
            if r.random() < 0.08:
                lines.append("-- " + r.choice(["keep short locks", "reviewed by DBA",
                                               "safe on large tables", "TODO: drop later"]))
            lines.append(s)
        return slug, "\n".join(lines) + "\n", len(stmts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=20240601)
    args = ap.parse_args()

    os.makedirs(args.outdir, exist_ok=True)
    corpus = Corpus(args.seed)
    total_stmts = total_bytes = 0
    for i in range(1, args.files + 1):
        slug, text, n = corpus.migration()
        data = text.encode()
        path = os.path.join(args.outdir, "%06d_%s.sql" % (i, slug[:60]))
        with open(path, "wb") as f:
            f.write(data)
        total_stmts += n
        total_bytes += len(data)
    print("%d files, %d statements, %d bytes" % (args.files, total_stmts, total_bytes))


if __name__ == "__main__":
    main()
