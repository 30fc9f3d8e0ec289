package dev.tunacode.tools.builtin.file;

import dev.tunacode.tools.builtin.OutputSchemas;
import dev.tunacode.core.HostContext;
import dev.tunacode.core.os.PosixException;
import dev.tunacode.core.spi.ArgsSchema;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolException;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.spi.ToolSpec;
import dev.tunacode.core.workspace.FileHandle;
import dev.tunacode.core.workspace.NotRegularFileException;
import dev.tunacode.core.workspace.ResolvedPath;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code read_file}: a whole text file up to 100 KB, as TunaCode reads it, or any window of lines of a
 * file of any size.
 */
public final class ReadFileTool implements Tool {

  /** TunaCode's limit for reading a file whole. */
  static final int WHOLE_FILE_LIMIT = 102_400;
  /** Lines a window holds when only {@code offset} is given. */
  static final long DEFAULT_WINDOW_LINES = 2_000;
  /** The most bytes a window returns. */
  static final int WINDOW_BYTE_LIMIT = 256 * 1024;

  private static final ToolSpec SPEC = new ToolSpec("read_file", ToolKind.READ_ONLY,
    "Reads a text file (whole up to 100 KB), or any window of its lines with offset and limit.",
    ArgsSchema.object()
      .string("filepath", "The file to read, relative to the workspace or absolute inside it.")
      .integer("offset", "The first line to read, counting from 1.", 1, Long.MAX_VALUE, null)
      .integer("limit", "How many lines to read (default 2000 when offset is given).", 1, Long.MAX_VALUE, null)
      .bool("line_numbers", "Prefix each line with its number.", false)
      .required("filepath")
      .build());

  private final HostContext context;

  public ReadFileTool(HostContext context) {
    this.context = context;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public JsonObject outputSchema() {
    return OutputSchemas.readFile();
  }

  // Its complete output depends on its arguments and on what is at or under its footprint's path only.
  @Override
  public boolean cacheable() {
    return true;
  }

  @Override
  public Footprint footprint(JsonObject args) {
    return Footprint.read(args.getString("filepath"));
  }

  @Override
  public Future<JsonObject> execute(ToolCall call) {
    JsonObject args = call.args();
    String path = args.getString("filepath");
    Long offset = args.getLong("offset");
    Long limit = args.getLong("limit");
    boolean numbers = args.getBoolean("line_numbers", false);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(call.timeoutMs());
    return context.io().run(() -> {
      try (ResolvedPath resolved = context.workspace().locate(path)) {
        if (!resolved.exists()) {
          throw new ToolException(ErrorCode.NOT_FOUND, "Error: File not found at '" + path + "'.");
        }
        if (resolved.isDirectory()) {
          throw new ToolException(ErrorCode.INVALID_ARGS, "Error: '" + path + "' is a directory, not a file. "
            + "Use list_dir to see what it holds.");
        }
        String suffix = FileErrors.folderSuffix(path);
        if (!suffix.isEmpty()) {
          throw FileErrors.folderSyntax(path, suffix, "To read the file", "");
        }
        try (FileHandle file = resolved.openFile()) {
          return offset == null && limit == null ? whole(path, file, numbers)
            : window(path, file, offset, limit, numbers, deadline);
        } catch (NotRegularFileException e) {
          throw FileErrors.notAFile(path);
        } catch (PosixException e) {
          throw e.isAccessDenied() ? FileErrors.readDenied(path) : e;
        }
      }
    });
  }

  private static JsonObject whole(String path, FileHandle file, boolean numbers) throws IOException {
    long size = file.stat().size();
    byte[] bytes = size > WHOLE_FILE_LIMIT ? null : file.readAll(size, WHOLE_FILE_LIMIT);
    if (bytes == null || bytes.length > WHOLE_FILE_LIMIT) {
      throw new ToolException(ErrorCode.TOO_LARGE, "Error: File '" + path + "' is too large (> 100KB). "
        + "Please specify a smaller file or use other tools to process it.");
    }
    if (TextChecks.looksBinary(bytes, bytes.length)) {
      throw TextChecks.binary(path);
    }
    // As TunaCode reads in Python's text mode: CRLF and CR come back as LF.
    String content = TextChecks.universalNewlines(TextChecks.decode(path, bytes, 0, bytes.length));
    long total = Lines.count(content);
    return output(numbers ? Lines.numbered(content, 1) : content, content, total, false);
  }

  private static JsonObject window(String path, FileHandle file, Long offset, Long limit, boolean numbers, long deadline)
    throws IOException {
    long first = offset == null ? 1 : offset;
    long lines = limit == null ? DEFAULT_WINDOW_LINES : limit;
    LineWindow window = LineWindow.read(file, first, lines, WINDOW_BYTE_LIMIT, deadline);
    if (TextChecks.looksBinary(window.head(), window.head().length)) {
      throw TextChecks.binary(path);
    }
    if (window.lines() == 0 && window.cut()) {
      throw lineTooLong(path, first, window);
    }
    String content = TextChecks.universalNewlines(TextChecks.decode(path, window.content(), 0, window.content().length));
    long last = first + window.lines() - 1;
    boolean more = last < window.totalLines();
    String text = numbers ? Lines.numbered(content, first) : content;
    if (window.lines() == 0 && window.totalLines() > 0) {
      text = "[offset " + first + " is past the end of the file, which has " + window.totalLines() + " lines]";
    } else if (more) {
      text = text + (text.endsWith("\n") ? "" : "\n") + "[lines " + first + "-" + last + " of " + window.totalLines()
        + "; use offset=" + (last + 1) + " to read on]";
    }
    return output(text, content, window.totalLines(), more);
  }

  // A window holds whole lines; one line longer than a window can only be read in parts, with bash.
  private static ToolException lineTooLong(String path, long line, LineWindow window) {
    String readOn = line < window.totalLines() ? ", or read on from offset=" + (line + 1) : "";
    return new ToolException(ErrorCode.TOO_LARGE, String.format(Locale.ROOT, "Error: Line %d of '%s' takes %,d bytes, more "
        + "than the %,d bytes read_file returns in one call, so it cannot be shown. Read part of it with bash, for example "
        + "`sed -n '%dp' '%s' | cut -c1-4000`%s.", line, path, window.firstBytes(), WINDOW_BYTE_LIMIT, line, path, readOn));
  }

  private static JsonObject output(String text, String content, long totalLines, boolean truncated) {
    return new JsonObject().put("text", text).put("content", content).put("totalLines", totalLines)
      .put("truncated", truncated).put("encoding", "utf-8");
  }
}
