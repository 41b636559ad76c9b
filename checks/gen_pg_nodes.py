#!/usr/bin/env python3
"""Generate the raw-parse-tree reader's per-node code (checks/pg_raw.c).

usage: gen_pg_nodes.py SERVER_INCLUDE_DIR PG_QUERY_PROTO OUT

Reads PostgreSQL 15's own node headers (postgresql-server-dev-15) and
libpg_query's pg_query.proto, which lists the fields of libpg_query's copy
of each node and its enums in its order, and writes, for every node struct
of a raw parse tree, a function that turns it into an sg_node object with
the members libpg_query's JSON output would have: the C field names in
struct order, zero integers, false booleans, NULL strings, lists and nodes
left out, enums as their names, nodes held by a generic pointer wrapped in
their tag, nodes of one known type not wrapped. The code is compiled
against the same headers, so every field access is checked by the
compiler. A struct whose fields in the headers do not begin with
libpg_query's is not read (its offsets may differ): statements holding
one fall back on the JSON. tests/unit/test_pg_raw.c compares the result
with libpg_query's JSON on thousands of statements.
"""
import re
import sys

HEADERS = ["nodes/nodes.h", "nodes/primnodes.h", "nodes/parsenodes.h", "nodes/value.h",
           "nodes/lockoptions.h", "nodes/pg_list.h"]

# Floating-point fields (planner nodes only) are not read: a struct with one falls back.
INTS = {"int", "int16", "int32", "uint32", "bits32", "Oid", "Index", "AttrNumber", "long",
        "SubTransactionId", "int64", "uint64", "AclMode"}
EXPLICIT = set()  # enums whose members have values of their own ('i', 1 << 2)
# Structs that are not nodes of a raw parse tree, or are read by hand in pg_raw.c.
SKIP_STRUCTS = {"List", "A_Const", "Integer", "Float", "Boolean", "String", "BitString",
                "Expr", "Query", "PlannedStmt"}


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def read_headers(root):
    text = ""
    for h in HEADERS:
        with open(f"{root}/{h}", encoding="utf-8") as f:
            text += strip_comments(f.read()) + "\n"
    return text


def parse_enums(text):
    """
    name -> list of member names whose value is their own (aliases left out);
    the names of enums that give their members values go to EXPLICIT.
    """
    enums = {}
    for m in re.finditer(r"typedef\s+enum\s+(\w+)?\s*\{(.*?)\}\s*(\w+)\s*;", text, re.S):
        members = []
        for item in m.group(2).split(","):
            item = item.strip()
            if not item or item.startswith("#"):
                continue
            item = re.sub(r"#\w+[^\n]*", "", item).strip()
            name, _, value = item.partition("=")
            name = name.strip()
            if not re.fullmatch(r"\w+", name):
                continue
            if value and re.fullmatch(r"\s*[A-Za-z_]\w*\s*", value):
                continue  # an alias of another member: same value, one case label
            if value.strip():
                EXPLICIT.add(m.group(3))
            members.append(name)
        enums[m.group(3)] = members
    return enums


def parse_structs(text):
    """name -> list of (ctype, field) in order, for node structs (first field NodeTag or Expr)."""
    structs = {}
    for m in re.finditer(r"\bstruct\s+(\w+)\s*\{", text):
        start = m.end()
        depth, i = 1, start
        while depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        body, tail = text[start:i - 1], re.match(r"\s*(\w*)\s*;", text[i:])
        if not tail or tail.group(1) not in ("", m.group(1)):
            continue
        fields = []
        body = re.sub(r"union\s+ValUnion\s*\{.*?\}\s*val\s*;", "union ValUnion val;", body,
                      flags=re.S)
        for decl in body.split(";"):
            decl = " ".join(decl.split())
            if not decl:
                continue
            fm = re.fullmatch(r"(.*?)(\**)\s*(\w+)(\[\w*\])?", decl)
            if not fm:
                fields.append(("?", decl))
                continue
            ctype = (fm.group(1).strip() + " " + fm.group(2)).strip()
            if fm.group(4):
                ctype += "[]"
            fields.append((ctype, fm.group(3)))
        if fields:
            structs[m.group(1)] = fields
    # Nodes: a NodeTag first, or a node embedded first (CreateForeignTableStmt's CreateStmt).
    nodes = {n for n, f in structs.items() if f[0][0] in ("NodeTag", "Expr")}
    nodes |= {n for n, f in structs.items() if f[0][0] in nodes}
    return {n: f for n, f in structs.items() if n in nodes}


def parse_proto(path):
    """libpg_query's own view of its structs: message -> C field names, enum -> member names."""
    with open(path, encoding="utf-8") as f:
        text = strip_comments(f.read())
    messages, enums = {}, {}
    for m in re.finditer(r"\bmessage\s+(\w+)\s*\{(.*?)\n\}", text, re.S):
        messages[m.group(1)] = re.findall(r'json_name="(\w+)"', m.group(2))
    for m in re.finditer(r"\benum\s+(\w+)\s*\{(.*?)\}", text, re.S):
        names = re.findall(r"(\w+)\s*=\s*\d+\s*;", m.group(2))
        enums[m.group(1)] = names[1:]  # protobuf's own *_UNDEFINED = 0 comes first
    return messages, enums


def agreed_fields(name, fields, messages):
    """
    The fields to read: the header's, when libpg_query's copy of the struct
    starts with the same ones (a field a later minor release appended is left
    out), else None (the struct is not read: its offsets may differ).
    """
    ours = [f for f in fields if f[0] != "NodeTag"]
    theirs = messages.get(name)
    if theirs is None:
        return ours
    if [f for _, f in ours[:len(theirs)]] != theirs:
        return None
    return ours[:len(theirs)]


def node_tags(text):
    m = re.search(r"typedef\s+enum\s+NodeTag\s*\{(.*?)\}\s*NodeTag\s*;", text, re.S)
    return set(re.findall(r"\bT_(\w+)", m.group(1)))


def field_kind(ctype, structs, enums):
    base = ctype.replace("struct ", "").replace("const ", "").strip()
    if base in ("NodeTag", "Expr"):
        return ("skip",)
    if base == "List *":
        return ("list",)
    if base in ("Node *", "Expr *"):
        return ("node",)
    if base == "char *":
        return ("string",)
    if base == "char":
        return ("char",)
    if base == "bool":
        return ("bool",)
    if base in INTS:
        return ("int",)
    if base in enums:
        return ("enum", base)
    if base.endswith(" *") and base[:-2] in structs:
        return ("specific", base[:-2])
    if base in structs:
        return ("embedded", base)
    if base == "union ValUnion":
        return ("skip",)
    return None


# How each kind of field is written: when (empty: always) and with what call.
FIELD_CODE = {
    "list": ("node->{f}", "raw_list(r, obj, &last, {key}, node->{f})"),
    "node": ("node->{f}", "raw_node(r, obj, &last, {key}, node->{f})"),
    "specific": ("node->{f}", "raw_object(r, obj, &last, {key}, node->{f}, fields_{t})"),
    "embedded": ("", "raw_object(r, obj, &last, {key}, &node->{f}, fields_{t})"),
    "enum": ("", "raw_enum(r, obj, &last, {key}, enum_{t}((int)node->{f}))"),
    "string": ("node->{f}", "raw_string(r, obj, &last, {key}, node->{f})"),
    "char": ("node->{f}", "raw_char(r, obj, &last, {key}, node->{f})"),
    "bool": ("node->{f}", "raw_true(r, obj, &last, {key})"),
    "int": ("node->{f}", "raw_int(r, obj, &last, {key}, (long long)node->{f})"),
}
FALLIBLE = {"list", "node", "specific", "embedded", "enum"}


def emit(structs, enums, tags, messages, proto_enums, out):
    w = out.write
    w("/* Generated by checks/gen_pg_nodes.py from PostgreSQL's node headers: do not edit. */\n\n")
    kinds = {}
    for name, fields in structs.items():
        fields = agreed_fields(name, fields, messages)
        ks = [(field, field_kind(ctype, structs, enums)) for ctype, field in fields or []]
        kinds[name] = None if fields is None or any(k is None for _, k in ks) else ks
    # Nodes with a tag, and the structs they hold by a typed pointer.
    specific = {k[1] for ks in kinds.values() if ks for _, k in ks if k[0] in ("specific", "embedded")}
    readable = [n for n in structs if kinds[n] is not None and n not in SKIP_STRUCTS and
                (n in tags or n in specific)]
    used_enums = {k[1] for n in readable for _, k in kinds[n] if k[0] == "enum"}
    for e in sorted(used_enums):
        w(f"static const char *enum_{e}(int v)\n{{\n\tswitch (v) {{\n")
        if e in proto_enums and e not in EXPLICIT:
            # libpg_query's order, which it patches for some (LimitOption)
            for value, member in enumerate(proto_enums[e]):
                w(f"\tcase {value}: return \"{member}\";\n")
        else:
            for member in enums[e]:
                w(f"\tcase {member}: return \"{member}\";\n")
        w("\t}\n\treturn NULL;\n}\n\n")
    for name in readable:
        w(f"static int fields_{name}(struct raw *r, sg_node *obj, const void *p);\n")
    w("\n")
    for name in readable:
        w(f"static int fields_{name}(struct raw *r, sg_node *obj, const void *p)\n{{\n")
        w(f"\tconst {name} *node = p;\n\tsg_node *last = NULL;\n\n")
        body = False
        for field, k in kinds[name]:
            kind = k[0]
            if kind == "skip":
                continue
            body = True
            key = f'"{field}"'
            if kind == "specific" and k[1] not in readable:
                w(f"\tif (node->{field})\n\t\treturn raw_unsupported();\n")
                continue
            test, call = FIELD_CODE[kind]
            code = call.format(f=field, key=key, t=k[1] if len(k) > 1 else "")
            cond = test.format(f=field)
            if kind in FALLIBLE:
                cond = f"{cond} && " if cond else ""
                w(f"\tif ({cond}{code} < 0)\n\t\treturn -1;\n")
            else:
                w(f"\tif ({cond})\n\t\t{code};\n")
        if not body:
            w("\t(void)r;\n\t(void)obj;\n\t(void)node;\n\t(void)last;\n")
        w("\treturn 0;\n}\n\n")
    w("/* The fields of a node with `tag`, and its name; NULL when it is not read here. */\n")
    w("static raw_fields_fn raw_fields_of(NodeTag tag, const char **name)\n{\n\tswitch (tag) {\n")
    for name in readable:
        if name in tags:
            w(f"\tcase T_{name}:\n\t\t*name = \"{name}\";\n\t\treturn fields_{name};\n")
    w("\tdefault:\n\t\treturn NULL;\n\t}\n}\n")
    return [n for n in structs if kinds[n] is None and n in tags]


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: gen_pg_nodes.py SERVER_INCLUDE_DIR PG_QUERY_PROTO OUT")
    text = read_headers(sys.argv[1])
    enums, structs, tags = parse_enums(text), parse_structs(text), node_tags(text)
    messages, proto_enums = parse_proto(sys.argv[2])
    with open(sys.argv[3], "w", encoding="utf-8") as out:
        left = emit(structs, enums, tags, messages, proto_enums, out)
    if left:
        print("gen_pg_nodes.py: not read (JSON fallback): " + ", ".join(sorted(left)),
              file=sys.stderr)


main()
