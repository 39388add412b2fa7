package dev.sluice.answers.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * The demo's default dataset: question/answer pairs generated from {@link SampleTopics}'s word
 * lists, so the project ships data it wrote itself rather than third-party text. Seeded: the same
 * seed gives byte-identical files. Written in the Kaggle layout (no header; class, title, content,
 * best answer; newlines as {@code \n}; some answers quote, use commas and span paragraphs) so the
 * demo exercises the same loader as the real dataset.
 */
public final class SampleDataset {
    public static final int DEFAULT_SIZE = 320;
    public static final long DEFAULT_SEED = 42L;
    public static final String FILE_NAME = "sample-yahoo-answers.csv";

    private static final CSVFormat KAGGLE_OUT =
            CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL).get();

    private SampleDataset() {}

    /** The largest sample: every topic × subject × question template once. */
    public static int maxSize() {
        return SampleTopics.ALL.stream().mapToInt(t -> t.subjects().size()).sum() * SampleTopics.QUESTIONS.size();
    }

    /** {@code count} distinct pairs, deterministic for a seed. */
    public static List<QaPair> pairs(int count, long seed) {
        if (count < 1 || count > maxSize()) {
            throw new IllegalArgumentException("sample size must be 1.." + maxSize() + ", was " + count);
        }
        List<int[]> combos = new ArrayList<>();
        for (int t = 0; t < SampleTopics.ALL.size(); t++) {
            for (int s = 0; s < SampleTopics.ALL.get(t).subjects().size(); s++) {
                for (int q = 0; q < SampleTopics.QUESTIONS.size(); q++) {
                    combos.add(new int[] {t, s, q});
                }
            }
        }
        Random random = new Random(seed);
        java.util.Collections.shuffle(combos, random);
        List<QaPair> out = new ArrayList<>(count);
        for (int[] c : combos.subList(0, count)) {
            out.add(pair(c[0], c[1], c[2], random));
        }
        return out;
    }

    /** Writes the sample to {@code file} in the Kaggle layout and returns the file. */
    public static Path write(Path file, int count, long seed) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                    CSVPrinter printer = new CSVPrinter(out, KAGGLE_OUT)) {
                for (QaPair p : pairs(count, seed)) {
                    printer.printRecord(p.category(), kaggle(p.title()), kaggle(p.content()), kaggle(p.bestAnswer()));
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sample dataset to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The demo default: {@value #FILE_NAME} under {@code dir}, written on first use. */
    public static Path ensureDefault(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        return Files.isRegularFile(file) ? file : write(file, DEFAULT_SIZE, DEFAULT_SEED);
    }

    private static QaPair pair(int t, int s, int q, Random random) {
        SampleTopics.Topic topic = SampleTopics.ALL.get(t);
        String subject = topic.subjects().get(s);
        String title = String.format(SampleTopics.QUESTIONS.get(q), subject);
        String content = random.nextInt(3) == 0
                ? ""
                : "I have read a few things about " + subject + " but I am still confused, any help?";
        String fact = pick(topic.facts(), random);
        String tip = pick(topic.tips(), random);
        String other = pick(topic.tips(), random);
        StringBuilder answer = new StringBuilder()
                .append("With ")
                .append(subject)
                .append(", ")
                .append(fact)
                .append(". ")
                .append("My advice: ")
                .append(tip);
        if (!other.equals(tip)) {
            answer.append(", and ").append(other);
        }
        answer.append('.');
        if (random.nextInt(4) == 0) {
            answer.append("\n\nAs my teacher used to say, \"").append(fact).append("\".");
        }
        return new QaPair(
                RowCollector.derivedId(title, content, answer.toString()),
                title,
                content,
                answer.toString(),
                Integer.toString(t + 1));
    }

    private static String pick(List<String> items, Random random) {
        return items.get(random.nextInt(items.size()));
    }

    private static String kaggle(String text) {
        return text.replace("\n", "\\n");
    }
}
