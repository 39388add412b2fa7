package dev.sluice.cli.report;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The report's Markdown as a PDF: commonmark (with GFM tables) makes the HTML, openhtmltopdf lays
 * it out on A4 pages, with the charts read from the report directory.
 *
 * <p>openhtmltopdf reads XHTML, and commonmark writes its own elements well-formed (void elements
 * closed), but passes raw HTML through as written. A section's own HTML could break the parse and
 * lose the whole PDF, so every raw HTML node but the report's anchors ({@code <a id="..."></a>}) is
 * turned into text. The PDF's base fonts cover only Latin-1, and the report writes ≥, → and ×, so
 * DejaVu Sans is embedded when the system has it (Debian and most Linux distributions do).
 */
final class ReportPdf {
    private static final Pattern ANCHOR = Pattern.compile("\\s*<a id=\"[a-z0-9-]+\"></a>\\s*");
    private static final Pattern ANCHOR_OPEN = Pattern.compile("<a id=\"[a-z0-9-]+\">");
    private static final Path FONTS = Path.of("/usr/share/fonts/truetype/dejavu");

    private static final String CSS = """
      @page { size: A4; margin: 18mm 16mm 18mm 16mm;
              @bottom-center { content: "Sluice answers report, page " counter(page) " of " counter(pages);
                               font-size: 8pt; color: #666; } }
      body { font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; line-height: 1.35; }
      h1 { font-size: 18pt; } h2 { font-size: 14pt; page-break-before: always; border-bottom: 1px solid #ccc; }
      h2.first { page-break-before: avoid; } h3 { font-size: 11pt; }
      table { border-collapse: collapse; margin: 6pt 0; -fs-table-paginate: paginate; }
      th, td { border: 1px solid #bbb; padding: 2pt 4pt; font-size: 8pt; vertical-align: top; }
      th { background: #eee; } tr { page-break-inside: avoid; }
      img { max-width: 100%; } code, pre { font-family: 'DejaVu Sans Mono', monospace; font-size: 8pt; }
      pre { white-space: pre-wrap; background: #f6f6f6; padding: 4pt; }
      a { color: #1a4f8b; text-decoration: none; }
      """;

    private ReportPdf() {}

    /** Writes {@code markdown} as a PDF to {@code pdf}; images are resolved against {@code dir}. */
    static void write(String markdown, Path dir, Path pdf) throws IOException {
        String html = html(markdown);
        try (OutputStream out = Files.newOutputStream(pdf)) {
            PdfRendererBuilder builder = new PdfRendererBuilder()
                    .useFastMode()
                    .withHtmlContent(html, dir.toAbsolutePath().toUri().toString())
                    .toStream(out);
            fonts(builder);
            builder.run();
        }
    }

    /** The XHTML document openhtmltopdf lays out. */
    static String html(String markdown) {
        List<org.commonmark.Extension> extensions = List.of(TablesExtension.create());
        Node document = Parser.builder().extensions(extensions).build().parse(markdown);
        document.accept(new RawHtmlAsText());
        int[] h2 = {0};
        String body = HtmlRenderer.builder()
                .extensions(extensions)
                // every section starts a page; the first two h2 (data and LLM, contents) stay on the title page
                .attributeProviderFactory(context -> (node, tag, attributes) -> {
                    if ("h2".equals(tag) && h2[0]++ < 2) {
                        attributes.put("class", "first");
                    }
                })
                .build()
                .render(document);
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/><title>Sluice answers report</title><style>" + CSS
                + "</style></head><body>\n" + body + "</body></html>\n";
    }

    private static void fonts(PdfRendererBuilder builder) {
        font(builder, "DejaVuSans.ttf", "DejaVu Sans", 400, FontStyle.NORMAL);
        font(builder, "DejaVuSans-Bold.ttf", "DejaVu Sans", 700, FontStyle.NORMAL);
        font(builder, "DejaVuSans-Oblique.ttf", "DejaVu Sans", 400, FontStyle.ITALIC);
        font(builder, "DejaVuSansMono.ttf", "DejaVu Sans Mono", 400, FontStyle.NORMAL);
    }

    private static void font(PdfRendererBuilder builder, String file, String family, int weight, FontStyle style) {
        Path ttf = FONTS.resolve(file);
        if (Files.isReadable(ttf)) {
            builder.useFont(ttf.toFile(), family, weight, style, true);
        }
    }

    /** Raw HTML other than the report's own anchors becomes text, so it cannot make the XHTML ill-formed. */
    private static final class RawHtmlAsText extends AbstractVisitor {
        @Override
        public void visit(HtmlBlock block) {
            if (!ANCHOR.matcher(block.getLiteral()).matches()) {
                Paragraph text = new Paragraph();
                text.appendChild(new Text(block.getLiteral()));
                block.insertBefore(text);
                block.unlink();
            }
        }

        /** An anchor on its own line is inline HTML to commonmark: {@code <a id="...">} then {@code </a>}. */
        @Override
        public void visit(HtmlInline inline) {
            String literal = inline.getLiteral();
            boolean opener = ANCHOR_OPEN.matcher(literal).matches()
                    && inline.getNext() instanceof HtmlInline next
                    && "</a>".equals(next.getLiteral());
            boolean closer = "</a>".equals(literal)
                    && inline.getPrevious() instanceof HtmlInline previous
                    && ANCHOR_OPEN.matcher(previous.getLiteral()).matches();
            if (!opener && !closer) {
                inline.insertBefore(new Text(literal));
                inline.unlink();
            }
        }
    }
}
