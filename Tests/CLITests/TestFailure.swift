/// Why a test's set-up could not go on: a process that would not start, finish or say
/// what it should. The message is what the test report shows.
struct TestFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
