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

    /// Test only: perturb this side's state after the frame, to force a desync.
    @Option(name: .customLong("test-desync-after"), help: .hidden)
    var testDesyncAfter: Int32?

    /// Test only: claim another protocol version in the hello.
    @Option(name: .customLong("test-protocol-version"), help: .hidden)
    var testProtocolVersion: UInt16?

    var conditions: NetConditions {
        NetConditions(
            lossPercent: netLoss, delayMilliseconds: netDelay, jitterMilliseconds: netJitter,
            reorderPercent: netReorder, duplicatePercent: netDuplicate)
    }

    func validate() throws {
        if let problem = conditions.problem { throw ValidationError(problem) }
    }
}
