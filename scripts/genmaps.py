#!/usr/bin/env python3
"""Draft generator for the shipped Fogline maps.

Draws the west half of each map from a few primitives (ridges, rivers, woods,
roads), mirrors it east so both players get the same ground, then writes a TOML
map file. The .toml files in maps/ are the source of truth: this script
produced their drafts, which were then checked by eye and with
`fogline maps --check`. It still reproduces them byte for byte, but once a map
is edited by hand, write drafts elsewhere and compare instead of overwriting:

    python3 scripts/genmaps.py /tmp/drafts [NAME...] && diff -r /tmp/drafts maps

It prints each grid, and warns on stderr about anything unreachable from base 1
and about a named place that does not sit by what it is named after.
"""
import math
import os
import sys


class Canvas:
    """A terrain grid drawn on the west half and the centre column, then mirrored."""

    def __init__(self, width, height, fill="."):
        assert width % 2 == 1, "odd widths keep a centre column for mirroring"
        self.w, self.h = width, height
        self.g = [[fill] * width for _ in range(height)]

    def inside(self, x, y):
        return 0 <= x < self.w and 0 <= y < self.h

    def put(self, x, y, ch):
        if self.inside(x, y):
            self.g[y][x] = ch

    def get(self, x, y):
        return self.g[y][x] if self.inside(x, y) else "#"

    def rect(self, x0, y0, x1, y1, ch):
        for y in range(y0, y1 + 1):
            for x in range(x0, x1 + 1):
                self.put(x, y, ch)

    def blob(self, cx, cy, rx, ry, ch, seed=0, rough=0.25, only=None):
        """An ellipse with a ragged edge (deterministic)."""
        for y in range(cy - ry - 2, cy + ry + 3):
            for x in range(cx - rx - 2, cx + rx + 3):
                d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2
                jitter = rough * (_noise(x, y, seed) - 0.5) * 2
                if d <= 1 + jitter and (only is None or self.get(x, y) in only):
                    self.put(x, y, ch)

    def line(self, pts, ch, thick=1, only=None, over=None, stairs=False):
        """A polyline `thick` cells wide; `over` maps existing glyphs to replacements.

        With `stairs`, every diagonal step also paints the cell beside it, so the
        line stays walkable where it cuts through rock (units may not cut corners)."""
        prev = None
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            n = max(abs(x1 - x0), abs(y1 - y0), 1)
            for i in range(n + 1):
                x = round(x0 + (x1 - x0) * i / n)
                y = round(y0 + (y1 - y0) * i / n)
                cells = [(x, y)]
                if stairs and prev and prev[0] != x and prev[1] != y:
                    cells.append((x, prev[1]))
                prev = (x, y)
                for (cx_, cy_) in cells:
                    for dy in range(thick):
                        for dx in range(thick):
                            self._paint(cx_ + dx - thick // 2, cy_ + dy - thick // 2, ch, only, over)

    def _paint(self, x, y, ch, only, over):
        if not self.inside(x, y):
            return
        cur = self.g[y][x]
        if over and cur in over:
            self.g[y][x] = over[cur]
        elif only is None or cur in only:
            self.g[y][x] = ch

    def mirror(self):
        """Copies the west half onto the east half."""
        for y in range(self.h):
            for x in range(self.w // 2 + 1, self.w):
                self.g[y][x] = self.g[y][self.w - 1 - x]

    def clear(self, x, y, r=1):
        """Open ground around a base or node so nothing walls it in."""
        for yy in range(y - r, y + r + 1):
            for xx in range(x - r, x + r + 1):
                if self.get(xx, yy) in "#~T":
                    self.put(xx, yy, ".")

    def rows(self):
        return ["".join(r) for r in self.g]


def _noise(x, y, seed):
    n = (x * 374761393 + y * 668265263 + seed * 982451653) & 0xFFFFFFFF
    n = ((n ^ (n >> 13)) * 1274126177) & 0xFFFFFFFF
    return (n ^ (n >> 16)) / 0xFFFFFFFF


def reachable(rows, start):
    """Cells reachable from start with the game's 8-way rule (no corner cutting)."""
    h, w = len(rows), len(rows[0])
    ok = lambda x, y: 0 <= x < w and 0 <= y < h and rows[y][x] not in "#~"
    seen = {start}
    stack = [start]
    while stack:
        x, y = stack.pop()
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                nx, ny = x + dx, y + dy
                if (dx or dy) and ok(nx, ny) and (nx, ny) not in seen:
                    if dx and dy and not (ok(nx, y) and ok(x, ny)):
                        continue
                    seen.add((nx, ny))
                    stack.append((nx, ny))
    return seen


def write(path, name, description, c, bases, nodes, places, notes=(), limits=None):
    """bases: [(x, y, name)] * 2; nodes: {letter: (x, y, name)}; places: [(name, x, y)];
    notes: comment lines for the file's head; limits: (score_limit, time_limit_seconds) or None."""
    for (x, y, _) in bases:
        c.clear(x, y, 1)
    for (x, y, _) in nodes.values():
        c.clear(x, y, 1)
    rows = c.rows()
    grid = [list(r) for r in rows]
    for i, (x, y, _) in enumerate(bases):
        grid[y][x] = str(i + 1)
    for letter, (x, y, _) in nodes.items():
        grid[y][x] = letter
    rows = ["".join(r) for r in grid]
    seen = reachable(rows, (bases[0][0], bases[0][1]))
    for what, x, y in [("base 2", bases[1][0], bases[1][1])] + [(l, n[0], n[1]) for l, n in nodes.items()] + \
            [(p[0], p[1], p[2]) for p in places]:
        if (x, y) not in seen:
            print(f"{name}: {what} at ({x}, {y}) is not reachable ({rows[y][x]!r})", file=sys.stderr)
    # Named places should sit on (or right next to) what they are named after.
    for (pname, x, y) in places:
        near = {rows[yy][xx] for yy in range(y - 1, y + 2) for xx in range(x - 1, x + 2)
                if 0 <= yy < len(rows) and 0 <= xx < len(rows[0])}
        want = {"bridge": "+", "woods": "T", "wood": "T", "forest": "T", "ridge": "#", "crag": "#", "lake": "~",
                "pond": "~", "square": "="}
        for word, glyph in want.items():
            if pname.split()[-1] == word and (glyph not in near or (glyph in "+T=" and rows[y][x] != glyph)):
                print(f"{name}: {pname} at ({x}, {y}) is on {rows[y][x]!r}, not by {glyph!r}", file=sys.stderr)
    out = [f"# {name}: {c.w}x{c.h}, {len(nodes)} capture nodes."]
    out += [f"# {line}" for line in notes]
    out += ["# Player 1 starts west, player 2 east; the map is mirror-symmetric east to west.",
            "# Glyphs: . open  # rock  ~ water  T forest  = road  + bridge  1 2 bases  A-I nodes.",
            "# Landmark x counts columns from 0 at the left, y rows from 0 at the top.",
            "", f'name = "{name}"', f'description = "{description}"']
    if limits:
        out += [f"score_limit = {limits[0]}", f"time_limit_seconds = {limits[1]}"]
    out += ["", 'terrain = """']
    out += rows
    out += ['"""', "", "[bases]"]
    out += [f'{i + 1} = "{b[2]}"' for i, b in enumerate(bases)]
    out += ["", "[nodes]"]
    out += [f'{l} = "{n[2]}"' for l, n in sorted(nodes.items())]
    for (pname, x, y) in places:
        out += ["", "[[landmarks]]", f'name = "{pname}"', f"x = {x}", f"y = {y}"]
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    print("\n".join(rows))


def duel(path):
    c = Canvas(49, 24)
    cx = 24
    # Woods in the north-west and south-west corners.
    c.blob(9, 4, 6, 2, "T", seed=1)
    c.blob(7, 20, 5, 2, "T", seed=2)
    # The west ridge: a broken rock spine between base and centre.
    c.line([(14, 2), (15, 7)], "#", 2)
    c.line([(15, 16), (14, 21)], "#", 2)
    # A pond south of the ridge.
    c.blob(19, 18, 3, 1, "~", seed=3, rough=0.1)
    # The centre: rock outcrops shield the gap north and south.
    c.blob(cx, 8, 4, 1, "#", seed=4, rough=0.1)
    c.blob(cx, 16, 4, 1, "#", seed=5, rough=0.1)
    # Scrub around the outcrops.
    c.blob(20, 10, 2, 1, "T", seed=6, only=".")
    c.blob(20, 14, 2, 1, "T", seed=7, only=".")
    # The old road from base to base, and a track up to the mill.
    c.line([(3, 12), (cx, 12)], "=", over={"~": "+"}, stairs=True)
    c.line([(7, 12), (12, 9), (17, 4), (cx, 3)], "=", over={"~": "+", "#": "="}, stairs=True)
    c.mirror()
    write(path, "Duel", "A small map for a quick one-on-one: three nodes down the middle, "
          "rock outcrops shielding the centre.", c,
          [(3, 12, "west base"), (45, 12, "east base")],
          {"A": (cx, 3, "old mill"), "B": (cx, 12, "the gap"), "C": (cx, 20, "the quarry")},
          [("north ridge", cx, 7), ("south ridge", cx, 17), ("west ridge", 16, 17), ("east ridge", 32, 17),
           ("west woods", 9, 4), ("east woods", 39, 4), ("west pond", 19, 20), ("east pond", 29, 20)],
          notes=["Small and quick: the old road runs base to base through the gap between two",
                 "rock outcrops; a track climbs to the mill, the quarry lies open to the south.",
                 "Default limits: 1500 points or 20 minutes."])


def crossroads(path):
    c = Canvas(81, 40)
    cx, cy = 40, 20
    # Two rivers, one on each side, winding north to south.
    river = [(20 + round(2 * math.sin(y / 5.0)), y) for y in range(0, 40)]
    c.line(river, "~", 2)
    # Woods in the corners and along the rivers.
    c.blob(8, 33, 6, 3, "T", seed=11)
    c.blob(28, 4, 5, 2, "T", seed=12)
    c.blob(27, 26, 3, 2, "T", seed=13)
    # Town blocks round the crossroads.
    for (x0, y0) in [(33, 14), (33, 23), (36, 10), (36, 27)]:
        c.rect(x0, y0, x0 + 2, y0 + 1, "#")
    # Rock ridge south-west.
    c.line([(12, 24), (16, 28), (16, 31)], "#", 2)
    c.line([(6, 8), (12, 11)], "#", 1)
    # Roads: the east-west highway and the north-south road cross in the centre.
    c.line([(4, cy), (cx, cy)], "=", over={"~": "+", "#": "=", "T": "="}, stairs=True)
    c.line([(cx, 1), (cx, 38)], "=", over={"~": "+", "#": "=", "T": "="}, stairs=True)
    c.line([(10, 6), (16, 8), (24, 8), (30, 10), (cx, 10)], "=", over={"~": "+", "#": "=", "T": "="}, stairs=True)
    c.line([(30, 30), (cx, 30)], "=", over={"~": "+", "#": "=", "T": "="}, stairs=True)
    c.line([(8, 20), (12, 30), (16, 32), (24, 32), (30, 30)], "=", over={"~": "+", "#": "=", "T": "="}, stairs=True)
    c.mirror()
    write(path, "Crossroads", "Two rivers and a town: nine nodes along the roads that meet in the middle.", c,
          [(4, cy, "west base"), (76, cy, "east base")],
          {"A": (cx, 4, "north gate"), "B": (10, 6, "west farm"), "C": (70, 6, "east farm"),
           "D": (30, 10, "old mill"), "E": (50, 10, "the chapel"), "F": (cx, cy, "the crossroads"),
           "G": (30, 30, "the quarry"), "H": (50, 30, "the depot"), "I": (cx, 36, "south gate")},
          [("west bridge", 18, 20), ("east bridge", 62, 20), ("northwest bridge", 21, 8),
           ("northeast bridge", 59, 8), ("southwest bridge", 20, 32), ("southeast bridge", 60, 32),
           ("the square", cx, 17), ("west woods", 8, 33), ("east woods", 72, 33)],
          notes=["Two rivers, three bridges each; the highway and the north-south road meet in the",
                 "town square. Nine nodes score fast, so the limits are raised: 4000 points or",
                 "30 minutes."],
          limits=(4000, 1800))


def frontier(path):
    c = Canvas(129, 64)
    cx = 64
    # The great river down the middle; it widens round the island at its heart.
    for y in range(64):
        half = 3 + round(1.5 * math.sin(y / 7.0))
        if abs(y - 32) <= 8:
            half = max(half, 9 - abs(y - 32) // 3)
        c.rect(cx - half, y, cx, y, "~")
    c.blob(cx, 32, 4, 5, ".", rough=0.05)
    c.blob(cx, 29, 1, 1, "T", only=".")
    # A lake in the north-west and the ridge that runs south-east from it.
    c.blob(20, 8, 6, 3, "~", seed=21, rough=0.15)
    c.line([(30, 14), (38, 20), (44, 26)], "#", 2)
    c.line([(40, 38), (46, 44)], "#", 2)
    c.line([(14, 46), (22, 54)], "#", 2)
    c.blob(42, 4, 4, 1, "#", seed=26, rough=0.2)
    # The west mine: a quarry pit walled on three sides.
    c.rect(24, 14, 32, 14, "#")
    c.rect(24, 15, 24, 20, "#")
    c.rect(32, 15, 32, 17, "#")
    # The west village: a few houses round the node.
    for (x0, y0) in [(32, 41), (39, 41), (32, 47), (39, 47)]:
        c.rect(x0, y0, x0 + 1, y0 + 1, "#")
    # Forests: the big west forest and smaller woods.
    c.blob(30, 54, 10, 5, "T", seed=22)
    c.blob(50, 16, 5, 3, "T", seed=23)
    c.blob(12, 30, 4, 6, "T", seed=24)
    c.blob(52, 38, 3, 2, "T", seed=25)
    c.blob(10, 16, 4, 2, "T", seed=27)
    c.blob(50, 60, 4, 2, "T", seed=28)
    c.blob(54, 26, 2, 2, "T", seed=29)
    # Roads from the base to the island, the north bridge and the ford.
    road = {"~": "+", "#": "=", "T": "="}
    c.line([(6, 32), (cx, 32)], "=", over=road, stairs=True)
    c.line([(18, 32), (26, 22), (40, 10), (cx, 10)], "=", over=road, stairs=True)
    c.line([(18, 32), (28, 42), (44, 50), (cx - 8, 54)], "=", over=road, stairs=True)
    # The ford: shallow open ground across the river.
    c.rect(cx - 6, 53, cx, 55, ".")
    c.mirror()
    write(path, "Frontier", "A wide river splits the land: a bridge in the north, an island in the middle, "
          "a ford in the south.", c,
          [(6, 32, "west base"), (122, 32, "east base")],
          {"A": (cx, 10, "north crossing"), "B": (28, 18, "west mine"), "C": (100, 18, "east mine"),
           "D": (cx, 32, "the island"), "E": (36, 44, "west village"), "F": (92, 44, "east village"),
           "G": (cx, 54, "the ford")},
          [("north bridge", cx - 3, 10), ("west bridge", cx - 7, 32), ("east bridge", cx + 7, 32),
           ("the lake", 27, 8), ("west ridge", 37, 22), ("east ridge", 91, 22), ("west crag", 42, 6),
           ("east crag", 86, 6),
           ("west forest", 30, 52), ("east forest", 98, 52), ("west wood", 12, 30), ("east wood", 116, 30)],
          notes=["A wide river splits the land: one bridge in the north, two onto the island in",
                 "the middle, a ford in the south. Long marches, so the limits are raised: 3000",
                 "points or 30 minutes."],
          limits=(3000, 1800))


MAPS = {"duel": duel, "crossroads": crossroads, "frontier": frontier}

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "maps"
    for name in sys.argv[2:] or MAPS:
        MAPS[name](os.path.join(out, name + ".toml"))
