package dev.sluice.orders;

import dev.sluice.orders.api.KafkaOrderPublisher;
import dev.sluice.orders.api.RequestRoutes;
import dev.sluice.orders.api.SequenceOrderIds;
import dev.sluice.orders.notify.LookupRoutes;
import dev.sluice.orders.notify.Mailer;
import dev.sluice.orders.notify.NotificationStore;
import dev.sluice.orders.notify.Notifier;
import dev.sluice.orders.process.Processor;
import dev.sluice.orders.process.StateMachine;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.delay.DelayTiers;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.kafka.Topics;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;

/**
 * Wiring only: the three orders services of one process (request API routes, processor, notifier
 * and its lookup route) on the clients it is given. Each service can also be built alone from its
 * own class; this is the all-in-one shape the CLI and the end-to-end test use. The delay
 * scheduler is the platform's and is started by the caller.
 */
public final class OrdersSystem implements AutoCloseable {
  private final Processor processor;
  private final Notifier notifier;
  private final KafkaOrderPublisher publisher;
  private final RequestRoutes requests;
  private final LookupRoutes lookups;
  private final NotificationStore store;

  private OrdersSystem(Processor processor, Notifier notifier, KafkaOrderPublisher publisher, RequestRoutes requests,
      LookupRoutes lookups, NotificationStore store) {
    this.processor = processor;
    this.notifier = notifier;
    this.publisher = publisher;
    this.requests = requests;
    this.lookups = lookups;
    this.store = store;
  }

  /** Creates the topics and tables if missing, then starts the processor and the notifier. */
  public static OrdersSystem start(KafkaClients clients, DataSource dataSource, OrdersSettings settings, Mailer mailer,
      DelayTiers tiers, Clock clock, String instanceId) {
    try (Admin admin = clients.admin()) {
      Topics.ensure(admin, settings.topics().specs());
    }
    Migrations.apply(dataSource, "orders");
    NotificationStore store = new NotificationStore(dataSource);
    Processor processor = new Processor(clients, new StateMachine(settings.delays(), clock), new DelayedRecords(tiers, clock), instanceId);
    Notifier notifier = new Notifier(clients, store, mailer, instanceId);
    KafkaOrderPublisher publisher = new KafkaOrderPublisher(clients, Duration.ofSeconds(10));
    processor.start();
    notifier.start();
    return new OrdersSystem(processor, notifier, publisher, new RequestRoutes(new SequenceOrderIds(dataSource), publisher),
        new LookupRoutes(store), store);
  }

  /** {@code POST /orders} and {@code GET /orders/{id}}. */
  public void routes(RoutesConfig routes) {
    requests.register(routes);
    lookups.register(routes);
  }

  public Processor processor() {
    return processor;
  }

  public Notifier notifier() {
    return notifier;
  }

  public NotificationStore store() {
    return store;
  }

  @Override
  public void close() {
    notifier.stop();
    processor.stop();
    publisher.close();
  }
}
