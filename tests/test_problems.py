"""Located problems (calico_kb.problems): where a text position is, and how a finding in
a built page is traced back to the line of its source file."""

from calico_kb.problems import MIN_NEEDLE, line_col, locate


def test_line_col_counts_from_one():
    text = "ab\ncd\n\nef"
    assert line_col(text, 0) == (1, 1)
    assert line_col(text, 1) == (1, 2)
    assert line_col(text, 3) == (2, 1)
    assert line_col(text, 7) == (4, 1)
    assert line_col(text, len(text)) == (4, 3)


def test_locate_finds_the_first_needle_as_written_then_in_any_case():
    assert locate("one\ntwo ONLOAD onload", ["missing", "onload"]) == (2, 12)
    assert locate("one\ntwo ONLOAD", ["missing", "onload"]) == (2, 5)
    assert locate("x", ["y"]) is None


def test_locate_skips_needles_too_short_to_mean_anything():
    assert MIN_NEEDLE == 2
    assert locate("a\nb<", ["<"]) is None
    assert locate("a\nb<p", ["", "<", "<p"]) == (2, 2)
