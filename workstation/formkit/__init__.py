"""Forms as data: ``forms/*.toml`` loaded strictly into frozen specs (fields, their sources and checks, and
the printable blocks with placeholders), the values of a document filled from its case, and the blocks a
writer renders. The schema is documented in ``forms/README.md``."""
