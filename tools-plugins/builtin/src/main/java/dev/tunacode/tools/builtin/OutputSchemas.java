package dev.tunacode.tools.builtin;

import io.vertx.core.json.JsonObject;

/**
 * What each built-in tool's output holds besides its {@code text}, as {@code docs/tools.md} describes it.
 * No field is required and others may be added, so that a schema never refuses an output the tool gives
 * (a cancelled command adds {@code cancelled}); each copy is the caller's own.
 */
public final class OutputSchemas {

  private static final JsonObject READ_FILE = new JsonObject("""
    {"type":"object","properties":{
      "content":{"type":"string","description":"The lines shown, without numbers or notes."},
      "totalLines":{"type":"integer","description":"Lines in the file."},
      "truncated":{"type":"boolean","description":"Lines remain after the window."},
      "encoding":{"type":"string"}}}""");

  private static final JsonObject WRITE_FILE = new JsonObject("""
    {"type":"object","properties":{
      "path":{"type":"string","description":"The file, relative to the workspace."},
      "bytes":{"type":"integer","description":"Bytes written."}}}""");

  private static final JsonObject UPDATE_FILE = new JsonObject("""
    {"type":"object","properties":{
      "diff":{"type":"string","description":"The change as a unified diff."}}}""");

  private static final JsonObject LIST_DIR = new JsonObject("""
    {"type":"object","properties":{
      "entries":{"type":"array","items":{"type":"object","properties":{
        "name":{"type":"string"},
        "type":{"type":"string","enum":["directory","file","symlink","other"]},
        "size":{"type":"integer"}}}},
      "total":{"type":"integer","description":"Entries before the cut."},
      "truncated":{"type":"boolean"}}}""");

  private static final JsonObject GLOB = new JsonObject("""
    {"type":"object","properties":{
      "files":{"type":"array","items":{"type":"string"},"description":"Paths relative to the workspace, in order."},
      "truncated":{"type":"boolean"},
      "phases":{"type":"object","description":"Milliseconds spent walking and formatting."}}}""");

  private static final JsonObject GREP = new JsonObject("""
    {"type":"object","properties":{
      "matches":{"type":"array","items":{"type":"object","properties":{
        "file":{"type":"string"},
        "line":{"type":"integer","description":"From 1."},
        "column":{"type":"integer","description":"In characters, from 1."},
        "text":{"type":"string"},
        "before":{"type":"array","items":{"type":"string"}},
        "after":{"type":"array","items":{"type":"string"}}}}},
      "files":{"type":"array","items":{"type":"string"},"description":"Files with matches."},
      "counts":{"type":"array","items":{"type":"integer"},"description":"Matches per file, in count mode."},
      "filesSearched":{"type":"integer"},
      "candidates":{"type":"integer"},
      "truncated":{"type":"boolean"},
      "phases":{"type":"object","description":"Milliseconds spent walking, searching and formatting."}}}""");

  private static final JsonObject COMMAND = new JsonObject("""
    {"type":"object","properties":{
      "exitCode":{"type":"integer","description":"128 + the signal when killed."},
      "stdout":{"type":"string"},
      "stderr":{"type":"string"},
      "stdoutBytes":{"type":"integer"},
      "stderrBytes":{"type":"integer"},
      "timedOut":{"type":"boolean"},
      "truncated":{"type":"boolean"},
      "cancelled":{"type":"boolean"}}}""");

  private OutputSchemas() {
  }

  public static JsonObject readFile() {
    return READ_FILE.copy();
  }

  public static JsonObject writeFile() {
    return WRITE_FILE.copy();
  }

  public static JsonObject updateFile() {
    return UPDATE_FILE.copy();
  }

  public static JsonObject listDir() {
    return LIST_DIR.copy();
  }

  public static JsonObject glob() {
    return GLOB.copy();
  }

  public static JsonObject grep() {
    return GREP.copy();
  }

  /** @return the schema of {@code bash} and {@code run_command} */
  public static JsonObject command() {
    return COMMAND.copy();
  }
}
