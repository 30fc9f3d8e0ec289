package dev.tunacode.host.routing;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostAddresses;
import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.runtime.WorkspaceSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A host of two workspaces routes each request to the workspace it names")
class WorkspaceRoutingTest {

  @TempDir
  Path a;
  @TempDir
  Path b;
  @TempDir
  Path plugins;
  private HostRuntime runtime;

  @BeforeEach
  void start() throws Exception {
    runtime = HostRuntime.start(List.of(new WorkspaceSpec("a", a), new WorkspaceSpec("b", b)), List.of(plugins), new JsonObject());
  }

  @AfterEach
  void stop() throws Exception {
    runtime.close();
  }

  @Test
  @DisplayName("a write names its workspace and lands in that folder only; a read of the other finds nothing")
  void writesLandInTheirWorkspace() throws Exception {
    JsonObject wroteA = call("a", "write_file", new JsonObject().put("filepath", "note.txt").put("content", "in a\n"));
    JsonObject wroteB = call("b", "write_file", new JsonObject().put("filepath", "note.txt").put("content", "in b\n"));

    assertThat(wroteA.getBoolean("ok")).as(wroteA.encode()).isTrue();
    assertThat(wroteB.getBoolean("ok")).as(wroteB.encode()).isTrue();
    assertThat(Files.readString(a.resolve("note.txt"))).isEqualTo("in a\n");
    assertThat(Files.readString(b.resolve("note.txt"))).isEqualTo("in b\n");
    JsonObject readB = call("b", "read_file", new JsonObject().put("filepath", "note.txt"));
    assertThat(readB.getJsonObject("output").getString("content")).isEqualTo("in b\n");
  }

  @Test
  @DisplayName("a workspace nobody serves is NOT_FOUND, listing those served; so is 'default' when it is not among them")
  void unknownWorkspace() throws Exception {
    JsonObject unknown = call("c", "read_file", new JsonObject().put("filepath", "x"));
    assertThat(unknown.getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
    assertThat(unknown.getJsonObject("error").getString("message"))
      .isEqualTo("No node serves the workspace 'c'. Served: 'a', 'b'. Name one of them in \"workspace\" (tunacode.workspaces "
        + "lists them with their nodes).");

    JsonObject unnamed = request(Addresses.BATCH, new JsonObject().put("calls", new JsonArray()
      .add(new JsonObject().put("tool", "list_dir").put("args", new JsonObject()))));
    assertThat(unnamed.getBoolean("ok")).isFalse();
    assertThat(unnamed.getJsonObject("error").getString("message")).startsWith("No node serves the workspace 'default'.");

    JsonObject wrongType = request(Addresses.CALL, new JsonObject().put("tool", "list_dir").put("args", new JsonObject())
      .put("workspace", 7));
    assertThat(wrongType.getJsonObject("error").getString("code")).isEqualTo("INVALID_ARGS");
    JsonObject longSession = request(Addresses.CALL, new JsonObject().put("workspace", "a").put("session", "s".repeat(100_000))
      .put("tool", "list_dir").put("args", new JsonObject()));
    assertThat(longSession.getJsonObject("error").getString("code")).as("refused by the host, held by nobody")
      .isEqualTo("INVALID_ARGS");
    JsonObject notAnId = call("../a", "list_dir", new JsonObject());
    assertThat(notAnId.getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
    assertThat(notAnId.getJsonObject("error").getString("message")).isEqualTo("A workspace id is 1 to 64 letters, digits, '-' or "
      + "'_', starting with a letter or digit; got '../a'. Served: 'a', 'b'. Name one of them in \"workspace\" "
      + "(tunacode.workspaces lists them with their nodes).");
    JsonObject huge = call("x".repeat(100_000), "list_dir", new JsonObject());
    assertThat(huge.getJsonObject("error").getString("message")).as("not echoed whole").hasSizeLessThan(400);
  }

  @Test
  @DisplayName("tunacode.workspaces lists each workspace with its node, folder and load")
  void listsWorkspaces() throws Exception {
    JsonObject listed = request(Addresses.WORKSPACES, new JsonObject());

    assertThat(listed.getString("node")).isEqualTo("local");
    JsonArray workspaces = listed.getJsonArray("workspaces");
    assertThat(workspaces.stream().map(w -> ((JsonObject) w).getString("id"))).containsExactly("a", "b");
    JsonObject nodeOfA = workspaces.getJsonObject(0).getJsonArray("nodes").getJsonObject(0);
    assertThat(nodeOfA.getString("node")).isEqualTo("local");
    assertThat(nodeOfA.getString("root")).isEqualTo(a.toRealPath().toString());
    assertThat(nodeOfA.getInteger("load")).isZero();
    assertThat(runtime.health().getJsonArray("workspaces")).isEqualTo(workspaces);
  }

  @Test
  @DisplayName("a session's calls sent without waiting keep their order through the router: each read sees the write before it")
  void sessionOrder() throws Exception {
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String content = "version " + i + "\n";
      replies.add(send(Addresses.CALL, new JsonObject().put("workspace", "a").put("session", "s").put("tool", i == 0 ? "write_file"
        : "update_file").put("args", i == 0 ? new JsonObject().put("filepath", "f.txt").put("content", content)
        : new JsonObject().put("filepath", "f.txt").put("target", "version " + (i - 1) + "\n").put("patch", content))));
      replies.add(send(Addresses.CALL, new JsonObject().put("workspace", "a").put("session", "s").put("tool", "read_file")
        .put("args", new JsonObject().put("filepath", "f.txt"))));
    }
    for (int i = 0; i < 20; i++) {
      JsonObject write = await(replies.get(2 * i));
      JsonObject read = await(replies.get(2 * i + 1));
      assertThat(write.getBoolean("ok")).as(write.encode()).isTrue();
      assertThat(read.getJsonObject("output").getString("content")).isEqualTo("version " + i + "\n");
    }
  }

  @Test
  @DisplayName("call ids carry the router's batch id, and a batch that writes delivered twice under that id is applied once")
  void deliveredTwiceAppliedOnce() throws Exception {
    JsonObject reply = request(Addresses.BATCH, new JsonObject().put("workspace", "a").put("calls", new JsonArray()
      .add(new JsonObject().put("tool", "list_dir").put("args", new JsonObject()))));
    String batchId = reply.getString("batchId");
    assertThat(batchId).startsWith("local-");
    assertThat(reply.getJsonArray("results").getJsonObject(0).getString("callId")).isEqualTo(batchId + "/0");

    JsonObject write = new JsonObject().put("batchId", "gateway-1-7").put("calls", new JsonArray()
      .add(new JsonObject().put("tool", "write_file").put("args", new JsonObject().put("filepath", "once.txt").put("content", "1"))));
    String address = HostAddresses.of("local", "a").batch();
    JsonObject first = await(send(address, write.copy()));
    JsonObject second = await(send(address, write.copy()));

    assertThat(first.getJsonArray("results").getJsonObject(0).getBoolean("ok")).as(first.encode()).isTrue();
    assertThat(second).isEqualTo(first);
    JsonObject fresh = await(send(address, write.copy().put("batchId", "gateway-1-8")));
    assertThat(fresh.getJsonArray("results").getJsonObject(0).getJsonObject("error").getString("code"))
      .as("another id is another write").isEqualTo("ALREADY_EXISTS");
  }

  @Test
  @DisplayName("a cancel of a session reaches the workspace its calls run in")
  void cancelReachesTheWorkspace() throws Exception {
    Future<JsonObject> sleeping = send(Addresses.CALL, new JsonObject().put("workspace", "b").put("session", "long")
      .put("tool", "bash").put("args", new JsonObject().put("command", "sleep 30")));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
      .until(() -> runtime.workspaces().get(1).host().load() == 1);

    JsonObject cancelled = request(Addresses.CANCEL, new JsonObject().put("session", "long"));

    assertThat(cancelled.getInteger("cancelled")).as(cancelled.encode()).isEqualTo(1);
    assertThat(cancelled.getString("text")).startsWith("Cancelled 1 call of session 'long'");
    assertThat(await(sleeping).getJsonObject("error").getString("code")).isEqualTo("CANCELLED");
    JsonObject nothing = request(Addresses.CANCEL, new JsonObject().put("batchId", "none"));
    assertThat(nothing.getString("text")).isEqualTo("Nothing to cancel: no call of batch 'none' is waiting or running. It has "
      + "finished, or there was none.");
  }

  @Test
  @DisplayName("the events of a batch that writes, which the router hears first, reach the client's address in order")
  void eventsPassThrough() throws Exception {
    List<JsonObject> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    runtime.vertx().eventBus().<JsonObject>consumer("tunacode.events.mine", message -> heard.add(message.body()))
      .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    JsonObject reply = request(Addresses.BATCH, new JsonObject().put("workspace", "a").put("events", "tunacode.events.mine")
      .put("calls", new JsonArray()
        .add(new JsonObject().put("tool", "write_file").put("args", new JsonObject().put("filepath", "e.txt").put("content", "e")))
        .add(new JsonObject().put("tool", "read_file").put("args", new JsonObject().put("filepath", "e.txt")))));

    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> heard.size() == 3);
    assertThat(heard.stream().map(event -> event.getString("type"))).containsExactly("accepted", "result", "result");
    assertThat(heard.stream().map(event -> event.getString("batchId")).distinct()).containsExactly(reply.getString("batchId"));
    assertThat(heard.get(2).getJsonObject("output").getString("content")).isEqualTo("e");
  }

  @Test
  @DisplayName("tools and plugins are those of the workspace named")
  void toolsOfTheWorkspace() throws Exception {
    JsonObject tools = request(Addresses.TOOLS, new JsonObject().put("workspace", "b"));
    assertThat(tools.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name"))).contains("read_file", "bash");
    JsonObject plugins = request(Addresses.PLUGINS, new JsonObject().put("workspace", "a"));
    assertThat(plugins.getJsonArray("plugins").getJsonObject(0).getString("name")).isEqualTo("builtin");
  }

  private JsonObject call(String workspace, String tool, JsonObject args) throws Exception {
    return request(Addresses.CALL, new JsonObject().put("workspace", workspace).put("tool", tool).put("args", args));
  }

  private JsonObject request(String address, JsonObject body) throws Exception {
    return await(send(address, body));
  }

  private Future<JsonObject> send(String address, JsonObject body) {
    return runtime.vertx().eventBus().<JsonObject>request(address, body).map(message -> message.body());
  }

  private static JsonObject await(Future<JsonObject> reply) throws Exception {
    return reply.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
