package dev.tunacode.host.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what is logged at WARN and ERROR during each test, as {@code LEVEL logger: message (exception)}.
 */
public final class LoggedProblems implements BeforeEachCallback, AfterEachCallback {

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
        seen.add(event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()
          + (event.getThrowableProxy() == null ? "" : " (" + event.getThrowableProxy().getClassName() + ": "
          + event.getThrowableProxy().getMessage() + ")"));
      }
    }
  };

  @Override
  public void beforeEach(ExtensionContext context) {
    seen.clear();
    appender.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
    appender.start();
    root().addAppender(appender);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    root().detachAppender(appender);
    appender.stop();
  }

  public List<String> all() {
    return List.copyOf(seen);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
