import Foundation
import Testing

@testable import FoglineTerminal

@Suite("Keymaps")
struct KeymapTests {
    func parse(_ text: String) throws(KeymapError) -> Keymap {
        try Keymap.parse(text: text, file: "k.toml")
    }

    /// The single error message a text gives, as `file:line: message`.
    func error(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test("key names read and print back")
    func keyNames() throws {
        let cases: [(String, KeyPress, String)] = [
            ("q", KeyPress(.character("q")), "q"),
            ("Q", KeyPress(.character("Q")), "Q"),
            ("?", KeyPress(.character("?")), "?"),
            ("ctrl-c", KeyPress(.character("c"), .control), "ctrl-c"),
            ("Ctrl-C", KeyPress(.character("c"), .control), "ctrl-c"),
            ("F1", KeyPress(.function(1)), "F1"),
            ("f12", KeyPress(.function(12)), "F12"),
            ("up", KeyPress(.up), "up"),
            ("shift-left", KeyPress(.left, .shift), "shift-left"),
            ("ctrl-shift-up", KeyPress(.up, [.control, .shift]), "ctrl-shift-up"),
            ("tab", KeyPress(.tab), "tab"),
            ("shift-tab", KeyPress(.tab, .shift), "shift-tab"),
            ("enter", KeyPress(.enter), "enter"),
            ("return", KeyPress(.enter), "enter"),
            ("esc", KeyPress(.escape), "esc"),
            ("space", KeyPress(.character(" ")), "space"),
            ("pgup", KeyPress(.pageUp), "pgup"),
            ("pagedown", KeyPress(.pageDown), "pgdn"),
            ("alt-1", KeyPress(.character("1"), .alt), "alt-1"),
            ("alt-backspace", KeyPress(.backspace, .alt), "alt-backspace"),
            ("-", KeyPress(.character("-")), "-"),
            ("minus", KeyPress(.character("-")), "-"),
            ("alt--", KeyPress(.character("-"), .alt), "alt--"),
        ]
        for (name, press, printed) in cases {
            let read = try KeyPress(name: name)
            #expect(read == press, "\(name)")
            #expect(read.name == printed, "\(name)")
        }
    }

    @Test(
        "bad key names are refused",
        arguments: ["", "ctrl-", "hyper-x", "F0", "F25", "F01", "shift-a", "ctrl-1", "ctrl-ctrl-a", "ctrl-i", "ctrl-m", "banana"])
    func badKeyNames(_ name: String) {
        #expect(throws: KeyNameError.self) { try KeyPress(name: name) }
    }

    @Test("the shipped keymaps load, and the built-in default is keymaps/default.toml")
    func shipped() throws {
        let directory = Repository.keymaps.path
        let named = try Keymap.load(nameOrPath: "default", directories: [directory])
        let vi = try Keymap.load(nameOrPath: "vi", directories: [directory])
        #expect(named.name == "default" && vi.name == "vi")
        let text = try String(contentsOfFile: directory + "/default.toml", encoding: .utf8)
        #expect(text == Keymap.builtInText)
        // With no keymap folder, both shipped keymaps still load, from the binary.
        let builtInVi = try Keymap.load(nameOrPath: "vi", directories: [])
        let builtInDefault = try Keymap.load(nameOrPath: "default", directories: [])
        #expect(builtInVi.name == "vi" && builtInVi.bindings.map(\.action) == vi.bindings.map(\.action))
        #expect(builtInVi.bindings.map(\.keys) == vi.bindings.map(\.keys))
        #expect(builtInDefault.bindings.map(\.keys) == named.bindings.map(\.keys))
        #expect(Keymap.builtIn.bindings.count == named.bindings.count)
        for keymap in [named, vi, Keymap.builtIn] {
            for action in [KeymapAction.quit, .help, .pause, .scrollUp, .scrollDown, .scrollLeft, .scrollRight, .follow,
                           .toggleLabels, .selectAll, .clearSelection, .historyPrevious, .historyNext, .complete,
                           .submit, .cancel, .select1, .select0]
            {
                #expect(!keymap.keys(for: action).isEmpty, "\(keymap.name) binds \(action.rawValue)")
            }
        }
        // A file path works as well as a name.
        #expect(try Keymap.load(nameOrPath: directory + "/vi.toml").name == "vi")
    }

    @Test("the focus rule: printable keys type while the prompt has focus")
    func focusRule() {
        let keymap = Keymap.builtIn
        let q = KeyPress(.character("q"))
        #expect(keymap.action(for: q, promptFocused: true) == nil)
        #expect(keymap.action(for: q, promptFocused: false) == .quit)
        #expect(keymap.action(for: KeyPress(.character(" ")), promptFocused: true) == nil)
        #expect(keymap.action(for: KeyPress(.character(" ")), promptFocused: false) == .pause)
        #expect(keymap.action(for: KeyPress(.character("c"), .control), promptFocused: true) == .quit)
        #expect(keymap.action(for: KeyPress(.function(1)), promptFocused: true) == .help)
        #expect(keymap.action(for: KeyPress(.enter), promptFocused: true) == .submit)
        #expect(keymap.action(for: KeyPress(.character("5"), .alt), promptFocused: true) == .select5)
        #expect(keymap.keyName(for: .quit) == "ctrl-c")
    }

    @Test("actions may sit at the top level; comments and multi-line arrays work")
    func topLevel() throws {
        let keymap = try parse("""
            # top-level bindings
            quit = ["ctrl-c"]   # comment
            help = [
              "F1",
              "?",  # trailing comma next
            ]
            """)
        #expect(keymap.keys(for: .help).map(\.name) == ["F1", "?"])
        #expect(keymap.bindings.map(\.action) == [.quit, .help])
    }

    @Test("dotted keys are found at their line")
    func dotted() {
        #expect(error("help = [\"F1\"]\nkeys.quit = [\"F1\"]\n") == "k.toml:2: key 'F1' for 'quit' is already bound to 'help' on line 1")
    }

    @Test("an unknown action is reported at its line")
    func unknownAction() {
        #expect(error("[keys]\nquit = [\"q\"]\njump = [\"j\"]\n").hasPrefix("k.toml:3: unknown action 'jump'"))
        #expect(error("[keys]\nscroll-up = [\"k\"]\n") == "k.toml:2: unknown action 'scroll-up' (did you mean 'scroll_up'?)")
    }

    @Test("an unknown key name is reported at the line of that key")
    func unknownKey() {
        let text = "[keys]\nquit = [\n  \"ctrl-c\",\n  \"ctrl-banana\",\n]\n"
        #expect(error(text) == "k.toml:4: 'quit': unknown key name 'ctrl-banana'")
    }

    @Test("a duplicate binding is reported at the second binding's line")
    func duplicate() {
        let text = "[keys]\nquit = [\"q\"]\nhelp = [\"F1\"]\npause = [\"F2\", \"q\"]\n"
        #expect(error(text) == "k.toml:4: key 'q' for 'pause' is already bound to 'quit' on line 2")
        #expect(error("[keys]\nquit = [\"q\", \"q\"]\n") == "k.toml:2: key 'q' for 'quit' is already bound to it on line 2")
        // The same key under two spellings is still one key.
        #expect(error("help = [\"F1\"]\nquit = [\"f1\"]\n").hasPrefix("k.toml:2: key 'F1'"))
    }

    @Test("bad TOML is reported with its line, and never reaches toml++'s assertions")
    func badTOML() {
        #expect(error("[keys]\nquit = [\"q\"\nhelp = 1\n").hasPrefix("k.toml:"))
        #expect(error("[keys]\nquit = [1, }\n") == "k.toml:2: expected a value or ']' in the array, saw '}'")
        #expect(error("[#keys]\n").hasPrefix("k.toml:1: expected a key"))
        #expect(error("quit = \"q\"\n") == "k.toml:1: 'quit' must be an array of key names, like [\"q\", \"ctrl-c\"]")
        #expect(error("quit = [1]\n") == "k.toml:1: 'quit': key names must be strings")
        #expect(error("[mouse]\nx = 1\n") == "k.toml:1: unknown table [mouse]; actions go at the top level or under [keys]")
        #expect(error("quit = [\"q\"]\nquit = [\"x\"]\n").hasPrefix("k.toml:2:"))
        #expect(error("a = \"\u{0}\"\n") == "k.toml:1: NUL character in keymap")
    }

    @Test("every problem is reported, in line order")
    func allProblems() {
        let text = "[keys]\nbogus = [\"x\"]\nquit = [\"nope\"]\nhelp = [\"F1\", \"F1\"]\n"
        let lines = error(text).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.map { $0.split(separator: ":")[1] } == ["2", "3", "4"])
    }

    @Test("keymaps are found by name in the search path; unknown names are an error")
    func catalog() throws {
        let dirs = KeymapCatalog.searchDirectories(
            environment: ["FOGLINE_KEYMAPS": Repository.keymaps.path], currentDirectory: "/", executablePath: nil)
        #expect(dirs.first == Repository.keymaps.path)
        #expect(KeymapCatalog.all(directories: dirs).map(\.name).contains("vi"))
        #expect(throws: KeymapError.self) { try Keymap.load(nameOrPath: "emacs-deluxe", directories: dirs) }
        // With nothing installed, "default" is still there: the built-in copy.
        #expect(try Keymap.load(nameOrPath: "default", directories: []).name == "default")
        do {
            _ = try Keymap.load(nameOrPath: "nope", directories: dirs)
        } catch {
            #expect(error.description.contains("known keymaps: default, vi"))
        }
    }

    @Test("oversized and non-UTF-8 files are refused before parsing")
    func files() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fogline-keymaps-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("big.toml")
        try String(repeating: "# x\n", count: 20_000).write(to: big, atomically: true, encoding: .utf8)
        #expect(throws: KeymapError.self) { try Keymap.load(nameOrPath: big.path) }
        let bad = dir.appendingPathComponent("bad.toml")
        try Data([0x71, 0x20, 0xFF, 0xFE]).write(to: bad)
        #expect(throws: KeymapError.self) { try Keymap.load(nameOrPath: bad.path) }
        #expect(throws: KeymapError.self) { try Keymap.load(nameOrPath: dir.path + "/missing.toml") }
    }
}
