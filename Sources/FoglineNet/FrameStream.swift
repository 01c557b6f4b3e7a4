/// One sender's frames as they arrive, out of order and repeated: kept contiguous from
/// frame 0, with those beyond a gap held until it fills. How a session takes its peer's
/// inputs, or the server's closed frames.
struct FrameStream<Element> {
    /// Frames 0 ... `through`, in order.
    private(set) var elements: [Element]
    /// Frames that came beyond a gap.
    private var ahead: [Int32: Element] = [:]

    /// A stream whose first frames are known already (`initial`, from frame 0).
    init(initial: [Element] = []) { elements = initial }

    /// The last frame of the contiguous run, or -1.
    var through: Int32 { Int32(elements.count) - 1 }

    /// Frame `frame`'s element (0 ... `through`).
    subscript(frame: Int32) -> Element { elements[Int(frame)] }

    /// Takes frame `frame`; a repeat, or one beyond `horizon`, is ignored.
    mutating func take(_ frame: Int32, _ element: Element, horizon: Int32 = .max) {
        guard frame > through, frame <= horizon else { return }
        guard frame == through + 1 else {
            ahead[frame] = element
            return
        }
        elements.append(element)
        // Frames that arrived early, beyond a gap, follow on now.
        while let next = ahead.removeValue(forKey: through + 1) { elements.append(next) }
    }
}
