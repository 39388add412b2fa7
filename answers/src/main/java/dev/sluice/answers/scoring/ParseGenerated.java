package dev.sluice.answers.scoring;

import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.kafka.Parsed;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Reads {@code answers.generated} values into {@link GeneratedAnswer}s. A record that is not valid
 * JSON, or that the message's constructor rejects, goes to {@link DeadLetters#TAG} with the reason
 * and its origin; it never fails the job, which would otherwise restart into the same record forever.
 */
public final class ParseGenerated extends ProcessFunction<RawRecord, ReceivedAnswer> {
    private static final long serialVersionUID = 1L;

    // Jackson objects are not serializable: built per task in open()
    private transient JsonSerde<GeneratedAnswer> serde;
    private transient Counter poison;

    @Override
    public void open(OpenContext openContext) {
        serde = JsonSerde.of(GeneratedAnswer.class);
        poison = getRuntimeContext().getMetricGroup().counter("poisonRecords");
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<ReceivedAnswer> out) {
        Parsed<GeneratedAnswer> parsed = serde.parse(record.value());
        if (parsed.isOk()) {
            out.collect(new ReceivedAnswer(parsed.value(), record.topic(), record.partition(), record.offset()));
        } else {
            poison.inc();
            Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
            ctx.output(DeadLetters.TAG, DeadLetters.poison(record, parsed.reason(), now));
        }
    }
}
