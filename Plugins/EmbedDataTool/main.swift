import Foundation

// EmbedDataTool OUTPUT MAPS_FOLDER KEYMAPS_FOLDER: writes a Swift source defining
// `BuiltInData.maps` and `BuiltInData.keymaps`, each file's name (without `.toml`) and
// its exact text, in name order. Run by the EmbedData build plugin.

let arguments = CommandLine.arguments
guard arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: EmbedDataTool OUTPUT MAPS_FOLDER KEYMAPS_FOLDER\n".utf8))
    exit(64)
}

/// `text` as a Swift raw string literal that holds it exactly.
func literal(_ text: String) -> String {
    // Enough #s that no quote-and-hashes in the text closes the literal early, and no
    // backslash-and-hashes is read as an escape.
    var hashes = "#"
    while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    // Escapes would be read as text in a raw string; line breaks other than \n would be
    // normalised by a multi-line literal, so such text goes on one line, escaped.
    if text.contains("\r") {
        let escaped = text.unicodeScalars.map { $0 == "\r" ? "\\(hashes)r" : ($0 == "\n" ? "\\(hashes)n" : String($0)) }.joined()
        return "\(hashes)\"\(escaped)\"\(hashes)"
    }
    // A multi-line literal drops the line break before its closing delimiter: add one.
    return "\(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)"
}

func entries(in folder: String) throws -> [(name: String, text: String)] {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".toml") }.sorted()
    return try names.map { name in
        (String(name.dropLast(5)), try String(contentsOfFile: folder + "/" + name, encoding: .utf8))
    }
}

do {
    var out = "// Made at build time by the EmbedData plugin from maps/ and keymaps/: do not edit.\n\n"
    out += "extension BuiltInData {\n"
    for (property, folder) in [("maps", arguments[2]), ("keymaps", arguments[3])] {
        out += "    public static let \(property): [(name: String, text: String)] = [\n"
        for (name, text) in try entries(in: folder) {
            out += "        (\(literal(name)), \(literal(text))),\n"
        }
        out += "    ]\n"
    }
    out += "}\n"
    try out.write(toFile: arguments[1], atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("EmbedDataTool: \(error)\n".utf8))
    exit(1)
}
