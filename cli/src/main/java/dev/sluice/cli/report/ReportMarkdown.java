package dev.sluice.cli.report;

import dev.sluice.cli.report.ReportRun.Outcome;
import java.util.List;

/**
 * The report as one Markdown document: title, when and how it was made, what data and LLM it ran
 * on, a table of contents, then each section under its numbered heading with an anchor
 * ({@code <a id="storage"></a>}, so the contents link to it on GitHub and in the PDF). A failed
 * experiment keeps its place, with the reason instead of results.
 */
final class ReportMarkdown {
    private ReportMarkdown() {}

    static String compose(String generated, String command, String preface, List<Outcome> outcomes) {
        StringBuilder md = new StringBuilder("# Sluice: the answers report\n\n");
        double minutes =
                outcomes.stream().mapToLong(o -> o.elapsed().toMillis()).sum() / 60_000.0;
        md.append("Generated ")
                .append(generated)
                .append(String.format(java.util.Locale.ROOT, ", the experiments taking %.1f min, by", minutes))
                .append("\n\n```\n")
                .append(command)
                .append("\n```\n\n");
        md.append("## Data and LLM\n\n").append(preface.strip()).append("\n\n");
        md.append("## Contents\n\n");
        int i = 0;
        for (Outcome o : outcomes) {
            i++;
            md.append(i)
                    .append(". [")
                    .append(o.experiment().title())
                    .append("](#")
                    .append(o.experiment().id())
                    .append(")")
                    .append(String.format(
                            java.util.Locale.ROOT, " (%.0f s)", o.elapsed().toMillis() / 1000.0))
                    .append(o.ok() ? "" : " (failed)")
                    .append('\n');
        }
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        if (failed > 0) {
            md.append("\n**")
                    .append(failed)
                    .append(" of ")
                    .append(outcomes.size())
                    .append(" experiments failed**: their sections say why.\n");
        }
        i = 0;
        for (Outcome o : outcomes) {
            i++;
            md.append("\n<a id=\"").append(o.experiment().id()).append("\"></a>\n\n");
            md.append("## ")
                    .append(i)
                    .append(". ")
                    .append(o.experiment().title())
                    .append("\n\n");
            if (o.ok()) {
                md.append(o.section().markdown().strip()).append('\n');
            } else {
                md.append("**This experiment failed** after ")
                        .append(String.format(
                                java.util.Locale.ROOT, "%.1f", o.elapsed().toMillis() / 1000.0))
                        .append(" s, so this section has no results: `")
                        .append(o.failure().replace("`", "'"))
                        .append("`\n");
                if (o.trace() != null) {
                    md.append("\n```\n").append(o.trace()).append("\n```\n");
                }
            }
        }
        return md.toString();
    }
}
