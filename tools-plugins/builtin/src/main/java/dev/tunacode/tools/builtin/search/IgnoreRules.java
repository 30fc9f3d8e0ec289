package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.workspace.DirHandle;
import dev.tunacode.core.workspace.FileHandle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules of one folder's {@code .gitignore} and {@code .ignore}, with git's meaning: {@code #}
 * comments, {@code !} to re-include, a trailing {@code /} for folders only, a {@code /} anywhere else to
 * anchor the pattern to this folder (otherwise it matches a name at any depth), and {@code **}.
 * Rule sets chain from the root down; the last rule that matches a path decides.
 */
final class IgnoreRules {

  /** Names of the files rules are read from, in the order they apply. */
  static final List<String> FILES = List.of(".gitignore", ".ignore");

  /** Past this, the rest of an ignore file is left unread. */
  static final int MAX_FILE_BYTES = 1 << 20;

  private record Rule(Pattern pattern, boolean negated, boolean directoryOnly) {
  }

  private final IgnoreRules parent;
  private final String base;
  private final List<Rule> rules;

  private IgnoreRules(IgnoreRules parent, String base, List<Rule> rules) {
    this.parent = parent;
    this.base = base;
    this.rules = rules;
  }

  /** @return rules that ignore nothing */
  static IgnoreRules none() {
    return new IgnoreRules(null, "", List.of());
  }

  /**
   * An ignore file that cannot be read (or is a link, or not a file) ignores nothing, as in git.
   *
   * @param folder   the folder holding the files
   * @param relative the folder's path relative to the search root ("" for the root)
   * @param names    which of {@link #FILES} the folder holds
   */
  IgnoreRules child(DirHandle folder, String relative, List<String> names) {
    List<Rule> parsed = new ArrayList<>();
    for (String name : FILES) {
      if (names.contains(name)) {
        for (String line : lines(folder, name)) {
          Rule rule = parse(line);
          if (rule != null) {
            parsed.add(rule);
          }
        }
      }
    }
    return parsed.isEmpty() ? this : new IgnoreRules(this, relative, parsed);
  }

  private static List<String> lines(DirHandle folder, String name) {
    try (FileHandle file = folder.openFile(name)) {
      byte[] bytes = file.readAll(file.stat().size(), MAX_FILE_BYTES);
      return new String(bytes, 0, Math.min(bytes.length, MAX_FILE_BYTES), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException unreadable) {
      return List.of();
    }
  }

  /**
   * @param relative the path relative to the search root, '/'-separated
   * @return true when the path is ignored
   */
  boolean ignored(String relative, boolean directory, Deadline deadline) {
    DeadlineChars chars = new DeadlineChars(deadline);
    for (IgnoreRules rules = this; rules != null; rules = rules.parent) {
      Boolean decision = rules.decide(relative, directory, chars);
      if (decision != null) {
        return decision;
      }
    }
    return false;
  }

  private Boolean decide(String relative, boolean directory, DeadlineChars chars) {
    if (!base.isEmpty() && !relative.startsWith(base + "/")) {
      return null;
    }
    String local = base.isEmpty() ? relative : relative.substring(base.length() + 1);
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule rule = rules.get(i);
      if ((!rule.directoryOnly || directory) && rule.pattern.matcher(chars.of(local)).matches()) {
        return !rule.negated;
      }
    }
    return null;
  }

  private static Rule parse(String line) {
    String text = line;
    if (text.isEmpty() || text.startsWith("#")) {
      return null;
    }
    while (text.endsWith(" ") && !text.endsWith("\\ ")) {
      text = text.substring(0, text.length() - 1);
    }
    boolean negated = text.startsWith("!");
    if (negated) {
      text = text.substring(1);
    } else if (text.startsWith("\\!") || text.startsWith("\\#")) {
      text = text.substring(1);
    }
    boolean directoryOnly = text.endsWith("/");
    if (directoryOnly) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.isEmpty()) {
      return null;
    }
    boolean anchored = text.contains("/");
    if (text.startsWith("/")) {
      text = text.substring(1);
    }
    String regex = GlobSyntax.toRegex(text);
    try {
      return new Rule(Pattern.compile(anchored ? regex : "(?:.*/)?" + regex), negated, directoryOnly);
    } catch (PatternSyntaxException invalid) {
      // git leaves out a pattern it cannot read, such as a range that runs backwards.
      return null;
    }
  }
}
