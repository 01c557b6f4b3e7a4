extension GameMap {
    /// A hash of the map's TOML source, the same in every process, never 0.
    ///
    /// Peers compare it before a match: two files with the same name but other
    /// contents would desync at the first frame.
    public var contentHash: UInt64 {
        var hasher = StateHasher()
        var bytes = source.utf8.makeIterator()
        var done = false
        while !done {
            // Eight bytes to a word, the last one padded with zeros.
            var word: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 8) {
                guard let byte = bytes.next() else {
                    done = true
                    break
                }
                word |= UInt64(byte) << UInt64(shift)
            }
            hasher.mix(word)
        }
        hasher.mix(source.utf8.count)
        return max(hasher.value, 1)
    }
}
