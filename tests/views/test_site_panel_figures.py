"""The site panel's link figures wrap between figures, never inside one: "mất gói 0.0 %" is
one piece, its "%" never alone on the next line."""

from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication

from console.directory import Site
from console.media.stats import LinkStats
from console.views.site_panel import SitePanel
from console.views.theme import stylesheet
from tests.views.test_i18n import compiled, translations  # noqa: F401 (fixtures)


def shown_lines(label) -> list[str]:
    """The label's text as its word wrap lays it out, line by line."""
    layout = QTextLayout(label.text(), label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width())
        lines.append(label.text()[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def test_the_link_figures_wrap_between_figures_never_inside_one(qtbot, compiled, translations):
    QApplication.instance().setStyleSheet(stylesheet())
    translations.folder = compiled
    translations.use("vi")
    panel = SitePanel()
    qtbot.addWidget(panel)
    site = Site(
        key="commune:1",
        code=1,
        name="Phường Phúc Xá",
        level="commune",
        division_type="Phường",
        parent_key="district:1",
        province_key="province:1",
        province="Thành phố Hà Nội",
        path=["Thành phố Hà Nội", "Quận Ba Đình", "Phường Phúc Xá"],
        active=True,
        status="online",
        tags=[],
    )
    panel.show_site(site, "live", muted=False)
    stats = LinkStats(at=1.0, bitrate_kbps=134, fps=15.6, loss_pct=0.0, rtt_ms=6.4, width=320, height=180)
    link = panel.fields["Link"]
    for width in range(300, 520, 7):  # the panel as wide as a dock may be
        panel.resize(width, 700)
        panel.show()
        panel.add_stats(1.0, stats, 77)
        lines = shown_lines(link)
        assert "mất gói 0.0 %" in link.text().replace("\u00a0", " "), link.text()
        for line in lines[:-1]:
            assert line.rstrip().endswith("·"), (width, lines)
