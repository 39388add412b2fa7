package dev.sluice.cli.report;

import dev.sluice.answers.AnswersSystem;
import dev.sluice.answers.LlmChoice;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.scoring.ScorerKind;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.Stack;
import dev.sluice.cli.answers.LlmOptions;
import dev.sluice.platform.config.ConfigLoader;
import dev.sluice.platform.config.SluiceConfig;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded answers pipeline with its gateway, as the report's pipeline experiments run it
 * ({@link SyncAsyncExperiment}, {@link TimeBreakdownExperiment}): ports chosen by the system, the
 * checkpoint interval pinned ({@link SyncAsyncExperiment#PINNED_CHECKPOINT_INTERVAL}), the token-F1
 * scorer, the simulator with the experiment's settings, request logs quiet.
 */
final class ReportStack {
    private ReportStack() {}

    /** At most the first 5,000 pairs: enough distinct questions for any step, fewer to hold. */
    static List<QaPair> pool(StorageData data) {
        return data.pairs().size() > 5000 ? data.pairs().subList(0, 5000) : data.pairs();
    }

    static LlmChoice.Simulator choice(SimulatorSettings llm, List<QaPair> pool, int inFlightPerWorker) {
        return (LlmChoice.Simulator) LlmOptions.simulator(inFlightPerWorker).choice(llm, pool);
    }

    static SluiceConfig config(Path work) {
        return ConfigLoader.load(
                Optional.empty(),
                Map.of(), // the report is the same whatever the environment says
                Map.of(
                        "work-dir",
                        work.toString(),
                        "http.port",
                        "0",
                        "flink.rest-port",
                        "0",
                        "flink.checkpoint-interval",
                        SyncAsyncExperiment.PINNED_CHECKPOINT_INTERVAL));
    }

    static Stack start(SluiceConfig config, String instance, LlmChoice.Simulator choice, int workers) throws Exception {
        EnumSet<AnswersSystem.Part> parts = EnumSet.copyOf(AnswersSystem.Part.pipeline());
        parts.add(AnswersSystem.Part.GATEWAY);
        return Stack.builder(config)
                .instance(instance)
                .answers(new AnswersSystem.Run(parts, instance, workers, choice))
                .answersSettings(s -> s.withScoring(s.scoring().withScorer(ScorerKind.TOKEN_F1)))
                .http(0)
                .quietRequests()
                .start();
    }
}
