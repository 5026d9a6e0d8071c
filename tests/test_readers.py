"""Readers: every input kind of CONTRACT.md, and bad input that loses nothing else."""
import io
import json

from veille.readers import ReadFailure, read_paths, read_stdin, strip_crawl_marker


def docs(items):
    return [i for i in items if not isinstance(i, ReadFailure)]


def failures(items):
    return [i for i in items if isinstance(i, ReadFailure)]


def test_crawl_marker_becomes_the_date_and_leaves_the_text():
    text, date = strip_crawl_marker(" date 2021-10 La Russie a mené des frappes.")
    assert date == "2021-10"
    assert text == "La Russie a mené des frappes."
    text, date = strip_crawl_marker("date 2019-05-05\nKaboul — Une attaque.")
    assert date == "2019-05-05" and text.startswith("\nKaboul") or text.startswith("Kaboul")
    assert strip_crawl_marker("La date 2021-10 est tardive.") == ("La date 2021-10 est tardive.", None)


def test_text_file_id_is_its_name(tmp_path):
    p = tmp_path / "depeche.txt"
    p.write_text("date 2016-05-24 Des raids ont visé Raqa.", encoding="utf-8")
    [d] = docs(read_paths([p]))
    assert d.id == "depeche.txt" and d.doc_date == "2016-05-24" and d.text == "Des raids ont visé Raqa."


def test_jsonl_fields_and_marker(tmp_path):
    p = tmp_path / "c.jsonl"
    rows = [{"id": "a", "text": "Un texte.", "doc_date": "2018-09-22", "url": "https://x"},
            {"id": "b", "text": " date 2016-11 Syrie: bombardements.", "events": []}]
    p.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    a, b = docs(read_paths([p]))
    assert (a.id, a.doc_date, a.url) == ("a", "2018-09-22", "https://x")
    assert (b.id, b.doc_date, b.text) == ("b", "2016-11", "Syrie: bombardements.")


def test_folder_is_read_recursively_with_relative_ids(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text("Premier texte.", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Second texte.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    ids = [d.id for d in docs(read_paths([tmp_path]))]
    assert ids == ["sub/one.txt", "two.txt"]


def test_html_main_text_and_date(tmp_path):
    html = """<html><head><title>Raids sur Alep</title>
    <meta property="article:published_time" content="2016-09-22T10:00:00Z"></head>
    <body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
    <article><h1>Raids sur Alep</h1>
    <p>Des dizaines de frappes aériennes ont visé la ville d'Alep dans la nuit de mardi à mercredi,
    selon l'Observatoire syrien des droits de l'Homme. Les secouristes ont dégagé des victimes des décombres
    pendant toute la matinée, dans plusieurs quartiers de l'est de la ville.</p>
    <p>Le bilan n'était pas connu en fin de matinée, selon des habitants joints par téléphone.</p></article>
    <footer>Partager sur Facebook. Abonnez-vous à notre newsletter.</footer></body></html>"""
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    [d] = docs(read_paths([p]))
    assert "frappes aériennes ont visé la ville d'Alep" in d.text
    assert "Abonnez-vous" not in d.text and "Accueil" not in d.text
    assert d.doc_date == "2016-09-22"


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("   \n", encoding="utf-8")
    [f] = failures(read_paths([p]))
    assert f.doc_id == "empty.txt" and f.reason == "empty document"


def test_binary_file(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    [f] = failures(read_paths([p]))
    assert "binary" in f.reason


def test_invalid_utf8(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Des frappes ont visé Alep à l'aube.".encode("latin-1"))
    [f] = failures(read_paths([p]))
    assert f.reason.startswith("invalid UTF-8 at byte")


def test_malformed_jsonl_line_loses_only_itself(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_bytes(b'{"id": "a", "text": "Premier."}\n{"id": "b", "text": \n'
                  b'{"id": "c", "text": "Troisi\xe8me."}\n{"id": "d", "text": "Quatri\xc3\xa8me."}\n')
    items = list(read_paths([p]))
    assert [d.id for d in docs(items)] == ["a", "d"]
    reasons = {f.doc_id: f.reason for f in failures(items)}
    assert reasons["c.jsonl:2"].startswith("malformed JSON line 2")
    assert reasons["c.jsonl:3"].startswith("invalid UTF-8")


def test_too_large_text(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"Des frappes ont vise Alep. " * 370_371)  # 10.0 MB
    [f] = failures(read_paths([p]))
    assert f.reason == "document too large: 10.0 MB > 5.0 MB limit"


def test_missing_path_does_not_stop_the_others(tmp_path):
    p = tmp_path / "ok.txt"
    p.write_text("Un texte lisible.", encoding="utf-8")
    items = list(read_paths([tmp_path / "absent.txt", p]))
    assert isinstance(items[0], ReadFailure) and items[0].reason == "no such file or directory"
    assert items[1].id == "ok.txt"


def test_stdin_text_and_jsonl():
    [d] = list(read_stdin(io.BytesIO("date 2020-03-03 Un texte.".encode())))
    assert d.id == "stdin" and d.doc_date == "2020-03-03"
    items = list(read_stdin(io.BytesIO(b'{"id": "x", "text": "Un."}\n{"id": "y", "text": "Deux."}\n')))
    assert [d.id for d in items] == ["x", "y"]
