"""The assistant: retrieval, department knowledge, the audit planner, writers, chat, CLI and API."""
