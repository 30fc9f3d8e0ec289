package dev.tunacode.core.spi;

/**
 * A value in a tool's output that knows about how long its JSON is, so that the host can weigh an
 * output against its budget without encoding it or walking into it (a search's match, say, whose text
 * sits in bytes that would have to be decoded to be walked).
 */
public interface JsonSizeHint {

  /** @return about how many characters this value's JSON takes */
  long jsonSizeHint();
}
