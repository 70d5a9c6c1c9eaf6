"""PDF from HTML (WeasyPrint) that loads nothing from anywhere: every report, bulletin, poster
and notice of the product is rendered here."""

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetchingError


class NoNetworkFetcher(URLFetcher):
    """Refuses every URL except inline data: a report never loads anything from anywhere.

    Names come from users; even if markup slipped through escaping, it could not make the
    server fetch an address (SSRF) or read a local file into the PDF.
    """

    def fetch(self, url: str, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        raise URLFetchingError(f"the report renderer fetches nothing: {url[:80]}")


def render_pdf(html: str) -> bytes:
    return HTML(string=html, url_fetcher=NoNetworkFetcher()).write_pdf()


def first_page_png(pdf: bytes, width: int = 1080) -> bytes:
    """The first page of a PDF as a PNG `width` px wide (a poster or a notice for a WeChat
    group, where a PDF is not opened)."""
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=width / page.get_width()).to_pil()
    finally:
        document.close()
    if image.width != width:  # rounding of the scale
        image = image.resize((width, round(image.height * width / image.width)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
