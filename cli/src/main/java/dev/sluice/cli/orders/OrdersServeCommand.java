package dev.sluice.cli.orders;

import dev.sluice.cli.StackOptions;
import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.orders.OrdersSettings;
import dev.sluice.orders.OrdersSystem;
import dev.sluice.orders.notify.EmbeddedSmtp;
import dev.sluice.orders.notify.SmtpMailer;
import dev.sluice.orders.notify.SmtpSettings;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.http.ReadinessCheck;
import dev.sluice.platform.metrics.Metrics;
import io.javalin.Javalin;
import java.net.InetAddress;
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
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the orders API and run the processor and notifier until Ctrl-C.")
final class OrdersServeCommand implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Override
  public Integer call() throws Exception {
    var config = stack.load();
    OrdersSettings settings = OrdersSettings.from(config, System.getenv());
    Infrastructure infra = Infrastructure.start(config, stack.fresh());
    Metrics metrics = Metrics.create(config.metrics());
    EmbeddedSmtp smtp = settings.smtp().embedded() ? new EmbeddedSmtp(0).start() : null;
    SmtpSettings smtpSettings = smtp == null ? settings.smtp()
        : new SmtpSettings(smtp.host(), smtp.port(), false, "", null, settings.smtp().from());
    String instance = hostName() + "-" + config.http().port();
    Clock clock = Clock.systemUTC();
    DelayScheduler scheduler = new DelayScheduler(infra.kafkaClientProps(), infra.delayTiers(),
        DelayScheduler.Settings.of("sluice.delay.scheduler", instance), clock, metrics.registry()).start();
    SmtpMailer mailer = new SmtpMailer(smtpSettings);
    OrdersSystem system = OrdersSystem.start(infra.clients(), infra.database().dataSource(), settings, mailer,
        infra.delayTiers(), clock, instance);
    List<ReadinessCheck> checks = List.of(
        ReadinessCheck.kafka(infra.bootstrapServers(), config.kafka().properties(), Duration.ofSeconds(2)),
        ReadinessCheck.database(infra.database().dataSource(), Duration.ofSeconds(2)));
    Javalin app = HttpApp.create(config.http(), metrics.registry(), checks, system::routes).start();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("\nsluice orders serve: stopping ...");
      app.stop();
      system.close();
      mailer.close();
      scheduler.close();
      if (smtp != null) {
        System.err.println("  the embedded SMTP server received " + smtp.received().size() + " e-mails");
        smtp.close();
      }
      metrics.close();
      infra.close();
      stopped.countDown();
    }, "orders-shutdown"));

    System.out.println("Sluice orders is up.");
    System.out.println("  Orders API        http://localhost:" + app.port() + "/orders");
    System.out.println("  Kafka bootstrap   " + infra.bootstrapServers());
    System.out.println("  PostgreSQL        " + infra.jdbcUrl());
    System.out.println("  SMTP              " + smtpSettings.host() + ":" + smtpSettings.port() + (smtp != null ? " (embedded GreenMail)" : ""));
    System.out.println("  State delays      " + settings.delays());
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "local";
    }
  }
}
