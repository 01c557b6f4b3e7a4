import FoglineSim

// State hashes once a second, and what happens when they differ.
extension LockstepSession {
    /// After every `hashInterval`th frame: keeps this side's hash (and world), queues the
    /// hash for the peer, and compares it with the peer's if that is already here.
    func recordHash(after frame: Int32) {
        guard frame % Self.hashInterval == 0 else { return }
        let hash = world.stateHash
        localHashes[frame] = hash
        recentWorlds[frame] = world
        localHashes[frame - Self.hashMemory] = nil
        recentWorlds[frame - Self.hashMemory] = nil
        hashesToSend.append((frame, hash, Self.hashCopies))
        if let theirs = peerHashes.removeValue(forKey: frame) { compare(frame: frame, mine: hash, theirs: theirs) }
    }

    /// Sends one copy of each hash still owed; called once a frame with the inputs.
    func sendHashes() {
        for index in hashesToSend.indices {
            send(.stateHash(frame: hashesToSend[index].frame, hash: hashesToSend[index].hash))
            hashesToSend[index].copiesLeft -= 1
        }
        hashesToSend.removeAll { $0.copiesLeft <= 0 }
    }

    func takePeerHash(frame: Int32, hash: UInt64) {
        guard frame > comparedThrough else { return }  // a repeated copy
        if let mine = localHashes[frame] {
            compare(frame: frame, mine: mine, theirs: hash)
        } else if frame >= world.frame && frame <= world.frame + Self.hashMemory {
            peerHashes[frame] = hash
        } else if frame >= world.frame {
            refuse("a hash for frame \(frame), far ahead of this side's frame \(world.frame)")
        }
        // Older than what is kept: nothing left to compare it with.
    }

    private func compare(frame: Int32, mine: UInt64, theirs: UInt64) {
        comparedThrough = max(comparedThrough, frame)
        hashesCompared += 1
        guard mine != theirs, desync == nil else { return }
        startDesync(frame: frame, localHash: mine, peerHash: theirs, now: clock.now)
    }

    /// Stops the match, sends this side's dump and waits a little for the peer's.
    ///
    /// `frame` is nil when the peer found the desync first; its dump then says which frame.
    func startDesync(frame: Int32?, localHash: UInt64?, peerHash: UInt64?, now: Duration) {
        guard desync == nil else { return }
        let at = frame ?? max(0, world.frame - 1)
        desync = DesyncReport(
            frame: at, localHash: localHash, peerHash: peerHash, localDump: dump(after: at), peerDump: nil,
            peerDumpFrame: nil)
        if frame != nil { sendDump() }
        if phase != .ended { phase = .desynced(until: now + configuration.dumpWait) }
        ending = .desync(desync!)
    }

    private func sendDump() {
        guard let report = desync, !dumpSent else { return }
        dumpSent = true
        send(.stateDump(frame: report.frame, text: WireFormat.fittedDump(report.localDump)))
        send(.leave(reason: .desync, text: report.summary))
    }

    /// The world after `frame` as text: from memory, or the current one if it is gone.
    func dump(after frame: Int32) -> String {
        (recentWorlds[frame] ?? world).stateDump
    }

    func takePeerDump(frame: Int32, text: String, now: Duration) {
        if desync == nil {
            // The peer saw it first: answer with our state after the same frame.
            startDesync(frame: frame, localHash: localHashes[frame], peerHash: nil, now: now)
        } else if !dumpSent {
            // We were told of the desync before its frame: now we know it, answer in kind.
            desync?.frame = frame
            desync?.localDump = dump(after: frame)
            desync?.localHash = localHashes[frame]
            sendDump()
        }
        desync?.peerDump = text
        desync?.peerDumpFrame = frame
        if let desync { ending = .desync(desync) }
        if case .desynced = phase { close() }
    }
}
