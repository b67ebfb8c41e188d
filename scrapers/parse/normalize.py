"""Text normalisation before parsing (placeholder)."""


def normalize(text: str) -> str:
    return text
