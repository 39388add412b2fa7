package dev.sluice.cli;

import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.cli.orders.OrdersRuntime;
import dev.sluice.platform.delay.DelayScheduler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Starts the embedded infrastructure (or connects to the external one), the platform services and
 * the applications' services (orders: API, processor, notifier),
 * prints where everything is, and runs until Ctrl-C, then stops everything cleanly.
 */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start the stack and the services; Ctrl-C stops them.")
public final class UpCommand implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Override
  public Integer call() throws Exception {
    var config = stack.load();
    System.err.println("sluice up: starting in " + config.workDir().toAbsolutePath() + " ...");
    Infrastructure infra = Infrastructure.start(config, stack.fresh());
    dev.sluice.platform.metrics.Metrics metrics = dev.sluice.platform.metrics.Metrics.create(config.metrics());
    PrometheusMeterRegistry meters = metrics.registry();
    DelayScheduler scheduler =
        new DelayScheduler(infra.kafkaClientProps(), infra.delayTiers(), DelayScheduler.Settings.of("sluice.delay.scheduler", hostName()), Clock.systemUTC(), meters).start();
    OrdersRuntime orders = OrdersRuntime.start(config, infra, Clock.systemUTC(), hostName() + "-" + config.http().port());
    Ops ops = Ops.start(config, infra, meters, scheduler, orders::routes);

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("\nsluice up: stopping ...");
      ops.close();
      orders.close();
      scheduler.close();
      infra.close();
      System.err.println("sluice up: stopped");
      stopped.countDown();
    }, "sluice-shutdown"));

    System.out.println("Sluice is up.");
    System.out.println("  Kafka bootstrap   " + infra.bootstrapServers());
    System.out.println("  PostgreSQL        " + infra.jdbcUrl());
    System.out.println("  Flink web UI      " + infra.flinkWebUi());
    System.out.println("  Orders API        " + ops.url() + "/orders   (SMTP " + orders.smtpDescription() + ")");
    System.out.println("  Health            " + ops.url() + "/health");
    System.out.println("  Ready             " + ops.url() + "/ready");
    System.out.println("  Metrics           " + ops.url() + "/metrics");
    System.out.println("  Delay tiers       " + infra.delayTiers());
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }

  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "local";
    }
  }
}
