package dev.sluice.answers.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the simulator's answer text from the reference: near reuses most of its words (a rough
 * paraphrase: a few dropped, a few neighbours swapped, an opener added), partial keeps a window
 * of about a third, off-topic talks about something else. Token-overlap scores therefore land
 * high, middling and near zero respectively.
 */
final class AnswerWriter {
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    private static final List<String> OPENERS = List.of("Well,", "In short,", "From what I know,", "Good question:");
    private static final List<String> FILLER =
            List.of("it", "depends", "on", "the", "situation", "really", "so", "check", "first", "and", "see");
    private static final List<String> OFF_TOPIC = List.of(
            "Penguins huddle together to keep warm through the long polar winter.",
            "A good sourdough starter needs flour, water and a few days of patience.",
            "The tallest lighthouses were built to be seen from far out at sea.",
            "Many board games were first played with pebbles scratched on stone.",
            "Bamboo can grow surprisingly fast on a warm, wet summer day.");

    private AnswerWriter() {}

    static String write(QualityModel.Kind kind, String reference, String prompt, SplittableRandom random) {
        String[] words = SPACES.split(reference == null ? "" : reference.strip());
        if (reference == null || reference.isBlank()) {
            // No reference: echo the question's words so the answer is at least on its subject.
            return kind == QualityModel.Kind.OFF_TOPIC
                    ? offTopic(random)
                    : "Simulated answer about " + prompt.strip().split("\n", 2)[0];
        }
        return switch (kind) {
            case NEAR -> near(words, random);
            case PARTIAL -> partial(words, random);
            case OFF_TOPIC -> offTopic(random);
        };
    }

    private static String near(String[] words, SplittableRandom random) {
        List<String> out = new ArrayList<>(words.length + 2);
        out.add(OPENERS.get(random.nextInt(OPENERS.size())));
        for (String w : words) {
            if (words.length < 5 || random.nextDouble() >= 0.08) {
                out.add(w);
            }
        }
        for (int i = 2; i < out.size(); i++) {
            if (random.nextDouble() < 0.05) {
                String t = out.get(i);
                out.set(i, out.get(i - 1));
                out.set(i - 1, t);
            }
        }
        return String.join(" ", out);
    }

    private static String partial(String[] words, SplittableRandom random) {
        int keep = Math.max(1, (int) Math.round(words.length * 0.35));
        int start = words.length == keep ? 0 : random.nextInt(words.length - keep + 1);
        List<String> out = new ArrayList<>(Arrays.asList(words).subList(start, start + keep));
        int filler = Math.max(2, keep / 2);
        for (int i = 0; i < filler; i++) {
            out.add(FILLER.get(random.nextInt(FILLER.size())));
        }
        return String.join(" ", out);
    }

    private static String offTopic(SplittableRandom random) {
        return OFF_TOPIC.get(random.nextInt(OFF_TOPIC.size())) + " " + OFF_TOPIC.get(random.nextInt(OFF_TOPIC.size()));
    }
}
