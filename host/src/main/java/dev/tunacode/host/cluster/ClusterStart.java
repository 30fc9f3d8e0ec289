package dev.tunacode.host.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyStoreOptionsBase;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * What a clustered Vert.x on Hazelcast is started with, the Vert.x 5 way (a builder given a cluster manager),
 * from {@code cluster.xml} as
 * {@link ConfigUtil#loadConfig()} reads it (so that Vert.x's own map configurations are kept), with the
 * name, the address and the members of {@link ClusterOptions} put over it.
 */
public final class ClusterStart {

  private ClusterStart() {
  }

  /** @return the Hazelcast configuration for these options */
  public static Config hazelcastConfig(ClusterOptions options) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(options.getName());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(options.getPort()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).clear().addInterface(options.getHost());
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(options.getMembers());
    return config;
  }

  /** @return a cluster manager for these options; give it to the Vert.x builder */
  public static HazelcastClusterManager manager(ClusterOptions options) {
    return new HazelcastClusterManager(hazelcastConfig(options));
  }

  /** @return the options with the event bus listening on the member's address, on its port or a free one */
  public static VertxOptions vertxOptions(VertxOptions base, ClusterOptions options) {
    EventBusOptions bus = new EventBusOptions(base.getEventBusOptions()).setHost(options.getHost())
      .setPort(options.getEventBusPort());
    if (options.getPublicHost() != null) {
      bus.setClusterPublicHost(options.getPublicHost());
    }
    if (options.getKeyStore() != null) {
      // Mutual TLS: the shared store is each member's key and the only peers it trusts. Members are reached by
      // whatever address they publish, so trust is the key, not a host name.
      // Pfx/Jks rather than KeyStoreOptions: Vert.x builds the event bus's server and client from these options
      // through their JSON, which a plain KeyStoreOptions does not survive. Trust-all is the event bus's default.
      KeyStoreOptionsBase store = options.getKeyStore().endsWith(".jks")
        ? new JksOptions().setPath(options.getKeyStore()).setPassword(options.getKeyStorePassword())
        : new PfxOptions().setPath(options.getKeyStore()).setPassword(options.getKeyStorePassword());
      bus.setSsl(true).setKeyCertOptions(store).setTrustOptions((TrustOptions) store).setTrustAll(false)
        .setClientAuth(ClientAuth.REQUIRED);
    }
    return new VertxOptions(base).setEventBusOptions(bus);
  }
}
