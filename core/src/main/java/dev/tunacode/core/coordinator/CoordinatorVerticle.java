package dev.tunacode.core.coordinator;

import dev.tunacode.core.HostAddresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.codec.HandOffJsonCodec;
import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.schema.JsonKinds;
import dev.tunacode.core.spi.BlockingIo;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.workspace.Workspace;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Serves {@code tunacode.tools}, {@code tunacode.call}, {@code tunacode.batch} and {@code tunacode.cancel},
 * on the plain addresses or on its workspace's own ({@link HostAddresses}).
 */
public final class CoordinatorVerticle extends VerticleBase {

  private final ToolRegistry registry;
  private final int defaultMaxParallel;
  private final ReplyBudget budget;
  private final BatchPlanner planner;
  private final CoordinatorListener listener;
  private final int maxRunning;
  // Batch ids are unique on the host: a prefix of this start's own, then a count.
  private final String batchPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) + "-";
  private long batches;
  private Scheduler scheduler;
  private final CallRunner runner;
  private final HostAddresses addresses;
  private final WorkspaceField workspaceField;
  private final DeliveredOnce deliveredOnce;
  private final java.util.concurrent.atomic.AtomicInteger unanswered = new java.util.concurrent.atomic.AtomicInteger();

  public CoordinatorVerticle(ToolRegistry registry, Workspace workspace, BlockingIo io, HostOptions options,
                             CoordinatorListener listener, CallRunner runner, HostAddresses addresses) {
    this.registry = registry;
    this.addresses = addresses;
    this.workspaceField = new WorkspaceField(workspace.id());
    this.deliveredOnce = addresses.routed() ? new DeliveredOnce() : null;
    this.runner = runner;
    this.maxRunning = options.getMaxRunning();
    this.defaultMaxParallel = options.getMaxParallel();
    this.budget = new ReplyBudget(options.getMaxResultBytes(), options.getMaxReplyBytes());
    this.planner = new BatchPlanner(registry, workspace, io, options.isExecuteEnabled());
    this.listener = listener;
  }

  /** @return the context this verticle runs on, once started */
  public io.vertx.core.Context context() {
    return context;
  }

  @Override
  public Future<?> start() {
    HandOffJsonCodec.registerOn(vertx);
    scheduler = new Scheduler(vertx, context, maxRunning, runner, planner);
    return Future.all(
      vertx.eventBus().<JsonObject>consumer(addresses.tools(), msg -> msg.reply(registry.describe())).completion(),
      vertx.eventBus().<Object>consumer(addresses.call(), message -> answer(message, this::call)).completion(),
      vertx.eventBus().<Object>consumer(addresses.batch(), message -> answer(message, this::batch)).completion(),
      vertx.eventBus().<Object>consumer(addresses.cancel(), message -> answer(message, this::cancel)).completion(),
      addresses.routed() ? vertx.eventBus().<Object>consumer(addresses.requests(), this::request).completion()
        : Future.succeededFuture());
  }

  // A router's requests come on one address, so that they arrive in the order it sent them.
  private void request(Message<Object> message) {
    String op = message.headers().get(HostAddresses.OP_HEADER);
    if ("call".equals(op)) {
      answer(message, this::call);
    } else if ("cancel".equals(op)) {
      answer(message, this::cancel);
    } else {
      answer(message, this::batch);
    }
  }

  // Every request is answered, whatever its body: an unanswered one holds a client's request slot for ever.
  private void answer(Message<Object> message, java.util.function.BiConsumer<Message<Object>, JsonObject> handler) {
    Object body = message.body();
    if (body != null && !(body instanceof JsonObject)) {
      message.reply(refusal(CallErrors.error(ErrorCode.INVALID_ARGS, "The request must be a JSON object, such as "
        + (addresses.batch().equals(message.address()) || "batch".equals(message.headers().get(HostAddresses.OP_HEADER)) ? "{\"calls\":[{\"tool\":\"read_file\",\"args\":{\"filepath\":\"README.md\"}}]}"
        : "{\"tool\":\"read_file\",\"args\":{\"filepath\":\"README.md\"}}") + ", not " + JsonKinds.of(body) + ".")));
      return;
    }
    try {
      handler.accept(message, body == null ? new JsonObject() : (JsonObject) body);
    } catch (RuntimeException e) {
      message.reply(refusal(CallErrors.toError("the coordinator", e)));
    }
  }

  private static JsonObject refusal(JsonObject error) {
    return Envelopes.failed(error);
  }

  private void batch(Message<Object> message, JsonObject body) {
    long t0 = System.nanoTime();
    BatchRequest request;
    String batchId;
    try {
      workspaceField.check(body);
      request = BatchRequest.parse(body, defaultMaxParallel);
      batchId = routedId(body);
    } catch (ToolException e) {
      message.reply(refusal(CallErrors.error(e.code(), e.getMessage())));
      return;
    }
    deliver(request, t0, batchId).onComplete(done -> message.reply(done.succeeded() ? done.result().toJson()
      : internal(done.cause()), HandOffJsonCodec.HAND_OFF));
  }

  private void call(Message<Object> message, JsonObject body) {
    long t0 = System.nanoTime();
    JsonObject asBatch = new JsonObject().put("calls", new JsonArray().add(body));
    Object timeoutMs = body.getValue("timeoutMs");
    if (timeoutMs != null) {
      asBatch.put("timeoutMs", timeoutMs);
    }
    for (String field : new String[] {"session", "connection", "events"}) {
      Object value = body.getValue(field);
      if (value != null) {
        asBatch.put(field, value);
      }
    }
    BatchRequest request;
    String batchId;
    try {
      workspaceField.check(body);
      request = BatchRequest.parse(asBatch, 1);
      batchId = routedId(body);
    } catch (ToolException e) {
      message.reply(Envelopes.result(body.getValue("id", "0"), null, body.getValue("tool"), false)
        .put("error", CallErrors.error(e.code(), e.getMessage())));
      return;
    }
    deliver(request, t0, batchId).onComplete(done -> message.reply(done.succeeded() ? done.result().results()[0]
      : internal(done.cause()), HandOffJsonCodec.HAND_OFF));
  }

  // A router names its batches so that a call id is unique in the cluster; a host alone names its own.
  private String routedId(JsonObject body) {
    return addresses.routed() ? BatchRequest.name(body, "batchId") : null;
  }

  // A batch named by a router that writes or runs a command is applied once, however often it comes. Its
  // repeat gets copies: the first reply may still be in use where it went.
  private Future<Batch.Outcome> deliver(BatchRequest request, long t0, String batchId) {
    if (batchId == null || deliveredOnce == null || !changesAnything(request)) {
      return run(request, t0, batchId != null ? batchId : batchPrefix + (++batches));
    }
    DeliveredOnce.Delivery delivery = deliveredOnce.deliver(batchId, () -> run(request, t0, batchId));
    return delivery.repeat() ? delivery.outcome().map(Batch.Outcome::copy) : delivery.outcome();
  }

  private boolean changesAnything(BatchRequest request) {
    for (PlannedCall call : request.calls()) {
      ToolRegistry.Entry entry = call.toolName == null ? null : registry.get(call.toolName);
      if (entry != null && entry.kind() != ToolKind.READ_ONLY) {
        return true;
      }
    }
    return false;
  }

  // The request joins its session now, in the order requests arrive; planning may take longer for one
  // than for a later one.
  private Future<Batch.Outcome> run(BatchRequest request, long t0, String batchId) {
    int calls = request.calls().size();
    unanswered.addAndGet(calls);
    return admit(request, t0, batchId).andThen(done -> unanswered.addAndGet(-calls));
  }

  /** @return the calls accepted and not yet answered, a measure of how busy the host is; readable from any thread */
  public int unanswered() {
    return unanswered.get();
  }

  private Future<Batch.Outcome> admit(BatchRequest request, long t0, String batchId) {
    String session = request.session() != null ? request.session() : "batch:" + batchId;
    Batch batch = new Batch(vertx, batchId, session, request, maxRunning, budget, listener, t0);
    long arrival = scheduler.arrive(batch);
    return planner.plan(request).transform(planned -> {
      if (planned.failed()) {
        scheduler.abandon(arrival, batch);
        return Future.failedFuture(planned.cause());
      }
      scheduler.submit(arrival, batch);
      return batch.outcome();
    });
  }

  private void cancel(Message<Object> message, JsonObject body) {
    try {
      message.reply(scheduler.cancel(CancelRequest.parse(body)));
    } catch (ToolException e) {
      message.reply(refusal(CallErrors.error(e.code(), e.getMessage())));
    }
  }

  /** @return the calls answered but still running past their grace; readable from any thread */
  public Overdue overdue() {
    return scheduler.overdue();
  }

  private static JsonObject internal(Throwable cause) {
    return refusal(CallErrors.toError("the coordinator", cause));
  }
}
