/// Which frames of a stream go in the next packet to one receiver.
///
/// Inputs travel unreliably and are made robust by repetition, so that a lost packet
/// never costs a round trip: each frame rides in the next `quickRepeats` packets;
/// after that, one still unacknowledged is sent again only when a retransmission
/// timeout (1.5 round trips, at least `minimumResend`) has passed. A packet runs from
/// the oldest frame due by either rule to the newest, so it carries about four frames
/// however long the round trip: a slow link is not flooded with repeats, which on a
/// thin link would queue behind each other and slow everything further.
///
/// Pure bookkeeping: the caller says what exists, what went and what was acknowledged.
public struct RepeatSchedule: Sendable {
    /// Each frame rides in this many consecutive packets.
    public static let quickRepeats = 4
    /// The shortest retransmission timeout.
    public static let minimumResend = Duration.milliseconds(100)

    /// How one frame has been sent so far.
    struct Sends: Sendable {
        var first: Duration?
        var last: Duration = .zero
        var count = 0
    }

    /// Frames before `base` are never sent (they are implicit, or acknowledged long ago).
    private var base: Int32
    private var sends: [Sends] = []
    /// Every frame up to this one has been acknowledged.
    public private(set) var ackedThrough: Int32

    /// Acknowledged frames are forgotten this many at a time, so a long match does not
    /// keep a record of every frame it ever sent.
    static let forgetBatch = 256

    /// A stream whose frames before `first` need no sending.
    public init(first: Int32) {
        base = first
        ackedThrough = first - 1
    }

    /// Frames whose sending is still on record (sent and not yet forgotten).
    public var recordsKept: Int { sends.count }

    /// When the oldest frame not acknowledged yet was first sent; nil when every frame is
    /// acknowledged or that one has not been sent.
    public var oldestUnacknowledgedSentAt: Duration? {
        let frame = ackedThrough + 1
        guard frame <= newest, frame >= base else { return nil }
        return sends[Int(frame - base)].first
    }

    /// The newest frame that exists.
    public var newest: Int32 { base + Int32(sends.count) - 1 }

    /// A new frame exists (the next after `newest`).
    public mutating func append() { sends.append(Sends()) }

    /// The oldest frame to send now, if any: the packet runs from it to `newest`.
    public func firstToSend(now: Duration, roundTrip: Duration?) -> Int32? {
        let resendAfter = max(Self.minimumResend, (roundTrip ?? .zero) * 3 / 2)
        var frame = ackedThrough + 1
        while frame <= newest {
            let record = sends[Int(frame - base)]
            if record.count < Self.quickRepeats || now - record.last >= resendAfter { return frame }
            frame += 1
        }
        return nil
    }

    /// Frames `range` went out at `now`.
    public mutating func sent(_ range: ClosedRange<Int32>, now: Duration) {
        for frame in range {
            let index = Int(frame - base)
            sends[index].first = sends[index].first ?? now
            sends[index].last = now
            sends[index].count += 1
        }
    }

    /// What an acknowledgement of everything through `frame` means.
    public enum Acknowledgement: Equatable, Sendable {
        /// Nothing new (stale or repeated).
        case old
        /// Of frames never sent: the sender is lying or confused.
        case unknown
        /// News: the round trip of the newest frame acknowledged, when it was sent once at least.
        case new(roundTrip: Duration?)
    }

    /// Takes an acknowledgement of every frame through `frame`, received at `now`.
    public mutating func acknowledge(through frame: Int32, now: Duration) -> Acknowledgement {
        guard frame > ackedThrough else { return .old }
        guard frame <= newest else { return .unknown }
        ackedThrough = frame
        let roundTrip = frame >= base ? sends[Int(frame - base)].first.map { now - $0 } : nil
        let done = Int(ackedThrough + 1 - base)
        if done >= Self.forgetBatch {
            sends.removeFirst(done)
            base += Int32(done)
        }
        return .new(roundTrip: roundTrip)
    }
}
