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
        RetryMetrics qBefore = m.get("quota.openai.exact-server-delay");
        RetryMetrics qPolicy = m.get("quota.openai.policy");
        RetryMetrics gPolicy = m.get("quota.gemini.policy");
        StringBuilder a = new StringBuilder();
        a.append(String.format(
                Locale.ROOT,
                "**Answer.** Under the storm, backoff with full jitter is what brings questions back: no retry answers"
                        + " %.1f%% (the questions that arrived during the storm are lost), immediate retry %.1f%% for"
                        + " %.1f calls per question (%d rejected calls: it spends its %d retries inside the storm), a"
                        + " fixed 1 s wait %.1f%%, and today's policy %.1f%% (p95 completion %.1f s, %.1f retries per"
                        + " answered question). ",
                sNone.recoveredPct(),
                sImm.recoveredPct(),
                sImm.callsPerQuestion(),
                sImm.rejectedCalls(),
                s.maxOverloadRetries(),
                sFixed.recoveredPct(),
                sPolicy.recoveredPct(),
                sPolicy.completionP95Seconds(),
                sPolicy.retriesPerRecovered()));
        if (sIgnore.recoveredPct() > sPolicy.recoveredPct() + 1) {
            a.append(String.format(
                    Locale.ROOT,
                    "The unflattering part: the same backoff *ignoring* Retry-After recovers more (%.1f%%), because"
                            + " the storm's 429s say `Retry-After: 1` and honouring it spends the quota budget sooner;"
                            + " its price is a later p95 (%.1f s). ",
                    sIgnore.recoveredPct(),
                    sIgnore.completionP95Seconds()));
        } else {
            a.append(String.format(
                    Locale.ROOT,
                    "Ignoring the storm's `Retry-After: 1` does not do better (%.1f%%, p95 %.1f s). ",
                    sIgnore.recoveredPct(),
                    sIgnore.completionP95Seconds()));
        }
        a.append(String.format(
                Locale.ROOT,
                "Under a quota below demand every strategy uses the whole quota (goodput ratio %.2f), so what differs"
                        + " is who gets it. The policy as it was before this report, retrying a quota error exactly"
                        + " at the server's delay, answered %.1f%%, about what no retry does (%.1f%%): the token"
                        + " bucket's Retry-After is the time to its *next* token (mean retry wait %.0f ms), every"
                        + " waiting question comes back at that instant, one wins and the rest lose again and burn"
                        + " their quota retries in about a second. Backoff with jitter that ignores the server answers"
                        + " %.1f%% (p95 %.1f s), but calls before the server said it may. **Changed from this"
                        + " finding:** today's policy keeps the server's delay as the floor of a quota wait and adds"
                        + " full jitter on the quota retries spent after it, with %d quota retries (was %d): %.1f%%"
                        + " answered (%.1f%% with Gemini's RetryInfo), p95 completion %.1f s, %.1f calls per"
                        + " question against %.1f for ignoring the server. ",
                qPolicy.goodputRatio(),
                qBefore.recoveredPct(),
                qNone.recoveredPct(),
                qBefore.waitMeanMillis(),
                qIgnore.recoveredPct(),
                qIgnore.completionP95Seconds(),
                s.maxQuotaRetries(),
                RetryStrategy.FORMER_QUOTA_RETRIES,
                qPolicy.recoveredPct(),
                gPolicy.recoveredPct(),
                qPolicy.completionP95Seconds(),
                qPolicy.callsPerQuestion(),
                qIgnore.callsPerQuestion()));
        if (qPolicy.recoveredPct() + 2 < qIgnore.recoveredPct()) {
            a.append(String.format(
                    Locale.ROOT,
                    "It still recovers %.1f points fewer than ignoring the server, the cost of never calling early. ",
                    qIgnore.recoveredPct() - qPolicy.recoveredPct()));
        }
        a.append(String.format(
                Locale.ROOT,
                "In the pipeline the worker's adaptive limiter also paces calls after a quota error and its circuit"
                        + " breaker opens, which this driver leaves out, so these rows are the retry decision alone."
                        + " **Parameters.** The base (%s) and cap (%s) with %d retries of each kind bound a question's"
                        + " jitter at about %.0f s, enough to ride out a storm of ten seconds and a quota backlog of"
                        + " half a minute; a base much lower would not help (waits are jittered anyway). The quota"
                        + " window (%s) is not exercised here: both providers' quota errors carry a delay, which the"
                        + " classifier read in both shapes. Run time %.0f s.\n",
                Values.format(s.base()),
                Values.format(s.cap()),
                s.maxOverloadRetries(),
                worstWaitSeconds(s),
                Values.format(s.quotaWindow()),
                seconds));
        return a.toString();
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
