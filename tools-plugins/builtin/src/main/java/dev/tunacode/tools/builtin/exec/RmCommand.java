package dev.tunacode.tools.builtin.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code rm} in a command line, read as GNU rm reads its arguments: options in any order and spelling
 * ({@code -rf}, {@code -fr}, {@code -r -f}, {@code -R}, {@code --recursive}, {@code --rec}), before or after
 * the files, up to {@code --}. Quotes and backslashes are dropped first, as the shell drops them, and
 * redirections are not files. It catches the spellings of a command a deny-list names; a command built
 * while it runs ({@code $(...)}, variables, {@code eval}) it cannot see.
 *
 * @param recursive an option asks for recursion
 * @param force     an option asks for force
 * @param absolute  a file is given by an absolute path
 */
record RmCommand(boolean recursive, boolean force, boolean absolute) {

  // "rm" as a command word: not inside another word (perform, rm-tool), but after a path (/bin/rm) or a separator.
  private static final Pattern RM = Pattern.compile("(?<![\\w.$-])rm(?=\\s)");
  private static final Pattern REDIRECTION = Pattern.compile("\\d*(>>?|<<?|>\\|)");
  private static final String SEPARATORS = ";&|()`\n";

  /** @return every rm the command line holds, in order */
  static List<RmCommand> in(String command) {
    String plain = command.toLowerCase(Locale.ROOT).replace("'", "").replace("\"", "").replace("\\", "");
    List<RmCommand> found = new ArrayList<>();
    Matcher rm = RM.matcher(plain);
    while (rm.find()) {
      int end = rm.end();
      while (end < plain.length() && SEPARATORS.indexOf(plain.charAt(end)) < 0) {
        end++;
      }
      found.add(parse(plain.substring(rm.end(), end).trim()));
    }
    return found;
  }

  private static RmCommand parse(String arguments) {
    boolean recursive = false;
    boolean force = false;
    boolean absolute = false;
    boolean options = true;
    boolean redirected = false;
    for (String word : arguments.split("\\s+")) {
      if (word.isEmpty() || redirected) {
        redirected = false;
        continue;
      }
      Matcher redirection = REDIRECTION.matcher(word);
      if (redirection.lookingAt()) {
        // "> file" names its file in the next word, ">file" in this one.
        redirected = redirection.end() == word.length();
      } else if (options && word.equals("--")) {
        options = false;
      } else if (options && word.startsWith("--")) {
        String name = word.substring(2).split("=", 2)[0];
        recursive |= !name.isEmpty() && "recursive".startsWith(name);
        force |= !name.isEmpty() && "force".startsWith(name);
      } else if (options && word.startsWith("-") && word.length() > 1) {
        recursive |= word.indexOf('r') > 0;
        force |= word.indexOf('f') > 0;
      } else {
        absolute |= word.startsWith("/");
      }
    }
    return new RmCommand(recursive, force, absolute);
  }
}
