"""Report downloads in the app: the region PDF (Regioprofiel) and the slide PNG (Kaart)."""

import io

from support.app_testing import start
from pypdf import PdfReader

from dashboard import downloads
from dashboard import registry


def test_pages_offer_pdf_and_png_buttons():
    at = start()
    assert [b.label for b in at.get("download_button")] == ["Kaart als afbeelding (PNG, voor dia's)"]
    at.switch_page(registry.page("regioprofiel").script).run()
    at.selectbox(key="region").set_value("noard_fryslan").run()
    labels = [b.label for b in at.get("download_button")]
    assert "Regioprofiel Noard-Fryslân als PDF (1 pagina)" in labels


def test_download_contents(monitor):
    fingerprint = monitor.snapshot.fingerprint
    pdf = PdfReader(io.BytesIO(downloads.region_pdf(fingerprint, "noard_fryslan")))
    assert len(pdf.pages) == 1 and "Noard-Fryslân" in pdf.pages[0].extract_text()
    png = downloads.map_png(fingerprint, "aandeel_65_plus", 2024, "gemeente", "twente", "quantiles")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000
