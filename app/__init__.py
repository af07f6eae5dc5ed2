"""The read path. `from app import KnowledgeBase` is the Python API (imported lazily so that
`kb --help` does not pay for numpy, Chroma and the model)."""


def __getattr__(name):
    if name in ("KnowledgeBase", "QuestionError", "NoIndexError"):
        from . import engine
        return getattr(engine, name)
    raise AttributeError(name)
