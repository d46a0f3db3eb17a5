"""Session 69: the name a publication copy (公示版) is offered under holds no character a file name may not."""


def test_a_publication_copy_is_offered_under_a_name_a_file_may_have():
    from types import SimpleNamespace

    from workstation.documents.publication import publication_file_name

    assert publication_file_name(SimpleNamespace(number="佛南市监罚〔2026〕12号", title="行政处罚决定书"), "docx") == \
        "佛南市监罚〔2026〕12号（公示版）.docx"
    # a number typed by hand with a slash or a colon would make the save dialog look for a folder
    assert publication_file_name(SimpleNamespace(number="佛南/罚:〔2026〕12号", title=""), "txt") == \
        "佛南、罚〔2026〕12号（公示版）.txt"
