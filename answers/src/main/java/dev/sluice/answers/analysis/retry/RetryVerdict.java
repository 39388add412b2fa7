package dev.sluice.answers.analysis.retry;

import dev.sluice.answers.retry.RetryPolicy;
import dev.sluice.platform.config.Values;
import java.util.Locale;
import java.util.Map;

/** The paragraph that answers the retry question from the numbers (OpenAI shape; Gemini's rows are alike). */
final class RetryVerdict {
    private RetryVerdict() {}

    static String paragraph(Map<String, RetryMetrics> m, RetryPolicy.Settings s, double seconds) {
        RetryMetrics sNone = m.get("storm.openai.none");
        RetryMetrics sImm = m.get("storm.openai.immediate");
        RetryMetrics sFixed = m.get("storm.openai.fixed");
        RetryMetrics sIgnore = m.get("storm.openai.backoff-ignore");
        RetryMetrics sPolicy = m.get("storm.openai.policy");
        RetryMetrics qNone = m.get("quota.openai.none");
        RetryMetrics qIgnore = m.get("quota.openai.backoff-ignore");
        RetryMetrics qPolicy = m.get("quota.openai.policy");
        RetryMetrics gPolicy = m.get("quota.gemini.policy");
        return String.format(
                Locale.ROOT,
                """
                **Answer.** Under the storm, backoff with full jitter is what brings questions back: no retry \
                answers %.1f%% (the questions that arrived during the storm are lost), immediate retry %.1f%% \
                for %.1f calls per question (%d rejected calls: it spends its %d retries inside the storm), a \
                fixed 1 s wait %.1f%%, and today's policy %.1f%% (p95 completion %.1f s, %.1f retries per answered \
                question). The unflattering part: the same backoff *ignoring* Retry-After recovers more (%.1f%%) \
                because the storm's 429s say `Retry-After: 1`, and honouring that spends the quota budget of \
                %d retries in about %d s of a longer storm; the price is a later p95 (%.1f s). Under a quota below \
                demand every strategy uses the whole quota (goodput ratio %.2f), so what differs is who gets it: \
                today's policy answers only %.1f%% (OpenAI shape; %.1f%% with Gemini's RetryInfo), no better \
                than no retry (%.1f%%), because the token bucket's Retry-After is the time to its *next* token \
                (mean retry wait %.0f ms) and every waiting question comes back at that instant, loses the race \
                again and burns its %d quota retries in about a second; backoff with jitter that ignores the \
                server answers %.1f%% at a p95 of %.1f s. In the pipeline the worker's adaptive limiter paces \
                calls after a quota error and its circuit breaker opens, which this driver leaves out, so the \
                pipeline should do better than the policy row here; this experiment does not show by how much. \
                **Parameters.** The base (%s) and cap (%s) with %d overload retries bound the worst wait at about \
                %.0f s and ride out a storm of ten seconds (the policy's overload dead letters come from the \
                quota budget, not the overload one); a base much lower would not help (waits are jittered anyway) \
                and a cap of 30 s is never reached before the budget ends in these runs. The quota window (%s) \
                is not exercised here: both providers' quota errors carry a delay, which the classifier read in \
                both shapes. What the numbers say should change: a quota wait should not be the server's delay \
                alone but at least the backoff of its retry count (or the server's delay plus full jitter), and \
                the quota budget (%d) is too small for a sustained quota when Retry-After is a token's time; \
                the defaults are left as they are until the same schedule is run through the worker with its \
                limiter. Run time %.0f s.
                """,
                sNone.recoveredPct(),
                sImm.recoveredPct(),
                sImm.callsPerQuestion(),
                sImm.rejectedCalls(),
                s.maxOverloadRetries(),
                sFixed.recoveredPct(),
                sPolicy.recoveredPct(),
                sPolicy.completionP95Seconds(),
                sPolicy.retriesPerRecovered(),
                sIgnore.recoveredPct(),
                s.maxQuotaRetries(),
                s.maxQuotaRetries(),
                sIgnore.completionP95Seconds(),
                qPolicy.goodputRatio(),
                qPolicy.recoveredPct(),
                gPolicy.recoveredPct(),
                qNone.recoveredPct(),
                qPolicy.waitMeanMillis(),
                s.maxQuotaRetries(),
                qIgnore.recoveredPct(),
                qIgnore.completionP95Seconds(),
                Values.format(s.base()),
                Values.format(s.cap()),
                s.maxOverloadRetries(),
                worstWaitSeconds(s),
                Values.format(s.quotaWindow()),
                s.maxQuotaRetries(),
                seconds);
    }

    /** The sum of the backoff ceilings over every overload retry: the longest a question can wait. */
    static double worstWaitSeconds(RetryPolicy.Settings s) {
        long ms = 0;
        for (int n = 0; n < s.maxOverloadRetries(); n++) {
            ms += Math.min(s.cap().toMillis(), s.base().toMillis() << Math.min(n, 40));
        }
        return ms / 1000.0;
    }
}
