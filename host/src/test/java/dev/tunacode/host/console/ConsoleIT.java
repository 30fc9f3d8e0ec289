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
import org.openqa.selenium.JavascriptExecutor;
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
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

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

  @Test
  @DisplayName("lists every tool of the host with its kind")
  void toolKinds() throws Exception {
    browser.get(server.consoleUrl());
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(d -> "connected".equals(d.findElement(By.id("connection")).getText()));

    Map<String, String> shown = browser.findElements(By.cssSelector("#tools summary")).stream().collect(Collectors.toMap(
      summary -> summary.findElement(By.className("tool-name")).getText(), summary -> summary.findElement(By.className("kind")).getText()));
    Map<String, String> kinds = runtime.host().registry().all().stream()
      .collect(Collectors.toMap(entry -> entry.tool().name(), entry -> entry.tool().kind().name()));

    assertThat(shown).hasSize(11).isEqualTo(kinds)
      .containsEntry("read_file", "READ_ONLY").containsEntry("touch_marker", "WRITE").containsEntry("bash", "EXECUTE");
  }

  @Test
  @DisplayName("after the example batch, a result expands to its text and the metrics panel shows calls per second, p50 and p99")
  void afterTheRun() throws Exception {
    browser.get(server.consoleUrl());
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(d -> "connected".equals(d.findElement(By.id("connection")).getText()));
    int calls = new JsonObject(browser.findElement(By.id("batch")).getAttribute("value")).getJsonArray("calls").size();
    // The panel changes every second, and calls per second falls back to 0.0 once the calls are over: keep
    // every state it shows.
    ((JavascriptExecutor) browser).executeScript("window.shown = [];"
      + "const read = (id) => document.getElementById(id).textContent;"
      + "new MutationObserver(() => window.shown.push({calls: read('m-calls'), rate: read('m-rate'), p50: read('m-p50'),"
      + " p99: read('m-p99')})).observe(document.getElementById('metrics'), {childList: true, characterData: true, subtree: true});");

    browser.findElement(By.id("run")).click();
    wait.until(d -> d.findElements(By.cssSelector("#results li")).size() == calls);

    WebElement first = browser.findElement(By.cssSelector("#results li:first-child details"));
    WebElement text = first.findElement(By.className("result-text"));
    assertThat(first.getAttribute("open")).isNull();
    assertThat(text.isDisplayed()).isFalse();
    first.findElement(By.tagName("summary")).click();
    assertThat(first.getAttribute("open")).isNotNull();
    assertThat(text.isDisplayed()).isTrue();
    assertThat(text.getText()).isEqualTo("slept 300 ms");

    Map<?, ?> panel = wait.until(d -> shownStates().stream().filter(state -> String.valueOf(calls).equals(state.get("calls")))
      .findFirst().orElse(null));
    assertThat((String) panel.get("rate")).matches("[0-9]+\\.[0-9]");
    assertThat(Double.parseDouble((String) panel.get("rate"))).as("calls per second as the calls ended").isPositive();
    // No call ran since, so the host's percentiles are still those the panel showed.
    JsonObject stats = new JsonObject((String) ((JavascriptExecutor) browser).executeAsyncScript(
      "const done = arguments[arguments.length - 1]; fetch('/api/stats', {headers: {'X-TunaCode-Token': token}})"
        + ".then(r => r.text()).then(done);"));
    assertThat(panel.get("p50")).isEqualTo(String.format(Locale.ROOT, "%.2f ms", stats.getDouble("p50Ms")));
    assertThat(panel.get("p99")).isEqualTo(String.format(Locale.ROOT, "%.2f ms", stats.getDouble("p99Ms")));
    // The p99 is one of the 300 ms sleeps; the histogram keeps one significant digit, so it may read up to a
    // sixteenth low.
    assertThat(stats.getDouble("p99Ms")).isGreaterThanOrEqualTo(300 * 15 / 16.0);
  }

  private List<Map<?, ?>> shownStates() {
    List<?> states = (List<?>) ((JavascriptExecutor) browser).executeScript("return window.shown;");
    return states.stream().<Map<?, ?>>map(state -> (Map<?, ?>) state).toList();
  }
}
