package dev.tunacode.tools.builtin.file;

import dev.tunacode.tools.builtin.OutputSchemas;
import dev.tunacode.core.HostContext;
import dev.tunacode.core.os.PosixException;
import dev.tunacode.core.os.Stat;
import dev.tunacode.core.spi.ArgsSchema;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolException;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.spi.ToolSpec;
import dev.tunacode.core.workspace.DirHandle;
import dev.tunacode.core.workspace.FileHandle;
import dev.tunacode.core.workspace.NotRegularFileException;
import dev.tunacode.core.workspace.ResolvedPath;
import dev.tunacode.tools.builtin.OutputBudget;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * {@code update_file}: replaces an exact block of a file, atomically, and returns a unified diff. Unlike
 * TunaCode's, it refuses a target that occurs more than once unless told to replace every occurrence.
 */
public final class UpdateFileTool implements Tool {

  /** The largest file it edits; an edit reads the file whole. */
  static final long MAX_BYTES = 10L * 1024 * 1024;
  /** An ambiguous target's message lists the lines of this many occurrences, then says how many more. */
  static final int MAX_LINES_LISTED = 20;
  /** The most of the file's start a NO_MATCH message shows: its first line may be the whole file. */
  static final int MAX_EXCERPT = 2_000;

  private static final ToolSpec SPEC = new ToolSpec("update_file", ToolKind.WRITE,
    "Replaces an exact block of text in a file (once, or every occurrence with replace_all) and returns a diff.",
    ArgsSchema.object()
      .string("filepath", "The file to change.")
      .string("target", "The exact text to replace, whitespace and line ends included.")
      .string("patch", "The text to put in its place.")
      .bool("replace_all", "Replace every occurrence instead of refusing a target that occurs more than once.", false)
      .required("filepath", "target", "patch")
      .build());

  private final HostContext context;

  public UpdateFileTool(HostContext context) {
    this.context = context;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public JsonObject outputSchema() {
    return OutputSchemas.updateFile();
  }

  @Override
  public Footprint footprint(JsonObject args) {
    return Footprint.write(args.getString("filepath"));
  }

  @Override
  public Future<JsonObject> execute(ToolCall call) {
    JsonObject args = call.args();
    String path = args.getString("filepath");
    String target = args.getString("target");
    String patch = args.getString("patch");
    TextChecks.checkEncodable(name(), "patch", patch);
    boolean all = args.getBoolean("replace_all", false);
    if (target.isEmpty()) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "The `target` is empty. Give the exact text to replace.");
    }
    return context.io().run(() -> {
      try (ResolvedPath resolved = context.workspace().locate(path)) {
        if (resolved.isDirectory()) {
          throw new ToolException(ErrorCode.INVALID_ARGS, "Error: '" + path + "' is a directory, not a file. "
            + "update_file changes a file's text; use list_dir to see what the directory holds.");
        }
        if (resolved.blockedBy() != null) {
          throw new ToolException(ErrorCode.NOT_FOUND, "File '" + path + "' not found: '" + resolved.blockedBy()
            + "' is a file, not a folder. Verify the filepath.");
        }
        if (!resolved.exists()) {
          throw new ToolException(ErrorCode.NOT_FOUND, "File '" + path + "' not found. Cannot update. "
            + "Verify the filepath or use `write_file` if it's a new file.");
        }
        String suffix = FileErrors.folderSuffix(path);
        if (!suffix.isEmpty()) {
          throw FileErrors.folderSyntax(path, suffix, "To change the file", "");
        }
        byte[] bytes;
        int permissions;
        try (FileHandle file = resolved.openFile()) {
          Stat stat = file.stat();
          bytes = stat.size() > MAX_BYTES ? null : file.readAll(stat.size(), MAX_BYTES);
          permissions = stat.permissions();
        } catch (NotRegularFileException e) {
          throw FileErrors.notAFile(path);
        } catch (PosixException e) {
          throw e.isAccessDenied() ? FileErrors.readDenied(path) : e;
        }
        if (bytes == null || bytes.length > MAX_BYTES) {
          throw new ToolException(ErrorCode.TOO_LARGE, "File '" + path + "' is too large to update (over 10 MB). "
            + "Edit it with bash instead, for example with sed.");
        }
        if (TextChecks.looksBinary(bytes, bytes.length)) {
          throw TextChecks.binary(path);
        }
        String before = TextChecks.decode(path, bytes, 0, bytes.length);
        String after = replace(path, before, target, patch, all);
        try (DirHandle folder = resolved.folder()) {
          folder.replaceFile(resolved.name(), after.getBytes(StandardCharsets.UTF_8), permissions);
        } catch (PosixException e) {
          throw e.isAccessDenied() ? FileErrors.writeDenied(path) : e;
        }
        String diff = fitted(UnifiedDiff.of(resolved.relative(), before, after), OutputBudget.of(call));
        return new JsonObject().put("text", "File '" + path + "' updated successfully.").put("diff", diff);
      }
    });
  }

  // The file is changed whatever the diff's size; a diff past the output budget is cut at a line's end.
  private static String fitted(String diff, long budget) {
    long room = budget - 1024;
    if (diff.length() <= room) {
      return diff;
    }
    int end = diff.lastIndexOf('\n', (int) room) + 1;
    return diff.substring(0, end) + "[diff cut at " + end + " of " + diff.length() + " characters, this host's limit for one "
      + "call's output; the file was changed in full: read it to see the rest]\n";
  }

  private static String replace(String path, String text, String target, String patch, boolean all) {
    // A target without CR in a file with CR line ends is found as TunaCode found it, in the file read in
    // text mode; the patch then takes the file's line ends. A target with CR is found as it is.
    LfView view = text.indexOf('\r') >= 0 && target.indexOf('\r') < 0 ? LfView.of(text) : null;
    int[] at = Occurrences.of(view == null ? text : view.text(), target);
    if (at.length == 0) {
      String start = text.lines().limit(10).collect(Collectors.joining("\n"));
      if (start.length() > MAX_EXCERPT) {
        start = start.substring(0, MAX_EXCERPT) + "…";
      }
      throw new ToolException(ErrorCode.NO_MATCH, "Target block not found in '" + path + "'. Ensure the `target` "
        + "argument exactly matches the content you want to replace. File starts with:\n---\n" + start + "\n---");
    }
    if (at.length > 1 && !all) {
      long[] lines = Occurrences.lines(view == null ? text : view.text(), at, Math.min(at.length, MAX_LINES_LISTED));
      StringBuilder listed = new StringBuilder();
      for (long line : lines) {
        listed.append(listed.length() == 0 ? "" : ", ").append(line);
      }
      if (at.length > lines.length) {
        listed.append(" and ").append(at.length - lines.length).append(" more");
      }
      throw new ToolException(ErrorCode.AMBIGUOUS_MATCH, "Target block occurs " + at.length + " times in '" + path
        + "' (at lines " + listed + "). Add surrounding lines to the `target` so that it matches "
        + "once, or set replace_all to true to replace every occurrence.");
    }
    int count = all ? at.length : 1;
    String after = view == null ? Occurrences.replace(text, target.length(), at, count, patch)
      : view.replace(at, count, target.length(), patch);
    if (after.equals(text)) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "Update target found, but replacement resulted in no changes to '"
        + path + "'. Was the `target` identical to the `patch`? Please check the file content.");
    }
    return after;
  }

}
