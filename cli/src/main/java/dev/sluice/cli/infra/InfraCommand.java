package dev.sluice.cli.infra;

import dev.sluice.platform.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice infra postgres|smtp}: one piece of infrastructure as a process of its own, in the
 * foreground until SIGTERM. {@code sluice cluster} runs them; they are the same embedded servers a
 * single {@code sluice up} starts in its own JVM.
 */
@Command(
        name = "infra",
        mixinStandardHelpOptions = true,
        description = "Run PostgreSQL or an SMTP server as a process of its own (sluice cluster starts them).",
        subcommands = {InfraCommand.Postgres.class, SmtpServerCommand.class})
public final class InfraCommand {
    private InfraCommand() {}

    /** Blocks until the JVM is asked to stop, then runs {@code stop}. */
    static int untilStopped(String title, AutoCloseable server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.close();
                            } catch (Exception e) {
                                System.err.println(title + ": stopping failed: " + e);
                            }
                            System.err.println(title + ": stopped");
                            stopped.countDown();
                        },
                        "sluice-infra-shutdown"));
        stopped.await();
        return 0;
    }

    @Command(
            name = "postgres",
            mixinStandardHelpOptions = true,
            description = "PostgreSQL on its data dir (initdb on first start); stops with this process.")
    static final class Postgres implements Callable<Integer> {
        @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "the server's data dir")
        Path dataDir;

        @Option(names = "--port", required = true, description = "the server's port")
        int port;

        @Override
        public Integer call() throws Exception {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .dataDir(dataDir.toAbsolutePath())
                    .port(port)
                    .build()
                    .start();
            System.out.println("sluice infra postgres is running: " + postgres.jdbcUrl() + " (user "
                    + postgres.username() + ", data " + postgres.dataDir() + ")");
            return untilStopped("sluice infra postgres", postgres);
        }
    }
}
