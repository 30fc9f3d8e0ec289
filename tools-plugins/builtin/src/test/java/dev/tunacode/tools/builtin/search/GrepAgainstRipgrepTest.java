package dev.tunacode.tools.builtin.search;

import dev.tunacode.tools.builtin.BuiltinHost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("grep against ripgrep on a generated tree")
class GrepAgainstRipgrepTest {

  private static final String[] WORDS = {"alpha", "Beta", "GAMMA", "delta", "return", "Return", "value", "get", "set",
    "public", "static", "void", "final", "class", "x1", "y_2", "ünï", "çødé", "(", ")", "{", "}", ";", "=", "+", "//"};
  private static final Pattern RG_LINE = Pattern.compile("^(.*?)[:-](\\d+)[:-]");

  @TempDir
  static Path root;
  static BuiltinHost host;
  static Vertx vertx;

  @BeforeAll
  static void generate() throws Exception {
    Random random = new Random(42);
    for (int f = 0; f < 300; f++) {
      String folder = "d" + (f % 7) + (f % 3 == 0 ? "/sub" + (f % 5) : "");
      String extension = new String[] {"java", "kt", "txt", "md"}[f % 4];
      StringBuilder text = new StringBuilder();
      int lines = 5 + random.nextInt(60);
      for (int l = 0; l < lines; l++) {
        int words = random.nextInt(9);
        for (int w = 0; w < words; w++) {
          text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextBoolean() ? " " : "");
        }
        text.append(random.nextInt(10) == 0 ? "\r\n" : "\n");
      }
      if (f % 11 == 0) {
        text.setLength(Math.max(0, text.length() - 1));
      }
      Path file = root.resolve(folder).resolve("file" + f + "." + extension);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    }
    Files.writeString(root.resolve(".gitignore"), "d6/\n*.md\n!d1/**/*.md\n");
    Files.write(root.resolve("d0/binary.java"), new byte[] {0, 'a', 'l', 'p', 'h', 'a', '\n'});
    Files.writeString(root.resolve(".hidden.java"), "alpha\n");
    vertx = Vertx.vertx();
    host = BuiltinHost.start(vertx, root);
  }

  @AfterAll
  static void stop() throws Exception {
    host.close();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  static Stream<Arguments> queries() {
    return Stream.of(
      Arguments.of("literal, case-insensitive (our default)", new JsonObject().put("pattern", "return"), List.of("-i", "-F", "return")),
      Arguments.of("literal, case-sensitive", new JsonObject().put("pattern", "Beta").put("case_sensitive", true), List.of("-F", "-s", "Beta")),
      Arguments.of("regex", new JsonObject().put("pattern", "public\\s*static\\s*\\w+").put("use_regex", true).put("case_sensitive", true),
        List.of("-s", "public\\s*static\\s*\\w+")),
      Arguments.of("regex, case-insensitive", new JsonObject().put("pattern", "gamma\\W+delta").put("use_regex", true),
        List.of("-i", "gamma\\W+delta")),
      Arguments.of("non-ASCII literal", new JsonObject().put("pattern", "çødé").put("case_sensitive", true), List.of("-F", "-s", "çødé")),
      Arguments.of("with include globs", new JsonObject().put("pattern", "value").put("include_files", "*.{java,kt}"),
        List.of("-i", "-F", "--iglob", "*.java", "--iglob", "*.kt", "value")),
      Arguments.of("with context", new JsonObject().put("pattern", "final").put("context_lines", 2).put("case_sensitive", true),
        List.of("-F", "-s", "-C", "2", "final")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  @DisplayName("gives the same (file, line) set as rg with matching flags")
  void sameAsRipgrep(String name, JsonObject args, List<String> rgFlags) throws Exception {
    JsonObject output = host.ok("grep", args.copy().put("max_results", 1_000_000));
    Set<String> ours = new TreeSet<>();
    for (Object item : output.getJsonArray("matches")) {
      JsonObject match = (JsonObject) item;
      long line = match.getLong("line");
      ours.add(match.getString("file") + ":" + line);
      if (rgFlags.contains("-C")) {
        for (int i = 1; i <= match.getJsonArray("before").size(); i++) {
          ours.add(match.getString("file") + ":" + (line - i));
        }
        for (int i = 1; i <= match.getJsonArray("after").size(); i++) {
          ours.add(match.getString("file") + ":" + (line + i));
        }
      }
    }
    Set<String> theirs = ripgrep(rgFlags);

    assertThat(ours).as("%s: %d lines from us, %d from rg", name, ours.size(), theirs.size()).isEqualTo(theirs);
    assertThat(ours).isNotEmpty();
  }

  private static Set<String> ripgrep(List<String> flags) throws Exception {
    String rg = System.getProperty("tunacode.rg", "rg");
    List<String> command = new ArrayList<>(List.of(rg, "--no-require-git", "--no-config", "-n", "-H", "--no-heading",
      "--color", "never"));
    command.addAll(flags);
    Process process;
    try {
      process = new ProcessBuilder(command).directory(root.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (java.io.IOException e) {
      throw new AssertionError("ripgrep (rg) is needed for this test: install it (apt-get install ripgrep); .ci/run does.", e);
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    Set<String> lines = new TreeSet<>();
    for (String line : out.split("\n")) {
      Matcher matcher = RG_LINE.matcher(line);
      if (matcher.find()) {
        lines.add(matcher.group(1) + ":" + matcher.group(2));
      }
    }
    return lines;
  }
}
