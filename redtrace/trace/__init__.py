"""Network tracing: parties resolved across orders, shared identifiers, paths, ownership."""
