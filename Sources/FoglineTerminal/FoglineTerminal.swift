// The terminal front; see ARCHITECTURE.md.
