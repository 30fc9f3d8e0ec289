package dev.tunacode.host.cluster;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostAddresses;
import dev.tunacode.core.codec.HandOffJsonCodec;
import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.testing.ClusterNodes;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@DisplayName("A cluster whose event bus speaks TLS")
class ClusterTlsIT {

  private static final String PASSWORD = "cluster-secret-1";

  @TempDir
  Path dir;
  private ClusterNodes nodes;
  private Vertx outsider;
  private Vertx insider;
  private final Vertx client = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    for (Vertx vertx : new Vertx[] {outsider, insider, client}) {
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  @DisplayName("routes between members that share the key store; a member without it reaches no host, and none reaches it")
  void onlyMembersWithTheKeyStore() throws Exception {
    Path store = dir.resolve("cluster.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
      "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-alias", "member", "-keyalg", "RSA",
      "-keysize", "2048", "-dname", "CN=tunacode-member", "-validity", "2", "-ext", "SAN=ip:127.0.0.1").inheritIO().start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as("keytool made a key store").isTrue();
    Path config = Files.writeString(dir.resolve("tls.json"), new JsonObject().put("cluster", new JsonObject()
      .put("tls", new JsonObject().put("keyStore", store.toString()).put("password", PASSWORD))).encode());
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path gatewayRoot = Files.createDirectories(dir.resolve("gateway"));
    Path a = Files.createDirectories(dir.resolve("a"));
    Files.writeString(a.resolve("secret.txt"), "only members read this\n");

    nodes = new ClusterNodes(4);
    ClusterNodes.Node gateway = nodes.gateway(0, plugins, config, gatewayRoot.toString());
    ClusterNodes.Node worker = nodes.worker(1, plugins, config, "a=" + a);
    await().atMost(Duration.ofSeconds(60)).until(() -> nodes.nodesOf(gateway, "a").equals(List.of(worker.id())));
    BridgeClient bridge = client(gateway);
    JsonObject read = bridge.request(Addresses.CALL, new JsonObject().put("workspace", "a").put("tool", "read_file")
      .put("args", new JsonObject().put("filepath", "secret.txt"))).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertThat(read.getJsonObject("output").getString("content")).isEqualTo("only members read this\n");

    // One more member with the store reaches the worker's host; one without it joins Hazelcast but reaches nothing.
    ClusterOptions with = nodes.member(2).setKeyStore(store.toString(), PASSWORD);
    insider = join(with);
    ClusterOptions without = nodes.member(3);
    outsider = join(without);
    String requests = HostAddresses.of(worker.id(), "a").requests();
    JsonObject call = new JsonObject().put("tool", "read_file").put("args", new JsonObject().put("filepath", "secret.txt"));
    DeliveryOptions asCall = new DeliveryOptions().addHeader(HostAddresses.OP_HEADER, "call").setSendTimeout(5_000);

    JsonObject byInsider = insider.eventBus().<JsonObject>request(requests, call, asCall).toCompletionStage().toCompletableFuture()
      .get(30, TimeUnit.SECONDS).body();
    assertThat(byInsider.getJsonObject("output").getString("content")).isEqualTo("only members read this\n");
    assertThatThrownBy(() -> outsider.eventBus().<JsonObject>request(requests, call, asCall).toCompletionStage().toCompletableFuture()
      .get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause().isInstanceOf(ReplyException.class)
      .matches(e -> ((ReplyException) e).failureType() == ReplyFailure.TIMEOUT, "a timeout: the message never got there");
    assertThat(nodes.health(gateway).getString("status")).isEqualTo("UP");
  }

  private Vertx join(ClusterOptions options) throws Exception {
    Vertx vertx = Vertx.builder().with(ClusterStart.vertxOptions(new VertxOptions(), options))
      .withClusterManager(ClusterStart.manager(options)).buildClustered().toCompletionStage().toCompletableFuture()
      .get(60, TimeUnit.SECONDS);
    HandOffJsonCodec.registerOn(vertx);
    return vertx;
  }

  private BridgeClient client(ClusterNodes.Node gateway) throws Exception {
    return BridgeClient.connect(client, gateway.url(), ClusterNodes.TOKEN).toCompletionStage().toCompletableFuture()
      .get(30, TimeUnit.SECONDS);
  }
}
