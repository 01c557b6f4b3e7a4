import ArgumentParser
import FoglineNet

/// The flags that degrade the link on purpose (for tests and practice), and the test-only ones.
struct NetworkOptions: ParsableArguments {
    @Option(name: .customLong("net-loss"), help: ArgumentHelp("Drop this percentage of the packets this side sends.", valueName: "PCT"))
    var netLoss: Double = 0

    @Option(name: .customLong("net-delay"), help: ArgumentHelp("Delay what this side sends by this many milliseconds.", valueName: "MS"))
    var netDelay: Int = 0

    @Option(name: .customLong("net-jitter"), help: ArgumentHelp("Vary the delay by up to this many milliseconds either way.", valueName: "MS"))
    var netJitter: Int = 0

    @Option(name: .customLong("net-reorder"), help: ArgumentHelp("Hold back this percentage of packets so later ones overtake them.", valueName: "PCT"))
    var netReorder: Double = 0

    @Option(name: .customLong("net-duplicate"), help: ArgumentHelp("Send this percentage of packets twice.", valueName: "PCT"))
    var netDuplicate: Double = 0

    @Option(
        name: .customLong("net-rate"),
        help: ArgumentHelp("Cap what this side sends at this many kilobits a second (IP and UDP headers counted).", valueName: "KBIT"))
    var netRate: Int?

    @Option(
        name: .customLong("net-outage"),
        help: ArgumentHelp("Send nothing for SECONDS from match time AT (seconds from the first frame), e.g. 30:20.", valueName: "AT:SECONDS"))
    var netOutage: String?

    @Option(
        name: .customLong("peer-timeout"),
        help: ArgumentHelp("End the match with no winner when nothing at all has arrived from the other side for this long.", valueName: "SECONDS"))
    var peerTimeout: Int = 30

    /// Test only (host): accept this many players but never send them the match header, as if it were lost.
    @Option(name: .customLong("test-withhold-start"), help: .hidden)
    var testWithholdStart = 0

    /// Test only: perturb this side's state after the frame, to force a desync.
    @Option(name: .customLong("test-desync-after"), help: .hidden)
    var testDesyncAfter: Int32?

    /// Test only: claim another protocol version in the hello.
    @Option(name: .customLong("test-protocol-version"), help: .hidden)
    var testProtocolVersion: UInt16?

    var conditions: NetConditions {
        NetConditions(
            lossPercent: netLoss, delayMilliseconds: netDelay, jitterMilliseconds: netJitter,
            reorderPercent: netReorder, duplicatePercent: netDuplicate, rateKilobits: netRate,
            outage: netOutage.flatMap(NetConditions.Outage.init))
    }

    /// The peer timeout as the session takes it.
    var peerTimeoutDuration: Duration { .seconds(peerTimeout) }

    func validate() throws {
        if let problem = conditions.problem { throw ValidationError(problem) }
        if let netOutage, NetConditions.Outage(netOutage) == nil {
            throw ValidationError("--net-outage takes AT:SECONDS, e.g. 30:20 (twenty seconds from 0:30 of match time), not \"\(netOutage)\"")
        }
        if !(1...3600).contains(peerTimeout) { throw ValidationError("--peer-timeout must be 1 to 3600 seconds") }
    }
}
