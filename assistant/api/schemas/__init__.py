"""Pydantic models of the HTTP contract (docs/API.md), one module per resource, for OpenAPI and typed routes.

The models describe exactly what the routes send and receive today: a field is added here when a route adds it,
never renamed, so the contract stays field for field.
"""
