package dev.tunacode.tools.builtin.search;

import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("grep")
class GrepToolTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  BuiltinHost host;

  @BeforeEach
  void setUp() throws Exception {
    root = workspace.root();
    host = workspace.host();
    write("src/App.java", "package app;\n\nclass App {\n  // TODO: start\n  void run() {}\n}\n");
    write("src/Util.kt", "fun todo() = 1\n");
    write("docs/notes.md", "Nothing to do here\r\nA todo in CRLF\r\n");
    write("docs/ünï.txt", "çødé TODO ✓");
    write("node_modules/x/todo.js", "todo\n");
    write("ignored/log.txt", "todo\n");
    write(".gitignore", "ignored/\n");
    Files.write(root.resolve("bin.dat"), new byte[] {0, 't', 'o', 'd', 'o', '\n'});
  }

  private void write(String file, String content) throws Exception {
    Path path = root.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
  }

  private JsonObject grep(JsonObject args) throws Exception {
    return host.ok("grep", args);
  }

  @Test
  @DisplayName("finds a case-insensitive literal by default, sorted by path then line, with TunaCode's text and context")
  void defaultSearch() throws Exception {
    JsonObject output = grep(new JsonObject().put("pattern", "todo").put("context_lines", 1));

    // Six candidates: hidden files (.gitignore) are searched too; TunaCode's "smart" names python for so few.
    assertThat(output.getString("text")).isEqualTo("Found 4 matches for pattern: todo\n"
      + "Strategy: python | Candidates: 6 files | " + "=".repeat(60) + "\n"
      + "\n📁 docs/notes.md:2\n     1│ Nothing to do here\n▶    2│ A ⟨todo⟩ in CRLF\n"
      + "\n📁 docs/ünï.txt:1\n▶    1│ çødé ⟨TODO⟩ ✓\n"
      + "\n📁 src/App.java:4\n     3│ class App {\n▶    4│   // ⟨TODO⟩: start\n     5│   void run() {}\n"
      + "\n📁 src/Util.kt:1\n▶    1│ fun ⟨todo⟩() = 1");
    JsonObject first = output.getJsonArray("matches").getJsonObject(1);
    assertThat(first).isEqualTo(new JsonObject().put("file", "docs/ünï.txt").put("line", 1).put("column", 6)
      .put("text", "çødé TODO ✓").put("before", new JsonArray()).put("after", new JsonArray()));
    assertThat(output.getInteger("filesSearched")).as("bin.dat is a candidate but binary, so not searched; .gitignore is")
      .isEqualTo(5);
    assertThat(output.getBoolean("truncated")).isFalse();
  }

  @Test
  @DisplayName("matches case when asked, runs regular expressions, and never matches across lines")
  void caseAndRegex() throws Exception {
    assertThat(grep(new JsonObject().put("pattern", "TODO").put("case_sensitive", true)).getJsonArray("files"))
      .isEqualTo(new JsonArray().add("docs/ünï.txt").add("src/App.java"));
    assertThat(grep(new JsonObject().put("pattern", "^fun \\w+\\(").put("use_regex", true)).getJsonArray("files"))
      .isEqualTo(new JsonArray().add("src/Util.kt"));
    assertThat(grep(new JsonObject().put("pattern", "here\\s+A").put("use_regex", true)).getString("text"))
      .isEqualTo("No matches found for pattern: here\\s+A\n\nStrategy: python (was smart), Files: 6/5000");
    assertThat(grep(new JsonObject().put("pattern", "çødé").put("use_regex", true)).getJsonArray("matches").getJsonObject(0)
      .getInteger("column")).isEqualTo(1);
  }

  @Test
  @DisplayName("filters files by include and exclude lists with commas and brace groups")
  void includeExclude() throws Exception {
    assertThat(grep(new JsonObject().put("pattern", "todo").put("include_files", "*.{java,kt}")).getJsonArray("files"))
      .isEqualTo(new JsonArray().add("src/App.java").add("src/Util.kt"));
    assertThat(grep(new JsonObject().put("pattern", "todo").put("include_files", "*.md, *.KT")).getJsonArray("files"))
      .isEqualTo(new JsonArray().add("docs/notes.md").add("src/Util.kt"));
    assertThat(grep(new JsonObject().put("pattern", "todo").put("exclude_files", "*.md,*.txt")).getJsonArray("files"))
      .isEqualTo(new JsonArray().add("src/App.java").add("src/Util.kt"));
  }

  @Test
  @DisplayName("has files_with_matches and count modes, as ripgrep")
  void outputModes() throws Exception {
    write("src/Many.java", "todo\ntodo\nnope\ntodo\n");
    assertThat(grep(new JsonObject().put("pattern", "todo").put("output_mode", "files_with_matches")).getString("text"))
      .isEqualTo("Found 5 files with matches for pattern: todo\ndocs/notes.md\ndocs/ünï.txt\nsrc/App.java\nsrc/Many.java\nsrc/Util.kt");
    JsonObject files = grep(new JsonObject().put("pattern", "todo").put("output_mode", "files_with_matches"));
    assertThat(files.getJsonArray("files")).isEqualTo(new JsonArray().add("docs/notes.md").add("docs/ünï.txt").add("src/App.java")
      .add("src/Many.java").add("src/Util.kt"));
    assertThat(files.getJsonArray("matches")).isEmpty();
    JsonObject counts = grep(new JsonObject().put("pattern", "todo").put("output_mode", "count"));
    assertThat(counts.getString("text")).isEqualTo("Found 7 matches in 5 files for pattern: todo\n"
      + "docs/notes.md:1\ndocs/ünï.txt:1\nsrc/App.java:1\nsrc/Many.java:3\nsrc/Util.kt:1");
    assertThat(counts.getJsonArray("files")).isEqualTo(files.getJsonArray("files"));
    assertThat(counts.getJsonArray("counts")).isEqualTo(new JsonArray().add(1).add(1).add(1).add(3).add(1));
  }

  @Test
  @DisplayName("caps the total, not per file, and keeps the first results in path order")
  void trueCap() throws Exception {
    write("src/Many.java", "todo 1\ntodo 2\ntodo 3\n");
    JsonObject output = grep(new JsonObject().put("pattern", "todo").put("max_results", 4).put("context_lines", 0));

    assertThat(output.getJsonArray("matches").stream().map(m -> ((JsonObject) m).getString("file") + ":" + ((JsonObject) m).getLong("line")))
      .containsExactly("docs/notes.md:2", "docs/ünï.txt:1", "src/App.java:4", "src/Many.java:1");
    assertThat(output.getBoolean("truncated")).isTrue();
    assertThat(output.getString("text")).endsWith("\n\n[Results limited to 4; narrow the search or raise max_results.]");
  }

  @Test
  @DisplayName("finds nothing in an empty folder, and says so as TunaCode does when no file is a candidate")
  void emptyFolder() throws Exception {
    Files.createDirectory(root.resolve("empty"));
    JsonObject output = grep(new JsonObject().put("pattern", "todo").put("directory", "empty"));

    assertThat(output.getString("text")).isEqualTo("No files found matching pattern: *");
    assertThat(grep(new JsonObject().put("pattern", "todo").put("include_files", "*.rs")).getString("text"))
      .isEqualTo("No files found matching pattern: *.rs");
    assertThat(grep(new JsonObject().put("pattern", "todo").put("include_files", "*.rs").put("return_format", "list"))
      .getString("text")).isEqualTo("[]");
    assertThat(output.getJsonArray("matches")).isEmpty();
    assertThat(output.getInteger("candidates")).isZero();
    assertThat(output.getBoolean("truncated")).isFalse();
  }

  @Test
  @DisplayName("searches a single file given as path, and names it as given")
  void singleFile() throws Exception {
    JsonObject output = grep(new JsonObject().put("pattern", "run").put("path", "./src//App.java").put("context_lines", 0));

    assertThat(output.getString("text")).isEqualTo("Found 1 matches for pattern: run\nStrategy: python | Candidates: 1 files | "
      + "=".repeat(60) + "\n\n📁 src/App.java:5\n▶    5│   void ⟨run⟩() {}");
  }

  @Test
  @DisplayName("names files with the folder's prefix as the agent gave it, so that read_file takes them as they are")
  void pathsToReuse() throws Exception {
    JsonObject relative = grep(new JsonObject().put("pattern", "todo").put("directory", "./src/").put("context_lines", 0));
    JsonObject absolute = grep(new JsonObject().put("pattern", "todo").put("directory", root.resolve("src").toString()));

    assertThat(relative.getJsonArray("files")).isEqualTo(new JsonArray().add("src/App.java").add("src/Util.kt"));
    assertThat(relative.getString("text")).contains("\n📁 src/App.java:4\n", "\n📁 src/Util.kt:1\n");
    assertThat(absolute.getJsonArray("files")).isEqualTo(new JsonArray().add(root + "/src/App.java").add(root + "/src/Util.kt"));
    for (Object file : relative.getJsonArray("files").addAll(absolute.getJsonArray("files"))) {
      assertThat(host.ok("read_file", new JsonObject().put("filepath", (String) file)).getString("content")).isNotEmpty();
    }
  }

  @Test
  @DisplayName("gives every match on a line a result of its own, as TunaCode's Python search: literals overlapping, "
    + "expressions one after another")
  void everyMatch() throws Exception {
    write("m.txt", "aaa x aaa\n");

    JsonObject literal = grep(new JsonObject().put("pattern", "aa").put("include_files", "m.txt").put("context_lines", 0));
    JsonObject regex = grep(new JsonObject().put("pattern", "a+").put("use_regex", true).put("include_files", "m.txt")
      .put("context_lines", 0));

    assertThat(literal.getJsonArray("matches").stream().map(m -> ((JsonObject) m).getInteger("column"))).containsExactly(1, 2, 7, 8);
    assertThat(literal.getString("text")).isEqualTo("Found 4 matches for pattern: aa\nStrategy: python | Candidates: 1 files | "
      + "=".repeat(60) + "\n\n📁 m.txt:1\n▶    1│ ⟨aa⟩a x aaa\n\n📁 m.txt:1\n▶    1│ a⟨aa⟩ x aaa\n\n📁 m.txt:1\n▶    1│ aaa x ⟨aa⟩a"
      + "\n\n📁 m.txt:1\n▶    1│ aaa x a⟨aa⟩");
    assertThat(regex.getJsonArray("matches").stream().map(m -> ((JsonObject) m).getInteger("column"))).containsExactly(1, 7);
  }

  @Test
  @DisplayName("finds an empty match at the end of a CRLF line once, at the end of its text")
  void emptyMatchAtCrlfEnd() throws Exception {
    write("crlf.txt", "line1\r\nline2\r\n");

    for (String pattern : List.of("$", "\\s*$", " *$", "(?m)$", "((a*)*)*$")) {
      JsonObject output = grep(new JsonObject().put("pattern", pattern).put("use_regex", true).put("include_files", "crlf.txt")
        .put("context_lines", 0));
      assertThat(output.getJsonArray("matches").stream().map(m -> ((JsonObject) m).getInteger("line") + ":"
        + ((JsonObject) m).getInteger("column"))).as(pattern).containsExactly("1:6", "2:6");
    }
  }

  @Test
  @DisplayName("says a cap reached inside a single file is a cap")
  void capInOneFile() throws Exception {
    write("many.txt", "hit\n".repeat(10));

    JsonObject output = grep(new JsonObject().put("pattern", "hit").put("path", "many.txt").put("max_results", 3));

    assertThat(output.getJsonArray("matches")).hasSize(3);
    assertThat(output.getBoolean("truncated")).isTrue();
    assertThat(output.getString("text")).endsWith("\n\n[Results limited to 3; narrow the search or raise max_results.]");
  }

  @Test
  @DisplayName("answers return_format list with the JSON list TunaCode returned")
  void listFormat() throws Exception {
    JsonObject output = grep(new JsonObject().put("pattern", "todo").put("return_format", "list"));

    assertThat(output.getString("text")).isEqualTo("[\"docs/notes.md\",\"docs/ünï.txt\",\"src/App.java\",\"src/Util.kt\"]");
  }

  @Test
  @DisplayName("returns partial results marked truncated when the time budget runs out")
  void timeBudget() throws Exception {
    for (int i = 0; i < 3000; i++) {
      write("many/f" + i + ".txt", "todo\n");
    }
    JsonObject output = grep(new JsonObject().put("pattern", "todo").put("timeout_ms", 1).put("max_results", 100_000));

    assertThat(output.getBoolean("truncated")).isTrue();
    assertThat(output.getString("text")).endsWith("[Search stopped at its time budget; results are partial. Narrow the search or raise timeout_ms.]");
  }

  @Test
  @DisplayName("refuses a FIFO given as directory or path with INVALID_ARGS, not a folder and not a file, without opening it")
  void fifo() throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();

    for (String key : new String[] {"directory", "path"}) {
      assertThat(host.error("grep", new JsonObject().put("pattern", "x").put(key, "pipe"))).isEqualTo(new JsonObject()
        .put("code", "INVALID_ARGS").put("message", "Error: 'pipe' is not a folder or a regular file (a FIFO, device or socket), "
          + "so grep cannot search it. Give a folder or file inside the workspace."));
    }
  }

  @Test
  @DisplayName("refuses a bad regular expression, an empty pattern and a path outside the workspace")
  void errors() throws Exception {
    assertThat(host.error("grep", new JsonObject().put("pattern", "a(b").put("use_regex", true))).isEqualTo(new JsonObject()
      .put("code", "INVALID_ARGS").put("message", "The regular expression 'a(b' is not valid: Unclosed group near index 3. "
        + "Fix it, or search for it as a literal (use_regex=false)."));
    assertThat(host.error("grep", new JsonObject().put("pattern", ""))).isEqualTo(new JsonObject().put("code", "INVALID_ARGS")
      .put("message", "The pattern is empty. Give the text to search for."));
    assertThat(host.error("grep", new JsonObject().put("pattern", "x").put("directory", "nope"))).isEqualTo(new JsonObject()
      .put("code", "NOT_FOUND").put("message", "Directory not found: nope. Give a folder or file inside the workspace."));
    assertThat(host.error("grep", new JsonObject().put("pattern", "x").put("directory", "../")).getString("code"))
      .isEqualTo("OUTSIDE_WORKSPACE");
    assertThat(host.error("grep", new JsonObject().put("pattern", "x").put("path", "a\0b")).getString("code"))
      .isEqualTo("INVALID_ARGS");
  }
}
