"""Charts are accessible images: a title, role="img", escaped labels, no script."""

import re
import xml.etree.ElementTree as ElementTree

from hypothesis import given
from hypothesis import strategies as st

from coproduce.lib.charts import bar_chart, radar_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - our own output, in a test


def test_a_bar_chart_is_an_image_named_by_its_title() -> None:
    svg = bar_chart([("Skills", 3.5), ("Processes", 2.0)], 5, "Score for each area")
    root = parse(svg)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Score for each area"
    assert root.get("aria-labelledby") == title.get("id")
    assert "<script" not in svg
    bars = root.findall(f"{SVG}rect")[1:]  # the first is the background
    assert [float(bar.get("width", 0)) for bar in bars] == [224.0, 128.0]  # 320 px for 5


def test_a_bar_chart_escapes_labels_and_keeps_values_on_the_scale() -> None:
    svg = bar_chart([("<script>alert(1)</script>", 9.0), ("Below", -2.0)], 5, 'A "title" & more')
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "A &quot;title&quot; &amp; more" in svg
    widths = [float(bar.get("width", 0)) for bar in parse(svg).findall(f"{SVG}rect")[1:]]
    assert widths == [320.0, 0.0]


def test_an_empty_bar_chart_draws_nothing() -> None:
    assert bar_chart([], 5, "Nothing") == ""


def test_two_charts_on_a_page_have_different_ids() -> None:
    first = parse(bar_chart([("A", 1.0)], 5, "One")).get("aria-labelledby")
    second = parse(bar_chart([("A", 1.0)], 5, "Two")).get("aria-labelledby")
    assert first != second


def test_a_radar_chart_draws_a_shape_per_series_with_a_legend() -> None:
    svg = radar_chart(["Equality", "Diversity", "Access", "Reciprocity"],
                      [("Everyone", [3.0, 4.0, 2.0, 5.0]), ("Staff", [4.0, 4.0, 4.0, 4.0])],
                      5, "Area scores")
    root = parse(svg)
    assert root.get("role") == "img"
    shapes = [polygon for polygon in root.findall(f"{SVG}polygon")
              if polygon.get("fill") != "none"]
    assert len(shapes) == 2
    assert shapes[1].get("stroke-dasharray")  # told apart by line style, not only colour
    assert "Everyone" in svg and "Staff" in svg
    points = [tuple(map(float, pair.split(","))) for pair in shapes[1].get("points", "").split()]
    centre = (380.0, 230.0)
    distances = {round(((x - centre[0]) ** 2 + (y - centre[1]) ** 2) ** 0.5) for x, y in points}
    assert distances == {136}  # 4 out of 5 on a radius of 170


def test_a_radar_chart_shortens_long_labels_and_escapes_them() -> None:
    svg = radar_chart(["<b>" + "x" * 60, "B", "C"], [("A & B", [1.0, 2.0, 3.0])], 5, "T")
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "…" in svg
    assert "A &amp; B" in svg


@given(st.lists(st.tuples(st.text(max_size=40), st.floats(allow_nan=True, width=32)),
                max_size=12),
       st.floats(min_value=0, max_value=100))
def test_any_bar_chart_is_well_formed_svg(rows: list[tuple[str, float]], maximum: float) -> None:
    rows = [(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", label),
             value if value == value and abs(value) != float("inf") else 0.0)
            for label, value in rows]
    svg = bar_chart(rows, maximum, "Chart")
    if rows:
        parse(svg)
