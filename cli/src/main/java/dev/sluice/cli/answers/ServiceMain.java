package dev.sluice.cli.answers;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;

/** Runs one service until Ctrl-C, then closes what it started in reverse order. Wiring only. */
final class ServiceMain {
    private final String name;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    ServiceMain(String name) {
        this.name = name;
    }

    <T extends AutoCloseable> T add(T resource) {
        started.push(resource);
        return resource;
    }

    int awaitCtrlC(String... lines) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.err.println("\nsluice answers " + name + ": stopping ...");
                            while (!started.isEmpty()) {
                                try {
                                    started.pop().close();
                                } catch (Exception e) {
                                    System.err.println("  " + e);
                                }
                            }
                            stopped.countDown();
                        },
                        name + "-shutdown"));
        System.out.println("sluice answers " + name + " is running.");
        for (String line : lines) {
            System.out.println("  " + line);
        }
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
