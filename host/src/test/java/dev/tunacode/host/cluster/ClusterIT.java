package dev.tunacode.host.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Two hosts started with --cluster, in separate JVMs on loopback")
class ClusterIT {

  private static final String TOKEN = "cluster-test-token-0123456789";
  private static final Path JAR = Path.of(System.getProperty("tunacode.hostJar"));

  @TempDir
  Path first;
  @TempDir
  Path second;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws Exception {
    for (Process process : processes) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("form one cluster of a unique name, each listing both members, and the one left sees the other's kill -9")
  void formAndLose() throws Exception {
    String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
    int portA = freePort();
    int portB = freePort();
    String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
    String a = serve(first, name, portA, members);
    String b = serve(second, name, portB, members);

    await().atMost(Duration.ofSeconds(60)).until(() -> members(a).size() == 2 && members(b).size() == 2);
    JsonObject clusterA = health(a).getJsonObject("cluster");
    assertThat(clusterA.getString("state")).isEqualTo("joined");
    assertThat(clusterA.getString("name")).isEqualTo(name);
    assertThat(members(a)).isEqualTo(members(b)).contains(clusterA.getString("nodeId"), health(b).getJsonObject("cluster")
      .getString("nodeId"));

    processes.get(1).destroyForcibly();
    await().atMost(Duration.ofSeconds(30)).until(() -> members(a).size() == 1);
    assertThat(members(a)).containsExactly(clusterA.getString("nodeId"));
    assertThat(health(a).getString("status")).isEqualTo("UP");
  }

  /** @return the URL the host prints, once it serves */
  private String serve(Path workspace, String name, int clusterPort, String members) throws IOException {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
      "serve", "--workspace", workspace.toString(), "--plugins", workspace.resolve("plugins").toString(), "--port", "0",
      "--token", TOKEN, "--cluster", "--cluster-name", name, "--cluster-port", String.valueOf(clusterPort),
      "--cluster-members", members).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    processes.add(process);
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Matcher url = Pattern.compile(" at (http://127\\.0\\.0\\.1:\\d+)/\\?token=").matcher(String.valueOf(out.readLine()));
    assertThat(url.find()).as("serve printed its URL").isTrue();
    Thread drain = new Thread(() -> out.lines().forEach(line -> { }), "serve-out");
    drain.setDaemon(true);
    drain.start();
    return url.group(1);
  }

  private JsonObject health(String url) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/health?token=" + TOKEN)).build(),
      HttpResponse.BodyHandlers.ofString());
    return new JsonObject(response.body());
  }

  private List<String> members(String url) throws Exception {
    JsonArray members = health(url).getJsonObject("cluster").getJsonArray("members", new JsonArray());
    return members.stream().map(String::valueOf).sorted().toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
