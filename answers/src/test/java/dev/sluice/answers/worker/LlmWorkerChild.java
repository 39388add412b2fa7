package dev.sluice.answers.worker;

import dev.sluice.answers.llm.LlmClients;
import dev.sluice.answers.llm.LlmProvider;
import dev.sluice.answers.llm.LlmSettings;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.platform.test.ChildJvm;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** An LLM worker in its own JVM, so a test can kill it with SIGKILL mid-call or mid-transaction. */
public final class LlmWorkerChild {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        URI llm = URI.create(args[1]);
        LlmWorker.Settings settings = LlmWorkerITCase.childSettings(args[2]);
        new LlmWorker(
                        LlmWorkerITCase.childClients(bootstrap),
                        LlmClients.create(LlmSettings.local(
                                LlmProvider.SIMULATOR, llm, SimulatorSettings.MODEL, Duration.ofSeconds(5))),
                        settings,
                        Clock.systemUTC(),
                        new SimpleMeterRegistry())
                .start();
        ChildJvm.signalReady();
        new CountDownLatch(1).await(); // runs until killed
    }
}
