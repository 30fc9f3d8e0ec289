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
import dev.tunacode.core.workspace.ResolvedPath;
import dev.tunacode.tools.builtin.CodePoints;
import dev.tunacode.tools.builtin.OutputBudget;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code list_dir}: one level of a folder, folders first, as TunaCode lists it.
 */
public final class ListDirTool implements Tool {

  static final long DEFAULT_MAX_ENTRIES = 200;

  private static final ToolSpec SPEC = new ToolSpec("list_dir", ToolKind.READ_ONLY,
    "Lists one level of a folder: folders first, with type marks, up to max_entries (default 200).",
    ArgsSchema.object()
      .string("directory", "The folder to list.", ".")
      .integer("max_entries", "The most entries to show.", 1, 100_000, DEFAULT_MAX_ENTRIES)
      .bool("show_hidden", "Show names that start with a dot.", false)
      .required()
      .build());

  private static final Comparator<String> CODE_POINTS = CodePoints.ORDER;
  private static final Comparator<DirEntry> ORDER = Comparator.comparing((DirEntry e) -> !e.isDirectory())
    .thenComparing(e -> e.name().toLowerCase(Locale.ROOT), CODE_POINTS).thenComparing(DirEntry::name, CODE_POINTS);

  private final HostContext context;

  public ListDirTool(HostContext context) {
    this.context = context;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public JsonObject outputSchema() {
    return OutputSchemas.listDir();
  }

  // Its complete output depends on its arguments and on what is at or under its footprint's path only.
  @Override
  public boolean cacheable() {
    return true;
  }

  @Override
  public Footprint footprint(JsonObject args) {
    return Footprint.read(args.getString("directory", "."));
  }

  @Override
  public Future<JsonObject> execute(ToolCall call) {
    String directory = call.args().getString("directory", ".");
    int max = call.args().getInteger("max_entries", (int) DEFAULT_MAX_ENTRIES);
    boolean hidden = call.args().getBoolean("show_hidden", false);
    return context.io().run(() -> {
      try (ResolvedPath resolved = context.workspace().locate(directory)) {
        Path shownPath = resolved.path();
        if (!resolved.exists()) {
          throw new ToolException(ErrorCode.NOT_FOUND, "Directory not found: " + shownPath);
        }
        if (!resolved.isDirectory()) {
          throw new ToolException(ErrorCode.INVALID_ARGS, "Not a directory: " + shownPath);
        }
        List<DirEntry> entries;
        try (DirHandle folder = resolved.openDirectory()) {
          entries = entries(folder, hidden);
        }
        entries.sort(ORDER);
        List<DirEntry> shown = entries.subList(0, Math.min(max,
          // A name is in the text and in the entries array, with its type and size.
          OutputBudget.fitting(entries, entry -> 2L * entry.name().length() + 64, OutputBudget.of(call))));
        boolean cut = shown.size() < entries.size();
        JsonArray json = new JsonArray();
        shown.forEach(entry -> json.add(entry.toJson()));
        // Cut by the output budget rather than by max_entries, the note names how many it shows.
        int limit = shown.size() < Math.min(max, entries.size()) ? shown.size() : max;
        return new JsonObject().put("text", DirListing.text(shownPath.toString(), shown, cut, limit)).put("entries", json)
          .put("total", entries.size()).put("truncated", cut);
      }
    });
  }

  private static List<DirEntry> entries(DirHandle folder, boolean hidden) throws IOException {
    List<DirEntry> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = folder.list()) {
      for (Path child : stream) {
        String name = child.getFileName().toString();
        if (!hidden && name.startsWith(".")) {
          continue;
        }
        entries.add(entry(folder, name));
      }
    } catch (AccessDeniedException e) {
      throw deniedListing(folder);
    } catch (PosixException e) {
      if (e.isAccessDenied()) {
        throw deniedListing(folder);
      }
      throw e;
    }
    return entries;
  }

  private static ToolException deniedListing(DirHandle folder) {
    return new ToolException(ErrorCode.IO_ERROR, "Permission denied accessing directory: " + folder.path());
  }

  private static DirEntry entry(DirHandle folder, String name) {
    try {
      Stat stat = folder.stat(name);
      String type = stat.isSymbolicLink() ? "symlink" : stat.isDirectory() ? "directory"
        : stat.isRegularFile() ? "file" : "other";
      boolean executable = stat.isRegularFile() && folder.isExecutable(name);
      return new DirEntry(name, type, executable, stat.size());
    } catch (IOException vanished) {
      return new DirEntry(name, "other", false, 0);
    }
  }
}
