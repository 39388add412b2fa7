package dev.sluice.cli.answers;

import dev.sluice.answers.AnswersSystem;
import dev.sluice.answers.AnswersSystem.Part;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.simulator.LlmSimulator;
import dev.sluice.answers.simulator.ReferenceAnswers;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.Stack;
import dev.sluice.cli.StackOptions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice answers <service>}: each answers service alone, against the configured (embedded or
 * external) Kafka, PostgreSQL and Flink, so several processes or machines can share the work. Each is
 * the same {@link Stack} as {@code sluice up} with one part of the {@link AnswersSystem} and an HTTP
 * app (on {@code http.port}) for /ready and /metrics.
 */
@Command(
        name = "answers",
        mixinStandardHelpOptions = true,
        description = "Run one answers service until Ctrl-C.",
        subcommands = {
            AnswersDemoCommand.class,
            AnswersLoad.class,
            AnswersCommand.Worker.class,
            AnswersCommand.Gateway.class,
            AnswersCommand.Scheduler.class,
            AnswersCommand.Scoring.class,
            AnswersCommand.Storage.class,
            AnswersCommand.Simulator.class
        })
public final class AnswersCommand {

    /** The reference answers the simulator draws its answers from: the built-in sample. */
    static List<QaPair> sample() {
        return SampleDataset.pairs(SampleDataset.maxSize(), SampleDataset.DEFAULT_SEED);
    }

    /** One part of the answers system in a stack of its own, in the foreground until Ctrl-C. */
    abstract static class Service implements Callable<Integer> {
        @Mixin
        StackOptions stack;

        abstract Set<Part> parts();

        LlmOptions llm() {
            return new LlmOptions();
        }

        String instance() {
            return Stack.hostName();
        }

        int workers() {
            return 1;
        }

        abstract String[] describe(Stack running);

        @Override
        public Integer call() throws Exception {
            var config = stack.load();
            var run = new AnswersSystem.Run(
                    parts(), instance(), workers(), llm().choice(SimulatorSettings.demo(42), sample()));
            Stack running = stack.builder(config).answers(run).http().start();
            String name = parts().iterator().next().name().toLowerCase(java.util.Locale.ROOT);
            List<String> lines = new java.util.ArrayList<>(List.of(describe(running)));
            lines.add("Kafka " + running.infra().bootstrapServers());
            lines.add("Ready " + running.url() + "/ready");
            return running.foreground("sluice answers " + name, lines.toArray(String[]::new));
        }
    }

    @Command(
            name = "worker",
            mixinStandardHelpOptions = true,
            description = "An LLM worker: questions.pending → LLM → answers.generated, retry topics or the DLQ. "
                    + "--llm sim starts the built-in LLM simulator in this process.")
    static final class Worker extends Service {
        @Mixin
        LlmOptions llm;

        @Option(
                names = "--instance",
                description = "instance id, stable across restarts of this worker (a restarted worker then aborts its "
                        + "predecessor's open transaction); default: host name")
        String instance;

        @Option(
                names = "--workers",
                defaultValue = "1",
                description = "worker instances in this process (default: ${DEFAULT-VALUE})")
        int workers;

        @Override
        Set<Part> parts() {
            return Set.of(Part.WORKERS);
        }

        @Override
        LlmOptions llm() {
            return llm;
        }

        @Override
        String instance() {
            return instance != null ? instance : Stack.hostName();
        }

        @Override
        int workers() {
            return workers;
        }

        @Override
        String[] describe(Stack running) {
            return new String[] {"LLM " + running.answers().llmDescription()};
        }
    }

    @Command(
            name = "gateway",
            mixinStandardHelpOptions = true,
            description = "POST /api/questions, GET /api/questions/{id}: cache → database → questions.pending.")
    static final class Gateway extends Service {
        @Override
        Set<Part> parts() {
            return Set.of(Part.GATEWAY);
        }

        @Override
        String[] describe(Stack running) {
            return new String[] {"API  " + running.url() + "/api/questions"};
        }
    }

    @Command(
            name = "scheduler",
            mixinStandardHelpOptions = true,
            description = "Delay schedulers for the overload and quota retry topics.")
    static final class Scheduler extends Service {
        @Override
        Set<Part> parts() {
            return Set.of(Part.SCHEDULERS);
        }

        @Override
        String[] describe(Stack running) {
            return new String[] {
                "overload retries " + AnswersTopics.OVERLOAD_RETRY, "quota retries    " + AnswersTopics.QUOTA_RETRY
            };
        }
    }

    @Command(
            name = "scoring",
            mixinStandardHelpOptions = true,
            description =
                    "Submit the Flink scoring job (embedded MiniCluster or --flink host:port) and keep it running.")
    static final class Scoring extends Service {
        @Override
        Set<Part> parts() {
            return Set.of(Part.SCORING);
        }

        @Override
        String[] describe(Stack running) {
            var answers = running.answers();
            return new String[] {
                "job " + answers.job().getJobID() + " on " + running.infra().flinkWebUi(),
                "threshold " + answers.scoring().threshold() + ", max attempts "
                        + answers.scoring().maxAttempts(),
                answers.restoredFrom() != null ? "restored from " + answers.restoredFrom() : "started empty"
            };
        }
    }

    @Command(
            name = "storage",
            mixinStandardHelpOptions = true,
            description = "Write answers.validated, answers.scored and questions.dlq into PostgreSQL, idempotently.")
    static final class Storage extends Service {
        @Override
        Set<Part> parts() {
            return Set.of(Part.STORAGE);
        }

        @Override
        String[] describe(Stack running) {
            return new String[] {"PostgreSQL " + running.infra().jdbcUrl()};
        }
    }

    @Command(
            name = "simulator",
            mixinStandardHelpOptions = true,
            description = "The LLM simulator: OpenAI and Ollama HTTP APIs with overload, quota and errors, answering "
                    + "from the sample dataset. A simulator, not a model.")
    static final class Simulator implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "11434", description = "port (default: ${DEFAULT-VALUE}, Ollama's)")
        int port;

        @Option(names = "--seed", defaultValue = "42")
        long seed;

        @Override
        public Integer call() throws Exception {
            LlmSimulator sim = new LlmSimulator(
                            SimulatorSettings.demo(seed).withPort(port), ReferenceAnswers.fromPairs(sample()))
                    .start();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                sim.close();
                stopped.countDown();
            }));
            System.out.println("sluice answers simulator is running: LLM SIMULATOR at " + sim.baseUrl()
                    + " (OpenAI /v1/chat/completions, Ollama /api/chat). Press Ctrl-C to stop.");
            stopped.await();
            return 0;
        }
    }
}
