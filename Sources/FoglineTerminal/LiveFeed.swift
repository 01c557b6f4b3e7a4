/// Where the watch screen's frames come from: a live match, taken in between keys.
public protocol LiveFeed: AnyObject {
    /// A descriptor to wake on when something arrives (the socket).
    var pollDescriptor: Int32? { get }
    /// Takes in what has arrived and hands it to `viewer` (new frames, the end);
    /// returns whether anything changed.
    func pump(_ viewer: inout ReplayViewer) -> Bool
}
