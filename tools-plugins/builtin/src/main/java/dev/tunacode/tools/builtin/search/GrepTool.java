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
import dev.tunacode.tools.builtin.OutputBudget;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code grep}: one engine in Java with deterministic results (files in path order, lines in order) and a
 * true cap on the total; binary files and ignored paths skipped; a time budget instead of an abort.
 */
public final class GrepTool implements Tool {

  static final long DEFAULT_MAX_RESULTS = 50;
  static final long DEFAULT_CONTEXT = 2;


  private static final ToolSpec SPEC = new ToolSpec("grep", ToolKind.READ_ONLY,
    "Searches file contents (literal or regex, case-insensitive by default) with context; sorted, capped, fast.",
    ArgsSchema.object()
      .string("pattern", "The text to find (a literal unless use_regex).")
      .string("directory", "The folder to search.", ".")
      .string("path", "A folder or a single file to search; overrides directory.")
      .bool("case_sensitive", "Match case.", false)
      .bool("use_regex", "Treat the pattern as a Java regular expression.", false)
      .string("include_files", "Only files whose name matches: globs, comma-separated, brace groups allowed (*.{java,kt}).")
      .string("exclude_files", "Leave out files whose name matches, same syntax.")
      .integer("max_results", "The most results: matching lines, or files in files_with_matches and count modes.", 1, 1_000_000,
        DEFAULT_MAX_RESULTS)
      .integer("context_lines", "Lines of context before and after each match.", 0, 50, DEFAULT_CONTEXT)
      .oneOf("output_mode", "content (lines), files_with_matches, or count, as ripgrep.", "content", "content",
        "files_with_matches", "count")
      .string("search_type", "Accepted for TunaCode compatibility and ignored: there is one engine.", "smart")
      .oneOf("return_format", "string, or list for the matching files one a line.", "string", "string", "list")
      .integer("timeout_ms", "Time budget; past it the results so far come back marked truncated.", 1, 600_000,
        SearchDefaults.DEFAULT_TIMEOUT_MS)
      .required("pattern")
      .build());

  private final HostContext context;
  private final FileTrees trees;
  /** The workspace's content index, or null when {@code index.enabled} is not true. */
  private final WorkspaceIndex index;

  public GrepTool(HostContext context) {
    this(context, FileTrees.of(context));
  }

  /** @param trees the workspace's file trees, shared with {@code glob} */
  public GrepTool(HostContext context, FileTrees trees) {
    this.context = context;
    this.trees = trees;
    this.index = WorkspaceIndex.of(context, trees);
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public JsonObject outputSchema() {
    return OutputSchemas.grep();
  }

  // Its complete output depends on its arguments and on what is at or under its footprint's path only.
  @Override
  public boolean cacheable() {
    return true;
  }

  @Override
  public Footprint footprint(JsonObject args) {
    return Footprint.read(where(args));
  }

  private static String where(JsonObject args) {
    String path = args.getString("path");
    return path != null ? path : args.getString("directory", ".");
  }

  @Override
  public Future<JsonObject> execute(ToolCall call) {
    JsonObject args = call.args();
    String pattern = args.getString("pattern");
    if (pattern.isEmpty()) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "The pattern is empty. Give the text to search for.");
    }
    String mode = args.getString("output_mode", "content");
    boolean list = "list".equals(args.getString("return_format"));
    if (list) {
      mode = "files_with_matches";
    }
    int max = args.getInteger("max_results", (int) DEFAULT_MAX_RESULTS);
    int contextLines = args.getInteger("context_lines", (int) DEFAULT_CONTEXT);
    long budget = Math.min(args.getLong("timeout_ms", SearchDefaults.DEFAULT_TIMEOUT_MS), call.timeoutMs());
    Deadline deadline = Deadline.in(budget, call.cancellation());
    String where = where(args);
    String outputMode = mode;
    // Compiling a pattern a client sent is work of unbounded size: it happens on the pool, in the budget.
    return context.io().run(() -> {
      long started = System.nanoTime();
      boolean contentMode = "content".equals(outputMode);
      LineFinder finder = finder(pattern, args.getBoolean("use_regex", false), args.getBoolean("case_sensitive", false), deadline,
        contentMode);
      FileFilter filter = filter(args, deadline);
      // One more than shown, so that a cap reached inside one file is seen as a cap.
      int perFile = contentMode ? max + 1 : "count".equals(outputMode) ? Integer.MAX_VALUE : 1;
      try (ResolvedPath resolved = context.workspace().locate(where);
           DirHandle root = searchRoot(resolved, where)) {
        IndexNarrowing narrowing = resolved.isRegularFile() ? null : narrowing(root, pattern, args);
        TreeWalker.Walk walk = resolved.isRegularFile()
          ? new TreeWalker.Walk(List.of(new TreeWalker.Found(resolved.name(), resolved.stat().size())), false)
          : trees.walk(root, walkOptions(deadline, narrowing != null), filter);
        long walked = System.nanoTime();
        GrepEngine.Limits limits = new GrepEngine.Limits(max, perFile, contextLines, contentMode, !contentMode,
          OutputBudget.of(call), GrepPaths.display(where, resolved.isRegularFile()));
        GrepEngine.Outcome outcome = GrepEngine.run(context.io(), root, walk.files(), finder, limits, deadline,
          SearchDefaults.HELPERS, call.progress(), narrowing);
        long searched = System.nanoTime();
        GrepShape shape = new GrepShape(pattern, args.getString("search_type", "smart"), outputMode, list,
          args.getString("include_files"), max, limits.display());
        JsonObject output = output(shape, call, walk, outcome, deadline);
        JsonObject phases = Phases.of("walkMs", walked - started, "searchMs", searched - walked,
          "formatMs", System.nanoTime() - searched).put("foldersListed", walk.listed());
        if (narrowing != null) {
          index.searched(narrowing);
          phases.put("filesNotRead", narrowing.passedOver());
        }
        return output.put("phases", phases);
      }
    });
  }

  // A single file is searched from the folder it is in; a FIFO, device or socket is never opened.
  private static DirHandle searchRoot(ResolvedPath resolved, String where) throws IOException {
    if (resolved.isRegularFile()) {
      return resolved.folder();
    }
    if (!resolved.exists()) {
      throw new ToolException(ErrorCode.NOT_FOUND, "Directory not found: " + where + ". Give a folder or file inside the workspace.");
    }
    if (!resolved.isDirectory()) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "Error: '" + where + "' is not a folder or a regular file (a FIFO, "
        + "device or socket), so grep cannot search it. Give a folder or file inside the workspace.");
    }
    return resolved.openDirectory();
  }

  private static FileFilter filter(JsonObject args, Deadline deadline) {
    try {
      return new FileFilter(args.getString("include_files"), args.getString("exclude_files"), deadline);
    } catch (PatternSyntaxException e) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "The file pattern in include_files or exclude_files is not valid: "
        + e.getDescription() + " in '" + e.getPattern() + "'. Use globs such as *.java or *.{ts,tsx}, with a [...] class "
        + "whose ranges run upwards.");
    } catch (GlobSyntax.TooManyAlternatives e) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "In include_files or exclude_files: " + e.getMessage());
    }
  }

  // Hidden files are searched, as TunaCode searched them (.github/, .eslintrc); .git and the rest of
  // the skipped folders are not.
  static TreeWalker.Options walkOptions(Deadline deadline, boolean stamps) {
    return new TreeWalker.Options(true, SearchDefaults.GREP_SKIPPED, true, true, deadline, stamps);
  }

  // Null while the index is built, or without one: then every file is read.
  private IndexNarrowing narrowing(DirHandle root, String pattern, JsonObject args) {
    ContentIndex.Lookup lookup = index == null ? null
      : index.lookup(pattern, args.getBoolean("use_regex", false), args.getBoolean("case_sensitive", false));
    return lookup == null ? null : new IndexNarrowing(lookup, root.relative().equals(".") ? "" : root.relative());
  }

  /** What the output is shaped by besides what was found. */
  private record GrepShape(String pattern, String searchType, String mode, boolean list, String include, int max,
                           UnaryOperator<String> display) {
  }

  // In content mode every match of a line is a result, as in TunaCode's Python search.
  static LineFinder finder(String pattern, boolean regex, boolean caseSensitive, Deadline deadline, boolean everyMatch) {
    if (!regex && caseSensitive) {
      LiteralFinder literal = new LiteralFinder(pattern);
      return everyMatch ? literal.everyMatch() : literal;
    }
    if (!regex && FoldedLiteralFinder.handles(pattern)) {
      FoldedLiteralFinder folded = new FoldedLiteralFinder(pattern);
      return everyMatch ? folded.everyMatch() : folded;
    }
    String source = regex ? pattern : Pattern.quote(pattern);
    int flags = Pattern.MULTILINE | Pattern.UNICODE_CHARACTER_CLASS
      | (caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    try {
      return new RegexFinder(Pattern.compile(source, flags), regex && caseSensitive ? RequiredLiteral.of(pattern) : null, deadline,
        everyMatch);
    } catch (PatternSyntaxException e) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "The regular expression '" + pattern + "' is not valid: "
        + e.getDescription() + " near index " + e.getIndex() + ". Fix it, or search for it as a literal (use_regex=false).");
    }
  }

  private static JsonObject output(GrepShape shape, ToolCall call, TreeWalker.Walk walk, GrepEngine.Outcome outcome,
                                   Deadline deadline) {
    long budget = OutputBudget.of(call);
    String mode = shape.mode();
    String pattern = shape.pattern();
    int max = shape.max();
    boolean content = "content".equals(mode);
    List<Object> matches = new ArrayList<>();
    List<String> chunks = new ArrayList<>();
    List<String> files = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    long found = 0;
    long used = 0;
    boolean overBudget = false;
    for (int i = 0; i < outcome.results().size() && !overBudget; i++) {
      FileScan.Result result = outcome.results().get(i);
      if (result.count() == 0) {
        continue;
      }
      String file = shape.display().apply(outcome.files().get(i).relative());
      int take = Math.min(result.matches().size(), max - matches.size());
      int fits = 0;
      long cost = content ? 0 : 2L * file.length() + 16;
      while (fits < take && used + cost + result.cost(fits) <= budget) {
        cost += result.cost(fits++);
      }
      // Over the budget: a file whose matches did not all fit, or whose search stopped collecting them.
      overBudget = used + cost > budget || fits < take || result.cut();
      if (overBudget && (content ? fits == 0 : used + cost > budget)) {
        break;
      }
      used += cost;
      found += content ? result.count() : 1;
      files.add(file);
      counts.add(result.count());
      if (fits > 0) {
        matches.addAll(fits == result.matches().size() ? result.matches() : result.matches().subList(0, fits));
        chunks.add(result.textOf(fits));
      }
    }
    boolean capped = found > max || outcome.results().size() < walk.files().size();
    if (!content && files.size() > max) {
      files = files.subList(0, max);
      counts = counts.subList(0, max);
    }
    boolean truncated = capped || overBudget || walk.timedOut() || outcome.timedOut();
    String text;
    if (walk.files().isEmpty() && (content || shape.list())) {
      text = shape.list() ? "[]" : "No files found matching pattern: " + (shape.include() == null ? "*" : shape.include());
    } else {
      text = switch (mode) {
        case "files_with_matches" -> shape.list() ? GrepText.list(files) : GrepText.files(pattern, files);
        case "count" -> GrepText.counts(pattern, files, counts);
        default -> GrepText.content(pattern, shape.searchType(), walk.files().size(), matches.size(), chunks);
      };
    }
    // A list stays a list: that it was cut shows in truncated alone.
    String note = shape.list() ? null : walk.timedOut() || outcome.timedOut() ? deadline.note()
      : overBudget ? SearchDefaults.sizeBudgetNote(call.maxResultBytes())
      : capped ? "[Results limited to " + max + "; narrow the search or raise max_results.]" : null;
    if (note != null) {
      text += "\n\n" + note;
    }
    // A match is the map behind its JSON object, and JsonArray takes maps as objects.
    JsonObject output = new JsonObject().put("text", text).put("matches", new JsonArray(matches))
      .put("files", new JsonArray(new ArrayList<>(files)))
      .put("filesSearched", outcome.searched()).put("candidates", walk.files().size()).put("truncated", truncated);
    if ("count".equals(mode)) {
      output.put("counts", new JsonArray(new ArrayList<>(counts)));
    }
    return output;
  }
}
