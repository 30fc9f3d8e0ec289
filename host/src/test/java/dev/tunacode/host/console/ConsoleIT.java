package dev.tunacode.host.console;

import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.server.ServerOptions;
import dev.tunacode.host.server.WebServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The web console, in headless Chromium")
class ConsoleIT {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String DRIVER = "/usr/bin/chromedriver";

  @TempDir
  Path workspace;
  @TempDir
  Path profile;
  HostRuntime runtime;
  WebServer server;
  WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    assertThat(new File(CHROMIUM)).as("Debian's chromium is needed: apt-get install chromium chromium-driver (.ci/run does)").exists();
    assertThat(new File(DRIVER)).as("Debian's chromedriver is needed: apt-get install chromium-driver (.ci/run does)").exists();
    Path plugins = Files.createDirectory(workspace.resolve("plugins"));
    Files.copy(Path.of(System.getProperty("tunacode.examplePluginJar")), plugins.resolve("examples.jar"));
    Files.writeString(workspace.resolve("README.md"), "# TODO: a readme\n");
    runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject());
    server = runtime.serve(new ServerOptions().setPort(0), "console-test-token-0123456789");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
      "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--window-size=1280,800", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      runtime.close();
    }
  }

  @Test
  @DisplayName("runs the example batch: the read-only calls' bars overlap, the results appear, the metrics count them")
  void exampleBatch() throws Exception {
    browser.get(server.consoleUrl());
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(d -> "connected".equals(d.findElement(By.id("connection")).getText()));
    assertThat(browser.findElements(By.cssSelector("#tools .tool-name")).stream().map(WebElement::getText))
      .contains("read_file", "grep", "sleep", "touch_marker");
    JsonObject batch = new JsonObject(browser.findElement(By.id("batch")).getAttribute("value"));
    int calls = batch.getJsonArray("calls").size();

    browser.findElement(By.id("run")).click();
    wait.until(d -> d.findElements(By.cssSelector("#results li")).size() == calls);

    List<WebElement> sleeps = browser.findElements(By.cssSelector(".bar.READ_ONLY"));
    assertThat(sleeps).hasSize(calls);
    double lastStart = 0;
    double firstEnd = Double.MAX_VALUE;
    for (WebElement bar : browser.findElements(By.cssSelector(".bar"))) {
      if (bar.getAttribute("data-index").matches("[012]")) {
        lastStart = Math.max(lastStart, Double.parseDouble(bar.getAttribute("data-start-ms")));
        firstEnd = Math.min(firstEnd, Double.parseDouble(bar.getAttribute("data-end-ms")));
      }
    }
    assertThat(lastStart).as("the three sleeps all started before any ended").isLessThan(firstEnd);
    assertThat(browser.findElement(By.id("results")).getAttribute("textContent")).contains("#0 sleep · ok", "slept 300 ms");
    assertThat(browser.findElement(By.id("stats")).getText()).contains("speedup", "at once");
    wait.until(d -> !"0".equals(d.findElement(By.id("m-calls")).getText()));

    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(Path.of("target", "console.png"), png);
  }
}
