package dev.tunacode.host.cluster;

import com.hazelcast.config.Config;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The cluster's options")
class ClusterOptionsTest {

  @Test
  @DisplayName("put the name, address and members over cluster.xml, and keep Vert.x's own map configurations")
  void overClusterXml() {
    ClusterOptions options = new ClusterOptions(new JsonObject().put("enabled", true).put("name", "team-a")
      .put("host", "127.0.0.1").put("port", 5799).put("members", new JsonArray().add("127.0.0.1:5799").add("127.0.0.2")));

    Config config = ClusterStart.hazelcastConfig(options);

    assertThat(config.getClusterName()).isEqualTo("team-a");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5799);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5799", "127.0.0.2");
    assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
    assertThat(config.getMapConfigs()).containsKeys("__vertx.haInfo", "__vertx.nodeInfo");
  }

  @Test
  @DisplayName("look for this member's own address when no member is given")
  void ownAddress() {
    assertThat(new ClusterOptions().setPort(5702).getMembers()).containsExactly("127.0.0.1:5702");
    assertThat(new ClusterOptions().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("refuse a name, port or member that cannot be used, saying what to give")
  void refuses() {
    assertThatThrownBy(() -> new ClusterOptions().setName("team a"))
      .hasMessage("cluster.name must be 1 to 64 letters, digits, '.', '_' or '-', was team a");
    assertThatThrownBy(() -> new ClusterOptions().setPort(0)).hasMessage("cluster.port must be 1 to 65535, was 0");
    assertThatThrownBy(() -> new ClusterOptions().setMembers(List.of("10.0.0.2:port")))
      .hasMessage("cluster.members holds '10.0.0.2:port'; give host or host:port, such as 10.0.0.2:5701");
    assertThatThrownBy(() -> new ClusterOptions().setHost(" ")).hasMessage("cluster.host must be an address, such as 127.0.0.1");
    assertThatThrownBy(() -> new ClusterOptions().setEventBusPort(70000))
      .hasMessage("cluster.eventBusPort must be 0 (a free one) to 65535, was 70000");
  }

  @Test
  @DisplayName("give the event bus a fixed port and a public address when asked, a free port on the member's address otherwise")
  void eventBus() {
    io.vertx.core.eventbus.EventBusOptions fixed = ClusterStart.vertxOptions(new io.vertx.core.VertxOptions(), new ClusterOptions(
      new JsonObject().put("host", "10.0.0.2").put("eventBusPort", 5801).put("publicHost", "203.0.113.7"))).getEventBusOptions();
    assertThat(fixed.getHost()).isEqualTo("10.0.0.2");
    assertThat(fixed.getPort()).isEqualTo(5801);
    assertThat(fixed.getClusterPublicHost()).isEqualTo("203.0.113.7");
    io.vertx.core.eventbus.EventBusOptions free = ClusterStart.vertxOptions(new io.vertx.core.VertxOptions(), new ClusterOptions())
      .getEventBusOptions();
    assertThat(free.getPort()).isZero();
    assertThat(free.getClusterPublicHost()).isNull();
  }

  @Test
  @DisplayName("turn on mutual TLS for the event bus from cluster.tls, and refuse a store that cannot be read or has no password")
  void tls(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path store = java.nio.file.Files.writeString(dir.resolve("cluster.p12"), "not read here");
    ClusterOptions options = new ClusterOptions(new JsonObject().put("enabled", true)
      .put("tls", new JsonObject().put("keyStore", store.toString()).put("password", "pw")));
    io.vertx.core.eventbus.EventBusOptions bus = ClusterStart.vertxOptions(new io.vertx.core.VertxOptions(), options)
      .getEventBusOptions();

    assertThat(bus.isSsl()).isTrue();
    assertThat(bus.isTrustAll()).isFalse();
    assertThat(bus.getClientAuth()).isEqualTo(io.vertx.core.http.ClientAuth.REQUIRED);
    assertThat(((io.vertx.core.net.PfxOptions) bus.getKeyCertOptions()).getPath()).isEqualTo(store.toString());
    assertThat(ClusterStart.vertxOptions(new io.vertx.core.VertxOptions(), new ClusterOptions()).getEventBusOptions().isSsl())
      .as("off unless asked for").isFalse();
    assertThatThrownBy(() -> new ClusterOptions().setKeyStore(dir.resolve("none.p12").toString(), "pw"))
      .hasMessage("cluster.tls.keyStore " + dir.resolve("none.p12") + " cannot be read; give the key store every member shares");
    assertThatThrownBy(() -> new ClusterOptions().setKeyStore(store.toString(), null))
      .hasMessage("cluster.tls has a key store and no password: give cluster.tls.password, or set TUNACODE_CLUSTER_TLS_PASSWORD");
  }
}
