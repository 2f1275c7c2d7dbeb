from __future__ import annotations

import enum
from collections.abc import Iterable

import regex

from ...analyses.code_listings import inside_listing
from ...analyses.keyword_lines import declare, keyword_lines
from ...analyses.line_memo import LineMemo
from ...analyses.page_lines import LABEL_MAX_CHARS, is_label, is_navigation, is_widget, strip_glyphs
from ...lazy_pattern import lazy_compile
from ...model import Category, Finding, Severity
from ...patterns import FLAGS, PATTERN_TIMEOUT
from ...prepare import PreparedDocument, line_span
from ...rule import DocumentRule

_MONTHS = (
    r"jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|may|mai|june?|juni|july?|juli|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|dez(?:ember)?"
)
_CLOCK = r"\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|uhr|h))?"
#: A date or time stamp somewhere in a short line: "3 hours ago", "March 3, 2019 at 4:15 pm", "13.11.2019, 23:06".
_STAMP = lazy_compile(
    rf"""
    \b\d{{1,3}}\s+(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|months?|years?)\s+ago\b
    | \b(?:vor|il\s+y\s+a|hace)\s+\d{{1,3}}\s+\w+
    | \b(?:yesterday|today|gestern|heute)\b(?:\s+(?:at|um)\s+{_CLOCK})?
    | \b\d{{1,2}}\.?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}\b
    | \b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b
    | \b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b
    | \b\d{{4}}-\d{{2}}-\d{{2}}\b
    | \b{_CLOCK}
    """,
    FLAGS | regex.VERBOSE,
)
#: A thread's heading: "Comments", "12 Comments", "Leave a Reply", "Join the discussion", "3 thoughts on ...".
_HEADING = lazy_compile(
    r"""^(?:
      (?:\d+\s+|all\s+|reader\s+|show\s+|view\s+|read\s+)?(?:comments?|responses?|replies|kommentare?|commentaires?|comentarios?)
        (?:\s*\(\d+\)|\s+\d+)?(?:\s+(?:insgesamt|on\s+.{1,120}))?:?
    | (?:leave|post|add|write|submit)\s+(?:a|your|the)\s+(?:comment|reply|response)(?:\s+cancel\s+reply)?
    | join\s+the\s+(?:conversation|discussion|debate)
    | (?:\d+|one|two|three)\s+(?:thoughts|responses|replies|comments)\s+(?:on|to)\s+.{1,120}
    | comments?\s+(?:are|is)\s+closed\.?
    | (?:sign\s+in|log\s+in|register)(?:\s+[\w ]{1,40})?\s+to\s+(?:comment|post|reply).{0,80}
    | (?:kommentar|kommentare)\s+(?:schreiben|verfassen|hinzufügen|abgeben)
    | hinterlasse\s+einen\s+kommentar.{0,40}
    | laisser\s+un\s+commentaire | deja\s+un\s+comentario
    )$""",
    FLAGS | regex.VERBOSE,
)
#: A comment's action bar or counters: "Reply", "Report abuse", "Like (3)", "+3", "rate this", "Comment number 108.".
_ACTION = lazy_compile(
    r"""^(?:
      (?:(?:reply|replydelete|antworten|répondre|responder|rispondi|report\s+(?:abuse|this\s+comment|comment)
        |flag\s+as\s+inappropriate|upvote|downvote|recommend(?:ed)?|permalink|link\s+to\s+this|rate\s+this)
        (?:\s*\(\s*(?:\d+|comment\s+number\s+\d+)\s*\))?[\s|•·]*)+
    | [+\-−–]\s?\d{1,5}
    | \d{1,5}\s+(?:likes?|points?|votes?|upvotes?|recommendations?|replies|antworten)
    | (?:comment|kommentar)\s+(?:number|nr\.?|\#)\s*\d+\.?
    | \#\d{1,5}
    )$""",
    FLAGS | regex.VERBOSE,
)
#: "Jane Doe says:", "Michael sagt:", "posted by jdoe".
_SAYS = lazy_compile(
    r"^(?:.{1,60}\s(?:says|said|wrote|sagt|schreibt|meint|dit|dice|scrive)\s*:?|(?:posted|written|submitted)\s+by\s+.{1,60})$",
    FLAGS,
)
#: The words each pattern needs (tests/test_keyword_lines.py holds them to the patterns): a line without any of
#: them is not tried. "repl" is in reply and replies, "respons" in response(s), "pondre" in répondre, "vote" in up-
#: and downvote, "post" in "to post"; a heading names its thread, "join"s it or counts "thoughts".
_HEADING_WORDS = declare(
    "PL208 heading", ("comment", "respons", "repl", "kommentar", "comentario", "join", "thoughts", "post")
)
_ACTION_WORDS = declare(
    "PL208 action",
    ("repl", "antworten", "pondre", "responder", "rispondi", "report", "flag", "vote", "recommend", "permalink",
     "link", "rate", "like", "point", "comment", "kommentar"),
)  # fmt: skip
#: An action line may also be a bare count: "+3", "-1", "#12".
_COUNT_START = "+-−–#"
_SAYS_WORDS = declare(
    "PL208 says",
    ("says", "said", "wrote", "sagt", "schreibt", "meint", "dit", "dice", "scrive", "posted", "written", "submitted"),
)
#: A stamp has a digit or names the day. An ASCII line is tested for ASCII digits as a set; any other is
#: searched for a decimal digit of any script ("\\d").
_DAY_WORDS = declare("PL208 day", ("yesterday", "today", "gestern", "heute"))
_ASCII_DIGITS = frozenset("0123456789")
_DIGIT = lazy_compile(r"\d", FLAGS)
#: Every keyword set: the mask of a caller that has no keyword scan (every pattern is tried).
_ALL = _HEADING_WORDS.bit | _ACTION_WORDS.bit | _SAYS_WORDS.bit | _DAY_WORDS.bit
_DASHES = "—–-―"
_DIGITS = lazy_compile(r"\d+")
#: Most words a comment metadata line has ("Jane Doe • March 3, 2019 at 4:15 pm • Reply").
_META_MAX_WORDS = 14


class Meta(enum.Enum):
    """What a line tells about a comment thread."""

    HEADING = "heading"
    ACTION = "action"  # action bar, vote count, comment number: only comment threads have these
    SAYS = "says"  # "NAME says:", "posted by NAME"
    STAMP = "stamp"  # a short line with a date or time: a comment's, or a teaser's


def classify(text: str, keywords: int = _ALL) -> Meta | None:
    """The comment-thread role of one (stripped) line, or None for any other line.

    ``keywords``: the bits of the line's keyword sets (:func:`keyword_lines`); a
    pattern whose set is not among them cannot match, so it is not tried.
    """
    if not text or len(text) > LABEL_MAX_CHARS + 80:
        return None
    label = strip_glyphs(text)
    if not label:
        return None
    if keywords & _HEADING_WORDS.bit and _HEADING.match(label, timeout=PATTERN_TIMEOUT):
        return Meta.HEADING
    if len(label) > LABEL_MAX_CHARS or len(label.split()) > _META_MAX_WORDS:
        return None
    if (keywords & _ACTION_WORDS.bit or label[0] in _COUNT_START) and _ACTION.match(label, timeout=PATTERN_TIMEOUT):
        return Meta.ACTION
    if keywords & _SAYS_WORDS.bit and _SAYS.match(label, timeout=PATTERN_TIMEOUT):
        return Meta.SAYS
    if text[0] in _DASHES:
        return None  # a quote's or an embedded post's attribution ("— Jane Doe (@jdoe) March 3, 2019")
    if (
        (keywords & _DAY_WORDS.bit or _has_digit(label))
        and _STAMP.search(label, timeout=PATTERN_TIMEOUT)
        and not label.rstrip().endswith((".", "!", "?"))
    ):
        return Meta.STAMP
    return None


#: Characters a line needs for :func:`classify` to say something when none of its keyword sets hit: a digit (a
#: stamp) or a bare count's first character ("-" and "–" are glyphs, stripped from a label's front).
_TRIGGERS = frozenset("+−#0123456789")
_NON_DIGIT_TRIGGERS = frozenset("+−#")


def may_classify(text: str, keywords: int) -> bool:
    """False only for a line that :func:`classify` calls None whatever it holds: none of its keyword sets
    hit (``keywords``), and it has no digit of any script and none of a bare count's first characters.

    Most lines are prose or labels of that kind; this spares them the glyph stripping, the word count and
    the memo. ``text``'s label is ``text`` less some characters, so what the label holds the text holds.
    """
    if keywords & _ALL:
        return True
    if text.isascii():
        return not _TRIGGERS.isdisjoint(text)
    return not _NON_DIGIT_TRIGGERS.isdisjoint(text) or _DIGIT.search(text, timeout=PATTERN_TIMEOUT) is not None


def _has_digit(label: str) -> bool:
    if label.isascii():
        return not _ASCII_DIGITS.isdisjoint(label)
    return _DIGIT.search(label, timeout=PATTERN_TIMEOUT) is not None


#: A site's comment widgets and menus recur on each of its pages: each distinct line is classified once.
_classify = LineMemo(classify)


def _shape(text: str, kind: Meta) -> str:
    """What recurs once per comment: a date or a "says" line whatever it says, an action bar as written."""
    if kind in (Meta.STAMP, Meta.SAYS):
        return str(kind.value)
    return str(_DIGITS.sub("#", " ".join(text.split()).casefold(), timeout=PATTERN_TIMEOUT))


class CommentThread(DocumentRule):
    """
    ## What it does
    Reports a reader comment thread kept below the article, as one finding
    from the thread's heading ("Comments", "12 Comments", "Leave a Reply",
    "Join the discussion") to the end of its last comment. A thread is
    recognised by each comment's metadata: the action bar ("Reply",
    "Report abuse", "Like (3)", "rate this"), vote counts ("+3", "12
    likes"), comment numbers, "NAME says:" lines and the comment's date or
    time ("3 hours ago", "March 3, 2019 at 4:15 pm"). Metadata lines at
    most ``max-gap`` lines apart belong to one thread; it needs at least
    ``min-comments`` comments, a comment before the last one that reads as
    a sentence (a list of teaser headlines with dates is not a thread), and
    a heading or metadata that only comments have (an action bar, a vote
    count, "says:"). Dated lines before the heading are the article's own;
    a quote's attribution ("— Jane Doe (@jdoe) March 3, 2019") is not a
    comment's date. Info level by default: some corpora keep comments on purpose.
    No fix: delete the thread with ``provlint fix`` only once you have
    decided to drop comments.

    ## Why it matters
    Comments are other people's text, of another quality and often
    off-topic, and on a busy page they are most of the text. Left in, they
    are attributed to the article's author and source, and they carry the
    site's comment widgets with them.

    ## Example
    ```
    3 Comments                        <- PL208 comment thread: 2 comments (lines 1-7)
    jdoe
    March 3, 2019 at 4:15 pm
    Great piece, thanks for writing it.
    Reply
    msmith
    Completely disagree with the second half.
    ```
    """

    code = "PL208"
    name = "comment-thread"
    category = Category.DUPLICATION
    severity = Severity.INFO
    summary = "A reader comment thread below the article (heading, per-comment metadata, comments)."
    options = {"min_comments": 2, "max_gap": 8}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        rows: list[int] = []
        texts: list[str] = []
        for line in doc.lines:
            text = line.text.strip()
            if text:
                rows.append(line.index)
                texts.append(text)
        longest = LABEL_MAX_CHARS + 80  # longer lines play no part (classify says None): not remembered
        masks = keyword_lines(doc).masks
        hinted = _classify.hinted
        kinds = [
            hinted(text, mask) if len(text) <= longest and may_classify(text, mask := masks[row]) else None
            for row, text in zip(rows, texts)
        ]
        if sum(kind is not None and kind is not Meta.HEADING for kind in kinds) < int(self.opts["min_comments"]):
            return
        for first, last, comments in self._threads(texts, kinds):
            start, _ = line_span(doc, rows[first])
            _, end = line_span(doc, rows[last])
            if inside_listing(doc, start, end):
                continue
            where = f"lines {rows[first] + 1}-{rows[last] + 1}"
            yield self.finding(doc, start, end, f"comment thread: {comments} comments ({where})")

    def _threads(self, texts: list[str], kinds: list[Meta | None]) -> Iterable[tuple[int, int, int]]:
        """(first row, last row, comments) of each thread, rows counted over the non-blank lines."""
        max_gap = int(self.opts["max_gap"])
        min_comments = int(self.opts["min_comments"])
        clusters: list[list[int]] = []
        for r, kind in enumerate(kinds):
            if kind is None:
                continue
            if clusters and r - clusters[-1][-1] <= max_gap:
                clusters[-1].append(r)
            else:
                clusters.append([r])
        for rows in clusters:
            heading = next((r for r in rows if kinds[r] is Meta.HEADING), None)
            # Metadata before the heading is the article's own (its dateline, "posted by").
            body = [r for r in rows if kinds[r] is not Meta.HEADING and (heading is None or r > heading)]
            if not body:
                continue
            shapes = [_shape(texts[r], kinds[r]) for r in body]  # type: ignore[arg-type]
            comments = shapes.count(shapes[0])
            if comments < min_comments:
                continue
            only_comments = sum(kinds[r] in (Meta.ACTION, Meta.SAYS) for r in body) >= min_comments
            longest = max((b - a - 1 for a, b in zip(body, body[1:])), default=0)
            last = self._end(texts, kinds, body[-1], max(1, min(longest, max_gap)))
            first = heading if heading is not None else body[0]
            # A comment between the metadata reads as prose: a blog's name repeated in a menu does not.
            prose = any(_is_sentence(texts[r]) for r in range(body[0], body[-1]) if kinds[r] is None)
            if prose and (only_comments or heading is not None):
                yield first, last, comments

    @staticmethod
    def _end(texts: list[str], kinds: list[Meta | None], last_meta: int, longest: int) -> int:
        """The last row of the last comment: its text after the last metadata line, no longer than the
        thread's longest comment (``longest`` rows), up to the page's footer (a navigation or widget line,
        or two label lines in a row)."""
        end = last_meta
        for r in range(last_meta + 1, min(len(texts), last_meta + 1 + longest)):
            text = texts[r]
            if is_navigation(text) or is_widget(text) or kinds[r] is Meta.HEADING:
                break
            if is_label(text) and r + 1 < len(texts) and is_label(texts[r + 1]) and kinds[r + 1] is None:
                break
            end = r
            if _is_sentence(text) and (r + 1 >= len(texts) or not _is_sentence(texts[r + 1])):
                break
        return end


def _is_sentence(text: str) -> bool:
    """A line that reads as prose (what a comment's body is), not a label or a headline."""
    return not is_label(text) and text.rstrip("\"'”’»)]").endswith((".", "!", "?", "…"))
