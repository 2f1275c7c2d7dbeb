"""Code listings: the textual detector's exact spans, prose that stays prose, and the HTML reader's ``<pre>`` lines."""

from __future__ import annotations

import pytest

from provlint.analyses.code_listings import (
    code_line,
    code_lines,
    find_listings,
    inner_line,
    inside_listing,
    listing_captions,
    prose_line,
)
from provlint.analyses.line_structure import METADATA_KEY
from provlint.model import Document
from provlint.prepare import PreparedDocument


def _prepared(text: str, metadata: dict[str, object] | None = None) -> PreparedDocument:
    return PreparedDocument(Document(id="d", text=text, source="s", metadata=metadata or {}))


def test_a_fenced_block_is_a_listing_fences_included() -> None:
    text = "Install it first.\n```sh\n$ cargo install ripgrep\n42\n```\nThen search."
    assert find_listings(text) == ((1, 4),)


def test_tilde_fences_close_only_with_tildes() -> None:
    text = "Intro line.\n~~~\nshow ```\nmore\n~~~\nAfter."
    assert find_listings(text) == ((1, 4),)


def test_an_unclosed_fence_is_no_listing() -> None:
    assert find_listings("Intro line.\n```\nsome words here\nand more words") == ()


def test_a_run_of_code_lines_is_a_listing() -> None:
    text = (
        "The loop prints each value in order.\n"
        "for (let i = 0; i < items.length; i++) {\n"
        "  // the body\n"
        "  console.log(items[i]);\n"
        "}\n"
        "It prints them again in reverse order."
    )
    assert find_listings(text) == ((1, 4),)


def test_runs_are_split_by_prose_and_by_long_gaps() -> None:
    code = "let a = f(1);\nlet b = g(a);"
    text = f"{code}\nThe two calls above run one after the other, in order.\n{code}"
    assert find_listings(text) == ((0, 1), (3, 4))
    gap = "\n".join(["x"] * 5)  # five lines that are neither code nor comments
    assert find_listings(f"let a = f(1);\n{gap}\nlet b = g(a);") == ()


def test_python_blocks_and_indented_lines() -> None:
    text = "Compute the area.\ndef area(width, height):\n    result = width * height\nThat is all."
    assert find_listings(text) == ((1, 2),)


def test_a_run_needs_code_lines_to_be_at_least_half_of_its_lines() -> None:
    # Two code lines with three inner lines between them: under half.
    text = "let a = f(1);\nx(1)\ny(2)\nz(3)\nlet b = g(a);"
    assert find_listings(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        # A list of clauses ending in semicolons.
        "The bill would:\nraise the tax on fuel;\ncut spending on roads;\nand end the program.",
        # Prose with brackets that ends in a semicolon.
        "Prices rose (again) this year;\nwages (in real terms) fell;\nrents did not move.",
        # Lines ending in colons that are no Python keywords.
        "For example:\nUpdate:\nWhile you wait:\nNote:",
        # An unrendered template's tags.
        "{* #userInformationForm *}\n{* traditionalSignIn_emailAddress *}\n{* traditionalSignIn_password *}\n{* /userInformationForm *}",
        # A leaked, minified script: code, but page furniture rather than an article's listing.
        "(function() { var a = 1; "
        + "a = a + 1; " * 20
        + "});\n(function() { var b = 2; "
        + "b = b + 2; " * 20
        + "});",
        # One code-shaped line alone proves nothing.
        "The answer is in the function below.\nint main() { return 0; }\nThat is the whole program.",
    ],
)
def test_prose_and_furniture_are_no_listing(text: str) -> None:
    assert find_listings(text) == ()


def test_line_predicates() -> None:
    assert prose_line("The parse call returns a Result, and the expect call unwraps it.")
    assert not prose_line('let guess: u32 = guess.trim().parse().expect("Please type a number!");')
    assert code_line("});")
    assert code_line("],")
    assert code_line("impl Rectangle {")
    assert not code_line("Rectangle {")  # a brace alone is no code
    assert code_line("    .read_line(&mut guess)")
    assert not code_line("cut spending on roads;")
    assert inner_line("")
    assert inner_line("# a comment")
    assert inner_line("    email,")
    assert not inner_line("The parse call returns a Result, and the expect call unwraps it.")


def test_code_lines_of_a_plain_text_document() -> None:
    doc = _prepared("Intro line.\n```\nfn main() {}\n\n```\nAfter.")
    assert code_lines(doc) == frozenset({1, 2, 3, 4})
    assert code_lines(_prepared("Only prose here.\nAnd more prose.")) == frozenset()


def test_the_prepared_document_exposes_the_listings_lines_to_plugins() -> None:
    doc = _prepared("Intro line.\n```\nfn main() {}\n\n```\nAfter.")
    assert doc.code_lines == frozenset({1, 2, 3, 4})
    assert doc.code_lines is code_lines(doc)  # computed once per document, shared with the built-in rules


def test_inside_listing_needs_every_line_of_the_span_in_a_listing() -> None:
    text = "Intro line.\n```\nfn main() {}\n```\nAfter."
    doc = _prepared(text)
    main = text.index("fn main")
    assert inside_listing(doc, main, main + len("fn main() {}"))
    assert inside_listing(doc, text.index("```"), text.index("After") - 1)  # fence to fence
    assert not inside_listing(doc, 0, main + 2)  # starts on the intro's prose line
    assert not inside_listing(doc, main, len(text))  # ends on the prose after the listing
    assert not inside_listing(_prepared("Only prose here."), 0, 4)


def test_a_short_line_ending_in_a_colon_before_a_listing_is_its_caption() -> None:
    text = (
        "Erroneous code example:\n"  # 0: caption
        "```\nfn main() {}\n```\n"  # 1-3
        "And then run it:\n\n"  # 4: caption, one blank line before the listing
        "```\nlet x = f(y);\n```\n"  # 6-8
        "Filename: src/main.rs\n"  # 9: no colon at the end
        "```\nlet y = g(x);\n```\n"  # 10-12
        "The committee that met on Tuesday published the following report:\n"  # 13: too long for a caption
        "```\nlet z = h(y);\n```\n"  # 14-16
        "Contents:\n\n\n"  # 17: two blank lines: not directly before
        "```\nlet w = k(z);\n```\n"  # 20-22
        "Tags:\nNews"  # 23: no listing after it
    )
    doc = _prepared(text)
    assert find_listings(text) == ((1, 3), (6, 8), (10, 12), (14, 16), (20, 22))
    assert listing_captions(doc) == frozenset({0, 4})
    assert listing_captions(_prepared("For example:\nThe council met on Monday.")) == frozenset()


html_extract = pytest.importorskip("provlint.readers.html_extract")
pytest.importorskip("selectolax", reason="the [html] extra (selectolax) is not installed")

PAGE = """<html><body>
<p>The program greets the reader.</p>
<pre><code class="language-rust"><span class="kw">fn</span> main() {
    println!("Hello, world!");
}</code></pre>
<p>Lines that only look like code stay prose:</p>
<p>let x = f(1);</p>
<p>let y = g(x);</p>
<pre>A
poem</pre>
</body></html>"""


def test_the_html_reader_records_pre_lines_and_the_structure_decides() -> None:
    page = html_extract.extract(PAGE)
    assert page.text.split("\n") == [
        "The program greets the reader.",
        "fn main() {",
        'println!("Hello, world!");',
        "}",
        "Lines that only look like code stay prose:",
        "let x = f(1);",
        "let y = g(x);",
        "A",
        "poem",
    ]
    assert page.structure.tags == ("p", "pre", "pre", "pre", "p", "p", "p", "pre", "pre")
    doc = _prepared(page.text, {METADATA_KEY: page.structure})
    # The page said which lines were preformatted: the <p> lines that read as code are not a listing.
    assert code_lines(doc) == frozenset({1, 2, 3, 7, 8})
    assert find_listings(page.text) == ((1, 3), (5, 6))  # what the text alone would have said


def test_a_stray_fence_does_not_turn_paragraphs_into_a_listing() -> None:
    # An extractor left a fence inside a table cell: it pairs with the next fence across two paragraphs of
    # prose, which is no listing; that fence then opens the real block.
    text = (
        "Pin<&mut\n```\nSomeType>\n"
        "To make that concrete, think about a String and the characters that make it up.\n"
        "As a result, we can do things that would be illegal if String were not movable.\n"
        "```\nfn main() {}\n```\n"
        "The trait defines an associated type for the items produced by the stream."
    )
    assert find_listings(text) == ((5, 7),)


def test_commented_code_in_a_fence_is_no_prose() -> None:
    text = (
        "Three examples of declarations.\n```\nextern crate pcre;\n"
        "extern crate std; // equivalent to: extern crate std as std;\n"
        "extern crate std as ruststd; // linking to 'std' under another name\n```\nAfter."
    )
    assert find_listings(text) == ((1, 5),)


def test_comments_statements_and_attributes_are_code_lines() -> None:
    assert code_line("let apples = 5; // immutable")
    assert code_line("            return i;")
    assert code_line("break;")
    assert code_line("#[derive(Debug)]")
    assert code_line("#include <stdio.h>")
    assert not code_line("// only a comment")
    assert not code_line("He left; she stayed.")
    assert not code_line("#1 seed;")


def test_a_stray_fence_paired_across_a_list_with_inline_code_is_no_listing() -> None:
    # The fence that closes "```" after a list item's colon is taken for an opening one: it pairs with the next
    # fence across a bullet list whose items hold inline code. Those items are sentences, so the paired block
    # is mostly prose and the next fence opens the real listing.
    text = (
        "- Add the option to your `settings.toml` file: ```\n"
        "[build]\njobs = 4\n```\n"
        "- Run the tool with `--fast` or set the `fast` flag in `settings.toml`.\n"
        "  - This is needed because `--fast` and `fast` are `unstable`.\n"
        "\nThe trade-offs:\n\n"
        "- Faster builds of the `core` and `web` crates (`tool build`)\n"
        "- Smaller use of the `cache` and `tmp` folders\n"
        "- Needs the `nightly` channel of the `rustc` compiler\n"
        "\nAdd this to your `settings.toml`:\n\n"
        "```\n[profile]\nlevel = 2\n```"
    )
    assert find_listings(text) == ((15, 18),)


def test_list_items_with_inline_code_inside_a_real_fence_keep_it_a_listing() -> None:
    # A fenced block whose lines are code (a shell session's commands and a config) stays a listing: only
    # prose-like list items are read as prose.
    text = "Run:\n```\n- name: build\n  run: cargo build --release\n- name: test\n  run: cargo test\n```"
    assert find_listings(text) == ((1, 6),)
