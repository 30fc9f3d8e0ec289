package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.spi.JsonSizeHint;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One matching line with its context, which is also the map behind the match's JSON object
 * ({@code file, line, column, text, before, after}).
 *
 * <p>A grep may return a quarter of a million matches. As a LinkedHashMap with a String each would take
 * eleven objects and about 500 bytes, and copying them between the collector's generations was the
 * largest part of such a search. Here the fields sit in one object and the line's bytes in an array
 * shared with the file's other matches. Reading the plain fields, comparing and encoding
 * see an ordinary map with the keys in their usual order. Asking for the context lists, or changing
 * anything, first copies the fields into a LinkedHashMap with mutable lists, which serves from then on.
 */
final class GrepMatch extends AbstractMap<String, Object> implements JsonSizeHint {

  private static final String[] KEYS = {"file", "line", "column", "text", "before", "after"};
  private static final int BEFORE = 4;
  private static final int AFTER = 5;

  private final String file;
  private final long line;
  private final int column;
  private final byte[] lineBytes;
  private final int lineOffset;
  private final int lineSize;
  private final int length;
  private final List<String> before;
  private final List<String> after;
  private Map<String, Object> changed;
  private long sizeHint;

  /**
   * @param file       the path relative to the search root
   * @param line       the line number, from 1
   * @param column     the match's column, in characters, from 1
   * @param lineBytes  holds the line's text, without its end, as UTF-8 ({@link LineBytes})
   * @param lineOffset where in {@code lineBytes} the text starts
   * @param lineSize   its length in bytes
   * @param length     the match's length, in characters (for the text's marks; not a JSON field)
   * @param before     up to context_lines lines before it
   * @param after      up to context_lines lines after it
   */
  GrepMatch(String file, long line, int column, byte[] lineBytes, int lineOffset, int lineSize, int length,
            List<String> before, List<String> after) {
    this.file = file;
    this.line = line;
    this.column = column;
    this.lineBytes = lineBytes;
    this.lineOffset = lineOffset;
    this.lineSize = lineSize;
    this.length = length;
    this.before = before;
    this.after = after;
  }

  /** A match whose line is a String. */
  static GrepMatch of(String file, long line, int column, String text, int length, List<String> before, List<String> after) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new GrepMatch(file, line, column, bytes, 0, bytes.length, length, before, after);
  }

  String file() {
    return file;
  }

  long line() {
    return line;
  }

  int column() {
    return column;
  }

  String text() {
    return new String(lineBytes, lineOffset, lineSize, StandardCharsets.UTF_8);
  }

  /** @return the line's text, as a view of its bytes when they are ASCII, so that writing it decodes nothing */
  CharSequence textChars() {
    for (int i = lineOffset, end = lineOffset + lineSize; i < end; i++) {
      if (lineBytes[i] < 0) {
        return text();
      }
    }
    return new AsciiChars(lineBytes, lineOffset, lineSize);
  }

  int length() {
    return length;
  }

  List<String> before() {
    return before;
  }

  /** Keys, punctuation and numbers take about this much besides the texts. */
  private static final int FIXED_CHARS = 80;

  // Asked for once as the match is collected and again as the output is weighed: kept once known.
  @Override
  public long jsonSizeHint() {
    if (sizeHint == 0) {
      long size = FIXED_CHARS + file.length() + lineSize;
      for (int i = 0; i < before.size(); i++) {
        size += before.get(i).length() + 3;
      }
      for (int i = 0; i < after.size(); i++) {
        size += after.get(i).length() + 3;
      }
      sizeHint = size;
    }
    return sizeHint;
  }

  List<String> after() {
    return after;
  }

  @Override
  public int size() {
    return changed != null ? changed.size() : KEYS.length;
  }

  @Override
  public boolean containsKey(Object key) {
    return changed != null ? changed.containsKey(key) : indexOf(key) >= 0;
  }

  @Override
  public Object get(Object key) {
    if (changed != null) {
      return changed.get(key);
    }
    int index = indexOf(key);
    return index == BEFORE || index == AFTER ? changed().get(key) : valueAt(index);
  }

  @Override
  public Object put(String key, Object value) {
    return changed().put(key, value);
  }

  @Override
  public Object remove(Object key) {
    return changed().remove(key);
  }

  @Override
  public void clear() {
    changed().clear();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return changed != null ? changed.entrySet() : new Fields();
  }

  private Map<String, Object> changed() {
    if (changed == null) {
      Map<String, Object> copy = new LinkedHashMap<>(KEYS.length * 2);
      for (int i = 0; i < KEYS.length; i++) {
        Object value = valueAt(i);
        copy.put(KEYS[i], value instanceof List<?> lines ? new ArrayList<>(lines) : value);
      }
      changed = copy;
    }
    return changed;
  }

  private static int indexOf(Object key) {
    for (int i = 0; i < KEYS.length; i++) {
      if (KEYS[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private Object valueAt(int index) {
    return switch (index) {
      case 0 -> file;
      case 1 -> line;
      case 2 -> column;
      case 3 -> text();
      case BEFORE -> before;
      case AFTER -> after;
      default -> null;
    };
  }

  /** ASCII bytes as characters. */
  private record AsciiChars(byte[] bytes, int offset, int length) implements CharSequence {

    @Override
    public char charAt(int index) {
      return (char) bytes[offset + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new AsciiChars(bytes, offset + start, end - start);
    }

    @Override
    public String toString() {
      return new String(bytes, offset, length, StandardCharsets.US_ASCII);
    }
  }

  /** The fields, read-only, while nothing has changed them. */
  private final class Fields extends AbstractSet<Entry<String, Object>> {

    @Override
    public int size() {
      return KEYS.length;
    }

    @Override
    public Iterator<Entry<String, Object>> iterator() {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < KEYS.length;
        }

        @Override
        public Entry<String, Object> next() {
          if (next >= KEYS.length) {
            throw new NoSuchElementException();
          }
          int index = next++;
          return new SimpleImmutableEntry<>(KEYS[index], valueAt(index));
        }
      };
    }
  }
}
