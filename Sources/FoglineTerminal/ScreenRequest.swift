import FoglineSim

/// What a key asks of whoever runs the screen, after the model did its own part.
///
/// `GameScreenModel.handle(_:screenWidth:screenHeight:)` edits the prompt, moves the
/// camera, changes the selection and toggles overlays itself; it returns a request
/// only for what the model cannot do.
public enum ScreenRequest: Hashable, Sendable {
    case quit
    /// Leave the replay viewer for a new match from this frame, playing this side.
    case takeOver(frame: Int32, side: Int)
    /// Resolve this line (the prompt already shows the spinner; call `record(_:)` with the answer).
    case submit(String)
    case togglePause
    /// Close the briefing and start the match.
    case startMatch
    /// Repaint everything: call `CursesScreen.invalidate()`.
    case redraw
    /// The terminal changed size: render at the new size.
    case resized
    /// A click on the battlefield where no own unit stands.
    case mapClicked(FoglineSim.Cell)
    // The replay viewer.
    case stepForward
    case stepBack
    case faster
    case slower
    case jumpStart
    case jumpEnd
    /// The model switched the fog it shows (player 1, player 2, everything).
    case perspectiveChanged
}
