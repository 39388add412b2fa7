package dev.sluice.answers.regeneration;

import dev.sluice.platform.config.ConfigException;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The regeneration policy's knobs ({@code answers.regeneration.*}, docs/configuration.md). The
 * scoring job reads {@link #nearIdentical} and {@link #budget}; the LLM workers read the prompt's
 * {@link #previousAnswerChars} and the temperature settings.
 *
 * @param nearIdentical a regeneration whose word-set Jaccard similarity with the answer before it is
 *     at or above this bound (or whose normalised text equals it) ends the loop: see {@link NearIdentical}.
 *     In [0, 1]; {@link #OFF} never stops early
 * @param budget regenerations the scoring job may ask for over its state's lifetime (a run), or
 *     {@link #UNLIMITED}; once spent, low scorers are stored as they are
 * @param temperatureStep 0 sends no temperature (each provider's own default, as a first attempt);
 *     above 0, attempt {@code a >= 2} sends {@code baseTemperature + temperatureStep * (a - 1)}, at
 *     most {@link #MAX_TEMPERATURE}
 * @param baseTemperature see {@code temperatureStep}; 1.0 is OpenAI's and Gemini's default
 * @param previousAnswerChars the previous answer is cut to this many characters in the prompt; 0
 *     leaves it out (the prompt still says the previous answer was off the mark)
 */
public record RegenerationSettings(
        double nearIdentical, long budget, double temperatureStep, double baseTemperature, int previousAnswerChars)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String PREFIX = "answers.regeneration.";
    public static final String NEAR_IDENTICAL_KEY = "answers.regeneration.near-identical";
    public static final String BUDGET_KEY = "answers.regeneration.budget";
    public static final String TEMPERATURE_STEP_KEY = "answers.regeneration.temperature-step";
    public static final String BASE_TEMPERATURE_KEY = "answers.regeneration.base-temperature";
    public static final String PREVIOUS_ANSWER_CHARS_KEY = "answers.regeneration.previous-answer-chars";
    private static final List<String> KEYS = List.of(
            NEAR_IDENTICAL_KEY, BUDGET_KEY, TEMPERATURE_STEP_KEY, BASE_TEMPERATURE_KEY, PREVIOUS_ANSWER_CHARS_KEY);

    /** {@code nearIdentical} that never stops the loop early. */
    public static final double OFF = 2.0;

    public static final long UNLIMITED = -1;
    /** The highest temperature OpenAI and Gemini accept. */
    public static final double MAX_TEMPERATURE = 2.0;

    public static final double DEFAULT_NEAR_IDENTICAL = 0.8;
    public static final int DEFAULT_PREVIOUS_ANSWER_CHARS = 600;
    public static final RegenerationSettings DEFAULTS =
            new RegenerationSettings(DEFAULT_NEAR_IDENTICAL, UNLIMITED, 0, 1.0, DEFAULT_PREVIOUS_ANSWER_CHARS);

    public RegenerationSettings {
        if (!(nearIdentical >= 0 && nearIdentical <= 1) && nearIdentical != OFF) {
            throw new IllegalArgumentException(
                    NEAR_IDENTICAL_KEY + ": must be within [0, 1] or off, was " + nearIdentical + " (e.g. 0.8)");
        }
        if (budget < 0 && budget != UNLIMITED) {
            throw new IllegalArgumentException(
                    BUDGET_KEY + ": must be a whole number >= 0 or unlimited, was " + budget + " (e.g. 500)");
        }
        if (!(temperatureStep >= 0 && temperatureStep <= MAX_TEMPERATURE)) {
            throw new IllegalArgumentException(TEMPERATURE_STEP_KEY + ": must be within [0, " + MAX_TEMPERATURE
                    + "] (0 = send no temperature), was " + temperatureStep + " (e.g. 0.2)");
        }
        if (!(baseTemperature >= 0 && baseTemperature <= MAX_TEMPERATURE)) {
            throw new IllegalArgumentException(BASE_TEMPERATURE_KEY + ": must be within [0, " + MAX_TEMPERATURE
                    + "], was " + baseTemperature + " (e.g. 1.0)");
        }
        if (previousAnswerChars < 0) {
            throw new IllegalArgumentException(
                    PREVIOUS_ANSWER_CHARS_KEY + ": must be 0 (leave the previous answer out) or more, was "
                            + previousAnswerChars + " (e.g. 600)");
        }
    }

    /** From the {@code answers.regeneration.*} keys; unknown keys under the prefix are refused. */
    public static RegenerationSettings fromConfig(Map<String, String> extra) {
        Objects.requireNonNull(extra, "extra");
        for (String key : extra.keySet()) {
            if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
                throw new ConfigException(key + ": unknown key; the regeneration keys are " + String.join(", ", KEYS));
            }
        }
        try {
            String near = extra.get(NEAR_IDENTICAL_KEY);
            String budget = extra.get(BUDGET_KEY);
            return new RegenerationSettings(
                    near == null
                            ? DEFAULTS.nearIdentical
                            : isWord(near, "off") ? OFF : number(NEAR_IDENTICAL_KEY, near),
                    budget == null || isWord(budget, "unlimited") ? UNLIMITED : whole(BUDGET_KEY, budget),
                    number(TEMPERATURE_STEP_KEY, extra.getOrDefault(TEMPERATURE_STEP_KEY, "0")),
                    number(BASE_TEMPERATURE_KEY, extra.getOrDefault(BASE_TEMPERATURE_KEY, "1.0")),
                    (int) whole(
                            PREVIOUS_ANSWER_CHARS_KEY,
                            extra.getOrDefault(
                                    PREVIOUS_ANSWER_CHARS_KEY, String.valueOf(DEFAULT_PREVIOUS_ANSWER_CHARS))));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    public RegenerationSettings withNearIdentical(double value) {
        return new RegenerationSettings(value, budget, temperatureStep, baseTemperature, previousAnswerChars);
    }

    public RegenerationSettings withBudget(long value) {
        return new RegenerationSettings(nearIdentical, value, temperatureStep, baseTemperature, previousAnswerChars);
    }

    public RegenerationSettings withTemperature(double step, double base) {
        return new RegenerationSettings(nearIdentical, budget, step, base, previousAnswerChars);
    }

    public boolean limited() {
        return budget != UNLIMITED;
    }

    /** Whether {@code answer} repeats {@code previous} closely enough to end the loop. */
    public boolean repeats(String previous, String answer) {
        return nearIdentical != OFF && NearIdentical.test(previous, answer, nearIdentical);
    }

    /** The temperature to send with {@code attempt}, or null to send none (a first attempt, or the step is 0). */
    public Double temperatureFor(int attempt) {
        if (attempt <= 1 || temperatureStep == 0) {
            return null;
        }
        double t = Math.min(MAX_TEMPERATURE, baseTemperature + temperatureStep * (attempt - 1));
        return Math.round(t * 100) / 100.0; // 1.2, not 1.2000000000000002, in the request body
    }

    /** {@code previous} cut to {@link #previousAnswerChars} characters (an ellipsis marks a cut). */
    public String previousForPrompt(String previous) {
        if (previous == null || previousAnswerChars == 0) {
            return "";
        }
        String p = previous.strip();
        if (p.length() <= previousAnswerChars) {
            return p;
        }
        int end = previousAnswerChars;
        if (Character.isHighSurrogate(p.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return p.substring(0, end).stripTrailing() + " …";
    }

    private static boolean isWord(String value, String word) {
        return value.strip().toLowerCase(Locale.ROOT).equals(word);
    }

    private static double number(String key, String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a number");
        }
    }

    private static long whole(String key, String value) {
        try {
            return Long.parseLong(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a whole number");
        }
    }
}
