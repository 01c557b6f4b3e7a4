import Foundation
import Testing

@testable import FoglineSim
@testable import FoglineTerminal

#if canImport(Glibc)
import Glibc
#endif

/// Curses on a file instead of a terminal: what `present` writes, and that restoring is safe.
@Suite("Curses screen", .serialized)
struct CursesScreenTests {
    /// A screen writing to a temporary file, reading from /dev/null.
    func withScreen(_ body: (CursesScreen, Int32) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fogline-curses-\(getpid()).out").path
        let out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let input = open("/dev/null", O_RDONLY)
        try #require(out >= 0 && input >= 0)
        defer {
            close(out)
            close(input)
            unlink(path)
        }
        let options = CursesScreen.Options(
            terminalType: "xterm-256color", inputDescriptor: input, outputDescriptor: out, mouse: true,
            signalHandlers: false, environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8"])
        let screen = try CursesScreen(options: options)
        try body(screen, out)
        screen.restore()
        screen.restore()
        #expect(!screen.isActive)
    }

    func fileSize(_ fd: Int32) -> Int {
        var info = stat()
        fstat(fd, &info)
        return Int(info.st_size)
    }

    @Test("a frame goes out once; the same frame again writes nothing at all")
    func presentDiff() throws {
        try withScreen { screen, out in
            // 80x24 from terminfo, unless LINES and COLUMNS say otherwise.
            let (width, height) = screen.size
            try #require(width >= 80 && height >= 24)
            #expect(screen.capabilities == .full)
            var model = try Scene.duelModel()
            var buffer = CellBuffer(width: width, height: height)
            model.renderFrame(into: &buffer)
            let first = screen.present(buffer)
            #expect(first.cells == width * height)
            let afterFirst = fileSize(out)
            #expect(afterFirst > 1000)

            let again = screen.present(buffer)
            #expect(again == .zero)
            #expect(fileSize(out) == afterFirst, "nothing reaches the terminal when nothing changed")

            model.prompt.insert("x")
            model.renderFrame(into: &buffer)
            let typed = screen.present(buffer)
            #expect(typed.cells > 0 && typed.cells < 10)
            let grown = fileSize(out) - afterFirst
            #expect(grown > 0 && grown < 64, "one typed key costs a few bytes, not a repaint (\(grown))")

            screen.invalidate()
            #expect(screen.present(buffer).cells == width * height)
            #expect(screen.readKey() == nil)
        }
    }

    @Test("restore is safe twice and present does nothing afterwards")
    func restoreTwice() throws {
        try withScreen { screen, _ in
            screen.restore()
            #expect(screen.present(CellBuffer(width: 80, height: 24)) == .zero)
            #expect(screen.readKey() == nil)
        }
    }

    @Test("character codes read as key presses")
    func characterCodes() {
        #expect(KeyTable.press(forCharacter: 3) == KeyPress(.character("c"), .control))
        #expect(KeyTable.press(forCharacter: 13) == KeyPress(.enter))
        #expect(KeyTable.press(forCharacter: 10) == KeyPress(.enter))
        #expect(KeyTable.press(forCharacter: 9) == KeyPress(.tab))
        #expect(KeyTable.press(forCharacter: 127) == KeyPress(.backspace))
        #expect(KeyTable.press(forCharacter: 8) == KeyPress(.character("h"), .control))
        #expect(KeyTable.press(forCharacter: 27) == KeyPress(.escape))
        #expect(KeyTable.press(forCharacter: 0x00E9) == KeyPress(.character("é")))
        #expect(KeyTable.press(forCharacter: 0x2603) == KeyPress(.character("☃")))
        #expect(KeyTable.press(forCharacter: 0xD800) == nil)
    }
}
