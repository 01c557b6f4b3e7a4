import FoglineSim

/// What the model answered, before it is checked against the game (`OrderValidator`).
public struct LLMAnswer: Sendable, Equatable {
    public var orders: [Order]
    /// The model's reason when it gave no orders.
    public var error: String?

    public init(orders: [Order], error: String? = nil) {
        self.orders = orders
        self.error = error
    }
}
