import FoglineSim

/// The bottom line: `frame N` (`frame N/TOTAL` in the replay viewer), the match clock,
/// the score, nodes held, whether it is paused or waiting, the round trip and the resolver.
public struct StatusView {
    public let model: GameScreenModel
    public let theme: Theme

    /// The view of a model; the theme follows the model's capabilities unless given.
    public init(model: GameScreenModel, theme: Theme? = nil) {
        self.model = model
        self.theme = theme ?? Theme(capabilities: model.capabilities)
    }

    /// The match clock for a frame: `mm:ss` (`h:mm:ss` past an hour).
    public static func clock(frame: Int32) -> String {
        let seconds = Int(frame) / Int(Rules.framesPerSecond)
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(two(m)):\(two(s))"
    }

    /// One field of the line.
    public struct Segment: Hashable, Sendable {
        public var text: String
        public var style: CellStyle
        /// Follows the previous field after a space instead of a separator ("score" "12:40").
        public var attached: Bool

        init(_ text: String, _ style: CellStyle, attached: Bool = false) {
            self.text = text
            self.style = style
            self.attached = attached
        }
    }

    /// The line's fields in order; the line drops fields from the end when short of room.
    public func segments() -> [Segment] {
        let world = model.world
        let status = model.status
        let bar = theme.style(.normal, .reverse)
        var out: [Segment] = []
        if let total = status.replayTotalFrames {
            out.append(Segment("frame \(world.frame)/\(total)", bar))
        } else {
            out.append(Segment("frame \(world.frame)", bar))
        }
        // The clock against the time limit, which is a way to win.
        out.append(Segment("\(StatusView.clock(frame: world.frame)) of \(StatusView.clock(frame: world.map.timeLimitFrames))", bar))
        if let live = status.live {
            let following = live.hasPrefix("LIVE")
            out.append(Segment(live, following ? theme.style(.warning, [.reverse, .bold]) : bar))
        }
        // What stops the clock comes before the score, so a narrow line keeps it.
        if let silent = status.silentSeconds {
            out.append(Segment("connection lost \(theme.glyphs.dash) \(silent) s", theme.style(.warning, [.reverse, .bold])))
        } else if let waiting = status.waitingFor {
            out.append(Segment("waiting for \(waiting)", theme.style(.warning, [.reverse, .bold])))
        }
        if status.paused { out.append(Segment("PAUSED", theme.style(.warning, [.reverse, .bold]))) }
        // Both sides named, the leader's colour, and the score that wins.
        let me = model.fogPlayer ?? model.player
        let other = 3 - me
        let scores = world.scores
        let opponent = model.opponentName.map { TextLayout.truncate($0, to: 12, ellipsis: theme.glyphs.ellipsis) } ?? "enemy"
        let names = model.mode == .play ? ("you", opponent) : ("P\(me)", "P\(other)")
        let lead = scores[me - 1] == scores[other - 1] ? nil : (scores[me - 1] > scores[other - 1] ? me : other)
        let dash = theme.capabilities.unicode ? "\u{2013}" : "-"
        out.append(
            Segment(
                "\(names.0) \(scores[me - 1])\(dash)\(scores[other - 1]) \(names.1) /\(world.map.scoreLimit)",
                lead.map { theme.style(.team($0), [.reverse, .bold]) } ?? theme.style(.normal, [.reverse, .bold])))
        // Whose fog the viewer shows, beside the score it orders: a narrow line keeps it.
        if model.mode != .play {
            if case .player(let p) = model.perspective { out.append(Segment("fog P\(p)", bar)) } else { out.append(Segment("no fog", bar)) }
        }
        let held = world.nodes.filter { $0.owner == me }.count
        out.append(Segment("nodes \(held)/\(world.nodes.count)", bar))
        if let speed = status.speed { out.append(Segment(speed, bar)) }
        if let rtt = status.roundTripMilliseconds { out.append(Segment("rtt \(rtt) ms", bar)) }
        if let watching = status.spectators, watching > 0 { out.append(Segment("\(watching) watching", bar)) }
        if let delay = status.inputDelayFrames { out.append(Segment("delay \(delay)f", bar)) }
        if let resolver = status.resolver { out.append(Segment("resolver \(resolver)", bar)) }
        if let message = status.message { out.append(Segment(message, bar)) }
        return out
    }

    /// Draws the view into `rect` of `buffer`, never outside it.
    public func render(into buffer: inout CellBuffer, in rect: Rect) {
        let area = rect.intersection(buffer.bounds)
        guard !area.isEmpty else { return }
        let bar = theme.style(.normal, .reverse)
        buffer.fill(area, style: bar)
        let y = area.y
        let separator = theme.glyphs.separator
        // The help hint sits at the right end when there is room for it.
        let helpKey = model.keymap.keys(for: .help).first?.name
        let hint = helpKey.map { "\($0) help " } ?? ""
        var x = area.x + 1
        let limit = area.maxX - CharacterWidth.of(hint)
        for (k, segment) in segments().enumerated() {
            // "score" and its numbers read as one field.
            let joiner = k == 0 ? "" : (segment.attached ? " " : separator)
            let need = CharacterWidth.of(joiner) + CharacterWidth.of(segment.text)
            if x + need > limit { break }
            x = buffer.put(string: joiner, at: x, y, style: bar, clip: area)
            x = buffer.put(string: segment.text, at: x, y, style: segment.style, clip: area)
        }
        if !hint.isEmpty, x + 1 <= limit {
            buffer.put(string: hint, at: limit, y, style: bar, clip: area)
        }
    }
}
