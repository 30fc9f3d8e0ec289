package dev.tunacode.host.console;

import dev.tunacode.host.testing.Processes;
import dev.tunacode.host.testing.LoggedProblems;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("The web console, in headless Chromium")
class ConsoleIT {

  private static final String KILLED = "It was killed: the shell at once, so that nothing more of the command ran, and every "
    + "process it started.";

  @RegisterExtension
  final LoggedProblems logged = new LoggedProblems();
  @RegisterExtension
  final ConsoleHost console = new ConsoleHost();
  WebDriver browser;
  ConsolePage page;

  @BeforeEach
  void browser() {
    browser = console.browser();
    page = new ConsolePage(browser);
  }

  @Test
  @DisplayName("runs the example batch: the read-only calls' bars overlap, the results appear, the metrics count them")
  void exampleBatch() throws Exception {
    WebDriverWait wait = console.open();
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
    WebDriverWait wait = console.open();

    Map<String, String> shown = browser.findElements(By.cssSelector("#tools summary")).stream().collect(Collectors.toMap(
      summary -> summary.findElement(By.className("tool-name")).getText(), summary -> summary.findElement(By.className("kind")).getText()));
    Map<String, String> kinds = console.runtime().host().registry().all().stream()
      .collect(Collectors.toMap(entry -> entry.tool().name(), entry -> entry.tool().kind().name()));

    assertThat(shown).hasSize(11).isEqualTo(kinds)
      .containsEntry("read_file", "READ_ONLY").containsEntry("touch_marker", "WRITE").containsEntry("bash", "EXECUTE");
  }

  @Test
  @DisplayName("shows the workspace it serves, with its node, load and folder")
  void workspaces() throws Exception {
    WebDriverWait wait = console.open();

    wait.until(d -> !d.findElements(By.cssSelector("#workspaces li")).isEmpty());
    assertThat(browser.findElement(By.id("workspaces")).getText()).isEqualTo("default\nthis node · load 0 · "
      + console.runtime().host().workspace().root());
  }

  @Test
  @DisplayName("follows the plugins folder: the tool list loses a jar's tools when it is deleted and gets them back when it returns")
  void liveToolList() throws Exception {
    WebDriverWait wait = console.open();
    Path jar = console.workspace().resolve("plugins/examples.jar");
    Path aside = Files.move(jar, console.workspace().resolve("examples.jar"));

    wait.until(d -> !toolNames().contains("echo"));
    assertThat(toolNames()).contains("read_file", "bash").doesNotContain("sleep", "touch_marker");
    assertThat(browser.findElement(By.id("tools-changed")).getText()).startsWith("Plugins changed at ")
      .endsWith(": removed echo, sleep, touch_marker");

    Files.copy(aside, jar);
    wait.until(d -> toolNames().contains("touch_marker"));
    assertThat(toolNames()).hasSize(11);
    assertThat(browser.findElement(By.id("tools-changed")).getText()).endsWith(": added echo, sleep, touch_marker");
  }

  // Read in one script, so that a list re-rendered meanwhile is never half read.
  @SuppressWarnings("unchecked")
  private List<String> toolNames() {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
      "return [...document.querySelectorAll('#tools .tool-name')].map(node => node.textContent);");
  }

  @Test
  @DisplayName("after the example batch, a result expands to its text and the metrics panel shows calls per second, p50 and p99")
  void afterTheRun() throws Exception {
    WebDriverWait wait = console.open();
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
    // list_dir, glob and grep could have been answered from the cache; this host had seen none of them.
    assertThat(stats.getLong("cacheHits")).isZero();
    assertThat(stats.getLong("cacheMisses")).isEqualTo(3);
    wait.until(d -> "0.0%".equals(d.findElement(By.id("m-hits")).getText()));
  }

  @Test
  @DisplayName("shows grep's content index once built: its files and size, as /health has them")
  void index() throws Exception {
    WebDriverWait wait = console.open();
    wait.until(d -> d.findElement(By.id("m-index")).getText().endsWith(" MB"));
    JsonObject index = console.runtime().health().getJsonArray("index").getJsonObject(0);
    assertThat(index.getString("state")).isEqualTo("ready");
    String shown = String.format(Locale.ROOT, "%,d files · %.1f MB", index.getInteger("files"), index.getLong("bytes") / 1048576.0);
    wait.until(d -> shown.equals(d.findElement(By.id("m-index")).getText()));
  }

  @Test
  @DisplayName("the example run again answers its searches from the cache: the results say so and the panel shows the hit rate")
  void runAgain() throws Exception {
    WebDriverWait wait = console.open();
    int calls = new JsonObject(browser.findElement(By.id("batch")).getAttribute("value")).getJsonArray("calls").size();
    // A result is kept once its call has returned: the example is run until its searches come from the cache.
    List<String> cached = List.of();
    for (int run = 0; run < 20 && cached.size() < 3; run++) {
      browser.findElement(By.id("run")).click();
      wait.until(d -> d.findElements(By.cssSelector("#results li")).size() == calls && d.findElement(By.id("run")).isEnabled());
      cached = browser.findElements(By.cssSelector("#results li summary")).stream().map(WebElement::getText)
        .filter(summary -> summary.contains(" · from the cache · ")).map(summary -> summary.split(" · ")[0].replaceAll("#\\d+ ", ""))
        .toList();
    }
    assertThat(cached).containsExactlyInAnyOrder("list_dir", "glob", "grep");
    JsonObject stats = new JsonObject((String) ((JavascriptExecutor) browser).executeAsyncScript(
      "const done = arguments[arguments.length - 1]; fetch('/api/stats', {headers: {'X-TunaCode-Token': token}})"
        + ".then(r => r.text()).then(done);"));
    assertThat(stats.getLong("cacheHits")).isGreaterThanOrEqualTo(3);
    String rate = String.format(Locale.ROOT, "%.1f%%", stats.getDouble("cacheHitRate") * 100);
    wait.until(d -> rate.equals(d.findElement(By.id("m-hits")).getText()));
  }

  @Test
  @DisplayName("a call's Stop ends its running command after its live output: shell and child leave /proc, the call is drawn and listed as cancelled")
  void stopCall() throws Exception {
    WebDriverWait wait = console.open();
    page.run(new JsonObject().put("calls", new JsonArray().add(sleepingBash("call"))));
    wait.until(d -> "started\n".equals(page.liveText(0)));
    int shell = Processes.written(console.workspace().resolve("call.shell"));
    int child = Processes.written(console.workspace().resolve("call.child"));
    assertThat(Processes.alive(shell) && Processes.alive(child)).as("the command runs until it is stopped").isTrue();
    assertThat(page.live(0).getAttribute("class")).isEqualTo("running");
    assertThat(page.batchStop().isDisplayed()).isTrue();

    page.stop(0).click();
    wait.until(d -> page.results().size() == 1);

    await().atMost(Duration.ofSeconds(10)).until(() -> !Processes.alive(shell) && !Processes.alive(child));
    assertCancelledWhileRunning(0, "call");
    assertThat(page.status()).isEqualTo("1 call, 1 failed (1 cancelled)");
    assertNoStopButtons();
    assertThat(logged.all()).isEmpty();
  }

  @Test
  @DisplayName("the batch's Stop ends its running command and cancels the call waiting behind it, which never runs")
  void stopBatch() throws Exception {
    WebDriverWait wait = console.open();
    JsonObject never = new JsonObject().put("tool", "bash").put("args", new JsonObject().put("command", "echo ran > never.txt"));
    page.run(new JsonObject().put("calls", new JsonArray().add(sleepingBash("batch")).add(never)));
    wait.until(d -> "started\n".equals(page.liveText(0)));
    int shell = Processes.written(console.workspace().resolve("batch.shell"));
    int child = Processes.written(console.workspace().resolve("batch.child"));
    assertThat(page.stopButtons()).hasSize(2);

    page.batchStop().click();
    wait.until(d -> page.results().size() == 2);

    await().atMost(Duration.ofSeconds(10)).until(() -> !Processes.alive(shell) && !Processes.alive(child));
    assertCancelledWhileRunning(0, "batch");
    assertThat(page.bar(1).getAttribute("class")).isEqualTo("bar EXECUTE cancelled");
    assertThat(page.result(1).getAttribute("class")).isEqualTo("cancelled");
    assertThat(page.resultSummary(1)).matches("#1 bash · CANCELLED · [0-9]+\\.[0-9] ms");
    assertThat(page.resultText(1)).isEqualTo("CANCELLED: Cancelled before it started; it did not run.");
    assertThat(page.livePanels()).as("the call that never ran printed nothing").hasSize(1);
    assertThat(console.workspace().resolve("never.txt")).doesNotExist();
    assertThat(page.status()).isEqualTo("2 calls, 2 failed (2 cancelled)");
    assertNoStopButtons();
    assertThat(logged.all()).isEmpty();
  }

  @Test
  @DisplayName("a call that timed out is drawn in the timed-out colour of the legend, apart from a call that failed otherwise and one that succeeded")
  void timedOut() throws Exception {
    WebDriverWait wait = console.open();
    page.run(new JsonObject().put("timeoutMs", 300).put("calls", new JsonArray()
      .add(new JsonObject().put("tool", "sleep").put("args", new JsonObject().put("ms", 60_000)))
      .add(new JsonObject().put("tool", "read_file").put("args", new JsonObject().put("file_path", "missing.txt")))
      .add(new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", "done")))));
    wait.until(d -> page.results().size() == 3);

    assertThat(List.of(page.bar(0), page.bar(1), page.bar(2))).extracting(bar -> bar.getAttribute("class"))
      .containsExactly("bar READ_ONLY timeout", "bar READ_ONLY failed", "bar READ_ONLY");
    assertThat(page.results()).extracting(item -> item.getAttribute("class")).containsExactly("timeout", "failed", "ok");
    assertThat(page.resultSummary(0)).matches("#0 sleep · TIMEOUT · [0-9]+\\.[0-9] ms");
    assertThat(page.resultText(0)).isEqualTo("TIMEOUT: The call to sleep did not finish in time and was abandoned. "
      + "Narrow the call (a smaller folder, a more specific pattern) or raise timeoutMs.");
    assertThat(page.bar(0).getCssValue("background-color")).isEqualTo(page.swatch("timeout"));
    assertThat(page.bar(1).getCssValue("background-color")).isEqualTo(page.bar(2).getCssValue("background-color"))
      .isEqualTo(page.swatch("READ_ONLY"));
    assertThat(List.of(page.swatch("READ_ONLY"), page.swatch("WRITE"), page.swatch("EXECUTE"), page.swatch("cancelled"),
      page.swatch("timeout"))).as("each colour of the legend is its own").doesNotHaveDuplicates();
    assertThat(page.status()).isEqualTo("3 calls, 2 failed (1 timed out)");
    assertNoStopButtons();
    assertThat(logged.all()).isEmpty();
  }

  // The shell and its child each write their pid, so that both can be looked for in /proc.
  private static JsonObject sleepingBash(String name) {
    return new JsonObject().put("tool", "bash").put("args", new JsonObject()
      .put("command", "echo $$ > " + name + ".shell; echo started; sleep 60 & echo $! > " + name + ".child; wait"));
  }

  private void assertCancelledWhileRunning(int index, String name) {
    String command = sleepingBash(name).getJsonObject("args").getString("command");
    assertThat(page.bar(index).getAttribute("class")).isEqualTo("bar EXECUTE cancelled");
    assertThat(page.bar(index).getCssValue("background-color")).isEqualTo(page.swatch("cancelled")).isNotEqualTo(page.swatch("EXECUTE"));
    assertThat(page.live(index).getAttribute("class")).isEqualTo("cancelled");
    assertThat(page.live(index).findElement(By.className("live-head")).getText()).isEqualTo("#" + index + " bash · CANCELLED");
    assertThat(page.liveText(index)).isEqualTo("started\n");
    assertThat(page.result(index).getAttribute("class")).isEqualTo("cancelled");
    assertThat(page.resultSummary(index)).matches("#" + index + " bash · CANCELLED · [0-9]+\\.[0-9] ms");
    // The shell is killed at once (KILL, 128 + 9); the output it had comes after the error.
    assertThat(page.resultText(index)).isEqualTo("CANCELLED: The command was cancelled while it ran: " + KILLED
      + " Its output until then is in the result's output.\n\n"
      + "Command cancelled before it finished: " + command + "\n" + KILLED + "\n\n"
      + "Command: " + command + "\nExit Code: 137\nWorking Directory: " + console.workspace() + "\n\n"
      + "STDOUT:\nstarted\n\nSTDERR:\n(no errors)");
  }

  private void assertNoStopButtons() {
    assertThat(page.stopButtons()).isEmpty();
    assertThat(page.batchStop().isDisplayed()).isFalse();
  }

  private List<Map<?, ?>> shownStates() {
    List<?> states = (List<?>) ((JavascriptExecutor) browser).executeScript("return window.shown;");
    return states.stream().<Map<?, ?>>map(state -> (Map<?, ?>) state).toList();
  }
}
