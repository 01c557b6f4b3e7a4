/// Fitting what a player entered into what one frame may carry on the wire and in a replay.
extension PlayerCommand {
    /// Splits and trims the commands one player entered on one frame so that every one
    /// encodes: text cut to 512 bytes (on a character boundary, control characters
    /// dropped), at most 16 orders a command (longer lists go on in more commands with
    /// the same text), at most 8 commands now and the rest for the next frame. Orders
    /// that cannot be encoded at all (a landmark name over its limit) are dropped.
    ///
    /// Returns what fits this frame and what is left over, in the order entered.
    public static func fitted(_ commands: [PlayerCommand]) -> (now: [PlayerCommand], later: [PlayerCommand]) {
        var all: [PlayerCommand] = []
        for command in commands {
            let text = fittedText(command.text)
            let orders = command.orders.filter { order in
                var probe = ByteWriter(capacity: 32)
                return (try? order.encode(into: &probe)) != nil
            }
            if orders.isEmpty {
                if command.orders.isEmpty { all.append(PlayerCommand(text: text, orders: [])) }
                continue
            }
            var start = 0
            while start < orders.count {
                let end = min(start + OrderBinaryLimits.maxOrdersPerCommand, orders.count)
                all.append(PlayerCommand(text: text, orders: Array(orders[start..<end])))
                start = end
            }
        }
        let limit = OrderBinaryLimits.maxCommandsPerPlayer
        return (Array(all.prefix(limit)), Array(all.dropFirst(limit)))
    }

    /// `text` without control characters, cut to the command text limit on a character boundary.
    static func fittedText(_ text: String) -> String {
        var out = ""
        var bytes = 0
        for character in text {
            if character.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) {
                continue
            }
            let size = character.utf8.count
            if bytes + size > OrderBinaryLimits.maxCommandTextBytes { break }
            out.append(character)
            bytes += size
        }
        return out
    }
}
