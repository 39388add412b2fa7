package dev.sluice.answers.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.answers.llm.LlmHeaders;
import dev.sluice.platform.kafka.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in LLM for the demo, tests and benchmarks: an HTTP server speaking OpenAI's
 * {@code POST /v1/chat/completions} and Ollama's {@code POST /api/chat} (plus the model lists), so
 * the real clients and their error handling are what gets exercised. It says it is a simulator
 * everywhere it shows: the model is {@value SimulatorSettings#MODEL}, every response carries
 * {@code x-sluice-simulator: true}, and it logs so at start.
 *
 * <p>Per call, in order: over {@code capacity} concurrent calls → 503/429 overload; quota bucket
 * empty → 429 {@code insufficient_quota} with Retry-After; then a seeded fate (fatal 400, empty
 * 200, or an answer near/partial/off the reference, better with each attempt) after a sampled latency.
 */
public final class LlmSimulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LlmSimulator.class);

  private final SimulatorSettings settings;
  private final ReferenceAnswers references;
  private final Delayer delayer;
  private final Clock clock;
  private final Optional<TokenBucket> quota;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong sequence = new AtomicLong();
  private final SimulatorStats stats = new SimulatorStats();
  private final Javalin app;
  private volatile boolean started;

  public LlmSimulator(SimulatorSettings settings, ReferenceAnswers references) {
    this(settings, references, Delayer.REAL, Clock.systemUTC());
  }

  public LlmSimulator(SimulatorSettings settings, ReferenceAnswers references, Delayer delayer, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.references = Objects.requireNonNull(references, "references (ReferenceAnswers.NONE for none)");
    this.delayer = Objects.requireNonNull(delayer, "delayer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.quota = settings.quotaPerSecond() > 0
        ? Optional.of(new TokenBucket(settings.quotaPerSecond(), settings.quotaBurst(), clock)) : Optional.empty();
    OpenAiWire openAi = new OpenAiWire();
    OllamaWire ollama = new OllamaWire();
    this.app = Javalin.create(config -> {
      config.jetty.port = settings.port();
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.routes.before(ctx -> ctx.header(LlmHeaders.SIMULATOR, "true"));
      config.routes.post("/v1/chat/completions", ctx -> chat(ctx, openAi));
      config.routes.post("/api/chat", ctx -> chat(ctx, ollama));
      config.routes.get("/v1/models", ctx -> json(ctx, 200, models()));
      config.routes.get("/api/tags", ctx -> json(ctx, 200, tags()));
    });
  }

  /** Starts listening; returns this, for {@code new LlmSimulator(...).start()}. */
  public LlmSimulator start() {
    app.start();
    started = true;
    log.info("LLM SIMULATOR (not a real model) '{}' listening on {}: OpenAI /v1/chat/completions, Ollama /api/chat; {}",
        SimulatorSettings.MODEL, baseUrl(), settings);
    return this;
  }

  public int port() {
    return app.port();
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public int inFlight() {
    return inFlight.get();
  }

  public SimulatorStats.Snapshot stats() {
    return stats.snapshot();
  }

  @Override
  public void close() {
    if (started) {
      app.stop();
      started = false;
    }
  }

  private void chat(Context ctx, WireFormat wire) {
    stats.requests.incrementAndGet();
    ChatCall call;
    try {
      call = ChatCall.parse(ctx.body(), ctx.header(LlmHeaders.ATTEMPT), ctx.header(LlmHeaders.QUESTION_ID));
    } catch (ChatCall.Invalid e) {
      stats.badRequests.incrementAndGet();
      json(ctx, 400, wire.badRequest(e.getMessage(), e.param));
      return;
    }
    int running = inFlight.incrementAndGet();
    if (settings.capacity() > 0 && running > settings.capacity()) {
      inFlight.decrementAndGet();
      stats.overloaded.incrementAndGet();
      json(ctx, settings.overloadStatus(), wire.overload(settings.overloadStatus(), settings.capacity()));
      return;
    }
    boolean handedOff = false;
    try {
      Optional<Duration> wait = quota.flatMap(TokenBucket::take);
      if (wait.isPresent()) {
        stats.quotaRejected.incrementAndGet();
        long ms = Math.max(1, wait.get().toMillis());
        ctx.header("retry-after-ms", Long.toString(ms));
        ctx.header("Retry-After", Long.toString((ms + 999) / 1000));
        json(ctx, 429, wire.quota(settings.quotaPerSecond(), wait.get()));
        return;
      }
      Fate fate = Fate.draw(settings, call.questionKey(), call.attempt());
      CompletableFuture<Void> delay = delayer.after(fate.latency());
      if (delay.isDone() && !delay.isCompletedExceptionally()) {
        // nothing to wait for (zero latency): answer on this thread, without the servlet's async round trip
        respond(ctx, wire, call, fate);
        return;
      }
      handedOff = true;
      ctx.future(() -> delay
          .thenRun(() -> respond(ctx, wire, call, fate))
          .whenComplete((ok, error) -> inFlight.decrementAndGet()));
    } finally {
      if (!handedOff) {
        inFlight.decrementAndGet();
      }
    }
  }

  private void respond(Context ctx, WireFormat wire, ChatCall call, Fate fate) {
    int promptWords = call.prompt().split("\\s+").length;
    switch (fate.outcome()) {
      case FATAL -> {
        stats.fatal.incrementAndGet();
        json(ctx, 400, wire.badRequest(WireFormat.simulatedFatal(), null));
      }
      case EMPTY -> {
        stats.empty.incrementAndGet();
        json(ctx, 200, wire.answer("", "length", clock.instant(), sequence.incrementAndGet(), fate.latency(), promptWords));
      }
      case ANSWER -> {
        stats.answered.incrementAndGet();
        String reference = references.forPrompt(call.prompt()).orElse(null);
        String text = AnswerWriter.write(fate.kind(), reference, call.prompt(), fate.textRandom());
        json(ctx, 200, wire.answer(text, "stop", clock.instant(), sequence.incrementAndGet(), fate.latency(), promptWords));
      }
    }
  }

  private ObjectNode models() {
    ObjectNode body = Json.mapper().createObjectNode().put("object", "list");
    body.putArray("data").addObject().put("id", SimulatorSettings.MODEL).put("object", "model")
        .put("created", 0).put("owned_by", "sluice (simulator)");
    return body;
  }

  private ObjectNode tags() {
    ObjectNode body = Json.mapper().createObjectNode();
    ObjectNode model = body.putArray("models").addObject().put("name", SimulatorSettings.MODEL)
        .put("model", SimulatorSettings.MODEL).put("modified_at", "1970-01-01T00:00:00Z").put("size", 0)
        .put("digest", "simulator");
    model.putObject("details").put("format", "simulator").put("family", "sluice-simulator")
        .put("parameter_size", "0").put("quantization_level", "none");
    return body;
  }

  private static void json(Context ctx, int status, ObjectNode body) {
    try {
      ctx.status(status).contentType("application/json").result(Json.mapper().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a simulator response", e);
    }
  }
}
