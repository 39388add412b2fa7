package dev.sluice.cli.orders;

import dev.sluice.cli.StackOptions;
import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.http.ReadinessCheck;
import dev.sluice.platform.metrics.Metrics;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sluice orders serve}: the orders API ({@code POST /orders}, {@code GET /orders/{id}}),
 * processor and notifier on {@code http.port}, with the platform's delay scheduler, until Ctrl-C.
 * Wiring only. Several processes can run side by side against the same Kafka and PostgreSQL
 * (give each its own {@code http.port}); instance ids come from the host name and the port.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve the orders API and run the processor and notifier until Ctrl-C.")
final class OrdersServeCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Override
    public Integer call() throws Exception {
        var config = stack.load();
        Infrastructure infra = Infrastructure.start(config, stack.fresh());
        Metrics metrics = Metrics.create(config.metrics());
        String instance =
                dev.sluice.cli.UpCommand.hostName() + "-" + config.http().port();
        Clock clock = Clock.systemUTC();
        DelayScheduler scheduler = new DelayScheduler(
                        infra.kafkaClientProps(),
                        infra.delayTiers(),
                        DelayScheduler.Settings.of("sluice.delay.scheduler", instance),
                        clock,
                        metrics.registry())
                .start();
        OrdersRuntime orders = OrdersRuntime.start(config, infra, clock, instance);
        List<ReadinessCheck> checks = List.of(
                ReadinessCheck.kafka(infra.bootstrapServers(), config.kafka().properties(), Duration.ofSeconds(2)),
                ReadinessCheck.database(infra.database().dataSource(), Duration.ofSeconds(2)));
        Javalin app = HttpApp.create(config.http(), metrics.registry(), checks, orders::routes)
                .start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.err.println("\nsluice orders serve: stopping ...");
                            app.stop();
                            orders.close();
                            scheduler.close();
                            metrics.close();
                            infra.close();
                            stopped.countDown();
                        },
                        "orders-shutdown"));

        System.out.println("Sluice orders is up.");
        System.out.println("  Orders API        http://localhost:" + app.port() + "/orders");
        System.out.println("  Kafka bootstrap   " + infra.bootstrapServers());
        System.out.println("  PostgreSQL        " + infra.jdbcUrl());
        System.out.println("  SMTP              " + orders.smtpDescription());
        System.out.println("  State delays      " + orders.settings().delays());
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
