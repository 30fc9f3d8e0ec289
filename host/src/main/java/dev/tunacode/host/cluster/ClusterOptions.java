package dev.tunacode.host.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a clustered host listens for the other members and where it looks for them: the {@code cluster}
 * section of the configuration and the {@code --cluster-*} options, over {@code config/cluster.xml}.
 */
public final class ClusterOptions {

  public static final String DEFAULT_NAME = "tunacode";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5701;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern MEMBER = Pattern.compile("[^\\s:]+(:\\d{1,5})?");

  private boolean enabled;
  private String name = DEFAULT_NAME;
  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private List<String> members = new ArrayList<>();
  private int eventBusPort;
  private String publicHost;
  private String keyStore;
  private String keyStorePassword;

  public ClusterOptions() {
  }

  public ClusterOptions(ClusterOptions other) {
    this.enabled = other.enabled;
    this.name = other.name;
    this.host = other.host;
    this.port = other.port;
    this.members = new ArrayList<>(other.members);
    this.eventBusPort = other.eventBusPort;
    this.publicHost = other.publicHost;
    this.keyStore = other.keyStore;
    this.keyStorePassword = other.keyStorePassword;
  }

  /** @param json the {@code cluster} section: {@code enabled}, {@code name}, {@code host}, {@code port}, {@code members} */
  public ClusterOptions(JsonObject json) {
    setEnabled(Boolean.TRUE.equals(json.getValue("enabled")));
    setName(json.getValue("name") instanceof String given ? given : name);
    setHost(json.getValue("host") instanceof String given ? given : host);
    setPort(json.getValue("port") instanceof Number given ? given.intValue() : port);
    if (json.getValue("members") instanceof JsonArray given) {
      List<String> listed = new ArrayList<>();
      given.forEach(member -> listed.add(String.valueOf(member)));
      setMembers(listed);
    }
    setEventBusPort(json.getValue("eventBusPort") instanceof Number given ? given.intValue() : 0);
    setPublicHost(json.getValue("publicHost") instanceof String given ? given : null);
    if (json.getValue("tls") instanceof JsonObject tls) {
      setKeyStore(tls.getValue("keyStore") instanceof String given ? given : null,
        tls.getValue("password") instanceof String given ? given : System.getenv(PASSWORD_ENV));
    }
  }

  /** @return the event bus's port; 0 for a free one */
  public int getEventBusPort() {
    return eventBusPort;
  }

  /** Sets the port the event bus listens on for the other members: fixed, so that a firewall can name it; 0 picks a free one. */
  public ClusterOptions setEventBusPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("cluster.eventBusPort must be 0 (a free one) to 65535, was " + port);
    }
    this.eventBusPort = port;
    return this;
  }

  /** @return the address the other members reach this one's event bus at, or null for {@link #getHost()} */
  public String getPublicHost() {
    return publicHost;
  }

  /** Sets the address the others reach this member's event bus at, where it differs from the one it listens on (NAT, a container). */
  public ClusterOptions setPublicHost(String publicHost) {
    if (publicHost != null && publicHost.isBlank()) {
      throw new IllegalArgumentException("cluster.publicHost must be an address, or left out");
    }
    this.publicHost = publicHost;
    return this;
  }

  /** Where the key store's password may be given instead of in the configuration file. */
  public static final String PASSWORD_ENV = "TUNACODE_CLUSTER_TLS_PASSWORD";

  /** @return the key store (PKCS#12, or JKS for a {@code .jks} file) the event bus's TLS uses, or null for none */
  public String getKeyStore() {
    return keyStore;
  }

  public String getKeyStorePassword() {
    return keyStorePassword;
  }

  /**
   * Turns on TLS for the event bus between members, both ways: each member shows the store's key and
   * trusts only peers that show one the store trusts. A member without it can send nothing to, and
   * receive nothing from, one that has it.
   */
  public ClusterOptions setKeyStore(String path, String password) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("cluster.tls.keyStore must name a key store file (PKCS#12 or .jks)");
    }
    if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(path))) {
      throw new IllegalArgumentException("cluster.tls.keyStore " + path + " cannot be read; give the key store every member shares");
    }
    if (password == null) {
      throw new IllegalArgumentException("cluster.tls has a key store and no password: give cluster.tls.password, or set "
        + PASSWORD_ENV);
    }
    this.keyStore = path;
    this.keyStorePassword = password;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("name", name).put("host", host).put("port", port)
      .put("members", new JsonArray(new ArrayList<>(members)));
  }

  public boolean isEnabled() {
    return enabled;
  }

  /** Sets whether the host joins a cluster. */
  public ClusterOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  public String getName() {
    return name;
  }

  /** Sets the cluster's name: only members of the same name join each other. Letters, digits, {@code . _ -}. */
  public ClusterOptions setName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("cluster.name must be 1 to 64 letters, digits, '.', '_' or '-', was " + name);
    }
    this.name = name;
    return this;
  }

  public String getHost() {
    return host;
  }

  /** Sets the address this member listens on for the others, and that they reach it at. */
  public ClusterOptions setHost(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("cluster.host must be an address, such as 127.0.0.1");
    }
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  /** Sets the port this member listens on for the others, 1 to 65535. */
  public ClusterOptions setPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("cluster.port must be 1 to 65535, was " + port);
    }
    this.port = port;
    return this;
  }

  /** @return the members to look for, as {@code host:port}; this member's own address when none are given */
  public List<String> getMembers() {
    return members.isEmpty() ? List.of(host + ":" + port) : List.copyOf(members);
  }

  /** Sets the members to look for when joining, each {@code host} or {@code host:port}. */
  public ClusterOptions setMembers(List<String> members) {
    for (String member : members) {
      if (member == null || !MEMBER.matcher(member).matches()) {
        throw new IllegalArgumentException("cluster.members holds '" + member + "'; give host or host:port, such as 10.0.0.2:5701");
      }
    }
    this.members = new ArrayList<>(members);
    return this;
  }
}
