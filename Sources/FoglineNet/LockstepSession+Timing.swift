// Keeping the two peers' clocks together, and measuring the round trip.
extension LockstepSession {
    /// Samples kept to average the advantage over (about half a second of packets).
    static let advantageWindow = 16

    /// Notes how far ahead of the peer this side runs, from the newest frame the peer entered.
    ///
    /// The peer enters frame N + delay when its frame N is due and sends it at once,
    /// so its newest frame, aged by half a round trip, says where it is now.
    func sampleAdvantage(peerNewest: Int32) {
        let framesAhead = Int64(producedThrough - peerNewest)
        let halfTrip = (roundTripMicroseconds ?? 0) / 2
        let period = Int64(Self.framePeriod.components.attoseconds / 1_000_000_000_000)  // microseconds
        let advantage = framesAhead * period - halfTrip
        advantageSamples.append(advantage)
        if advantageSamples.count > Self.advantageWindow { advantageSamples.removeFirst() }
    }

    /// How much longer the next frame waits: a little when this side runs ahead, never negative.
    ///
    /// Only the side ahead slows (by at most a tenth of a frame per frame), so both
    /// drift together without either jumping; the side behind never rushes.
    func slowdown() -> Duration {
        guard advantageSamples.count >= 4 else { return .zero }
        let average = advantageSamples.reduce(0, +) / Int64(advantageSamples.count)
        guard average > 4000 else { return .zero }  // within 4 ms is together enough
        let cap = Self.framePeriod / 10
        return min(.microseconds(average / 8), cap)
    }

    /// Takes one input-to-acknowledgement time.
    func sampleRoundTrip(_ sample: Duration) { roundTrips.add(sample) }

    /// The round trip now: the median of the recent samples.
    var roundTripMicroseconds: Int64? { roundTrips.recentMicroseconds }
}
