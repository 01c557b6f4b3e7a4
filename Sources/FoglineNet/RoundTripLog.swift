/// The input-to-acknowledgement times of one session: the recent median the screen and
/// the resend schedule use, and the whole match's median for the summary.
///
/// A lost packet or acknowledgement makes one sample a frame or two long; a median
/// shrugs that off where an average would not.
struct RoundTripLog {
    /// Samples behind the recent figure (about half a second of packets).
    static let window = 15

    /// The last `window` samples, in microseconds, oldest first.
    private var recentSamples: [Int64] = []
    /// Every sample of the match, in microseconds.
    private var allSamples: [Int64] = []

    /// Takes one input-to-acknowledgement time.
    mutating func add(_ sample: Duration) {
        let (seconds, attoseconds) = sample.components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        recentSamples.append(microseconds)
        allSamples.append(microseconds)
        if recentSamples.count > Self.window { recentSamples.removeFirst() }
    }

    /// The median of the recent samples, in microseconds, once measured.
    var recentMicroseconds: Int64? {
        guard !recentSamples.isEmpty else { return nil }
        return recentSamples.sorted()[recentSamples.count / 2]
    }

    /// The median of the recent samples, once measured.
    var recent: Duration? { recentMicroseconds.map { .microseconds($0) } }

    /// The median of the recent samples in whole milliseconds, once measured (the screen's figure).
    var recentMilliseconds: Int? { recentMicroseconds.map { Int(($0 + 500) / 1000) } }

    /// The median over the whole match in whole milliseconds (the summary's figure); sorts
    /// every sample, so it is for the end, not for every frame.
    var matchMilliseconds: Int? {
        guard !allSamples.isEmpty else { return nil }
        return Int((allSamples.sorted()[allSamples.count / 2] + 500) / 1000)
    }
}
