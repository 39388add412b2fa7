package dev.sluice.cli.cluster;

import java.util.List;
import java.util.Map;

/**
 * One process of the cluster as {@link ClusterLayout} plans it: its name ({@code broker-0},
 * {@code worker-2}, ...), role, the command that starts it, the ports it listens on, how to tell it
 * is ready, and the start phase (everything of phase n is ready before phase n+1 starts).
 *
 * @param readyUrl a URL answering 200 once the process serves, or null for {@code readyPort}
 * @param readyPort a TCP port accepting connections once the process serves (when no URL)
 */
public record Member(
        String name,
        String role,
        int phase,
        List<String> command,
        Map<String, String> environment,
        Map<String, Integer> ports,
        String readyUrl,
        int readyPort) {

    /** {@code worker#2} and {@code worker-2} both name the second worker; {@code broker#0}, {@code broker-0} the first broker. */
    boolean answersTo(String selector) {
        String s = selector.replace('#', '-');
        return name.equals(s) || (role.equals(s) && !name.matches(".*-\\d+$"));
    }
}
