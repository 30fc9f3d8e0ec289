package dev.tunacode.core.cache;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/**
 * A stored output and what it was computed from.
 *
 * @param output  the output, a copy of its top level that nobody else holds
 * @param asOf    the generations' clock before it was computed
 * @param written each footprint path as the call wrote it
 * @param paths   every path whose change makes it untrue: each footprint path as written (symlinks not
 *                followed) and as resolved
 * @param stamps  for each resolved path that is a file, its stamp when stored; null for a folder
 * @param folders true when a path is a folder, whose result only a trusted watcher can keep true
 * @param direct  true when no path had a symlink on the way
 * @param weight  about the output's size in characters of JSON, for a call's output budget
 * @param bytes   about what it holds, its key's arguments with it: what the cache's bound weighs
 */
record CachedResult(String tool, JsonObject output, long asOf, List<String> written, List<Path> paths, List<FileStamp> stamps, boolean folders,
                    boolean direct, long weight, long bytes) {
}
