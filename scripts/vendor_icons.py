#!/usr/bin/env python3
"""Vendors the Lucide icons Roster uses (npm package `lucide-static`, ISC licence) into
app/src/ui/icon/lucide.rs: each icon's inner SVG markup as a constant, drawn by
`ui::icon::Icon`. Run by `make icons`; add a name to ICONS and run it again."""
import pathlib
import re
import subprocess
import sys
import tarfile
import tempfile

VERSION = "1.62.0"
ICONS = [
    "building-2", "check", "chevron-down", "download", "chevron-up", "eye", "history", "inbox", "keyboard", "layout-dashboard", "lock-open",
    "key-round", "log-in", "log-out", "mail", "menu", "moon", "pencil", "plus", "shield", "sun", "trash-2", "user-cog", "user-round",
    "users",
]

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "app/src/ui/icon/lucide.rs"
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run(["npm", "pack", f"lucide-static@{VERSION}", "--silent"], cwd=tmp,
                   check=True, stdout=subprocess.DEVNULL)
    with tarfile.open(next(pathlib.Path(tmp).glob("*.tgz"))) as tgz:
        tgz.extractall(tmp, filter="data")
    package = pathlib.Path(tmp) / "package"
    lines = [
        f"//! Lucide icons (lucide-static {VERSION}, ISC licence: LICENSE-lucide beside this",
        "//! file), vendored by scripts/vendor_icons.py: each icon's inner SVG markup on a 24x24",
        "//! grid, stroked with the current colour. Generated: edit the script, not this file.",
        "",
    ]
    for name in ICONS:
        svg = (package / "icons" / f"{name}.svg").read_text()
        inner = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S).group(1)
        inner = re.sub(r"\s+", " ", inner).replace("> <", "><").strip()
        const = name.upper().replace("-", "_")
        lines.append(f"pub const {const}: &str = r#\"{inner}\"#;")
    out.write_text("\n".join(lines) + "\n")
    (out.parent / "LICENSE-lucide").write_text((package / "LICENSE").read_text())
print(f"wrote {out.relative_to(root)} ({len(ICONS)} icons)", file=sys.stderr)
