package dev.tunacode.core.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fails any test during which Vert.x reported a blocked thread. Registered for every test through
 * JUnit's extension auto-detection (see junit-platform.properties), so no test can forget it.
 */
public final class NoBlockedThreads implements BeforeEachCallback, AfterEachCallback {

  private static final List<String> WARNINGS = new CopyOnWriteArrayList<>();
  private static volatile boolean installed;

  private static final class Watch extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      String message = event.getFormattedMessage();
      if (message != null && message.contains("has been blocked for")) {
        WARNINGS.add(event.getThreadName() + ": " + message);
      }
    }
  }

  private static synchronized void install() {
    if (installed) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Watch watch = new Watch();
    watch.setContext(context);
    watch.setName("no-blocked-threads");
    watch.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(watch);
    installed = true;
  }

  /** Takes the warnings seen so far, so that a test of the watch itself can check and clear them. */
  public static List<String> drain() {
    List<String> seen = List.copyOf(WARNINGS);
    WARNINGS.clear();
    return seen;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    install();
    WARNINGS.clear();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!WARNINGS.isEmpty()) {
      List<String> seen = List.copyOf(WARNINGS);
      WARNINGS.clear();
      throw new AssertionError("Vert.x reported a blocked thread during this test: " + seen);
    }
  }
}
