package dev.sluice.cli;

import dev.sluice.answers.bench.CreditedHttpLoad;
import dev.sluice.answers.bench.LoadProcess;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.loadgen.HttpTarget;
import dev.sluice.platform.config.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice bench http-load}: the pipeline bench's HTTP load generator in its own JVM, started
 * by {@code bench pipeline --http-load process|both} ({@link #launch}); it reads {@code allow N} /
 * {@code stop} on standard input and ends with {@code sent S failed F} on standard output (see
 * {@link CreditedHttpLoad}). Not meant to be run by hand.
 */
@Command(
        name = "http-load",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "The pipeline bench's HTTP load in its own process (started by bench pipeline).")
final class BenchHttpLoadCommand implements Callable<Integer> {
    /** The parent hands the gateway's API key over in the environment, never on the command line. */
    static final String API_KEY_ENV = "SLUICE_BENCH_API_KEY";

    @Option(names = "--url", required = true, description = "the gateway's base URL")
    URI url;

    @Option(names = "--run", required = true, description = "the run id the questions' ids start with")
    String run;

    @Option(names = "--batch", defaultValue = "1", description = "questions per POST")
    int batch;

    @Option(names = "--concurrency", defaultValue = "256", description = "most POSTs in flight")
    int concurrency;

    @Override
    public Integer call() throws Exception {
        Optional<Secret> key = Optional.ofNullable(System.getenv(API_KEY_ENV))
                .filter(k -> !k.isBlank())
                .map(Secret::of);
        CreditedHttpLoad load = new CreditedHttpLoad(
                new HttpTarget(url, Duration.ofSeconds(30), key),
                SampleDataset.pairs(SampleDataset.maxSize(), SampleDataset.DEFAULT_SEED),
                run,
                batch,
                concurrency);
        CreditedHttpLoad.Result result =
                load.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        System.out.println(result.line());
        System.out.flush();
        return 0;
    }

    /** Starts this command in a new JVM on this JVM's class path, against {@code gateway}. */
    static LoadProcess launch(URI gateway, String run, int batch, Optional<Secret> apiKey) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "bench",
                "http-load",
                "--url",
                gateway.toString(),
                "--run",
                run,
                "--batch",
                String.valueOf(batch)));
        return LoadProcess.start(
                command, apiKey.map(k -> Map.of(API_KEY_ENV, k.reveal())).orElse(Map.of()));
    }
}
