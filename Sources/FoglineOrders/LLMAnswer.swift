import FoglineSim

/// What the model answered, before it is checked against the game (`OrderValidator`).
public struct LLMAnswer: Sendable, Equatable {
    public var orders: [Order]
    /// The model's reason when it gave no orders.
    public var error: String?
    /// Orders of the answer that could not even be read, and why; they were left out.
    public var notes: [String]

    public init(orders: [Order], error: String? = nil, notes: [String] = []) {
        self.orders = orders
        self.error = error
        self.notes = notes
    }
}
