package dev.tunacode.host.testing;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Starts hosts of one test cluster as processes of their own (the packaged jar), each on loopback and free
 * ports, under a cluster name no other test uses; and stops them all, by force.
 */
public final class ClusterNodes implements AutoCloseable {

  public static final String TOKEN = "cluster-test-token-0123456789";
  private static final Path JAR = Path.of(System.getProperty("tunacode.hostJar"));
  private static final Pattern NODE = Pattern.compile("Member ([0-9a-f-]+) of cluster");
  private static final Pattern URL = Pattern.compile(" at (http://127\\.0\\.0\\.1:\\d+)/\\?token=");

  private final String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Integer> ports = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  /** @param members how many cluster ports to reserve: every node started joins through all of them */
  public ClusterNodes(int members) throws IOException {
    for (int i = 0; i < members; i++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        ports.add(socket.getLocalPort());
      }
    }
  }

  /** A node started: its process, its id in the cluster and, for a gateway, its URL. */
  public record Node(Process process, String id, String url, int clusterPort) {
    /** Kills it as {@code kill -9} would. */
    public void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Starts {@code tunahost serve --cluster} on the workspaces and waits until it has joined and serves. */
  public Node gateway(int member, Path plugins, String... workspaces) throws IOException {
    List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--token", TOKEN));
    return start(member, plugins, args, workspaces);
  }

  /** Starts {@code tunahost worker --cluster} on the workspaces ({@code ID=DIR}) and waits until it has joined. */
  public Node worker(int member, Path plugins, String... workspaces) throws IOException {
    return start(member, plugins, new ArrayList<>(List.of("worker")), workspaces);
  }

  /** As {@link #worker}, with a configuration file ({@code --config}). */
  public Node worker(int member, Path plugins, Path config, String... workspaces) throws IOException {
    return start(member, plugins, new ArrayList<>(List.of("worker", "--config", config.toString())), workspaces);
  }

  /** As {@link #gateway}, with a configuration file ({@code --config}). */
  public Node gateway(int member, Path plugins, Path config, String... workspaces) throws IOException {
    return start(member, plugins, new ArrayList<>(List.of("serve", "--port", "0", "--token", TOKEN, "--config", config.toString())),
      workspaces);
  }

  /** @return the cluster options a JVM of the test uses to join this cluster as one more member */
  public dev.tunacode.host.cluster.ClusterOptions member(int member) {
    return new dev.tunacode.host.cluster.ClusterOptions().setEnabled(true).setName(name).setPort(ports.get(member))
      .setMembers(ports.stream().map(port -> "127.0.0.1:" + port).toList());
  }

  private Node start(int member, Path plugins, List<String> args, String... workspaces) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-jar", JAR.toString()));
    command.addAll(args);
    for (String workspace : workspaces) {
      command.add("--workspace");
      command.add(workspace);
    }
    command.addAll(List.of("--plugins", plugins.toString(), "--cluster", "--cluster-name", name,
      "--cluster-port", String.valueOf(ports.get(member)), "--cluster-members",
      ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","))));
    // Each node's log goes to target/cluster-logs, for reading after a failure.
    Path logs = Path.of("target", "cluster-logs");
    java.nio.file.Files.createDirectories(logs);
    Path log = logs.resolve(name + "-" + processes.size() + "-" + args.get(0) + ".log");
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    processes.add(process);
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String url = null;
    String id = null;
    // serve prints its URL, then the plugin folders, then its membership; a worker its membership alone.
    while (id == null) {
      String line = out.readLine();
      if (line == null) {
        throw new IllegalStateException("The node exited before it joined: " + command);
      }
      Matcher served = URL.matcher(line);
      if (served.find()) {
        url = served.group(1);
      }
      Matcher joined = NODE.matcher(line);
      if (joined.find()) {
        id = joined.group(1);
      }
    }
    Thread drain = new Thread(() -> out.lines().forEach(line -> { }), "node-out");
    drain.setDaemon(true);
    drain.start();
    return new Node(process, id, url, ports.get(member));
  }

  /** @return the gateway's {@code /health} */
  public JsonObject health(Node gateway) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/health?token=" + TOKEN)).build(),
      HttpResponse.BodyHandlers.ofString());
    return new JsonObject(response.body());
  }

  /** @return the nodes that serve the workspace, as the gateway's directory lists them */
  public List<String> nodesOf(Node gateway, String workspace) throws Exception {
    return health(gateway).getJsonArray("workspaces").stream().map(JsonObject.class::cast)
      .filter(served -> served.getString("id").equals(workspace))
      .flatMap(served -> served.getJsonArray("nodes").stream().map(node -> ((JsonObject) node).getString("node")))
      .sorted().toList();
  }

  @Override
  public void close() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly();
    }
    for (Process process : processes) {
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
