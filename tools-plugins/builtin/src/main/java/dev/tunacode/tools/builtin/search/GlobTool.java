package dev.tunacode.tools.builtin.search;

import dev.tunacode.tools.builtin.OutputSchemas;
import dev.tunacode.core.HostContext;
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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.PatternSyntaxException;

/**
 * {@code glob}: files whose path or name matches a pattern, sorted by path, grouped by folder.
 */
public final class GlobTool implements Tool {

  static final long DEFAULT_MAX_RESULTS = 5000;

  private static final ToolSpec SPEC = new ToolSpec("glob", ToolKind.READ_ONLY,
    "Finds files by glob pattern (every {a,b} group, .gitignore respected), sorted by path.",
    ArgsSchema.object()
      .string("pattern", "A glob such as **/*.java or *.{ts,tsx}; without ** or /, it matches file names at any depth.")
      .string("directory", "The folder to search.", ".")
      .bool("recursive", "Search sub-folders.", true)
      .bool("include_hidden", "Include names that start with a dot.", false)
      .field("exclude_dirs", "array", "More folder names to skip.")
      .integer("max_results", "The most files to return.", 1, 1_000_000, DEFAULT_MAX_RESULTS)
      .bool("respect_gitignore", "Leave out what .gitignore and .ignore files exclude.", true)
      .integer("timeout_ms", "Time budget; past it the files found so far come back marked truncated.", 1, 600_000,
        SearchDefaults.DEFAULT_TIMEOUT_MS)
      .required("pattern")
      .build());

  private final HostContext context;
  private final FileTrees trees;

  public GlobTool(HostContext context) {
    this(context, FileTrees.of(context));
  }

  /** @param trees the workspace's file trees, shared with {@code grep} */
  public GlobTool(HostContext context, FileTrees trees) {
    this.context = context;
    this.trees = trees;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public JsonObject outputSchema() {
    return OutputSchemas.glob();
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

  /** @return the walk of a glob with no options given, which the index keeps in memory */
  static TreeWalker.Options defaultWalkOptions(Deadline deadline) {
    return new TreeWalker.Options(false, SearchDefaults.GLOB_SKIPPED, true, true, deadline);
  }

  @Override
  public Future<JsonObject> execute(ToolCall call) {
    JsonObject args = call.args();
    String pattern = args.getString("pattern");
    String directory = args.getString("directory", ".");
    int max = args.getInteger("max_results", (int) DEFAULT_MAX_RESULTS);
    long budget = Math.min(args.getLong("timeout_ms", SearchDefaults.DEFAULT_TIMEOUT_MS), call.timeoutMs());
    Deadline deadline = Deadline.in(budget, call.cancellation());
    Set<String> skipped = new HashSet<>(SearchDefaults.GLOB_SKIPPED);
    JsonArray extra = args.getJsonArray("exclude_dirs", new JsonArray());
    extra.forEach(name -> skipped.add(String.valueOf(name)));
    TreeWalker.Options options = new TreeWalker.Options(args.getBoolean("include_hidden", false), skipped,
      args.getBoolean("respect_gitignore", true), args.getBoolean("recursive", true), deadline);
    // Expanding and compiling a glob a client sent is work of unbounded size: it happens on the pool.
    return context.io().run(() -> {
      GlobMatcher matcher = matcher(pattern, deadline);
      try (ResolvedPath resolved = context.workspace().locate(directory)) {
        if (!resolved.exists()) {
          throw new ToolException(ErrorCode.NOT_FOUND, "Error: Directory '" + directory + "' does not exist");
        }
        if (!resolved.isDirectory()) {
          throw new ToolException(ErrorCode.INVALID_ARGS, "Error: '" + directory + "' is not a directory");
        }
        long started = System.nanoTime();
        TreeWalker.Walk walk;
        try (DirHandle root = resolved.openDirectory()) {
          walk = trees.walk(root, options, matcher);
        }
        long walked = System.nanoTime();
        // Sorted as TunaCode sorts its paths, as plain strings, before the cap takes the first ones.
        List<String> files = new ArrayList<>(walk.files().size());
        walk.files().forEach(file -> files.add(file.relative()));
        files.sort(CodePoints.ORDER);
        boolean capped = files.size() > max;
        List<String> shown = capped ? files.subList(0, max) : files;
        // A path is in the text and in the files array.
        int fits = OutputBudget.fitting(shown, file -> 2L * file.length() + 16, OutputBudget.of(call));
        boolean overBudget = fits < shown.size();
        shown = shown.subList(0, fits);
        JsonArray paths = new JsonArray();
        String prefix = resolved.relative().equals(".") ? "" : resolved.relative() + "/";
        shown.forEach(file -> paths.add(prefix + file));
        String text = GlobText.text(pattern, resolved.path().toString(), shown, capped && !overBudget, max);
        if (walk.timedOut()) {
          text += "\n\n" + deadline.note();
        } else if (overBudget) {
          text += "\n\n" + SearchDefaults.sizeBudgetNote(call.maxResultBytes());
        }
        JsonObject output = new JsonObject().put("text", text).put("files", paths)
          .put("truncated", capped || overBudget || walk.timedOut());
        return output.put("phases", Phases.of("walkMs", walked - started, "formatMs", System.nanoTime() - walked)
          .put("foldersListed", walk.listed()));
      }
    });
  }

  private static GlobMatcher matcher(String pattern, Deadline deadline) {
    try {
      return new GlobMatcher(pattern, deadline);
    } catch (PatternSyntaxException e) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "The glob '" + pattern + "' is not valid: " + e.getDescription() + ".");
    } catch (GlobSyntax.TooManyAlternatives e) {
      throw new ToolException(ErrorCode.INVALID_ARGS, e.getMessage());
    }
  }
}
