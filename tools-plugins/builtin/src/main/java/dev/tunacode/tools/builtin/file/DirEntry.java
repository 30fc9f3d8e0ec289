package dev.tunacode.tools.builtin.file;

import io.vertx.core.json.JsonObject;

/**
 * One entry of a folder, as list_dir shows it.
 *
 * @param name the file name
 * @param type {@code directory}, {@code file}, {@code symlink} or {@code other}
 * @param executable true for a regular file that may be executed
 * @param size the size in bytes (of the link itself for a symlink)
 */
record DirEntry(String name, String type, boolean executable, long size) {

  boolean isDirectory() {
    return "directory".equals(type);
  }

  /** TunaCode's marks: {@code @} symlink (not followed), {@code /} folder, {@code *} executable, {@code ?} other. */
  String suffix() {
    return switch (type) {
      case "symlink" -> "@";
      case "directory" -> "/";
      case "other" -> "?";
      default -> executable ? "*" : "";
    };
  }

  JsonObject toJson() {
    return new JsonObject().put("name", name).put("type", type).put("size", size);
  }
}
