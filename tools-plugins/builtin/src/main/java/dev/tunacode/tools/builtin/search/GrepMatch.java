package dev.tunacode.tools.builtin.search;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One matching line with its context.
 *
 * @param file   the path relative to the search root
 * @param line   the line number, from 1
 * @param column the match's column, in characters, from 1
 * @param text   the line, without its end
 * @param length the match's length, in characters
 * @param before up to context_lines lines before it
 * @param after  up to context_lines lines after it
 */
record GrepMatch(String file, long line, int column, String text, int length, List<String> before, List<String> after) {

  JsonObject toJson() {
    return new JsonObject().put("file", file).put("line", line).put("column", column).put("text", text)
      .put("before", new JsonArray(new ArrayList<>(before))).put("after", new JsonArray(new ArrayList<>(after)));
  }
}
