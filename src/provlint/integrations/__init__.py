"""provlint inside other pipelines: datatrove steps (:mod:`.datatrove`), Hugging Face datasets (:mod:`.hf`).

Each module imports its host library only when used; the shared per-document linter is :mod:`.linting`.
"""
