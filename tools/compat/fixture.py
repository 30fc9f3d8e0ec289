"""The tree both sides run on: what a new user's project holds, and the files the tools treat apart."""

import base64
import os

FILES = {
    "README.md": "# Demo\n\nA project to search.\nTODO: write more\n",
    "src/main.py": "import os\n\n# TODO: one\ndef main():\n    todo = 'TODO'  # TODO twice on this line\n    return os.getcwd()\n",
    "src/util/strings.py": "def shout(s):\n    return s.upper()\n\n\ndef whisper(s):\n    return s.lower()\n",
    "src/app.js": "// TODO: port\nexport function app() {\n  return 42;\n}\n",
    "src/Notes.TXT": "upper case extension\nTODO in notes\n",
    "docs/guide.md": "Guide\n=====\n\nSee src/main.py.\n",
    "crlf.txt": "first line\r\nsecond line\r\nthird line\r\n",
    "many.txt": "".join(f"match line {i}\n" for i in range(1, 61)),
    ".github/workflows/ci.yml": "name: ci\n# TODO: cache\n",
    ".eslintrc": "{ \"root\": true } // TODO\n",
    "node_modules/lib/index.js": "// TODO: vendored\n",
    "latin1.txt": None,
    "big.txt": ("x" * 80 + "\n", 1400),
    "unicode-ñ.txt": "ñandú\n",
    "a" * 60 + ".txt": "long name\n",
}


def build(root):
    os.makedirs(root)
    for path, content in FILES.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if path == "latin1.txt":
            with open(full, "wb") as f:
                f.write("caf\u00e9 TODO\n".encode("latin-1"))
        elif isinstance(content, tuple):
            with open(full, "w") as f:
                f.write(content[0] * content[1])
        else:
            with open(full, "w", newline="") as f:
                f.write(content)
    with open(os.path.join(root, "bin.dat"), "wb") as f:
        f.write(b"abc\x00def\nTODO\x00\n")
    script = os.path.join(root, "run.sh")
    with open(script, "w") as f:
        f.write("#!/bin/sh\necho run\n")
    os.chmod(script, 0o755)
    os.makedirs(os.path.join(root, "empty"))
    os.symlink("src/main.py", os.path.join(root, "link.py"))
    return os.path.realpath(root)


def describe(root):
    """The tree as the golden file holds it: each entry's path, and its bytes, mode or link target."""
    entries = []
    for folder, names, files in os.walk(root):
        names.sort()
        for name in sorted(names + files):
            full = os.path.join(folder, name)
            path = os.path.relpath(full, root)
            if os.path.islink(full):
                entries.append({"path": path, "link": os.readlink(full)})
            elif os.path.isdir(full):
                if not os.listdir(full):
                    entries.append({"path": path, "folder": True})
            else:
                with open(full, "rb") as f:
                    data = f.read()
                entries.append({"path": path, **contents(path, data), "executable": os.access(full, os.X_OK)})
    return entries


def contents(path, data):
    repeated = FILES.get(path)
    if isinstance(repeated, tuple):
        return {"text": repeated[0], "times": repeated[1]}
    try:
        text = data.decode("utf-8")
        if "\x00" not in text:
            return {"text": text}
    except UnicodeDecodeError:
        pass
    return {"base64": base64.b64encode(data).decode("ascii")}
