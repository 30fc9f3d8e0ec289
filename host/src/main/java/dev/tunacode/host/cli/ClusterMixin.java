package dev.tunacode.host.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of a host that joins a cluster: {@code serve} and {@code worker}.
 */
final class ClusterMixin {

  @Option(names = "--cluster", description = "Join (or form) a cluster of hosts over Hazelcast; see docs/cluster.md. "
    + "Default: off (cluster.enabled).")
  boolean cluster;

  @Option(names = "--cluster-name", paramLabel = "NAME", description = "Only hosts of the same cluster name join each other. "
    + "Default: tunacode (cluster.name).")
  String clusterName;

  @Option(names = "--cluster-host", paramLabel = "ADDRESS", description = "The address this host listens on for the other "
    + "members, and that they reach it at. Default: 127.0.0.1 (cluster.host).")
  String clusterHost;

  @Option(names = "--cluster-port", paramLabel = "PORT", description = "The port for the other members. Default: 5701 (cluster.port).")
  Integer clusterPort;

  @Option(names = "--cluster-members", paramLabel = "HOST:PORT", split = ",", description = "Members to look for when "
    + "joining, such as 10.0.0.2:5701,10.0.0.3:5701. Default: this host's own address (cluster.members).")
  List<String> clusterMembers;

  /** @return the options given, as configuration to merge over the file's: {@code {"cluster":{...}}} or {@code {}} */
  JsonObject overrides() {
    JsonObject given = new JsonObject();
    if (cluster) {
      given.put("enabled", true);
    }
    if (clusterName != null) {
      given.put("name", clusterName);
    }
    if (clusterHost != null) {
      given.put("host", clusterHost);
    }
    if (clusterPort != null) {
      given.put("port", clusterPort);
    }
    if (clusterMembers != null) {
      given.put("members", new JsonArray(new ArrayList<>(clusterMembers)));
    }
    return given.isEmpty() ? new JsonObject() : new JsonObject().put("cluster", given);
  }
}
