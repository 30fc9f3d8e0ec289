#!/usr/bin/env python3
"""Runs TunaCode v0.0.51's own tool functions and this host's tools side by side on the same fixture,
and prints, case by case, whether an agent sees the same text.

    python3 tools/compat/compare.py --tunacode PATH-TO-TUNACODE-CHECKOUT [--host ./tunahost] [--only NAME] [--all]

The checkout is TunaCode's repository at tag v0.0.51 (its src/tunacode/tools/ is what runs); this
repository never holds its code. Only the standard library is used: what the tools import and this
machine lacks (pydantic-ai, TunaCode's logging set-up) is stubbed, nothing else. Each side gets its own
copy of the fixture and runs the same cases in the same order, so that writes meet the same files.

What is compared is what the model sees: the original's returned string (a list is shown as
pydantic-ai sends it, compact JSON), or the message of the error it raised (a ModelRetry's message;
a ToolExecutionError's text without its "Tool 'X' failed: " frame, which this host does not add); and
this host's output.text, or its error.message. The fixture's folder is written <ws> on both sides.
"""

import argparse
import asyncio
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import types

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fixture  # noqa: E402
from cases import CASES, DIFFERENCES  # noqa: E402


def load_originals(checkout):
    src = os.path.join(checkout, "src")
    if not os.path.isdir(os.path.join(src, "tunacode", "tools")):
        sys.exit(f"compare.py: {checkout} has no src/tunacode/tools: give a checkout of TunaCode v0.0.51")
    sys.path.insert(0, src)

    def stub(name, **attrs):
        module = types.ModuleType(name)
        module.__dict__.update(attrs)
        sys.modules[name] = module
        return module

    class ModelRetry(Exception):
        pass

    stub("pydantic_ai")
    stub("pydantic_ai.exceptions", ModelRetry=ModelRetry)
    # TunaCode's package sets up Rich-based logging on import; the tools only need a logger.
    stub("tunacode.core.logging", setup_logging=lambda *a, **k: None).__path__ = []
    stub("tunacode.core.logging.logger", get_logger=logging.getLogger)
    import importlib
    functions = {}
    for name in ["read_file", "write_file", "update_file", "list_dir", "glob", "grep", "bash", "run_command"]:
        functions[name] = getattr(importlib.import_module("tunacode.tools." + name), name)
    return functions, ModelRetry


def run_original(functions, model_retry, workspace, tool, args):
    os.chdir(workspace)
    try:
        value = asyncio.run(functions[tool](**args))
    except model_retry as e:
        return "retry", str(e)
    except Exception as e:  # what the agent's run would abort on
        text = str(e)
        prefix = "Tool '"
        if text.startswith(prefix) and "' failed: " in text:
            text = text.split("' failed: ", 1)[1]
        return "error:" + type(e).__name__, text
    if isinstance(value, str):
        if value.startswith("Tool '") and "' failed: " in value:
            return "error", value.split("' failed: ", 1)[1]
        return "text", value
    return "text", json.dumps(value, separators=(",", ":"))


def run_ours(host, workspace, calls):
    batch = {"calls": [{"tool": tool, "args": args} for _, tool, args in calls]}
    done = subprocess.run([host, "batch", "-", "--json", "--workspace", workspace], input=json.dumps(batch),
                          capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"compare.py: {host} batch failed ({done.returncode}):\n{done.stderr}")
    results = json.loads(done.stdout)["results"]
    seen = []
    for result in results:
        if result["ok"]:
            seen.append(("text", result["output"]["text"]))
        else:
            seen.append((result["error"]["code"], result["error"]["message"]))
    return seen


def normalized(text, workspace):
    real = os.path.realpath(workspace)
    text = text.replace(real, "<ws>").replace(workspace, "<ws>")
    # TunaCode's file tools frame an OS error as "File {Tool} failed for '{path}': ..."; the host does not.
    return re.sub(r"^File \w+ failed for '[^']*': ", "", text)


def blocks(text):
    """A grep text's header and its blocks, or None for any other text."""
    if not text.startswith("Found ") or "\n\n📁 " not in text:
        return None
    head, *rest = text.split("\n\n📁 ")
    return head, sorted(rest)


def verdict(tool, theirs, ours):
    if theirs == ours:
        return "same"
    # TunaCode orders a search's matches by a relevance score, then as its walk met the files; the
    # host by path and line. The same blocks in another order are the same to an agent.
    if tool == "grep" and blocks(theirs) is not None and blocks(theirs) == blocks(ours):
        return "same, in path order"
    return "DIFF"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tunacode", required=True, help="a checkout of TunaCode at tag v0.0.51")
    parser.add_argument("--host", default=os.path.join(HERE, "..", "..", "tunahost"), help="this host's launcher")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    parser.add_argument("--all", action="store_true", help="print the texts of the cases that are the same too")
    parser.add_argument("--write-golden", metavar="FILE",
                        help="write the fixture, the cases and both sides' texts as the golden file of the host's tests")
    options = parser.parse_args()

    functions, model_retry = load_originals(os.path.abspath(options.tunacode))
    cases = [case for case in CASES if not options.only or options.only in case[0]]
    base = tempfile.mkdtemp(prefix="tunacode-compat-")
    try:
        theirs_root = fixture.build(os.path.join(base, "theirs"))
        ours_root = fixture.build(os.path.join(base, "ours"))
        theirs_root_copy = fixture.build(os.path.join(base, "pristine"))
        cwd = os.getcwd()
        theirs = [run_original(functions, model_retry, theirs_root, tool, args) for _, tool, args in cases]
        os.chdir(cwd)
        ours = run_ours(os.path.abspath(options.host), ours_root, cases)
        same = 0
        golden = []
        for (name, tool, args), (their_kind, their_text), (our_kind, our_text) in zip(cases, theirs, ours):
            their_text = normalized(their_text, theirs_root)
            our_text = normalized(our_text, ours_root)
            seen = verdict(tool, their_text, our_text)
            same += seen != "DIFF"
            reason = DIFFERENCES.get(name, "order" if seen == "same, in path order" else None)
            golden.append({"name": name, "tool": tool, "args": args, "ok": our_kind == "text", "expected": our_text,
                           "tunacode": their_text, **({"reason": reason} if reason else {})})
            if seen == "DIFF" and name not in DIFFERENCES:
                seen = "DIFF (not in DIFFERENCES: to close)"
            print(f"{seen}  {name}  ({tool} {json.dumps(args)[:100]})")
            if seen == "DIFF" or options.all:
                print(f"  TunaCode [{their_kind}]:\n" + indent(their_text))
                print(f"  ours     [{our_kind}]:\n" + indent(our_text))
        print(f"\n{same} of {len(cases)} the same; the differences left are listed with their reasons in docs/tools.md")
        if options.write_golden:
            with open(options.write_golden, "w", encoding="utf-8") as f:
                json.dump({"tunacode": "v0.0.51", "fixture": fixture.describe(theirs_root_copy), "cases": golden}, f,
                          ensure_ascii=False, indent=1)
                f.write("\n")
    finally:
        shutil.rmtree(base, ignore_errors=True)


def indent(text):
    return "\n".join("    | " + line for line in text.split("\n"))


if __name__ == "__main__":
    main()
