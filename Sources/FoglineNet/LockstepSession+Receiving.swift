import FoglineSim

// What the peer sends: inputs, acknowledgements, hashes, dumps, goodbyes.
extension LockstepSession {
    /// Takes in one exchange's events. Hashes and dumps are handled before a goodbye
    /// that came with them, so a desync report is complete when the peer leaves.
    func receive(_ events: [TransportEvent], now: Duration) {
        var goodbye: WireMessage?
        var closure: TransportClosure?
        for event in events {
            switch event {
            case .closed(let why):
                closure = why
            case .packet(let bytes):
                // Anything at all from the peer, even a packet we cannot use, says it is there.
                lastHeardAt = now
                let message: WireMessage
                do {
                    message = try WireMessage.decode(bytes)
                } catch {
                    refuse("undecodable packet: \(error)")
                    continue
                }
                if case .leave = message { goodbye = message } else { handle(message, now: now) }
            }
        }
        if case .leave(let reason, let text)? = goodbye { peerLeft(reason, text) }
        if let closure, phase != .ended {
            switch closure {
            case .timedOut: end(.connectionLost)
            case .byPeer:
                if case .finishing = phase {
                    close()  // it has what it needs and said goodbye
                } else if peerFinished {
                    // It ended at its last frame and sent all we need to reach it; a stall ends us.
                    break
                } else {
                    // Gone without a `leave(quit)`: a broken link, not a forfeit.
                    end(.connectionLost)
                }
            }
        }
    }

    func refuse(_ why: String) {
        malformedPackets += 1
        onMalformed?(why)
    }

    private func handle(_ message: WireMessage, now: Duration) {
        switch message {
        case .inputs(let player, let firstFrame, let frames, let ackThrough):
            guard player == peerPlayer else {
                return refuse("inputs for player \(player) from the peer, who is player \(peerPlayer)")
            }
            takeInputs(firstFrame: firstFrame, frames: frames, now: now)
            if let ackThrough { takeAck(ackThrough, now: now) }
        case .ack(let player, let through):
            guard player == configuration.localPlayer else {
                return refuse("an acknowledgement of player \(player)'s inputs")
            }
            if let through { takeAck(through, now: now) }
        case .stateHash(let frame, let hash):
            takePeerHash(frame: frame, hash: hash)
        case .stateDump(let frame, let text):
            takePeerDump(frame: frame, text: text, now: now)
        case .chat:
            break
        case .hello, .matchStart:
            break  // a repeat of the handshake, sent before the other side knew it had arrived
        case .refused, .seated, .lateInput, .frameLog, .matchList, .spectators:
            refuse("a \(message.kind) message in the middle of a peer-to-peer match")
        case .leave:
            break
        }
    }

    private func takeInputs(firstFrame: Int32, frames: [FrameInput], now: Duration) {
        // The peer can be at most two input delays ahead of us; anything further is nonsense.
        let horizon = world.frame + 2 * delay + Int32(WireFormat.maxFramesPerPacket)
        let newest = firstFrame + (Int32(frames.count) - 1)  // the codec keeps this within Int32
        guard newest <= horizon else {
            return refuse("inputs up to frame \(newest), beyond what the peer can have entered (\(horizon))")
        }
        if newest > peerNewestFrame {
            peerNewestFrame = newest
            sampleAdvantage(peerNewest: newest)
        }
        for (offset, input) in frames.enumerated() { peerInputs.take(firstFrame + Int32(offset), input[player: peerPlayer]) }
    }

    private func takeAck(_ through: Int32, now: Duration) {
        switch schedule.acknowledge(through: through, now: now) {
        case .old: break
        case .unknown: refuse("an acknowledgement of frame \(through), which was never sent")
        case .new(let roundTrip): if let roundTrip { sampleRoundTrip(roundTrip) }
        }
    }

    private func peerLeft(_ reason: WireLeaveReason, _ text: String) {
        switch reason {
        case .matchOver:
            // It ran its last frame; what it sent is enough to run ours up to the same point.
            peerFinished = true
            if case .finishing = phase { close() }
        case .desync:
            if desync == nil { startDesync(frame: nil, localHash: nil, peerHash: nil, now: clock.now) }
        default:
            end(.peerLeft(reason, text))
        }
    }
}
