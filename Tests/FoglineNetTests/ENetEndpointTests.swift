import FoglineNet
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("ENetEndpoint's socket")
struct ENetEndpointTests {
    /// The receive buffer the kernel reports for `endpoint`'s socket.
    static func receiveBuffer(_ endpoint: ENetEndpoint) -> Int {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(endpoint.socketDescriptor, SOL_SOCKET, SO_RCVBUF, &value, &length) == 0 else { return -1 }
        return Int(value)
    }

    @Test(
        "a host asks for a bigger receive buffer than ENet's 256 KB and gets it",
        .enabled(if: geteuid() == 0, "needs root (CI runs as root)"))
    func receiveBuffer() throws {
        let endpoint = try ENetEndpoint(listeningOn: 0, peerLimit: 4)
        let before = Self.receiveBuffer(endpoint)
        let asked = 8 << 20
        let granted = endpoint.requestReceiveBuffer(bytes: asked)
        #expect(before < asked, "ENet's own buffer: \(before)")
        // Linux reports twice what is asked.
        #expect(granted >= asked && granted == Self.receiveBuffer(endpoint), "before \(before), granted \(granted)")
    }
}
