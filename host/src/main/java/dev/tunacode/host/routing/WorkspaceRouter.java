package dev.tunacode.host.routing;

import com.hazelcast.core.HazelcastInstance;
import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostAddresses;
import dev.tunacode.core.codec.HandOffJsonCodec;
import dev.tunacode.core.coordinator.CallErrors;
import dev.tunacode.core.coordinator.CancelReplies;
import dev.tunacode.core.coordinator.Envelopes;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.workspace.Workspace;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Takes the plain addresses of the wire contract on a node whose workspaces are served behind it (a
 * cluster's node, or several workspaces in one process) and sends each request to a host of the
 * workspace it names: a session's writes to one node, its reads to the least busy (see
 * {@link SessionRoutes}). It names every batch with an id unique in the cluster, hears the results of
 * the batches that write as they finish, and when a node leaves answers what it had in flight at once
 * (see {@link NodeLoss}).
 */
public final class WorkspaceRouter extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceRouter.class);
  /**
   * A forward is not timed out by the event bus: every call has its own time limit, so a live node always
   * answers, and a dead one is learned from the cluster. This only bounds a node that is alive and stuck.
   */
  static final long FORWARD_TIMEOUT_MS = TimeUnit.HOURS.toMillis(6);
  private static final DeliveryOptions CALL = new DeliveryOptions().setSendTimeout(FORWARD_TIMEOUT_MS)
    .addHeader(HostAddresses.OP_HEADER, "call");
  private static final DeliveryOptions BATCH = new DeliveryOptions().setSendTimeout(FORWARD_TIMEOUT_MS)
    .addHeader(HostAddresses.OP_HEADER, "batch");
  /** A message with this header is answered {@code {}} at once: it makes the event bus learn the address. */
  static final String WARM_UP_HEADER = "tunacode-warm-up";
  /** A host that has not answered a cancel by then is left out of the answer. */
  static final long CANCEL_TIMEOUT_MS = 5_000;
  /** As a host checks it: a longer session name is refused there. */
  private static final int MAX_SESSION_CHARS = 200;

  private final String node;
  private final Supplier<JsonObject> ownEntry;
  private final HazelcastInstance hazelcast;
  private final Supplier<Set<String>> members;
  private final Directory directory = new Directory();
  private final InFlight inFlight = new InFlight();
  private final SessionRoutes sessions = new SessionRoutes();
  private final String prefix;
  private final String trackAddress;
  private DirectorySync sync;
  private NodeWatch watch;
  private NodeLoss loss;
  private long seq;
  private volatile Map<String, Integer> callsByNode = Map.of();

  /**
   * @param node      this node's id
   * @param ownEntry  this node's directory entry as it is now
   * @param hazelcast the cluster's Hazelcast, or null for a host alone
   * @param members   the cluster's members now, or null for a host alone
   */
  public WorkspaceRouter(String node, Supplier<JsonObject> ownEntry, HazelcastInstance hazelcast, Supplier<Set<String>> members) {
    this.node = node;
    directory.setTls(ownEntry.get().getBoolean("tls", false));
    this.ownEntry = ownEntry;
    this.hazelcast = hazelcast;
    this.members = members;
    // Unique in the cluster: a node's id is, and a restarted node draws a new random part.
    this.prefix = node.substring(0, Math.min(8, node.length())) + "-"
      + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) + "-";
    this.trackAddress = Addresses.NODE_PREFIX + node + ".router.events";
  }

  @Override
  public Future<?> start() {
    HandOffJsonCodec.registerOn(vertx);
    sync = new DirectorySync(vertx, node, ownEntry, members, directory);
    loss = new NodeLoss(this);
    if (hazelcast != null) {
      watch = new NodeWatch(hazelcast, context, joined -> sync.refresh(), this::nodeLeft);
    }
    var bus = vertx.eventBus();
    vertx.setPeriodic(DirectorySync.PERIOD_MS, tick -> {
      sessions.sweep();
      Map<String, Integer> calls = new HashMap<>();
      directory.all().forEach(served -> calls.put(served.node(), inFlight.calls(served.node())));
      callsByNode = Map.copyOf(calls);
    });
    return Future.all(List.of(
        bus.localConsumer(Addresses.CALL, warmed(message -> route(message, true))).completion(),
        bus.localConsumer(Addresses.BATCH, warmed(message -> route(message, false))).completion(),
        bus.<Object>localConsumer(Addresses.CANCEL, warmed(this::cancel)).completion(),
        bus.<Object>localConsumer(Addresses.TOOLS, message -> ask(message, served -> served.addresses().tools())).completion(),
        bus.<Object>localConsumer(Addresses.PLUGINS, message -> ask(message, served -> served.addresses().plugins())).completion(),
        bus.<Object>localConsumer(Addresses.WORKSPACES, message -> message.reply(workspaces())).completion(),
        bus.<JsonObject>consumer(trackAddress, this::heard).completion()))
      .compose(listening -> warmUp())
      .compose(warm -> sync.start());
  }

  // A clustered event bus keeps the order of messages to one address, not across addresses; and the first
  // message to an address waits while it looks up who consumes it, so a call sent just after a batch could
  // overtake it. Each plain address is sent one message before any client's, and answers at once after.
  private Future<Void> warmUp() {
    DeliveryOptions warm = new DeliveryOptions().addHeader(WARM_UP_HEADER, "1");
    return Future.all(List.of(Addresses.CALL, Addresses.BATCH, Addresses.CANCEL).stream()
      .map(address -> vertx.eventBus().request(address, new JsonObject(), warm)).toList()).mapEmpty();
  }

  private static io.vertx.core.Handler<Message<Object>> warmed(io.vertx.core.Handler<Message<Object>> handler) {
    return message -> {
      if (message.headers().contains(WARM_UP_HEADER)) {
        message.reply(new JsonObject());
      } else {
        handler.handle(message);
      }
    };
  }

  @Override
  public Future<?> stop() {
    if (watch != null) {
      watch.close();
    }
    return sync.stop();
  }

  /** This node's entry changed (a tool came or went); may be called from any thread. */
  public void changed() {
    if (context != null) {
      context.runOnContext(go -> sync.changed());
    }
  }

  /** @return what {@code tunacode.workspaces} answers, with each node's load as last counted; readable from any thread */
  public JsonObject workspaces() {
    Map<String, Integer> calls = callsByNode;
    return directory.describe(served -> calls.getOrDefault(served.node(), 0)).put("node", node);
  }

  // ---- calls and batches

  private void route(Message<Object> message, boolean single) {
    if (!(message.body() instanceof JsonObject request)) {
      // The default workspace's host answers a body that is not a request as it would alone.
      List<WorkspaceNode> serving = directory.serving(defaultWorkspace());
      if (serving.isEmpty()) {
        refuse(message::reply, single, new JsonObject(), ErrorCode.NOT_FOUND, notServed(defaultWorkspace()));
      } else {
        vertx.eventBus().request(serving.get(0).addresses().requests(), message.body(), single ? CALL : BATCH)
          .onComplete(reply -> message.reply(reply.succeeded() ? reply.result().body() : internal(reply.cause())));
      }
      return;
    }
    Object named = request.getValue("workspace");
    if (named != null && !(named instanceof String id && Workspace.checkId(id) == null)) {
      // A string that cannot be an id names no workspace anyone serves; it is not echoed whole.
      refuse(message::reply, single, request, named instanceof String ? ErrorCode.NOT_FOUND : ErrorCode.INVALID_ARGS,
        named instanceof String id ? Workspace.checkId(id) + " " + served()
          : "'workspace' must be a workspace's id (a string such as \"default\"), or left out for the default one.");
      return;
    }
    String workspace = named != null ? (String) named : defaultWorkspace();
    List<WorkspaceNode> serving = directory.serving(workspace);
    if (serving.isEmpty()) {
      refuse(message::reply, single, request, ErrorCode.NOT_FOUND, notServed(workspace));
      return;
    }
    // A name the host would refuse gets no route here either: it cannot make the router hold memory.
    String session = request.getValue("session") instanceof String name && !name.isBlank()
      && name.length() <= MAX_SESSION_CHARS ? workspace + "\n" + name : null;
    long id = ++seq;
    Forward forward = new Forward(id, prefix + id, answer -> message.reply(answer, HandOffJsonCodec.HAND_OFF), request,
      single, workspace, session);
    forward.readOnly = serving.stream().allMatch(served -> forward.tools.stream().allMatch(served::readsOnly));
    request.put("batchId", forward.batchId);
    if (!forward.readOnly) {
      track(forward);
    }
    dispatch(forward, serving, false);
  }

  // A request that names no workspace is for "default", or for the only one served when that is all there is.
  private String defaultWorkspace() {
    Set<String> served = directory.workspaces();
    return served.size() == 1 && !served.contains(Workspace.DEFAULT_ID) ? served.iterator().next() : Workspace.DEFAULT_ID;
  }

  private String notServed(String workspace) {
    return "No node serves the workspace '" + workspace + "'. " + served();
  }

  private String served() {
    Set<String> served = directory.workspaces();
    return (served.isEmpty()
      ? "None is served yet: start a worker with --workspace ID=DIR, or wait for one to join."
      : "Served: " + String.join(", ", served.stream().map(id -> "'" + id + "'").toList())
      + ". Name one of them in \"workspace\" (tunacode.workspaces lists them with their nodes).");
  }

  // The router hears the results of a batch that writes before the batch's reply, so that it can say, if
  // the node is lost, which calls had finished there; the client's own events address still hears them.
  private void track(Forward forward) {
    Object events = forward.request.getValue("events");
    if (events != null && !(events instanceof String)) {
      return;
    }
    forward.tracked = true;
    forward.results = new JsonObject[forward.tools.size()];
    forward.clientEvents = (String) events;
    forward.request.put("events", trackAddress);
  }

  private void heard(Message<JsonObject> message) {
    JsonObject event = message.body();
    Forward forward = inFlight.batch(event.getString("batchId"));
    if (forward == null || !forward.tracked) {
      return;
    }
    if ("result".equals(event.getString("type")) && event.getValue("index") instanceof Integer index
      && index >= 0 && index < forward.results.length) {
      forward.results[index] = event;
    }
    if (forward.clientEvents != null) {
      // Handed on as it is: a command's output may be large, and nothing here changes it.
      vertx.eventBus().publish(forward.clientEvents, event, HandOffJsonCodec.HAND_OFF);
    }
  }

  /**
   * @param first whether the forward comes before those its session holds (it is being sent again), not after
   */
  void dispatch(Forward forward, List<WorkspaceNode> serving, boolean first) {
    SessionRoutes.Route route = forward.session == null ? null : sessions.route(forward.session);
    if (route != null && first) {
      // Sent again: it keeps its place among the session's requests held here, by the order they came in.
      sessions.holdInOrder(route, forward);
      release(route);
      return;
    }
    WorkspaceNode target = sessions.place(forward, route, serving, this::leastBusy, false);
    if (target == null) {
      route.held.add(forward);
      return;
    }
    send(forward, target, route);
  }

  private void send(Forward forward, WorkspaceNode target, SessionRoutes.Route route) {
    forward.node = target;
    int attempt = ++forward.attempt;
    inFlight.add(forward);
    if (route != null) {
      sessions.sent(route, forward);
    }
    vertx.eventBus().<Object>request(target.addresses().requests(), forward.request, forward.single ? CALL : BATCH)
      .onComplete(reply -> {
      if (attempt == forward.attempt) {
        answered(forward, route, reply);
      }
    });
  }

  private void answered(Forward forward, SessionRoutes.Route route, AsyncResult<Message<Object>> reply) {
    if (!inFlight.remove(forward)) {
      return;
    }
    if (reply.succeeded() && reply.result().body() instanceof JsonObject body) {
      forward.answer.accept(signed(body, forward));
    } else if (reply.failed() && reply.cause() instanceof ReplyException e && e.failureType() == ReplyFailure.NO_HANDLERS
      && !forward.redelivered) {
      // It never reached a host (the node stopped serving the workspace a moment ago): nothing ran, so it
      // may go to another node as it is.
      forward.redelivered = true;
      directory.drop(forward.node.node(), forward.workspace);
      if (route != null) {
        sessions.settled(route, forward);
        if (route.writers == 0 && forward.node.node().equals(route.pinned)) {
          route.pinned = null;
        }
      }
      List<WorkspaceNode> others = directory.serving(forward.workspace).stream()
        .filter(served -> !served.node().equals(forward.node.node())).toList();
      if (others.isEmpty()) {
        refuse(forward.answer, forward.single, forward.request, ErrorCode.NOT_FOUND, notServed(forward.workspace));
        if (route != null) {
          release(route);
        }
      } else {
        dispatch(forward, others, true);
      }
      return;
    } else {
      forward.answer.accept(internal(reply.failed() ? reply.cause() : new IllegalStateException("a reply that is not JSON")));
    }
    settled(forward, route);
  }

  /** Counts the forward out of its session and lets go what waited for it. */
  void settled(Forward forward, SessionRoutes.Route route) {
    if (route == null) {
      return;
    }
    sessions.settled(route, forward);
    release(route);
  }

  void release(SessionRoutes.Route route) {
    while (!route.held.isEmpty()) {
      Forward next = route.held.peek();
      List<WorkspaceNode> serving = directory.serving(next.workspace);
      if (serving.isEmpty()) {
        route.held.poll();
        refuse(next.answer, next.single, next.request, ErrorCode.NOT_FOUND, notServed(next.workspace));
        continue;
      }
      WorkspaceNode target = sessions.place(next, route, serving, this::leastBusy, true);
      if (target == null) {
        return;
      }
      route.held.poll();
      send(next, target, route);
    }
  }

  private WorkspaceNode leastBusy(List<WorkspaceNode> serving) {
    return serving.stream().min(Comparator.comparingInt((WorkspaceNode served) -> Math.max(served.load(), inFlight.calls(served.node())))
      .thenComparing(WorkspaceNode::node)).orElseThrow();
  }

  // Each result says which node ran it: an operator reading a slow or failed call knows where to look.
  private static JsonObject signed(JsonObject reply, Forward forward) {
    String ranOn = forward.node.node();
    if (forward.single) {
      if (reply.containsKey("tool")) {
        reply.put("node", ranOn);
      }
    } else if (reply.getValue("results") instanceof io.vertx.core.json.JsonArray results) {
      for (Object result : results) {
        if (result instanceof JsonObject call && !call.containsKey("node")) {
          call.put("node", ranOn);
        }
      }
    }
    return reply;
  }

  // ---- a node's loss

  private void nodeLeft(String gone) {
    sync.left(gone);
    WorkspaceNode.forget(gone);
    List<Forward> forwards = inFlight.take(gone);
    if (!forwards.isEmpty()) {
      LOG.warn("Node {} left the cluster with {} requests in flight from this node; answering them now", gone, forwards.size());
      loss.settle(gone, forwards);
    }
  }

  // What NodeLoss needs of the router.
  SessionRoutes.Route routeOf(Forward forward) {
    return forward.session == null ? null : sessions.route(forward.session);
  }

  void countOut(Forward forward) {
    SessionRoutes.Route route = routeOf(forward);
    if (route != null) {
      sessions.settled(route, forward);
    }
  }

  List<WorkspaceNode> serving(String workspace) {
    return directory.serving(workspace);
  }

  /** @return a forward of its own for calls to send again, answered to {@code answer} */
  Forward retry(Forward lost, JsonObject request, Consumer<JsonObject> answer) {
    long id = ++seq;
    request.put("batchId", prefix + id);
    // It stands where the lost one stood in its session's order.
    Forward again = new Forward(lost.seq, prefix + id, answer, request, false, lost.workspace, lost.session);
    again.readOnly = true;
    return again;
  }

  // ---- cancels, tools, plugins

  // A batch may be on any node and a session's calls on several: every host hears the cancel, and the
  // answers are one. Calls held here are answered too.
  private void cancel(Message<Object> message) {
    if (!(message.body() instanceof JsonObject request)) {
      message.reply(Envelopes.failed(CallErrors.error(ErrorCode.INVALID_ARGS, "The request must be a JSON object, such as "
        + "{\"batchId\":\"…\"}.")));
      return;
    }
    Set<String> addresses = new LinkedHashSet<>();
    // On the address the calls went to: a cancel comes after every request sent before it.
    directory.all().forEach(served -> addresses.add(served.addresses().requests()));
    if (addresses.isEmpty()) {
      message.reply(new JsonObject().put("ok", true).put("cancelled", 0).put("calls", new io.vertx.core.json.JsonArray())
        .put("text", "Nothing to cancel: no workspace is served."));
      return;
    }
    // Held requests of the session or connection are set aside now, so that none is let go meanwhile.
    List<Forward> held = takeHeld(request);
    DeliveryOptions bounded = new DeliveryOptions().setSendTimeout(CANCEL_TIMEOUT_MS).addHeader(HostAddresses.OP_HEADER, "cancel");
    List<Future<Message<Object>>> asked = new ArrayList<>();
    addresses.forEach(address -> asked.add(vertx.eventBus().request(address, request, bounded)));
    Future.join(asked).onComplete(all -> {
      List<JsonObject> replies = new ArrayList<>();
      for (Future<Message<Object>> reply : asked) {
        if (reply.succeeded() && reply.result().body() instanceof JsonObject body) {
          if (!body.getBoolean("ok", true)) {
            held.forEach(forward -> dispatch(forward, directory.serving(forward.workspace), true));
            message.reply(body);
            return;
          }
          replies.add(body);
        }
      }
      replies.add(new JsonObject().put("calls", cancelHeld(held)));
      try {
        message.reply(CancelReplies.merge(request, replies));
      } catch (RuntimeException e) {
        message.reply(internal(e));
      }
    });
  }

  private List<Forward> takeHeld(JsonObject request) {
    Object session = request.getValue("session");
    Object connection = request.getValue("connection");
    if (request.getValue("batchId") != null || !(session instanceof String) && !(connection instanceof String)) {
      // A batch's id is told by its host once it is there: a request still held here has none a client knows.
      return List.of();
    }
    List<Forward> taken = new ArrayList<>();
    for (SessionRoutes.Route route : sessions.all()) {
      for (java.util.Iterator<Forward> it = route.held.iterator(); it.hasNext(); ) {
        Forward forward = it.next();
        boolean matches = session instanceof String name ? route.key.endsWith("\n" + name)
          : connection.equals(forward.request.getValue("connection"));
        if (matches) {
          it.remove();
          taken.add(forward);
        }
      }
    }
    return taken;
  }

  private static io.vertx.core.json.JsonArray cancelHeld(List<Forward> held) {
    io.vertx.core.json.JsonArray cancelled = new io.vertx.core.json.JsonArray();
    for (Forward forward : held) {
      JsonObject[] results = new JsonObject[forward.tools.size()];
      for (int i = 0; i < results.length; i++) {
        results[i] = NodeLoss.error(forward, i, ErrorCode.CANCELLED, "Cancelled before it started; it did not run.");
        cancelled.add(new JsonObject().put("batchId", forward.batchId).put("callId", forward.batchId + "/" + i)
          .put("id", forward.callId(i)).put("tool", forward.tools.get(i)).put("state", "waiting"));
      }
      NodeLoss.answer(forward, null, results);
    }
    return cancelled;
  }

  private void ask(Message<Object> message, java.util.function.Function<WorkspaceNode, String> address) {
    JsonObject request = message.body() instanceof JsonObject body ? body : new JsonObject();
    String workspace = request.getValue("workspace") instanceof String id ? id : defaultWorkspace();
    List<WorkspaceNode> serving = directory.serving(workspace);
    if (serving.isEmpty()) {
      String wrong = Workspace.checkId(workspace);
      message.reply(Envelopes.failed(CallErrors.error(ErrorCode.NOT_FOUND, wrong != null ? wrong + " " + served()
        : notServed(workspace))));
      return;
    }
    vertx.eventBus().request(address.apply(leastBusy(serving)), request)
      .onComplete(reply -> message.reply(reply.succeeded() ? reply.result().body() : internal(reply.cause())));
  }

  // ---- answers made here

  static void refuse(Consumer<JsonObject> answer, boolean single, JsonObject request, ErrorCode code, String text) {
    JsonObject error = CallErrors.error(code, text);
    answer.accept(single ? Envelopes.result(request.getValue("id", "0"), null, request.getValue("tool"), false).put("error", error)
      : Envelopes.failed(error));
  }

  private static JsonObject internal(Throwable cause) {
    return Envelopes.failed(CallErrors.toError("the router", cause));
  }
}
