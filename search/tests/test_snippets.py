"""Results mark the words they matched: on the marketplace page, in the teaser, also when a Chinese query
found English words through the glossary."""


def test_a_chinese_query_marks_the_english_words_of_the_listing(client, make_listing, asset, staff):
    make_listing(
        [asset],
        publish=True,
        staff=staff,
        title="Antibody platform",
        summary="A bispecific antibody engaging T cells, for <solid> tumours.",
    )
    page = client.get("/marketplace/", {"q": "双特异性抗体"}).content.decode()
    assert "<mark>bispecific</mark>" in page
    assert "&lt;solid&gt;" in page and "<solid>" not in page
    plain = client.get("/marketplace/").content.decode()
    assert "<mark>" not in plain
