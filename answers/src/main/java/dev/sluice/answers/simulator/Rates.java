package dev.sluice.answers.simulator;

final class Rates {
    private Rates() {}

    static void check(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability between 0 and 1, was " + value);
        }
    }
}
