#!/usr/bin/env python3
"""Generate the migrations of the dry-run benchmark (bench/run.sh dryrun).

    gen_dryrun_migrations.py OUTDIR [N] [--seed S]

Writes N (default 200) golang-migrate up files, 000001_name.up.sql ...,
that apply cleanly, in version order, to an empty PostgreSQL 15 database
(with `psql -v ON_ERROR_STOP=1 -f ...` and with `schemagate dry-run`), and
prints one line: "<files> files, <statements> statements, <bytes> bytes,
<tables> tables, <rows> rows inserted".

What a team's first 200 migrations look like: enum types and an
updated_at trigger function, then ~30 tables with primary keys, foreign
keys and indexes, then seed rows (INSERT ... SELECT generate_series, a few
thousand rows in a dozen tables), then the everyday mix: added columns
(nullable, with constant defaults, some with volatile defaults that
rewrite), indexes (some CONCURRENTLY, alone in their file as golang-migrate
needs), NOT VALID constraints validated a few files later, backfills then
SET NOT NULL, renamed and retyped columns, views, functions and triggers,
new enum values, comments, small backfill UPDATEs, dropped columns and
indexes, a few new tables; many files start with SET lock_timeout. Every
file has 1 to 10 statements.

The generator models the schema as it goes (columns, types, NOT NULL,
indexes, constraints, and the columns views and functions depend on), so
every statement is valid where it lands. Standard library only; the same
seed gives the same bytes.
"""
import argparse
import os
import random

MAX_STATEMENTS = 10

# ---- the schema model -------------------------------------------------------


class Col:
    def __init__(self, name, typ, notnull=False, default=None, unique=False, fk=None,
                 nonneg=False, added=False):
        self.name, self.typ = name, typ
        self.notnull, self.default = notnull, default
        self.unique = unique  # a UNIQUE constraint or unique index covers it
        self.fk = fk          # the table it references
        self.nonneg = nonneg  # every value is >= 0 (or NULL): CHECK (c >= 0) holds
        self.added = added    # added by the everyday mix (the usual drop candidates)
        self.pinned = False   # a view or function uses it: never dropped, renamed, retyped
        self.busy = False     # a later file finishes what an earlier one began on it
        self.unique_ok = False  # its values are unique (gen_random_uuid()): may get a UNIQUE index


class Table:
    def __init__(self, name):
        self.name = name
        self.cols = []        # Col, in attnum order
        self.indexes = {}     # name -> list of column names (plain indexes we may drop)
        self.checks = {}      # constraint name -> column name
        self.rows = 0
        self.trigger = False

    def col(self, name):
        for c in self.cols:
            if c.name == name:
                return c
        return None


def base_type(typ):
    return typ.split("(")[0]


def length(typ):
    return int(typ.split("(")[1].rstrip(")")) if "(" in typ else None


class Gen:
    def __init__(self, seed, enums, count):
        self.rng = random.Random(seed)
        self.count = count     # files in all
        self.tables = {}
        self.relnames = set()  # tables, indexes, views: one namespace
        self.enums = enums     # enum name -> labels
        self.views = {}        # view name -> (table, [columns], where)
        self.functions = []
        self.pending = []      # (due file number, kind, args)
        self.rows = 0
        self.statements = 0
        self.n = 0             # the file being written

    # -- names --

    def fresh(self, name):
        name = name[:63]
        base, i = name, 2
        while name in self.relnames:
            suffix = "_%d" % i
            name = base[:63 - len(suffix)] + suffix
            i += 1
        self.relnames.add(name)
        return name

    def fresh_col(self, t, name):
        base, i = name, 2
        while t.col(name):
            name = "%s_%d" % (base, i)
            i += 1
        return name

    # -- values --

    def fill(self, c):
        """A non-NULL value of the column's type, valid under every check we add."""
        b = base_type(c.typ)
        if c.typ in self.enums:
            return "'%s'" % self.enums[c.typ][0]
        if b in ("integer", "bigint", "smallint", "numeric"):
            return "0"
        if b == "boolean":
            return "false"
        if b == "timestamptz":
            return "now()"
        if b == "date":
            return "current_date"
        if b == "jsonb":
            return "'{}'::jsonb"
        if b == "uuid":
            return "gen_random_uuid()"
        if b == "inet":
            return "'127.0.0.1'"
        if b == "char":
            return "'US'" if length(c.typ) == 2 else "'USD'"
        return "'n/a'"

    # -- picking --

    def pick(self, seq):
        return self.rng.choice(list(seq)) if seq else None

    def movable(self, c):
        """May be renamed, retyped or dropped."""
        return not (c.pinned or c.busy or c.name in ("id", "created_at", "updated_at"))

    def candidates(self, want):
        out = []
        for t in self.tables.values():
            for c in t.cols:
                if want(t, c):
                    out.append((t, c))
        return out

    # -- the files --

    def create_table(self, name, cols, pk="id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
                     extra=(), index=(), trigger=True, timestamps=True):
        """cols: (name, type, sql tail, Col options)."""
        t = Table(name)
        self.relnames.add(name)
        defs = []
        if pk:
            defs.append(pk)
            t.cols.append(Col("id", "bigint", notnull=True, unique=True))
        for cname, typ, tail, opts in cols:
            defs.append(("%s %s %s" % (cname, typ, tail)).rstrip())
            c = Col(cname, typ, **opts)
            c.notnull = c.notnull or "NOT NULL" in tail or "PRIMARY KEY" in tail
            c.unique = c.unique or "UNIQUE" in tail
            if "REFERENCES" in tail:
                c.fk = tail.split("REFERENCES ")[1].split()[0]
            if "DEFAULT" in tail:
                c.default = tail.split("DEFAULT ")[1]
            t.cols.append(c)
        if timestamps:
            defs.append("created_at timestamptz NOT NULL DEFAULT now()")
            defs.append("updated_at timestamptz NOT NULL DEFAULT now()")
            t.cols.append(Col("created_at", "timestamptz", notnull=True, default="now()"))
            t.cols.append(Col("updated_at", "timestamptz", notnull=True, default="now()"))
            t.col("updated_at").pinned = True  # the trigger's
        defs.extend(extra)
        stmts = ["CREATE TABLE %s (\n    %s\n);" % (name, ",\n    ".join(defs))]
        for cols_ in index:
            iname = self.fresh("%s_%s_idx" % (name, "_".join(cols_)))
            stmts.append("CREATE INDEX %s ON %s (%s);" % (iname, name, ", ".join(cols_)))
            t.indexes[iname] = list(cols_)
        if trigger and timestamps:
            stmts.append("CREATE TRIGGER %s_set_updated_at BEFORE UPDATE ON %s\n"
                         "    FOR EACH ROW EXECUTE FUNCTION set_updated_at();" % (name, name))
            t.trigger = True
        self.tables[name] = t
        return stmts

    def seed(self, table, count, columns, select):
        self.tables[table].rows += count
        self.rows += count
        return ["INSERT INTO %s (%s)\nSELECT %s\nFROM generate_series(1, %d) AS g;"
                % (table, ", ".join(columns), ",\n       ".join(select), count)]

    # ---- the everyday mix: each returns (name, statements, alone) or None ----

    def op_add_nullable(self):
        t = self.pick(self.tables.values())
        pool = [("notes", "text"), ("external_ref", "varchar(64)"), ("score", "integer"),
                ("metadata", "jsonb"), ("archived_at", "timestamptz"), ("locale", "varchar(10)"),
                ("source", "varchar(40)"), ("discount_cents", "integer"), ("verified", "boolean"),
                ("deleted_at", "timestamptz"), ("sort_order", "smallint"), ("label", "varchar(80)"),
                ("reviewed_on", "date"), ("last_ip", "inet"), ("legacy_code", "varchar(32)")]
        stmts, names = [], []
        for cname, typ in self.rng.sample(pool, self.rng.choice([1, 1, 2, 3])):
            cname = self.fresh_col(t, cname)
            nonneg = base_type(typ) in ("integer", "smallint")
            t.cols.append(Col(cname, typ, nonneg=nonneg, added=True))
            stmts.append("ALTER TABLE %s ADD COLUMN %s %s;" % (t.name, cname, typ))
            names.append(cname)
        return "add_%s_to_%s" % (names[0], t.name), stmts, False

    def op_add_const_default(self):
        t = self.pick(self.tables.values())
        cname, typ, default = self.pick([
            ("is_flagged", "boolean", "false"), ("retries", "integer", "0"),
            ("region", "varchar(20)", "'us-east'"), ("visibility", "varchar(16)", "'private'"),
            ("version", "integer", "1"), ("settings", "jsonb", "'{}'::jsonb"),
            ("is_internal", "boolean", "false"), ("weight", "smallint", "0")])
        cname = self.fresh_col(t, cname)
        notnull = self.rng.random() < 0.7
        t.cols.append(Col(cname, typ, notnull=notnull, default=default, added=True,
                          nonneg=base_type(typ) in ("integer", "smallint")))
        return ("add_%s_to_%s" % (cname, t.name),
                ["ALTER TABLE %s ADD COLUMN %s %s%s DEFAULT %s;"
                 % (t.name, cname, typ, " NOT NULL" if notnull else "", default)], False)

    def op_add_volatile_default(self):
        t = self.pick([t for t in self.tables.values() if t.rows] or self.tables.values())
        cname, typ, default, nn, nonneg = self.pick([
            ("public_id", "uuid", "gen_random_uuid()", True, False),
            ("synced_at", "timestamptz", "clock_timestamp()", False, False),
            ("shard", "smallint", "(floor(random() * 16))::smallint", True, True)])
        cname = self.fresh_col(t, cname)
        c = Col(cname, typ, notnull=nn, default=default, nonneg=nonneg, added=True)
        c.unique_ok = typ == "uuid"
        t.cols.append(c)
        return ("add_%s_to_%s" % (cname, t.name),
                ["ALTER TABLE %s ADD COLUMN %s %s%s DEFAULT %s;"
                 % (t.name, cname, typ, " NOT NULL" if nn else "", default)], False)

    def index_candidates(self):
        out = []
        for t in self.tables.values():
            indexed = {cols[0] for cols in t.indexes.values()}
            for c in t.cols:
                if c.name != "id" and not c.unique and c.name not in indexed and not c.busy:
                    out.append((t, c))
        return out

    def index_statement(self, concurrently):
        tc = self.pick(self.index_candidates())
        if not tc:
            return None
        t, c = tc
        cols, using, where, unique = [c.name], "", "", ""
        if base_type(c.typ) == "jsonb":
            using = " USING gin"
        elif c.unique_ok and self.rng.random() < 0.7:
            unique = "UNIQUE "
            c.unique = True
        elif not c.notnull and self.rng.random() < 0.4:
            where = " WHERE %s IS NOT NULL" % c.name
        elif self.rng.random() < 0.3:
            other = self.pick([x for x in t.cols if x.name in ("created_at", "updated_at")])
            if other and other is not c:
                cols.append(other.name)
        iname = self.fresh("%s_%s_%s" % (t.name, "_".join(cols), "key" if unique else "idx"))
        if not unique:
            t.indexes[iname] = cols
        sql = "CREATE %sINDEX %s%s ON %s%s (%s)%s;" % (
            unique, "CONCURRENTLY " if concurrently else "", iname, t.name, using,
            ", ".join(cols), where)
        return "add_%s_%s_index" % (t.name, c.name), [sql]

    def op_index_concurrently(self):
        r = self.index_statement(True)
        return r and (r[0], r[1], True)

    def op_create_index(self):
        r = self.index_statement(False)
        return r and (r[0], r[1], False)

    def op_drop_index(self, concurrently=False):
        t = self.pick([t for t in self.tables.values() if t.indexes])
        if not t:
            return None
        iname = self.pick(sorted(t.indexes))
        del t.indexes[iname]
        return ("drop_%s" % iname, ["DROP INDEX %sIF EXISTS %s;"
                                    % ("CONCURRENTLY " if concurrently else "", iname)],
                concurrently)

    def later(self, kind, args, most):
        """Schedule the second half of an op a few files on, before the last few."""
        when = min(self.n + self.rng.randint(1, most), self.count - self.DRAIN)
        self.pending.append((when, kind, args))

    def may_schedule(self):
        return self.n < self.count - self.DRAIN

    def op_check_not_valid(self):
        if not self.may_schedule():
            return None
        tc = self.pick(self.candidates(
            lambda t, c: c.nonneg and not c.busy and not any(v == c.name for v in t.checks.values())))
        if not tc:
            return None
        t, c = tc
        cname = self.fresh("%s_%s_nonneg" % (t.name, c.name))
        t.checks[cname] = c.name
        c.busy = True
        self.later("validate", (t, cname, [c]), 5)
        return ("add_%s_check" % cname,
                ["ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s >= 0) NOT VALID;"
                 % (t.name, cname, c.name)], False)

    def op_fk_not_valid(self):
        if not self.may_schedule():
            return None
        parents = [("users", "owner_id"), ("projects", "source_project_id"),
                   ("customers", "billing_customer_id"), ("warehouses", "default_warehouse_id"),
                   ("products", "primary_product_id"), ("users", "reviewer_id"),
                   ("teams", "team_id"), ("organizations", "tenant_id")]
        t = self.pick(self.tables.values())
        parent, cname = self.pick(parents)
        if parent == t.name or t.col(cname) or parent not in self.tables:
            return None
        c = Col(cname, "bigint", fk=parent, added=True)
        c.busy = True
        t.cols.append(c)
        fk = self.fresh("%s_%s_fkey" % (t.name, cname))
        stmts = ["ALTER TABLE %s ADD COLUMN %s bigint;" % (t.name, cname),
                 "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (id) NOT VALID;"
                 % (t.name, fk, cname, parent)]
        p = self.tables[parent]
        if t.rows and p.rows and t.col("id") and self.rng.random() < 0.6:
            stmts.append("UPDATE %s SET %s = (id %% %d) + 1 WHERE id <= %d;"
                         % (t.name, cname, p.rows, self.rng.choice([100, 250, 500])))
        self.later("validate", (t, fk, [c]), 6)
        return "add_%s_to_%s" % (cname, t.name), stmts, False

    def op_backfill_not_null(self):
        tc = self.pick(self.candidates(
            lambda t, c: not c.notnull and not c.busy and not c.unique and not c.fk
            and c.name != "id"))
        if not tc:
            return None
        t, c = tc
        stmts = ["UPDATE %s SET %s = %s WHERE %s IS NULL;" % (t.name, c.name, self.fill(c), c.name)]
        if self.rng.random() < 0.4 or not self.may_schedule():
            stmts.append("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;" % (t.name, c.name))
            c.notnull = True
        else:
            # The large-table way: a NOT VALID check, validated later, then SET NOT NULL.
            cname = self.fresh("%s_%s_not_null" % (t.name, c.name))
            stmts.append("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID;"
                         % (t.name, cname, c.name))
            c.busy = True
            self.later("not_null", (t, cname, c), 6)
        return "backfill_%s_%s" % (t.name, c.name), stmts, False

    def op_rename(self):
        renames = {"description": "summary", "body": "content", "carrier": "carrier_name",
                   "provider": "payment_provider", "reason": "refund_reason",
                   "region": "region_code", "kind": "notification_kind",
                   "tracking_number": "tracking_code", "last_login_at": "last_seen_at",
                   "notes": "internal_notes", "external_ref": "external_id", "score": "rank_score",
                   "label": "display_label", "source": "origin", "secret": "signing_secret",
                   "filename": "file_name", "line1": "street", "city": "locality"}
        tc = self.pick(self.candidates(lambda t, c: self.movable(c) and not c.fk))
        if not tc:
            return None
        t, c = tc
        new = self.fresh_col(t, renames.get(c.name, "legacy_" + c.name)[:63])
        for cols in t.indexes.values():
            cols[:] = [new if x == c.name else x for x in cols]
        for k, v in t.checks.items():
            if v == c.name:
                t.checks[k] = new
        old, c.name = c.name, new
        return ("rename_%s_%s" % (t.name, old),
                ["ALTER TABLE %s RENAME COLUMN %s TO %s;" % (t.name, old, new)], False)

    def op_change_type(self):
        def wider(typ):
            b, n = base_type(typ), length(typ)
            if b == "varchar":
                return "text" if n >= 255 or self.rng.random() < 0.3 else "varchar(%d)" % (n * 2)
            return {"smallint": "integer", "integer": "bigint"}.get(b)
        tc = self.pick(self.candidates(lambda t, c: self.movable(c) and not c.fk and wider(c.typ)))
        if not tc:
            return None
        t, c = tc
        new = wider(c.typ)
        c.typ = new
        return ("change_%s_%s_type" % (t.name, c.name),
                ["ALTER TABLE %s ALTER COLUMN %s TYPE %s;" % (t.name, c.name, new)], False)

    def op_set_default(self):
        tc = self.pick(self.candidates(
            lambda t, c: c.name not in ("id", "created_at", "updated_at") and not c.fk
            and not c.unique and base_type(c.typ) in ("boolean", "integer", "smallint", "varchar")))
        if not tc:
            return None
        t, c = tc
        if c.default and self.rng.random() < 0.4 and not c.notnull:
            c.default = None
            return ("drop_%s_%s_default" % (t.name, c.name),
                    ["ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT;" % (t.name, c.name)], False)
        c.default = self.fill(c)
        return ("set_%s_%s_default" % (t.name, c.name),
                ["ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s;" % (t.name, c.name, c.default)],
                False)

    def op_drop_column(self):
        cands = self.candidates(lambda t, c: self.movable(c) and not c.unique
                                and (c.added or (not c.fk and self.rng.random() < 0.15)))
        tc = self.pick(cands)
        if not tc:
            return None
        t, c = tc
        t.cols.remove(c)
        for k in [k for k, v in t.indexes.items() if c.name in v]:
            del t.indexes[k]
        for k in [k for k, v in t.checks.items() if v == c.name]:
            del t.checks[k]
        return ("drop_%s_%s" % (t.name, c.name),
                ["ALTER TABLE %s DROP COLUMN IF EXISTS %s;" % (t.name, c.name)], False)

    def op_create_view(self):
        t = self.pick([t for t in self.tables.values()
                       if len(t.cols) >= 5 and t.col("id") and t.col("created_at")])
        if not t:
            return None
        cols = [c for c in t.cols if c.name not in ("id", "updated_at") and not c.busy]
        chosen = self.rng.sample(cols, min(len(cols), self.rng.randint(2, 4)))
        chosen.sort(key=t.cols.index)
        name = self.fresh(self.pick(["active_", "recent_", "reporting_"]) + t.name)
        if name.startswith("recent_"):
            where = "created_at > now() - interval '30 days'"
            t.col("created_at").pinned = True
        else:
            flag = [c for c in t.cols if base_type(c.typ) == "boolean"]
            where = ("NOT %s" % flag[0].name) if flag else "true"
            for c in flag[:1]:
                c.pinned = True
        for c in chosen:
            c.pinned = True
        t.col("id").pinned = True
        names = ["id"] + [c.name for c in chosen]
        self.views[name] = (t, names, where)
        return ("create_%s_view" % name,
                ["CREATE VIEW %s AS\n    SELECT %s\n    FROM %s\n    WHERE %s;"
                 % (name, ", ".join(names), t.name, where)], False)

    def op_replace_view(self):
        name = self.pick(sorted(self.views))
        if not name:
            return None
        t, names, where = self.views[name]
        more = [c for c in t.cols if c.name not in names and not c.busy]
        if not more:
            return None
        c = self.pick(more)
        c.pinned = True
        names.append(c.name)
        stmts = ["CREATE OR REPLACE VIEW %s AS\n    SELECT %s\n    FROM %s\n    WHERE %s;"
                 % (name, ", ".join(names), t.name, where)]
        if self.rng.random() < 0.5:
            stmts.append("COMMENT ON VIEW %s IS 'Read by the reporting job; keep the columns "
                         "stable.';" % name)
        return "replace_%s_view" % name, stmts, False

    FUNCTIONS = [
        ("order_total_cents",
         "CREATE OR REPLACE FUNCTION order_total_cents(p_order_id bigint) RETURNS bigint\n"
         "    LANGUAGE sql STABLE AS $$\n"
         "    SELECT coalesce(sum(quantity * unit_price_cents), 0)::bigint\n"
         "    FROM order_items WHERE order_id = p_order_id\n$$;",
         [("order_items", "quantity"), ("order_items", "unit_price_cents"),
          ("order_items", "order_id")]),
        ("user_label",
         "CREATE OR REPLACE FUNCTION user_label(p_user_id bigint) RETURNS text\n"
         "    LANGUAGE sql STABLE AS $$\n"
         "    SELECT coalesce(full_name, email) FROM users WHERE id = p_user_id\n$$;",
         [("users", "full_name"), ("users", "email")]),
        ("open_task_count",
         "CREATE OR REPLACE FUNCTION open_task_count(p_project_id bigint) RETURNS integer\n"
         "    LANGUAGE sql STABLE AS $$\n"
         "    SELECT count(*)::integer FROM tasks\n"
         "    WHERE project_id = p_project_id AND status <> 'done'\n$$;",
         [("tasks", "project_id"), ("tasks", "status")]),
        ("normalize_email",
         "CREATE OR REPLACE FUNCTION normalize_email(p_email text) RETURNS text\n"
         "    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT lower(btrim(p_email)) $$;", []),
        ("archive_project",
         "CREATE OR REPLACE FUNCTION archive_project(p_project_id bigint) RETURNS void\n"
         "    LANGUAGE plpgsql AS $$\n"
         "BEGIN\n"
         "    UPDATE projects SET archived = true WHERE id = p_project_id;\n"
         "    UPDATE tasks SET status = 'done' WHERE project_id = p_project_id;\n"
         "END\n$$;",
         [("projects", "archived"), ("tasks", "status"), ("tasks", "project_id")]),
        ("log_audit",
         "CREATE OR REPLACE FUNCTION log_audit(p_org bigint, p_action text, p_payload jsonb)\n"
         "    RETURNS void LANGUAGE plpgsql AS $$\n"
         "BEGIN\n"
         "    INSERT INTO audit_log (organization_id, action, payload)\n"
         "    VALUES (p_org, p_action, p_payload);\n"
         "END\n$$;",
         [("audit_log", "organization_id"), ("audit_log", "action"), ("audit_log", "payload")]),
        ("stock_level",
         "CREATE OR REPLACE FUNCTION stock_level(p_product_id bigint) RETURNS bigint\n"
         "    LANGUAGE sql STABLE AS $$\n"
         "    SELECT coalesce(sum(quantity), 0)::bigint FROM inventory WHERE product_id = p_product_id\n$$;",
         [("inventory", "quantity"), ("inventory", "product_id")]),
    ]

    def op_function(self):
        done = set(self.functions)
        todo = [f for f in self.FUNCTIONS if f[0] not in done]
        f = self.pick(todo) if todo and self.rng.random() < 0.7 else self.pick(
            [f for f in self.FUNCTIONS if f[0] in done])
        if not f:
            return None
        self.functions.append(f[0])
        stmts = [f[1]]
        if self.rng.random() < 0.4:
            stmts.append("COMMENT ON FUNCTION %s IS 'Used by the API; see docs/%s.md.';"
                         % (f[0], f[0]))
        return "create_%s_function" % f[0], stmts, False

    def op_trigger(self):
        t = self.pick([t for t in self.tables.values() if not t.trigger and t.col("updated_at")])
        if not t:
            return None
        t.trigger = True
        return ("add_%s_updated_at_trigger" % t.name,
                ["CREATE OR REPLACE TRIGGER %s_set_updated_at BEFORE UPDATE ON %s\n"
                 "    FOR EACH ROW EXECUTE FUNCTION set_updated_at();" % (t.name, t.name)], False)

    def op_enum_value(self):
        new = {"task_status": ["blocked", "in_review", "cancelled", "archived"],
               "order_status": ["refunded", "partially_shipped", "on_hold", "disputed"],
               "subscription_state": ["paused", "grace", "suspended"],
               "notification_channel": ["slack", "webhook", "sms"]}
        choices = [(e, v) for e, vs in new.items() if e in self.enums
                   for v in vs if v not in self.enums[e]]
        ev = self.pick(choices)
        if not ev:
            return None
        e, v = ev
        self.enums[e].append(v)
        return ("add_%s_to_%s" % (v, e),
                ["ALTER TYPE %s ADD VALUE IF NOT EXISTS '%s';" % (e, v)], False)

    def op_enum_type(self):
        todo = [e for e in ("subscription_state", "notification_channel") if e not in self.enums]
        if not todo:
            return None
        e = todo[0]
        labels = {"subscription_state": ["trialing", "active", "past_due", "canceled"],
                  "notification_channel": ["email", "push", "in_app"]}[e]
        table = {"subscription_state": "subscriptions", "notification_channel": "notifications"}[e]
        t = self.tables[table]
        self.enums[e] = list(labels)
        cname = self.fresh_col(t, "state" if e == "subscription_state" else "channel")
        t.cols.append(Col(cname, e, notnull=True, default="'%s'" % labels[0], added=True))
        return ("create_%s_type" % e,
                ["CREATE TYPE %s AS ENUM (%s);" % (e, ", ".join("'%s'" % x for x in labels)),
                 "ALTER TABLE %s ADD COLUMN %s %s NOT NULL DEFAULT '%s';"
                 % (table, cname, e, labels[0])], False)

    def op_comments(self):
        t = self.pick(self.tables.values())
        stmts = ["COMMENT ON TABLE %s IS '%s';" % (t.name, self.pick([
            "Owned by the platform team.", "One row per %s; soft-deleted rows stay." % t.name,
            "Written by the API, read by the nightly export.",
            "Don''t write here directly: go through the service."]))]
        for c in self.rng.sample(t.cols, min(len(t.cols), self.rng.randint(1, 3))):
            stmts.append("COMMENT ON COLUMN %s.%s IS '%s';" % (t.name, c.name, self.pick([
                "Set by the application.", "Nullable until the backfill is done.",
                "In the customer''s time zone.", "Cents, never negative.",
                "Kept for the legacy importer."])))
        return "comment_on_%s" % t.name, stmts, False

    def op_small_backfill(self):
        tc = self.pick(self.candidates(
            lambda t, c: t.rows and t.col("id") and c.name not in ("id", "created_at", "updated_at")
            and not c.unique and not c.fk and not c.busy))
        if not tc:
            return None
        t, c = tc
        b = base_type(c.typ)
        if b in ("integer", "smallint", "bigint"):
            value = "coalesce(%s, 0) + 1" % c.name
        elif b == "timestamptz" and not c.notnull:
            value = "created_at"
        else:
            value = self.fill(c)
        stmts = []
        batch = self.rng.choice([500, 1000])
        for lo in range(0, min(t.rows, batch * self.rng.randint(1, 3)), batch):
            stmts.append("UPDATE %s SET %s = %s WHERE id > %d AND id <= %d;"
                         % (t.name, c.name, value, lo, lo + batch))
        return "backfill_%s_%s" % (t.name, c.name), stmts, False

    EXTRA_TABLES = [
        ("feature_flags",
         [("key", "varchar(100)", "NOT NULL UNIQUE", {}), ("enabled", "boolean", "NOT NULL DEFAULT false", {}),
          ("rollout_percent", "smallint", "NOT NULL DEFAULT 0", {"nonneg": True}),
          ("organization_id", "bigint", "REFERENCES organizations (id)", {})],
         [["organization_id"]],
         "INSERT INTO feature_flags (key, enabled) VALUES ('new_checkout', false), "
         "('bulk_export', true), ('dark_mode', true);", 3),
        ("exports",
         [("organization_id", "bigint", "NOT NULL REFERENCES organizations (id)", {}),
          ("requested_by", "bigint", "REFERENCES users (id)", {}),
          ("format", "varchar(10)", "NOT NULL DEFAULT 'csv'", {}),
          ("finished_at", "timestamptz", "", {}), ("row_count", "integer", "", {"nonneg": True})],
         [["organization_id"], ["requested_by"]], None, 0),
        ("devices",
         [("user_id", "bigint", "NOT NULL REFERENCES users (id) ON DELETE CASCADE", {}),
          ("platform", "varchar(20)", "NOT NULL", {}), ("push_token", "text", "", {}),
          ("last_seen_at", "timestamptz", "", {})],
         [["user_id"]], None, 0),
        ("ledger_entries",
         [("organization_id", "bigint", "NOT NULL REFERENCES organizations (id)", {}),
          ("invoice_id", "bigint", "REFERENCES invoices (id)", {}),
          ("amount_cents", "bigint", "NOT NULL", {}), ("memo", "text", "", {})],
         [["organization_id", "created_at"], ["invoice_id"]], None, 0),
        ("saved_searches",
         [("user_id", "bigint", "NOT NULL REFERENCES users (id)", {}),
          ("name", "varchar(100)", "NOT NULL", {}), ("query", "jsonb", "NOT NULL DEFAULT '{}'", {})],
         [["user_id"]], None, 0),
    ]

    def op_new_table(self):
        todo = [x for x in self.EXTRA_TABLES if x[0] not in self.tables]
        if not todo:
            return None
        name, cols, index, insert, rows = todo[0]
        stmts = self.create_table(name, cols, index=index)
        if insert:
            stmts.append(insert)
            self.tables[name].rows += rows
            self.rows += rows
        return "create_%s" % name, stmts, False

    def op_analyze(self):
        t = self.pick([t for t in self.tables.values() if t.rows])
        return t and ("analyze_%s" % t.name, ["ANALYZE %s;" % t.name], False)

    OPS = [("add_nullable", 12), ("add_const_default", 8), ("add_volatile_default", 4),
           ("index_concurrently", 9), ("create_index", 6), ("drop_index", 2),
           ("check_not_valid", 5), ("fk_not_valid", 5), ("backfill_not_null", 6),
           ("rename", 5), ("change_type", 6), ("set_default", 3), ("drop_column", 5),
           ("create_view", 4), ("replace_view", 2), ("function", 4), ("trigger", 3),
           ("enum_value", 3), ("enum_type", 1), ("comments", 6), ("small_backfill", 6),
           ("new_table", 2), ("analyze", 1)]

    def due(self, budget):
        """What earlier files left for this one, in at most `budget` statements."""
        out, keep, size = [], [], 0
        for item in self.pending:
            need = 1 if item[1] == "validate" else 3
            if item[0] <= self.n and size + need <= budget:
                out.append(item)
                size += need
            else:
                keep.append(item)
        self.pending = keep
        stmts, name = [], None
        for _, kind, args in out:
            t, cname = args[0], args[1]
            if kind == "validate":
                stmts.append("ALTER TABLE %s VALIDATE CONSTRAINT %s;" % (t.name, cname))
                for c in args[2]:
                    c.busy = False
                name = name or "validate_%s" % cname
            else:
                c = args[2]
                stmts += ["ALTER TABLE %s VALIDATE CONSTRAINT %s;" % (t.name, cname),
                          "ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;" % (t.name, c.name),
                          "ALTER TABLE %s DROP CONSTRAINT %s;" % (t.name, cname)]
                c.notnull, c.busy = True, False
                name = name or "set_%s_%s_not_null" % (t.name, c.name)
        return name, stmts

    DRAIN = 6       # the last files schedule nothing, so what is pending gets done
    BIGGEST_OP = 6  # statements one op writes at most

    def mix_file(self):
        """One file of the everyday mix: (name, statements)."""
        lock_timeout = self.rng.random() < 0.6
        budget = MAX_STATEMENTS - lock_timeout
        name, stmts = self.due(budget)
        if not stmts and self.rng.random() < 0.12:
            # CONCURRENTLY: alone in its file, as golang-migrate needs.
            r = (self.op_drop_index(True) if self.rng.random() < 0.15 else None) \
                or self.op_index_concurrently()
            if r:
                return r[0], r[1]
        names, weights = zip(*self.OPS)
        wanted = self.rng.choice([1, 1, 2, 2, 3]) - (1 if stmts else 0)
        tries = 0
        while wanted > 0 and budget - len(stmts) >= self.BIGGEST_OP and tries < 50:
            tries += 1
            op = self.rng.choices(names, weights)[0]
            if op == "index_concurrently":
                continue
            r = getattr(self, "op_" + op)()
            if not r:
                continue
            assert not r[2] and len(r[1]) <= self.BIGGEST_OP, r
            name = name or r[0]
            stmts += r[1]
            wanted -= 1
        if not stmts:
            name, stmts, _ = self.op_comments()
        if lock_timeout:
            stmts.insert(0, "SET lock_timeout = '%s';" % self.pick(["2s", "3s", "5s", "10s"]))
        return name, stmts


def schema_files(g):
    """The first files: types, the trigger function, the tables, the seed rows."""
    files = []
    files.append(("create_enum_types", [
        "CREATE TYPE task_status AS ENUM ('open', 'in_progress', 'done');",
        "CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled');"]))
    files.append(("create_set_updated_at_function", [
        "CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger\n"
        "    LANGUAGE plpgsql AS $$\n"
        "BEGIN\n    NEW.updated_at := now();\n    RETURN NEW;\nEND\n$$;"]))
    N = "NOT NULL"
    ref = "NOT NULL REFERENCES %s (id)"
    serial = "id bigserial PRIMARY KEY"
    tables = [
        ("organizations", [("name", "varchar(200)", N, {}), ("slug", "varchar(100)", "NOT NULL UNIQUE", {}),
                           ("plan", "varchar(20)", "NOT NULL DEFAULT 'free'", {})], [], {}),
        ("users", [("email", "varchar(255)", "NOT NULL UNIQUE", {}), ("full_name", "varchar(120)", "", {}),
                   ("organization_id", "bigint", ref % "organizations", {}),
                   ("last_login_at", "timestamptz", "", {})], [["organization_id"]], {}),
        ("teams", [("organization_id", "bigint", ref % "organizations", {}),
                   ("name", "varchar(100)", N, {})], [["organization_id"]], {"pk": serial}),
        ("memberships", [("team_id", "bigint", ref % "teams" + " ON DELETE CASCADE", {}),
                         ("user_id", "bigint", ref % "users" + " ON DELETE CASCADE", {}),
                         ("role", "varchar(20)", "NOT NULL DEFAULT 'member'", {})],
         [["user_id"]], {"extra": ["UNIQUE (team_id, user_id)"]}),
        ("projects", [("organization_id", "bigint", ref % "organizations", {}),
                      ("name", "varchar(200)", N, {}), ("description", "text", "", {}),
                      ("archived", "boolean", "NOT NULL DEFAULT false", {})], [["organization_id"]], {}),
        ("tasks", [("project_id", "bigint", ref % "projects", {}),
                   ("assignee_id", "bigint", "REFERENCES users (id) ON DELETE SET NULL", {}),
                   ("title", "varchar(300)", N, {}),
                   ("status", "task_status", "NOT NULL DEFAULT 'open'", {}),
                   ("priority", "integer", "NOT NULL DEFAULT 0", {"nonneg": True}),
                   ("due_on", "date", "", {})], [["project_id"], ["assignee_id"]], {"pk": serial}),
        ("comments", [("task_id", "bigint", ref % "tasks" + " ON DELETE CASCADE", {}),
                      ("author_id", "bigint", ref % "users", {}), ("body", "text", N, {})],
         [["task_id"]], {}),
        ("attachments", [("comment_id", "bigint", ref % "comments" + " ON DELETE CASCADE", {}),
                         ("filename", "varchar(255)", N, {}),
                         ("size_bytes", "integer", "", {"nonneg": True})], [["comment_id"]], {}),
        ("tags", [("organization_id", "bigint", ref % "organizations", {}),
                  ("name", "varchar(50)", N, {})], [["organization_id"]], {}),
        ("task_tags", [("task_id", "bigint", ref % "tasks" + " ON DELETE CASCADE", {}),
                       ("tag_id", "bigint", ref % "tags" + " ON DELETE CASCADE", {})],
         [["tag_id"]], {"pk": None, "extra": ["PRIMARY KEY (task_id, tag_id)"], "timestamps": False}),
        ("customers", [("organization_id", "bigint", ref % "organizations", {}),
                       ("email", "varchar(255)", N, {}), ("name", "varchar(200)", "", {}),
                       ("country", "char(2)", "", {})], [["organization_id"], ["email"]], {}),
        ("addresses", [("customer_id", "bigint", ref % "customers" + " ON DELETE CASCADE", {}),
                       ("line1", "varchar(200)", N, {}), ("city", "varchar(100)", "", {}),
                       ("postal_code", "varchar(20)", "", {}), ("country", "char(2)", "", {})],
         [["customer_id"]], {"pk": serial}),
        ("categories", [("parent_id", "bigint", "REFERENCES categories (id)", {}),
                        ("name", "varchar(100)", N, {})], [["parent_id"]], {}),
        ("products", [("category_id", "bigint", ref % "categories", {}),
                      ("sku", "varchar(64)", "NOT NULL UNIQUE", {}), ("name", "varchar(200)", N, {}),
                      ("price_cents", "integer", N, {"nonneg": True}),
                      ("active", "boolean", "NOT NULL DEFAULT true", {})], [["category_id"]], {}),
        ("warehouses", [("name", "varchar(100)", N, {}), ("region", "varchar(20)", "", {})], [], {}),
        ("inventory", [("warehouse_id", "bigint", ref % "warehouses", {}),
                       ("product_id", "bigint", ref % "products", {}),
                       ("quantity", "integer", "NOT NULL DEFAULT 0", {"nonneg": True})],
         [["product_id"]], {"extra": ["UNIQUE (warehouse_id, product_id)"]}),
        ("orders", [("customer_id", "bigint", ref % "customers", {}),
                    ("status", "order_status", "NOT NULL DEFAULT 'pending'", {}),
                    ("total_cents", "bigint", "NOT NULL DEFAULT 0", {"nonneg": True}),
                    ("currency", "char(3)", "NOT NULL DEFAULT 'USD'", {}),
                    ("placed_at", "timestamptz", "", {})], [["customer_id"]], {"pk": serial}),
        ("order_items", [("order_id", "bigint", ref % "orders" + " ON DELETE CASCADE", {}),
                         ("product_id", "bigint", ref % "products", {}),
                         ("quantity", "integer", N, {"nonneg": True}),
                         ("unit_price_cents", "integer", N, {"nonneg": True})],
         [["order_id"], ["product_id"]], {}),
        ("payments", [("order_id", "bigint", ref % "orders", {}),
                      ("amount_cents", "bigint", N, {"nonneg": True}),
                      ("provider", "varchar(30)", N, {}), ("paid_at", "timestamptz", "", {})],
         [["order_id"]], {}),
        ("refunds", [("payment_id", "bigint", ref % "payments", {}),
                     ("amount_cents", "bigint", N, {"nonneg": True}), ("reason", "text", "", {})],
         [["payment_id"]], {}),
        ("shipments", [("order_id", "bigint", ref % "orders", {}),
                       ("warehouse_id", "bigint", "REFERENCES warehouses (id)", {}),
                       ("carrier", "varchar(50)", "", {}), ("tracking_number", "varchar(100)", "", {}),
                       ("shipped_at", "timestamptz", "", {})], [["order_id"]], {}),
        ("invoices", [("organization_id", "bigint", ref % "organizations", {}),
                      ("number", "varchar(30)", "NOT NULL UNIQUE", {}),
                      ("amount_cents", "bigint", N, {"nonneg": True}), ("due_on", "date", "", {}),
                      ("paid", "boolean", "NOT NULL DEFAULT false", {})], [["organization_id"]], {}),
        ("plans", [("code", "varchar(30)", "NOT NULL UNIQUE", {}), ("name", "varchar(100)", N, {}),
                   ("monthly_cents", "integer", N, {"nonneg": True})], [], {}),
        ("subscriptions", [("organization_id", "bigint", ref % "organizations", {}),
                           ("plan_id", "bigint", ref % "plans", {}),
                           ("status", "varchar(20)", "NOT NULL DEFAULT 'active'", {}),
                           ("started_at", "timestamptz", "NOT NULL DEFAULT now()", {}),
                           ("ends_at", "timestamptz", "", {})],
         [["organization_id"], ["plan_id"]], {}),
        ("coupons", [("code", "varchar(40)", "NOT NULL UNIQUE", {}),
                     ("percent_off", "integer", N, {"nonneg": True}),
                     ("expires_at", "timestamptz", "", {})], [], {}),
        ("api_keys", [("user_id", "bigint", ref % "users" + " ON DELETE CASCADE", {}),
                      ("key_hash", "varchar(128)", "NOT NULL UNIQUE", {}),
                      ("last_used_at", "timestamptz", "", {})], [["user_id"]], {}),
        ("sessions", [("user_id", "bigint", ref % "users" + " ON DELETE CASCADE", {}),
                      ("token", "varchar(128)", "NOT NULL UNIQUE", {}),
                      ("expires_at", "timestamptz", N, {}), ("ip", "inet", "", {})],
         [["user_id"], ["expires_at"]], {"trigger": False}),
        ("audit_log", [("organization_id", "bigint", ref % "organizations", {}),
                       ("actor_id", "bigint", "REFERENCES users (id)", {}),
                       ("action", "varchar(50)", N, {}), ("payload", "jsonb", "", {})],
         [["organization_id", "created_at"]], {"trigger": False}),
        ("notifications", [("user_id", "bigint", ref % "users" + " ON DELETE CASCADE", {}),
                           ("kind", "varchar(30)", N, {}), ("read_at", "timestamptz", "", {}),
                           ("body", "text", "", {})], [["user_id"]], {}),
        ("webhooks", [("organization_id", "bigint", ref % "organizations", {}),
                      ("url", "text", N, {}), ("secret", "varchar(64)", "", {}),
                      ("active", "boolean", "NOT NULL DEFAULT true", {})], [["organization_id"]], {}),
        ("reviews", [("product_id", "bigint", ref % "products", {}),
                     ("customer_id", "bigint", ref % "customers", {}),
                     ("rating", "smallint", N, {"nonneg": True}), ("body", "text", "", {})],
         [["product_id"], ["customer_id"]], {"extra": ["CHECK (rating BETWEEN 1 AND 5)"]}),
    ]
    for name, cols, index, opts in tables:
        stmts = g.create_table(name, cols, pk=opts.get("pk", "id bigint GENERATED BY DEFAULT AS "
                                                            "IDENTITY PRIMARY KEY"),
                               extra=opts.get("extra", ()), index=index,
                               trigger=opts.get("trigger", True),
                               timestamps=opts.get("timestamps", True))
        if g.rng.random() < 0.5:
            stmts.append("COMMENT ON TABLE %s IS 'One row per %s.';" % (name, name.rstrip("s")))
        files.append(("create_" + name, stmts))

    # Which functions and views use: reserve them now.
    for _, _, deps in Gen.FUNCTIONS:
        for t, c in deps:
            g.tables[t].col(c).pinned = True

    s = g.seed
    files.append(("seed_organizations_and_users",
                  s("organizations", 100, ["name", "slug", "plan"],
                    ["'Organization ' || g", "'org-' || g", "(ARRAY['free', 'pro', 'enterprise'])[1 + g % 3]"])
                  + s("users", 3000, ["email", "full_name", "organization_id", "last_login_at"],
                      ["'user' || g || '@example.com'", "CASE WHEN g % 7 = 0 THEN NULL ELSE 'User ' || g END",
                       "1 + g % 100", "CASE WHEN g % 4 = 0 THEN NULL ELSE now() - g * interval '1 minute' END"])))
    files.append(("seed_teams_and_memberships",
                  s("teams", 300, ["organization_id", "name"], ["1 + g % 100", "'Team ' || g"])
                  + s("memberships", 3000, ["team_id", "user_id", "role"],
                      ["1 + g % 300", "g", "CASE WHEN g % 10 = 0 THEN 'admin' ELSE 'member' END"])))
    files.append(("seed_projects_and_tasks",
                  s("projects", 600, ["organization_id", "name", "description"],
                    ["1 + g % 100", "'Project ' || g", "'Seeded project number ' || g"])
                  + s("tasks", 6000, ["project_id", "assignee_id", "title", "status", "priority", "due_on"],
                      ["1 + g % 600", "CASE WHEN g % 5 = 0 THEN NULL ELSE 1 + g % 3000 END",
                       "'Task ' || g", "(ARRAY['open', 'in_progress', 'done'])[1 + g % 3]::task_status",
                       "g % 4", "current_date + g % 90"])))
    files.append(("seed_comments",
                  s("comments", 4000, ["task_id", "author_id", "body"],
                    ["1 + g % 6000", "1 + g % 3000", "'Looks good to me (' || g || ')'"])))
    files.append(("seed_catalog",
                  s("categories", 8, ["name"], ["'Category ' || g"])
                  + s("categories", 32, ["parent_id", "name"], ["1 + g % 8", "'Subcategory ' || g"])
                  + s("products", 800, ["category_id", "sku", "name", "price_cents"],
                      ["1 + g % 40", "'SKU-' || lpad(g::text, 6, '0')", "'Product ' || g", "100 + (g * 37) % 9900"])
                  + s("warehouses", 4, ["name", "region"], ["'Warehouse ' || g", "(ARRAY['eu', 'us', 'ap', 'sa'])[g]"])
                  + s("inventory", 3200, ["warehouse_id", "product_id", "quantity"],
                      ["1 + (g - 1) / 800", "1 + (g - 1) % 800", "(g * 13) % 500"])))
    files.append(("seed_customers",
                  s("customers", 2000, ["organization_id", "email", "name", "country"],
                    ["1 + g % 100", "'customer' || g || '@example.org'", "'Customer ' || g",
                     "(ARRAY['US', 'DE', 'FR', 'GB', 'JP'])[1 + g % 5]"])
                  + s("addresses", 2000, ["customer_id", "line1", "city", "postal_code", "country"],
                      ["g", "g || ' Main Street'", "'City ' || g % 50", "lpad((g * 7)::text, 5, '0')",
                       "(ARRAY['US', 'DE', 'FR', 'GB', 'JP'])[1 + g % 5]"])))
    files.append(("seed_orders",
                  s("orders", 5000, ["customer_id", "status", "total_cents", "placed_at"],
                    ["1 + g % 2000",
                     "(ARRAY['pending', 'paid', 'shipped', 'delivered'])[1 + g % 4]::order_status",
                     "(g * 113) % 50000", "now() - g * interval '1 hour'"])
                  + s("order_items", 8000, ["order_id", "product_id", "quantity", "unit_price_cents"],
                      ["1 + g % 5000", "1 + g % 800", "1 + g % 5", "100 + (g * 37) % 9900"])
                  + s("payments", 3000, ["order_id", "amount_cents", "provider", "paid_at"],
                      ["g", "(g * 113) % 50000", "(ARRAY['stripe', 'adyen', 'paypal'])[1 + g % 3]",
                       "now() - g * interval '1 hour'"])))
    files.append(("seed_plans_and_subscriptions",
                  ["INSERT INTO plans (code, name, monthly_cents) VALUES\n"
                   "    ('free', 'Free', 0), ('pro', 'Pro', 2900), ('enterprise', 'Enterprise', 49900);"]
                  + s("subscriptions", 100, ["organization_id", "plan_id"], ["g", "1 + g % 3"])
                  + s("invoices", 1200, ["organization_id", "number", "amount_cents", "due_on"],
                      ["1 + g % 100", "'INV-' || lpad(g::text, 7, '0')", "(g * 2900) % 49900",
                       "current_date - g % 365"])))
    g.tables["plans"].rows += 3
    g.rows += 3
    files.append(("seed_audit_log",
                  s("audit_log", 4000, ["organization_id", "actor_id", "action", "payload"],
                    ["1 + g % 100", "1 + g % 3000", "(ARRAY['login', 'invite', 'export', 'delete'])[1 + g % 4]",
                     "jsonb_build_object('n', g, 'ok', g % 2 = 0)"])
                  + s("notifications", 3000, ["user_id", "kind", "body"],
                      ["g", "'digest'", "'You have ' || g % 10 || ' new tasks'"])
                  + s("sessions", 2000, ["user_id", "token", "expires_at", "ip"],
                      ["1 + g % 3000", "md5(g::text)", "now() + g * interval '1 minute'",
                       "('10.0.' || g % 256 || '.' || g % 250)::inet"])))
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("count", nargs="?", type=int, default=200)
    ap.add_argument("--seed", type=int, default=15)
    a = ap.parse_args()

    g = Gen(a.seed, {"task_status": ["open", "in_progress", "done"],
                     "order_status": ["pending", "paid", "shipped", "delivered", "cancelled"]},
            a.count)
    files = schema_files(g)
    if a.count < len(files):
        ap.error("at least %d files: the schema and its seed rows come first" % len(files))
    while len(files) < a.count:
        g.n = len(files) + 1
        files.append(g.mix_file())
    if g.pending:
        raise SystemExit("gen_dryrun_migrations.py: %d validations left for after the last "
                         "file; use more files" % len(g.pending))

    os.makedirs(a.outdir, exist_ok=True)
    total_stmts = total_bytes = 0
    for i, (name, stmts) in enumerate(files[:a.count], 1):
        assert 1 <= len(stmts) <= MAX_STATEMENTS, (i, name, len(stmts))
        body = "\n\n".join(stmts) + "\n"
        path = os.path.join(a.outdir, "%06d_%s.up.sql" % (i, name[:60]))
        with open(path, "w") as f:
            f.write(body)
        total_stmts += len(stmts)
        total_bytes += len(body.encode())
    print("%d files, %d statements, %d bytes, %d tables, %d rows inserted"
          % (a.count, total_stmts, total_bytes, len(g.tables), g.rows))


if __name__ == "__main__":
    main()
