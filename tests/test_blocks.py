from workstation.documents.blocks import Cell, Document, Paragraph, Row, Table, layout


def test_the_layout_is_gbt_9704():
    page = layout()["page"]
    assert (page["width_mm"], page["height_mm"]) == (210, 297)
    assert (page["top_mm"], page["bottom_mm"], page["left_mm"], page["right_mm"]) == (37, 35, 28, 26)
    body = layout()["styles"]["body"]
    assert (body["size"], body["leading"], body["font"]) == (16, 28.95, "fangsong")
    assert layout()["styles"]["title"]["size"] == 22


def test_a_documents_text_is_its_paragraphs_and_cells_in_order():
    document = Document("询问笔录", (
        Paragraph.of("询问笔录", "title"),
        Table((Row((Cell.of("当事人", "cell_label"), Cell.of("佛山市某某有限公司\n91440605MA5F6D7A4N"))),),
              (0.3, 0.7)),
        Paragraph.of("问：你是否听清楚？"),
    ), footer="被询问人签名：        第 {page} 页 共 {pages} 页")
    assert document.text.splitlines() == ["询问笔录", "当事人", "佛山市某某有限公司", "91440605MA5F6D7A4N",
                                          "问：你是否听清楚？"]
