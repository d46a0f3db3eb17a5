"""Lists inside a sentence shown in the window are joined the way the user's language writes them (``list_join``):
"甲、乙" in Chinese, "a, b" in English — not a Chinese 、 inside English text."""

from ui.layouts import list_join


def test_a_list_is_joined_with_a_comma_in_english(english):
    assert list_join(["Unified social credit code", "Legal representative", "Address"]) == (
        "Unified social credit code, Legal representative, Address")
    assert (list_join(["T12"]), list_join([])) == ("T12", "")


def test_a_list_is_joined_with_the_enumeration_comma_in_chinese():
    from workstation import i18n

    previous = i18n.language()
    i18n.set_language("zh_CN")
    try:
        assert list_join(iter(["统一社会信用代码", "法定代表人", "住所"])) == "统一社会信用代码、法定代表人、住所"
    finally:
        i18n.set_language(previous)
