import FoglineReplay
import FoglineSim
import Testing

@Suite("Damaged replays")
struct ReplayDamageTests {
    /// Reads `bytes` and checks the outcome is a clean error or a consistent partial replay.
    private func check(_ bytes: [UInt8], against recording: Recording, _ label: String) -> Replay? {
        do throws(ReplayError) {
            let replay = try ReplayReader.read(bytes: bytes)
            if let problem = inconsistency(replay, with: recording) { Issue.record("\(label): \(problem)") }
            return replay
        } catch {
            #expect(!error.message.isEmpty, "\(label)")
            return nil
        }
    }

    @Test func truncationAtEveryByteOffset() throws {
        let recording = Recording(frames: 160, seed: 21)
        let bytes = try recording.bytes()
        let chunks = chunkRanges(bytes)
        let boundaries = Set(chunks.map(\.upperBound))
        let headerEnd = chunks[0].upperBound
        for cut in 0..<bytes.count {
            let replay = check(Array(bytes[..<cut]), against: recording, "cut at \(cut)")
            if cut < headerEnd {
                #expect(replay == nil, "cut at \(cut) inside the header must be an error")
            } else if boundaries.contains(cut) {
                #expect(replay?.damage == nil, "cut at a chunk boundary \(cut) is clean")
            } else {
                let damage = try #require(replay?.damage, "cut at \(cut)")
                let chunk = try #require(chunks.first { $0.contains(cut) })
                #expect(damage.offset == chunk.lowerBound)
                #expect(damage.message.contains("truncated"))
                #expect(damage.lastGoodFrame == (replay!.endFrame > 0 ? replay!.endFrame - 1 : nil))
            }
        }
        // The whole file, for comparison.
        #expect(check(bytes, against: recording, "whole") == recording.expected)
    }

    @Test func randomByteFlips() throws {
        let recording = Recording(frames: 240, seed: 22)
        let bytes = try recording.bytes()
        var rng = ReplayTestRandom(seed: 23)
        var damaged = 0
        var refused = 0
        for trial in 0..<400 {
            var copy = bytes
            let flips = trial < 200 ? 1 : Int.random(in: 2...6, using: &rng)
            var positions: [Int] = []
            for _ in 0..<flips {
                let at = Int.random(in: 0..<copy.count, using: &rng)
                copy[at] ^= UInt8.random(in: 1...255, using: &rng)
                positions.append(at)
            }
            guard let replay = check(copy, against: recording, "trial \(trial) flips at \(positions)") else {
                refused += 1
                continue
            }
            if replay.damage != nil { damaged += 1 }
            // A flip can always be seen: the checksum covers every byte after the preamble.
            #expect(replay.damage != nil, "trial \(trial): flips at \(positions) went unnoticed")
        }
        #expect(damaged + refused == 400)
    }

    @Test func bytesInsertedOrRemovedInTheMiddle() throws {
        let recording = Recording(frames: 120, seed: 24)
        let bytes = try recording.bytes()
        var rng = ReplayTestRandom(seed: 25)
        for trial in 0..<200 {
            var copy = bytes
            let at = Int.random(in: 0..<copy.count, using: &rng)
            if Bool.random(using: &rng) {
                copy.insert(contentsOf: (0..<Int.random(in: 1...9, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: at)
            } else {
                copy.removeSubrange(at..<min(copy.count, at + Int.random(in: 1...9, using: &rng)))
            }
            _ = check(copy, against: recording, "trial \(trial) at \(at)")
        }
    }

    /// Chunks whose checksums are right but whose payloads are junk: the payload decoders must hold.
    @Test func validChecksumsOverJunkPayloads() throws {
        let recording = Recording(frames: 120, seed: 26)
        let bytes = try recording.bytes()
        let chunks = chunkRanges(bytes)
        var rng = ReplayTestRandom(seed: 27)
        for trial in 0..<600 {
            let index = Int.random(in: 0..<chunks.count, using: &rng)
            let range = chunks[index]
            let kind = bytes[range.lowerBound]
            var payload = Array(bytes[(range.lowerBound + 5)..<(range.upperBound - 4)])
            switch Int.random(in: 0..<3, using: &rng) {
            case 0:
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !payload.isEmpty {
                    payload[Int.random(in: 0..<payload.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
                }
            case 1:
                payload.removeLast(Int.random(in: 0...min(8, payload.count), using: &rng))
            default:
                payload = (0..<Int.random(in: 0..<64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
            let chunk = try ReplayChunk.encode(kind: kind, payload: payload)
            let copy = Array(bytes[..<range.lowerBound]) + chunk + Array(bytes[range.upperBound...])
            let label = "trial \(trial), chunk \(index)"
            do throws(ReplayError) {
                let replay = try ReplayReader.read(bytes: copy)
                // A mutated chunk may decode to other valid values (a flip inside a name, a
                // seed, a gap); what comes out must still be well formed.
                #expect(replay.header.players.count == 2)
                #expect(replay.endFrame >= 0)
                #expect(zip(replay.inputs, replay.inputs.dropFirst()).allSatisfy { $0.frame < $1.frame })
                #expect(zip(replay.hashes, replay.hashes.dropFirst()).allSatisfy { $0.frame < $1.frame })
                #expect(replay.inputs.allSatisfy { $0.frame >= replay.startFrame && $0.frame < replay.endFrame })
                if let damage = replay.damage {
                    #expect(damage.offset >= range.lowerBound && damage.offset < copy.count, "\(label)")
                    #expect(damage.message.hasPrefix("chunk"), "\(label)")
                }
            } catch {
                #expect(index == 0, "\(label): only header damage is an error, got \(error)")
            }
        }
    }

    @Test func junkAfterAGoodPreambleNeverTraps() {
        var rng = ReplayTestRandom(seed: 28)
        let preamble = ReplayFormat.magic + [1, 0]
        for _ in 0..<500 {
            let junk = (0..<Int.random(in: 0..<200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(throws: ReplayError.self) { try ReplayReader.read(bytes: preamble + junk) }
        }
    }

    @Test func discontiguousFramesAreDamage() throws {
        let recording = Recording(frames: 120, seed: 29)
        let bytes = try recording.bytes()
        let chunks = chunkRanges(bytes)
        // Drop the second frames chunk: the third then starts where nothing ended.
        let copy = Array(bytes[..<chunks[2].lowerBound]) + Array(bytes[chunks[2].upperBound...])
        let replay = try ReplayReader.read(bytes: copy)
        #expect(replay.damage?.message == "chunk 2 at byte \(chunks[2].lowerBound): frames start at 60 but the previous chunk ended at 30")
        #expect(replay.damage?.lastGoodFrame == 29)
        #expect(inconsistency(replay, with: recording) == nil)
        // Repeating a chunk is damage too.
        let repeated = Array(bytes[..<chunks[2].upperBound]) + Array(bytes[chunks[2]]) + Array(bytes[chunks[2].upperBound...])
        let replay2 = try ReplayReader.read(bytes: repeated)
        #expect(replay2.damage?.message.contains("frames start at 30 but the previous chunk ended at 60") == true)
        #expect(replay2.endFrame == 60)
    }
}
