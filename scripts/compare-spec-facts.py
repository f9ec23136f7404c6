#!/usr/bin/env python3
"""Compares the API facts of two OpenAPI documents, ignoring their prose.

    scripts/compare-spec-facts.py [--facts-only] OURS.yaml UPSTREAM.yaml

Used for schemas/openapi-0.13.yaml, which carries the facts of the server's published document
(schemas/openapi.yaml at a release tag) with descriptions written by the SDK team. Both files are loaded,
every `description`, `summary` and `title` text is removed, and the remaining trees (paths, operations,
parameters, schemas, types, formats, enums and their order, required lists, $refs, tags, responses,
content types, servers, info.version, license, key order included) must be identical. It also fails
when a text of ours of 40 characters or more is the upstream's word for word (write it in our words),
unless --facts-only is given.

Exit status: 0 when the facts agree and no long text is copied, 1 otherwise (every difference listed),
2 on a usage or parse error. YAML is read with PyYAML when it is installed, otherwise with the small
reader below, which covers the block style protoc-gen-openapi writes (run with --self-test to check that
both readers agree on the given files).
"""

import json
import re
import sys

PROSE_KEYS = ("description", "summary", "title")
COPIED_LENGTH = 40


# --- a small YAML reader for protoc-gen-openapi's output ------------------------------------------

class _Line:
    def __init__(self, number, indent, text):
        self.number, self.indent, self.text = number, indent, text


def _scalar(text, number):
    if text.startswith("'"):
        if not text.endswith("'") or len(text) < 2:
            raise ValueError(f"line {number}: unterminated single-quoted scalar")
        return text[1:-1].replace("''", "'")
    if text.startswith('"'):
        return json.loads(text)
    if text == "{}":
        return {}
    if text == "[]":
        return []
    if text in ("true", "false"):
        return text == "true"
    if text in ("null", "~"):
        return None
    if re.fullmatch(r"[-+]?[0-9]+", text):
        return int(text)
    if re.fullmatch(r"[-+]?([0-9]*\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?", text):
        return float(text)
    if text[0] in "[{&*!|>%@`":
        raise ValueError(f"line {number}: unsupported YAML construct: {text}")
    return text


def _is_mapping_entry(text):
    if text[:1] in "'\"":
        return re.match(r"^('([^']|'')*'|\"([^\"\\]|\\.)*\")\s*:(\s|$)", text) is not None
    return re.match(r"^[^:#]+?:(\s|$)", text) is not None


def _split_key(text, number):
    """'key: value' or 'key:' -> (key, rest); handles quoted keys."""
    if text[0] in "'\"":
        quote = text[0]
        end = text.index(quote, 1)
        while quote == "'" and end + 1 < len(text) and text[end + 1] == "'":
            end = text.index(quote, end + 2)
        key = _scalar(text[: end + 1], number)
        rest = text[end + 1:]
        if not rest.startswith(":"):
            raise ValueError(f"line {number}: expected ':' after key")
        return key, rest[1:].strip()
    match = re.match(r"([^:#]+?):(?:\s+(.*))?$", text)
    if not match:
        return None, None
    return match.group(1), (match.group(2) or "").strip()


class _Reader:
    def __init__(self, text):
        self.raw = text.split("\n")
        self.lines = []
        for number, line in enumerate(self.raw, 1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            self.lines.append(_Line(number, len(line) - len(line.lstrip(" ")), stripped))
        self.pos = 0

    def parse(self):
        if not self.lines:
            return None
        value = self._node(self.lines[0].indent)
        if self.pos != len(self.lines):
            raise ValueError(f"line {self.lines[self.pos].number}: unexpected indentation")
        return value

    def _node(self, indent):
        line = self.lines[self.pos]
        if line.text.startswith("- ") or line.text == "-":
            return self._sequence(line.indent)
        return self._mapping(line.indent)

    def _block_scalar(self, style, number, parent_indent):
        keep_last = style == "|"
        body = []
        index = number  # self.raw index of the line after the key
        block_indent = None
        while index < len(self.raw):
            line = self.raw[index]
            if line.strip():
                indent = len(line) - len(line.lstrip(" "))
                if indent <= parent_indent:
                    break
                if block_indent is None:
                    block_indent = indent
                body.append(line[block_indent:])
            else:
                body.append("")
            index += 1
        while body and body[-1] == "":
            body.pop()
        # Skip the consumed lines in the filtered list.
        while self.pos < len(self.lines) and self.lines[self.pos].number <= index:
            self.pos += 1
        text = "\n".join(body)
        return text + "\n" if keep_last else text

    def _value(self, rest, line, child_indent_floor):
        if rest in ("|-", "|"):
            self.pos += 1
            return self._block_scalar(rest, line.number, line.indent if child_indent_floor is None else child_indent_floor)
        if rest:
            self.pos += 1
            return _scalar(rest, line.number)
        self.pos += 1
        if self.pos < len(self.lines) and (self.lines[self.pos].indent > line.indent or
                                           (self.lines[self.pos].indent == line.indent and self.lines[self.pos].text.startswith("- "))):
            return self._node(self.lines[self.pos].indent)
        return None

    def _mapping(self, indent):
        result = {}
        while self.pos < len(self.lines) and self.lines[self.pos].indent == indent:
            line = self.lines[self.pos]
            if line.text.startswith("- "):
                break
            key, rest = _split_key(line.text, line.number)
            if key is None:
                raise ValueError(f"line {line.number}: expected 'key: value'")
            if key in result:
                raise ValueError(f"line {line.number}: duplicate key {key}")
            result[key] = self._value(rest, line, None)
        return result

    def _sequence(self, indent):
        result = []
        while self.pos < len(self.lines) and self.lines[self.pos].indent == indent and self.lines[self.pos].text.startswith("-"):
            line = self.lines[self.pos]
            item = line.text[1:].strip()
            if not _is_mapping_entry(item):
                self.pos += 1
                result.append(_scalar(item, line.number))
                continue
            # A mapping inside a list item: its first key sits after "- ", the others two columns in.
            self.lines[self.pos] = _Line(line.number, indent + 2, item)
            result.append(self._mapping(indent + 2))
        return result


def load_small(text):
    return _Reader(text).parse()


def load(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if path.endswith(".json"):
        return json.loads(text)
    try:
        import yaml  # noqa: PLC0415 (optional)
    except ImportError:
        return load_small(text)
    return yaml.safe_load(text)


# --- the comparison ------------------------------------------------------------------------------

def strip_prose(node, path, texts):
    """A copy of node without prose; texts collects (path, text) of every prose string removed."""
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            here = f"{path}/{key}"
            if key in PROSE_KEYS and isinstance(value, str):
                texts[here] = value
                continue
            result[key] = strip_prose(value, here, texts)
        return result
    if isinstance(node, list):
        return [strip_prose(value, f"{path}/{index}", texts) for index, value in enumerate(node)]
    return node


def differences(ours, theirs, path, found):
    if isinstance(ours, dict) and isinstance(theirs, dict):
        if list(ours) != list(theirs):
            missing = [k for k in theirs if k not in ours]
            extra = [k for k in ours if k not in theirs]
            if missing:
                found.append(f"{path or '/'}: missing {missing}")
            if extra:
                found.append(f"{path or '/'}: extra {extra}")
            if not missing and not extra:
                found.append(f"{path or '/'}: key order {list(ours)} instead of {list(theirs)}")
        for key in ours:
            if key in theirs:
                differences(ours[key], theirs[key], f"{path}/{key}", found)
    elif isinstance(ours, list) and isinstance(theirs, list):
        if len(ours) != len(theirs):
            found.append(f"{path}: {len(ours)} entries instead of {len(theirs)}")
        for index, (a, b) in enumerate(zip(ours, theirs)):
            differences(a, b, f"{path}/{index}", found)
    elif type(ours) is not type(theirs) or ours != theirs:
        found.append(f"{path}: {json.dumps(ours)} instead of {json.dumps(theirs)}")


def compare(ours_path, theirs_path, facts_only=False):
    our_texts, their_texts = {}, {}
    ours = strip_prose(load(ours_path), "", our_texts)
    theirs = strip_prose(load(theirs_path), "", their_texts)
    problems = []
    differences(ours, theirs, "", problems)
    if facts_only:
        return problems
    upstream = {" ".join(text.split()) for text in their_texts.values()}
    for where, text in our_texts.items():
        flat = " ".join(text.split())
        if len(flat) >= COPIED_LENGTH and flat in upstream:
            problems.append(f"{where}: text copied word for word from the upstream document: {flat[:60]}…")
    return problems


def self_test(paths):
    try:
        import yaml  # noqa: PLC0415
    except ImportError:
        print("self-test needs PyYAML to compare against", file=sys.stderr)
        return 2
    status = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        same = load_small(text) == yaml.safe_load(text)
        print(f"{'ok  ' if same else 'DIFF'} {path}: the small reader {'agrees with' if same else 'differs from'} PyYAML")
        status |= 0 if same else 1
    return status


def main(argv):
    if len(argv) >= 2 and argv[0] == "--self-test":
        return self_test(argv[1:])
    facts_only = bool(argv) and argv[0] == "--facts-only"
    if facts_only:
        argv = argv[1:]
    if len(argv) != 2 or argv[0] in ("-h", "--help"):
        print(__doc__.strip().split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    try:
        problems = compare(argv[0], argv[1], facts_only)
    except (OSError, ValueError) as error:
        print(f"compare-spec-facts: {error}", file=sys.stderr)
        return 2
    if problems:
        print(f"compare-spec-facts: {argv[0]} and {argv[1]} differ:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"compare-spec-facts: {argv[0]} has the API facts of {argv[1]}, in its own words")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
