import Testing

@testable import FoglineSim
@testable import FoglineTerminal

@Suite("Layout and camera")
struct LayoutCameraTests {
    /// The areas tile the screen exactly: no overlap, no gap.
    func tiles(_ layout: GameLayout) -> Bool {
        var covered = [Int](repeating: 0, count: layout.width * layout.height)
        for area in layout.areas {
            for y in area.y..<area.maxY {
                for x in area.x..<area.maxX { covered[y * layout.width + x] += 1 }
            }
        }
        return covered.allSatisfy { $0 == 1 }
    }

    @Test("80x24, 81x25, 200x60 and odd sizes are tiled", arguments: [(80, 24), (81, 25), (200, 60), (120, 40), (97, 31), (300, 100)])
    func tiling(_ size: (Int, Int)) {
        let layout = GameLayout(width: size.0, height: size.1)
        #expect(!layout.isTooSmall)
        #expect(tiles(layout))
        #expect(layout.prompt.y == size.1 - 2 && layout.status.y == size.1 - 1)
        #expect(layout.battlefield.width >= 54 && layout.battlefield.height >= 17)
        #expect(layout.roster.height >= 17, "the roster fits its title and ten units")
    }

    @Test("80x24 exactly")
    func minimum() {
        let layout = GameLayout(width: 80, height: 24)
        #expect(layout.battlefield == Rect(x: 0, y: 0, width: 54, height: 17))
        #expect(layout.roster == Rect(x: 54, y: 0, width: 26, height: 17))
        #expect(layout.log == Rect(x: 0, y: 17, width: 80, height: 5))
        #expect(layout.prompt == Rect(x: 0, y: 22, width: 80, height: 1))
        #expect(layout.status == Rect(x: 0, y: 23, width: 80, height: 1))
    }

    @Test("larger screens give the battlefield most of the room")
    func growth() {
        let layout = GameLayout(width: 200, height: 60)
        #expect(layout.roster.width == 40)
        // The log grows by a third of the extra rows, to 16 at most: 15 lines of text.
        #expect(layout.log.height == 16)
        #expect(layout.battlefield == Rect(x: 0, y: 0, width: 160, height: 42))
        #expect(GameLayout(width: 120, height: 40).log.height == 10)
    }

    @Test("below 80x24 the layout is too small", arguments: [(79, 24), (80, 23), (0, 0), (10, 3)])
    func tooSmall(_ size: (Int, Int)) {
        let layout = GameLayout(width: size.0, height: size.1)
        #expect(layout.isTooSmall)
        #expect(layout.areas.allSatisfy { $0.isEmpty })
    }

    @Test("the camera clamps to a larger map and centres a smaller one")
    func clamping() {
        var camera = Camera(originX: -40, originY: 500, following: false)
        camera.clamp(mapWidth: 129, mapHeight: 64, viewWidth: 54, viewHeight: 17)
        #expect(camera.originX == 0 && camera.originY == 64 - 17)
        camera.scroll(dx: 1000, dy: -1000, mapWidth: 129, mapHeight: 64, viewWidth: 54, viewHeight: 17)
        #expect(camera.originX == 129 - 54 && camera.originY == 0)
        var small = Camera()
        small.clamp(mapWidth: 49, mapHeight: 24, viewWidth: 160, viewHeight: 46)
        #expect(small.originX == -55 && small.originY == -11)
        small.scroll(dx: 5, dy: 5, mapWidth: 49, mapHeight: 24, viewWidth: 160, viewHeight: 46)
        #expect(small.originX == -55 && small.originY == -11)
        #expect(small.mapCell(atViewX: 55, y: 11) == Cell(0, 0))
        #expect(small.screen(of: Cell(48, 23)) == (103, 34))
    }

    @Test("following recentres only when the focus nears the edge; scrolling stops following")
    func following() {
        var camera = Camera()
        camera.update(focus: Cell(60, 30), mapWidth: 129, mapHeight: 64, viewWidth: 54, viewHeight: 17)
        #expect(camera.originX == 60 - 27 && camera.originY == 30 - 8)
        let before = camera
        camera.update(focus: Cell(62, 31), mapWidth: 129, mapHeight: 64, viewWidth: 54, viewHeight: 17)
        #expect(camera == before)
        camera.update(focus: Cell(125, 60), mapWidth: 129, mapHeight: 64, viewWidth: 54, viewHeight: 17)
        #expect(camera.originX == 129 - 54 && camera.originY == 64 - 17)
        camera.scroll(dx: -3, dy: 0, mapWidth: 129, mapHeight: 64, viewWidth: 54, viewHeight: 17)
        #expect(!camera.following)
        let scrolled = camera
        camera.update(focus: Cell(10, 10), mapWidth: 129, mapHeight: 64, viewWidth: 54, viewHeight: 17)
        #expect(camera == scrolled)
        camera.center(on: Cell(64, 32), mapWidth: 129, mapHeight: 64, viewWidth: 54, viewHeight: 17)
        #expect(camera.originX == 37 && camera.originY == 24)
    }

    @Test("resizing reflows the screen: every size renders without leaving stale cells")
    func reflow() throws {
        var model = try Scene.duelModel()
        for (w, h) in [(80, 24), (81, 25), (200, 60), (79, 20), (120, 40), (80, 24)] {
            var buffer = CellBuffer(width: w, height: h, filling: ScreenCell("@"))
            model.renderFrame(into: &buffer)
            #expect(!buffer.cells.contains { $0.character == "@" }, "\(w)x\(h)")
        }
    }
}
