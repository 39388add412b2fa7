package dev.sluice.orders;

import dev.sluice.orders.process.Processor;
import dev.sluice.orders.process.StateDelays;
import dev.sluice.orders.process.StateMachine;
import dev.sluice.platform.delay.DelayTiers;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.test.ChildJvm;
import java.time.Clock;
import java.time.Duration;

/** A processor in its own JVM, so a test can kill it with SIGKILL mid-transaction. Args: bootstrap, instance id, delay ms. */
public final class ProcessorChild {
    public static void main(String[] args) throws Exception {
        Clock clock = Clock.systemUTC();
        Processor processor = new Processor(
                KafkaClients.forBootstrap(args[0]),
                new StateMachine(StateDelays.uniform(Duration.ofMillis(Long.parseLong(args[2]))), clock),
                new DelayedRecords(DelayTiers.defaults(), clock),
                args[1]);
        processor.start();
        ChildJvm.signalReady();
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
