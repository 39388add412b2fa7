package dev.sluice.answers.scoring;

import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.ValidatedAnswer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The run's regeneration budget ({@code answers.regeneration.budget}): grants a {@link RegenerationRequest}
 * (its task goes to {@code questions.pending}) while regenerations are left, and afterwards stores the
 * request's best attempt so far as the question's result with the reason {@code budget-spent}.
 *
 * <p><b>Where the count lives, and why it is exact.</b> Every request is keyed to one constant key
 * ({@link #ONE_COUNTER}), so one counter in keyed state sees them all. That state is part of the same
 * checkpoint as the Kafka source's offsets and the decider's state, and the granted tasks leave through
 * the exactly-once sink committed with that checkpoint. After a failure the job rewinds all three
 * together: requests replayed since the checkpoint are counted again from the checkpointed count, and
 * the tasks granted before the failure were never committed (their transactions abort). So the tasks
 * readers see are exactly the granted ones, and there are at most {@code budget} of them. (Which
 * questions get the last units may differ between the aborted and the replayed run, since requests from
 * several decider subtasks interleave; the committed outcome is one consistent run.)
 *
 * <p>The alternatives were worse. A count per decider subtask (keyed by question, or operator state)
 * splits the budget by partition: one subtask may run dry while another has spare, and rescaling
 * redistributes the remainders. A broadcast counter cannot be exact: broadcast state is per subtask and
 * written only by the broadcast side, so subtasks would each spend on their own copy. The constant key
 * costs a shuffle to one subtask, but only regeneration requests travel it, and its work is a counter
 * increment. "A run" is therefore the scoring job's state: a job restored from a checkpoint carries on
 * counting; a job started without state (a fresh work dir) starts from zero.
 */
public final class RegenerationBudget extends KeyedProcessFunction<Integer, RegenerationRequest, QuestionTask> {
    private static final long serialVersionUID = 1L;

    /** Every request on one key: the one counter. */
    public static final KeySelector<RegenerationRequest, Integer> ONE_COUNTER = new OneCounter();

    public static final OutputTag<ValidatedAnswer> REFUSED =
            new OutputTag<>("budget-spent", TypeInformation.of(ValidatedAnswer.class));

    private final long budget;
    private transient ValueState<Long> granted;
    private transient Counter grants;
    private transient Counter refusals;

    /** @param budget regenerations to grant, or {@link dev.sluice.answers.regeneration.RegenerationSettings#UNLIMITED} */
    public RegenerationBudget(long budget) {
        this.budget = budget;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        granted = getRuntimeContext().getState(new ValueStateDescriptor<>("regenerations-granted", Types.LONG));
        grants = getRuntimeContext().getMetricGroup().counter("regenerationsGranted");
        refusals = getRuntimeContext().getMetricGroup().counter("regenerationsRefused");
    }

    @Override
    public void processElement(RegenerationRequest request, Context ctx, Collector<QuestionTask> out) throws Exception {
        long used = granted.value() == null ? 0 : granted.value();
        if (budget < 0 || used < budget) {
            granted.update(used + 1);
            grants.inc();
            out.collect(request.task());
        } else {
            refusals.inc();
            ctx.output(REFUSED, request.ifRefused());
        }
    }

    private static final class OneCounter implements KeySelector<RegenerationRequest, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer getKey(RegenerationRequest value) {
            return 0;
        }
    }
}
