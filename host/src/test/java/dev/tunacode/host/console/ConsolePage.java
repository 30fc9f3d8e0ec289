package dev.tunacode.host.console;

import io.vertx.core.json.JsonObject;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.util.List;

/**
 * What a test reads and presses on the console's page: the batch editor, the timeline's bars and Stop
 * buttons, the live output, the results and the legend.
 */
final class ConsolePage {

  private final WebDriver browser;

  ConsolePage(WebDriver browser) {
    this.browser = browser;
  }

  /** Puts the batch in the editor, as a user would paste it, and presses Run. */
  void run(JsonObject batch) {
    ((JavascriptExecutor) browser).executeScript("document.getElementById('batch').value = arguments[0];", batch.encodePrettily());
    browser.findElement(By.id("run")).click();
  }

  WebElement bar(int index) {
    return browser.findElement(By.cssSelector(".bar[data-index='" + index + "']"));
  }

  /** @return the Stop button on the lane of call {@code index} */
  WebElement stop(int index) {
    return browser.findElement(By.cssSelector(".lane[data-index='" + index + "'] button.stop"));
  }

  List<WebElement> stopButtons() {
    return browser.findElements(By.cssSelector("#timeline button.stop"));
  }

  WebElement batchStop() {
    return browser.findElement(By.id("stop"));
  }

  /** @return the live output panel of call {@code index}; none until it prints */
  WebElement live(int index) {
    return browser.findElement(By.cssSelector("#live li[data-index='" + index + "']"));
  }

  String liveText(int index) {
    return live(index).findElement(By.className("live-text")).getAttribute("textContent");
  }

  List<WebElement> livePanels() {
    return browser.findElements(By.cssSelector("#live li"));
  }

  List<WebElement> results() {
    return browser.findElements(By.cssSelector("#results li"));
  }

  WebElement result(int index) {
    return results().get(index);
  }

  String resultSummary(int index) {
    return result(index).findElement(By.tagName("summary")).getAttribute("textContent");
  }

  String resultText(int index) {
    return result(index).findElement(By.className("result-text")).getAttribute("textContent");
  }

  String status() {
    return browser.findElement(By.id("status")).getText();
  }

  /** @return the fill of the legend's swatch {@code name} (a kind, {@code cancelled} or {@code timeout}) */
  String swatch(String name) {
    return browser.findElement(By.cssSelector(".legend .swatch." + name)).getCssValue("background-color");
  }
}
