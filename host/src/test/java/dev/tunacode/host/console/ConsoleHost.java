package dev.tunacode.host.console;

import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.server.ServerOptions;
import dev.tunacode.host.server.WebServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For each test, a host with the example plugin serving on a free port, and Debian's headless Chromium,
 * through its chromedriver, to open its console.
 */
final class ConsoleHost implements BeforeEachCallback, AfterEachCallback {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String DRIVER = "/usr/bin/chromedriver";

  private Path workspace;
  private Path profile;
  private HostRuntime runtime;
  private WebServer server;
  private WebDriver browser;

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    assertThat(new File(CHROMIUM)).as("Debian's chromium is needed: apt-get install chromium chromium-driver (.ci/run does)").exists();
    assertThat(new File(DRIVER)).as("Debian's chromedriver is needed: apt-get install chromium-driver (.ci/run does)").exists();
    workspace = Files.createTempDirectory("console-workspace");
    profile = Files.createTempDirectory("console-profile");
    Path plugins = Files.createDirectory(workspace.resolve("plugins"));
    Files.copy(Path.of(System.getProperty("tunacode.examplePluginJar")), plugins.resolve("examples.jar"));
    Files.writeString(workspace.resolve("README.md"), "# TODO: a readme\n");
    runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject().put("plugins", new JsonObject().put("settleMs", 100))
      .put("index", new JsonObject().put("enabled", true)));
    runtime.watchPlugins(true);
    server = runtime.serve(new ServerOptions().setPort(0), "console-test-token-0123456789");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
      "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--window-size=1280,800", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      try {
        if (runtime != null) {
          runtime.close();
        }
      } finally {
        delete(profile);
        delete(workspace);
      }
    }
  }

  Path workspace() {
    return workspace;
  }

  HostRuntime runtime() {
    return runtime;
  }

  WebDriver browser() {
    return browser;
  }

  /** Opens the console and waits until it is connected; the wait returned is bounded by 30 s. */
  WebDriverWait open() {
    browser.get(server.consoleUrl());
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(d -> "connected".equals(d.findElement(By.id("connection")).getText()));
    return wait;
  }

  private static void delete(Path folder) throws IOException {
    if (folder == null || !Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
