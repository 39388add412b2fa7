package dev.sluice.answers.simulator;

import dev.sluice.answers.dataset.QaPair;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Question title → the community's best answer, so the simulator can answer near, partially or
 * off the mark in a way the scorer can measure. Titles match ignoring case and spacing.
 */
public final class ReferenceAnswers {
    public static final ReferenceAnswers NONE = new ReferenceAnswers(Map.of());

    private final Map<String, String> byTitle;

    private ReferenceAnswers(Map<String, String> byTitle) {
        this.byTitle = byTitle;
    }

    public static ReferenceAnswers of(Map<String, String> titleToAnswer) {
        Map<String, String> m = new HashMap<>();
        titleToAnswer.forEach((t, a) -> m.putIfAbsent(normalise(t), a));
        return new ReferenceAnswers(Map.copyOf(m));
    }

    public static ReferenceAnswers fromPairs(List<QaPair> pairs) {
        Map<String, String> m = new HashMap<>();
        pairs.forEach(p -> m.putIfAbsent(normalise(p.title()), p.bestAnswer()));
        return new ReferenceAnswers(Map.copyOf(m));
    }

    /**
     * The reference for a prompt. Clients send "title" or "title\n\ncontent", so the whole prompt is
     * tried first, then its first paragraph.
     */
    public Optional<String> forPrompt(String prompt) {
        String whole = byTitle.get(normalise(prompt));
        if (whole != null) {
            return Optional.of(whole);
        }
        int cut = prompt.indexOf("\n\n");
        return cut < 0 ? Optional.empty() : Optional.ofNullable(byTitle.get(normalise(prompt.substring(0, cut))));
    }

    public int size() {
        return byTitle.size();
    }

    static String normalise(String title) {
        return title.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
