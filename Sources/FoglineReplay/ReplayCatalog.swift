import FoglineSim

/// The replays in a folder, each read far enough to say what it is: for `fogline replay --list`.
public enum ReplayCatalog {
    /// One file of the folder.
    public struct Entry: Sendable {
        public var path: String
        /// The replay as read (with its damage, if any); nil when it could not be opened.
        public var replay: Replay?
        /// Why it could not be opened (not a replay, a newer format, a damaged header).
        public var error: ReplayError?
    }

    /// Every `*.fogrep` file directly inside `folder`, by file name. A folder that does not
    /// exist holds none; one that cannot be listed throws "cannot read FOLDER: why".
    public static func entries(in folder: String) throws(ReplayError) -> [Entry] {
        let files: [String]
        do {
            files = try DataDirectories.replayFiles(in: folder)
        } catch {
            throw ReplayError("cannot read \(folder): \(DataDirectories.reason(error))")
        }
        return files.map { path in
            do throws(ReplayError) {
                return Entry(path: path, replay: try ReplayReader.read(path: path), error: nil)
            } catch {
                return Entry(path: path, replay: nil, error: error)
            }
        }
    }
}
