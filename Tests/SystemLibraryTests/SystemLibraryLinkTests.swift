import CCurl
import CENet
import CNCurses
import Testing

/// Proves each C library is found by pkg-config, links, and answers a call.
@Suite("System libraries link")
struct SystemLibraryLinkTests {
    @Test("ncursesw links and reports its version")
    func ncursesLinks() {
        let version = String(cString: curses_version())
        #expect(version.hasPrefix("ncurses"), "got \(version)")
        // The macro wrappers from shim.h are callable and consistent.
        #expect(fogline_color_pair(1) != fogline_color_pair(2))
    }

    @Test("ENet links, initialises and reports a 1.x version")
    func enetLinks() {
        #expect(enet_initialize() == 0)
        defer { enet_deinitialize() }
        var major: UInt32 = 0, minor: UInt32 = 0, patch: UInt32 = 0
        fogline_enet_version(&major, &minor, &patch)
        #expect(major == 1)
        #expect(minor >= 3)
    }

    @Test("libcurl links and reports its version")
    func curlLinks() {
        let version = String(cString: curl_version())
        #expect(version.hasPrefix("libcurl/"), "got \(version)")
        let handle = curl_easy_init()
        #expect(handle != nil)
        if let handle {
            #expect(fogline_curl_set_long(handle, CURLOPT_TIMEOUT_MS, 1000) == CURLE_OK)
            curl_easy_cleanup(handle)
        }
    }
}
